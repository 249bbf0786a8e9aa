"""Retention runs and changes of a retention period are audited; the audit log itself is
kept for its own period."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from komek.audit.models import Action, AuditEntry
from komek.audit.services import record
from komek.core import retention
from komek.core.models import RetentionPeriod

pytestmark = pytest.mark.django_db

ELEVEN_YEARS_ON = timezone.now() + timedelta(days=11 * 365)


def test_every_category_has_its_period_once_komek_is_migrated():
    assert set(RetentionPeriod.objects.values_list("category", flat=True)) >= {
        "audit.entries",
        "cases.closed",
        "hotline.contacts",
    }


def test_changing_a_period_is_audited_with_the_old_and_new_days():
    out = StringIO()
    call_command("retention", "hotline.contacts", "400", stdout=out)
    assert "hotline.contacts\t400\tanonymise" in out.getvalue()
    entry = AuditEntry.objects.get(object_type="core.RetentionPeriod")
    assert (entry.action, entry.changes) == (Action.CHANGE, {"days": [1095, 400]})


@pytest.mark.parametrize("days", ["0", "-5"])
def test_a_period_of_no_days_is_refused(days):
    with pytest.raises(retention.RetentionError, match="above 0"):
        retention.period_set(code="hotline.contacts", days=int(days))
    assert RetentionPeriod.objects.get(category="hotline.contacts").days == 1095


def test_an_unknown_category_is_refused_naming_the_known_ones():
    with pytest.raises(retention.RetentionError, match=r"audit\.entries, cases\.closed"):
        retention.plan(codes=["contacts"])


def test_a_run_is_audited_with_what_it_did():
    retention.apply(codes=["hotline.contacts"])
    entry = AuditEntry.objects.get(actor_username="apply_retention")
    assert entry.detail.startswith("retention hotline.contacts (1095 days, before ")
    assert entry.detail.endswith("anonymise hotline.contacts: 0")


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the table refuses deletes there")
def test_entries_past_their_period_are_removed():
    record(actor=None, action=Action.LOGIN_FAILED, username="someone")
    outcome = retention.apply(now=ELEVEN_YEARS_ON, codes=["audit.entries"])[0]
    assert (outcome.error, outcome.counts) == ("", {"audit.entries": 1})
    assert list(AuditEntry.objects.values_list("actor_username", flat=True)) == ["apply_retention"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_on_postgresql_the_entries_stay_and_the_run_says_the_database_refused():
    record(actor=None, action=Action.LOGIN_FAILED, username="someone")
    outcome = retention.apply(now=ELEVEN_YEARS_ON, codes=["audit.entries"])[0]
    assert outcome.error
    assert AuditEntry.objects.filter(actor_username="someone").exists()
