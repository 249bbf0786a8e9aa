"""Merging a duplicate record into the kept one: every registered app is asked to move
its references, people moves its own, and the stored report undoes it."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from komek.core.roles import Role
from komek.people import hooks, names
from komek.people.merging import person_merge, person_merge_undo, snapshot
from komek.people.models import FamilyLink, Person, PersonName
from komek.people.search import search_people
from komek.people.services import (
    consent_record,
    document_add,
    family_link_add,
    person_assign,
    person_create,
    person_touch_contact,
)


@pytest.fixture
def duplicate(office):
    return person_create(
        created_by=None,
        office=office,
        surname="Каримов",
        given_name="Рустам",
        phones=["+998901234567", "+77012345678"],
    )


@pytest.fixture
def kept(office):
    return person_create(
        created_by=None,
        office=office,
        surname="Каримов",
        given_name="Рустам",
        born_year=1990,
        phones=["+77012345678"],
    )


def test_an_app_that_registers_a_merge_handler_is_asked(duplicate, kept, make_staff, monkeypatch):
    asked = []

    def handler(*, source, target, merged_by):
        asked.append((source, target, merged_by))
        return [hooks.Moved(model="people.Person", field="merged_into", ids=[])]

    monkeypatch.setattr(hooks, "_merge_handlers", {**hooks._merge_handlers, "other": handler})
    staff = make_staff()
    merge = person_merge(source=duplicate, target=kept, merged_by=staff)
    assert asked == [(duplicate, kept, staff)]
    assert merge.report["other"] == [{"model": "people.Person", "field": "merged_into", "ids": []}]


def test_a_merge_moves_documents_consents_relatives_assignments_and_new_phones(
    office, duplicate, kept, make_staff
):
    staff = make_staff()
    document = document_add(person=duplicate, added_by=None, kind="passport", number="FA1234567")
    with time_machine.travel(date(2026, 1, 1), tick=False):
        consent = consent_record(
            person=duplicate,
            recorded_by=staff,
            scope="processing",
            given_on=date(2026, 1, 1),
            method="signed",
        )
    child = person_create(created_by=None, office=office, given_name="Алишер")
    family_link_add(person=duplicate, relative=child, kind="child", added_by=None)
    person_assign(person=duplicate, staff=staff, assigned_by=None)
    person_merge(source=duplicate, target=kept, merged_by=staff)
    assert set(kept.phones.values_list("number", flat=True)) == {"+998901234567", "+77012345678"}
    assert list(duplicate.phones.values_list("number", flat=True)) == ["+77012345678"]
    assert list(kept.documents.all()) == [document]
    assert list(kept.consents.all()) == [consent]
    assert FamilyLink.objects.get(relative=child).person == kept
    assert list(kept.assigned_to.all()) == [staff]


def test_a_merged_record_is_no_longer_found(duplicate, kept, make_staff):
    person_merge(source=duplicate, target=kept, merged_by=make_staff())
    assert not PersonName.objects.filter(person=duplicate).exists()
    assert [match.person for match in search_people("+77012345678")] == [kept]


def test_an_undone_merge_gives_everything_back_and_indexes_the_record_again(
    duplicate, kept, make_staff
):
    staff = make_staff()
    merge = person_merge(source=duplicate, target=kept, merged_by=staff)
    person_merge_undo(merge=merge, undone_by=staff)
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert set(duplicate.phones.values_list("number", flat=True)) == {
        "+998901234567",
        "+77012345678",
    }
    assert list(kept.phones.values_list("number", flat=True)) == ["+77012345678"]
    assert PersonName.objects.filter(person=duplicate).exists()
    with pytest.raises(ValidationError):
        person_merge_undo(merge=merge, undone_by=staff)


def test_a_person_cannot_be_merged_into_themselves_or_twice(office, duplicate, kept, make_staff):
    with pytest.raises(ValidationError):
        person_merge(source=kept, target=kept, merged_by=None)
    person_merge(source=duplicate, target=kept, merged_by=None)
    third = person_create(created_by=None, office=office, given_name="Рустам")
    with pytest.raises(ValidationError):
        person_merge(source=duplicate, target=third, merged_by=None)
    assert Person.objects.get(pk=duplicate.pk).merged_into == kept


def test_the_kept_person_is_found_by_the_duplicates_spelling_until_the_merge_is_undone(
    office, make_staff
):
    cyrillic = person_create(
        created_by=None, office=office, surname="Хусанов", given_name="Шерзод", born_year=1990
    )
    latin = person_create(
        created_by=None, office=office, surname="Husainov", given_name="Sherzodbek"
    )
    staff = make_staff()
    merge = person_merge(source=latin, target=cyrillic, merged_by=staff, reason="один паспорт")
    assert [match.person for match in search_people("Husainov Sherzodbek")] == [cyrillic]
    spelling = names.name_key("Husainov", "Sherzodbek")
    assert PersonName.objects.filter(person=cyrillic, key=spelling).exists()
    person_merge_undo(merge=merge, undone_by=staff)
    assert not PersonName.objects.filter(person=cyrillic, key=spelling).exists()
    assert PersonName.objects.filter(person=latin, key=spelling).exists()


def test_merge_then_undo_gives_back_both_records_as_they_were(office, duplicate, kept, make_staff):
    staff = make_staff()
    document_add(person=duplicate, added_by=None, kind="passport", number="FA1234567")
    person_assign(person=duplicate, staff=staff, assigned_by=None)
    person_touch_contact(person=duplicate, at=timezone.now())
    person_touch_contact(person=kept, at=timezone.now() - timedelta(days=30))

    def state() -> list:
        people = [Person.objects.get(pk=duplicate.pk), Person.objects.get(pk=kept.pk)]
        links = [
            (
                sorted(person.phones.values_list("pk", "number")),
                sorted(person.documents.values_list("pk", "number")),
                sorted(PersonName.objects.filter(person=person).values_list("key", "born_year")),
            )
            for person in people
        ]
        return [snapshot(*people), links]

    before = state()
    merge = person_merge(source=duplicate, target=kept, merged_by=staff, reason="тот же паспорт")
    assert state() != before
    assert merge.reason == "тот же паспорт"
    assert merge.snapshot == dict(zip(("source", "target"), before[0], strict=True))
    person_merge_undo(merge=merge, undone_by=staff)
    assert state() == before


@pytest.fixture
def almaty_namesake(other_office):
    return person_create(
        created_by=None, office=other_office, surname="Каримов", given_name="Рустам"
    )


def test_records_of_two_offices_are_merged_by_a_coordinator(kept, almaty_namesake, make_staff):
    operator = make_staff(Role.HOTLINE_OPERATOR, national_scope=True)
    with pytest.raises(PermissionDenied):
        person_merge(source=almaty_namesake, target=kept, merged_by=operator)
    assert Person.objects.get(pk=almaty_namesake.pk).merged_into is None
    coordinator = make_staff(Role.COORDINATOR, national_scope=True)
    person_merge(source=almaty_namesake, target=kept, merged_by=coordinator)
    assert Person.objects.get(pk=almaty_namesake.pk).merged_into == kept


def test_a_record_with_sensitive_data_is_merged_by_a_coordinator(duplicate, kept, make_staff):
    kept.vulnerabilities = ["trafficking"]
    kept.save()
    with pytest.raises(PermissionDenied):
        person_merge(source=duplicate, target=kept, merged_by=make_staff(Role.SOCIAL_WORKER))
    person_merge(source=duplicate, target=kept, merged_by=make_staff(Role.COORDINATOR))
