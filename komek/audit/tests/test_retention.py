"""Retention runs and changes of a retention period are audited; the audit log itself is
kept for its own period."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
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


def test_entries_past_their_period_are_removed_and_the_chain_still_verifies(capsys):
    record(actor=None, action=Action.LOGIN_FAILED, username="someone")
    outcome = retention.apply(now=ELEVEN_YEARS_ON, codes=["audit.entries"])[0]
    assert (outcome.error, outcome.skipped, outcome.counts) == ("", "", {"audit.entries": 1})
    pruned, run = AuditEntry.objects.order_by("pk")
    assert (pruned.object_type, run.object_type) == ("audit.AuditPrune", "")
    assert pruned.detail.startswith("1 audit entries up to #")
    assert run.detail.startswith("retention audit.entries (3652 days, before ")
    call_command("audit_verify")
    assert capsys.readouterr().out.startswith("OK: 2 entries after entries up to #")
