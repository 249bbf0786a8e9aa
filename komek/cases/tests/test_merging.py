"""Merging two records of one person moves the duplicate's contacts and cases to the
kept record, reports them, and can be undone."""

import uuid
from datetime import datetime, timedelta

from django.utils import timezone

from komek.audit.models import AuditEntry
from komek.cases.models import Case
from komek.hotline.models import Contact, TalliedDay
from komek.hotline.services import contact_log
from komek.hotline.tallies import ensure
from komek.people.merging import person_merge, person_merge_undo
from komek.people.services import person_create


def _duplicate(office):
    return person_create(
        created_by=None, office=office, surname="Хусанов", given_name="Шерзоод", citizenship="UZ"
    )


def _contact(operator, person):
    return contact_log(
        operator=operator,
        submission_key=uuid.uuid4(),
        person=person,
        channel="call",
        outcome="answered",
    )


def test_a_merge_moves_the_duplicates_contact_and_case_and_reports_them(
    office, make_staff, case, lawyer
):
    duplicate = case.client
    kept = _duplicate(office)
    contact = _contact(make_staff(), duplicate)
    merge = person_merge(source=duplicate, target=kept, merged_by=lawyer)
    assert Contact.objects.get(pk=contact.pk).person == kept
    assert Case.objects.get(pk=case.pk).client == kept
    assert {"model": "hotline.Contact", "field": "person", "ids": [contact.pk]} in merge.report[
        "hotline"
    ]
    assert {"model": "cases.Case", "field": "client", "ids": [case.pk]} in merge.report["cases"]
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    assert AuditEntry.objects.filter(detail=f"person_merge {merge.pk}").exists()


def test_an_undone_merge_gives_the_contact_and_case_back(office, make_staff, case, lawyer):
    duplicate = case.client
    kept = _duplicate(office)
    contact = _contact(make_staff(), duplicate)
    merge = person_merge(source=duplicate, target=kept, merged_by=lawyer)
    person_merge_undo(merge=merge, undone_by=lawyer)
    assert Contact.objects.get(pk=contact.pk).person == duplicate
    assert Case.objects.get(pk=case.pk).client == duplicate


def test_a_case_involving_both_records_keeps_the_kept_one_once(office, case, lawyer):
    kept = _duplicate(office)
    case.people.add(case.client, kept)
    person_merge(source=case.client, target=kept, merged_by=lawyer)
    assert list(case.people.filter(pk=kept.pk)) == [kept]


def test_a_merge_forgets_the_days_the_moved_contacts_were_counted_on(office, make_staff, lawyer):
    duplicate, kept = _duplicate(office), _duplicate(office)
    contact = _contact(make_staff(), duplicate)
    last_week = timezone.localdate() - timedelta(days=7)
    contact.at = datetime.combine(last_week, timezone.localtime(contact.at).timetz())
    contact.save(update_fields=["at"])
    ensure(last_week, last_week)
    person_merge(source=duplicate, target=kept, merged_by=lawyer)
    assert not TalliedDay.objects.filter(day=last_week).exists()
