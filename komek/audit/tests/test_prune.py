"""Removing entries past their retention period: only the start of the chain goes, behind
a prune record that ``komek audit_verify`` starts from, so that any other removal or
change is still found."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from komek.audit import chain, prune
from komek.audit.models import Action, AuditEntry, AuditPrune
from komek.audit.tests.test_chain import tamper
from komek.core import retention

pytestmark = pytest.mark.django_db

ELEVEN_YEARS_AGO = timezone.now() - timedelta(days=11 * 365)


def entry(username: str, *, at=None) -> AuditEntry:
    written = AuditEntry(action=Action.LOGIN, actor_username=username, at=at or timezone.now())
    chain.append(written)
    return written


def verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


@pytest.fixture
def pruned():
    """Three old entries, then a recent one, an old one written after it, and the run that
    removed the first three."""
    old = [entry(f"old{number}", at=ELEVEN_YEARS_AGO) for number in range(3)]
    kept = [entry("recent"), entry("late", at=ELEVEN_YEARS_AGO)]
    outcome = retention.apply(codes=["audit.entries"])[0]
    assert (outcome.error, outcome.skipped) == ("", "")
    return old, kept


def test_only_the_old_entries_at_the_start_of_the_chain_are_removed(pruned):
    old = pruned[0]
    left = AuditEntry.objects.values_list("actor_username", flat=True)
    assert set(left) == {"recent", "late", "apply_retention"}
    record = AuditPrune.objects.get()
    assert (record.through_id, record.through_hash, record.count) == (old[-1].pk, old[-1].hash, 3)
    assert record.command == "apply_retention"


def test_a_dry_run_lists_only_the_start_of_the_chain():
    old = [entry(f"old{number}", at=ELEVEN_YEARS_AGO) for number in range(2)]
    entry("recent")
    entry("late", at=ELEVEN_YEARS_AGO)
    (outcome,) = retention.plan(codes=["audit.entries"])
    assert [pk for pk, _ in outcome.due] == [written.pk for written in old]


def test_the_removal_is_audited_and_the_chain_verifies_from_the_prune(pruned):
    old = pruned[0]
    said = AuditEntry.objects.get(object_type="audit.AuditPrune")
    assert (said.action, said.object_id) == (Action.DELETE, str(AuditPrune.objects.get().pk))
    assert said.detail.startswith(f"3 audit entries up to #{old[-1].pk} removed")
    assert verify().startswith(f"OK: 4 entries after entries up to #{old[-1].pk} were removed")


def test_an_entry_removed_after_a_prune_is_found(pruned):
    old, kept = pruned
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [kept[0].pk])
    with pytest.raises(CommandError, match=rf"between #{old[-1].pk} and #{kept[1].pk}"):
        verify()


def test_a_removed_prune_record_is_found(pruned):
    tamper("DELETE FROM audit_auditprune", table="audit_auditprune")
    with pytest.raises(CommandError, match=f"entries before #{pruned[1][0].pk}"):
        verify()


def test_a_changed_prune_record_is_found():
    entry("old", at=ELEVEN_YEARS_AGO)
    retention.apply(codes=["audit.entries"])
    record = AuditPrune.objects.get()
    tamper(
        "UPDATE audit_auditprune SET count = 1000 WHERE id = %s",
        [record.pk],
        table="audit_auditprune",
    )
    with pytest.raises(CommandError, match=f"prune record #{record.pk} was changed"):
        verify()


def test_a_prune_record_of_entries_still_there_is_found():
    first = entry("old", at=ELEVEN_YEARS_AGO)
    entry("recent")
    forged = AuditPrune(through_id=first.pk, through_hash=first.hash, count=1, command="forged")
    forged.hash = chain.prune_hash(forged)
    forged.save()
    with pytest.raises(CommandError, match=f"entry #{first.pk} is still there"):
        verify()


def test_prunes_chain_and_the_log_may_be_emptied_entirely(capsys):
    entry("old", at=ELEVEN_YEARS_AGO)
    retention.apply(codes=["audit.entries"])
    # Eleven years on, everything written so far is past its period, the last entry too.
    retention.apply(now=timezone.now() + timedelta(days=11 * 365), codes=["audit.entries"])
    first, second = AuditPrune.objects.order_by("pk")
    assert second.prev_hash == first.hash
    assert second.through_id == AuditEntry.objects.order_by("pk").first().pk - 1
    assert verify().startswith(f"OK: 2 entries after entries up to #{second.through_id}")


def test_nothing_past_its_period_records_no_prune():
    entry("recent")
    assert prune.prune(AuditEntry.objects.filter(at__lt=ELEVEN_YEARS_AGO), command="test") == 0
    assert not AuditPrune.objects.exists()


def test_a_prune_record_cannot_be_changed_or_deleted_through_the_model(pruned):
    record = AuditPrune.objects.get()
    with pytest.raises(PermissionDenied):
        record.save()
    with pytest.raises(PermissionDenied):
        record.delete()
