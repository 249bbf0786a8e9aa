"""Merging a duplicate record into the kept one: every registered app is asked to move
its references, people moves its own, and the stored report undoes it."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from komek.people import hooks
from komek.people.merging import person_merge, person_merge_undo
from komek.people.models import FamilyLink, Person, PersonName
from komek.people.search import search_people
from komek.people.services import (
    consent_record,
    document_add,
    family_link_add,
    person_assign,
    person_create,
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
