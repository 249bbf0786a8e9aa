"""The one "possibly the same person" check, before a record is created."""

import pytest
from django.urls import reverse

from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.people import services
from komek.people.models import Person
from komek.people.similar import similar_people


@pytest.fixture
def operator(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR)


@pytest.fixture
def sherzod(office):
    return services.person_create(
        created_by=None,
        office=office,
        surname="Хусанов",
        given_name="Шерзод",
        latin_surname="Khusanov",
        latin_given_name="Sherzod",
        born_year=1991,
        phones=["+998 90 123 45 67"],
    )


@pytest.mark.parametrize(
    "name",
    [
        {"surname": "Хусанов", "given_name": "Шерзод"},
        {"surname": "Шерзод", "given_name": "Хусанов"},
        {"surname": "Khusanov", "given_name": "Sherzod", "born_year": 1991},
        {"surname": "Хусанов", "given_name": "Шерзод", "born_year": 1991},
    ],
)
def test_the_same_name_in_any_order_or_script_is_similar(operator, sherzod, name):
    assert similar_people(user=operator, **name) == [sherzod]


def test_the_same_name_born_another_year_is_not(operator, sherzod):
    assert (
        similar_people(user=operator, surname="Хусанов", given_name="Шерзод", born_year=1980) == []
    )


def test_the_same_phone_is_similar_whatever_the_name(operator, sherzod):
    found = similar_people(
        user=operator, surname="Тошев", given_name="Бахром", phones=["+998901234567"]
    )
    assert found == [sherzod]


def test_more_namesakes_than_a_warning_lists_come_nearest_first(operator, office):
    """Seven namesakes born in 1991: the one sharing the phone first, then the one born
    the same day, then those known to the year only, then those born another day."""

    def namesake(ref, month=None, day=None, phone=None):
        return services.person_create(
            created_by=None,
            office=office,
            ref=ref,
            surname="Хусанов",
            given_name="Шерзод",
            born_year=1991,
            born_month=month,
            born_day=day,
            phones=[phone] if phone else [],
        )

    for ref, month, day in (("A", 1, 2), ("B", 2, 3), ("C", 3, 4)):
        namesake(ref, month, day)
    year_only = [namesake("D"), namesake("E")]
    same_day = namesake("F", 7, 5)
    phoned = namesake("G", 8, 9, "+998 90 555 44 33")

    found = similar_people(
        user=operator,
        surname="Xusanov",
        given_name="Sherzod",
        born_year=1991,
        born_month=7,
        born_day=5,
        phones=["+998905554433"],
    )

    assert [person.ref for person in found] == ["G", "F", "D", "E", "A"]
    assert found[:4] == [phoned, same_day, *year_only]


def test_a_person_of_another_office_is_not_shown(make_staff, other_office, sherzod):
    outsider = make_staff(Role.HOTLINE_OPERATOR, office=other_office)
    assert similar_people(user=outsider, surname="Хусанов", given_name="Шерзод") == []


def test_finding_someone_is_audited(operator, sherzod):
    similar_people(user=operator, surname="Хусанов", given_name="Шерзод")
    assert AuditEntry.objects.filter(actor=operator, action=Action.VIEW).exists()


def test_the_person_form_warns_and_registers_once_confirmed(client_for, operator, sherzod):
    client = client_for(operator)
    data = {"surname": "Хусанов", "given_name": "Шерзод", "registration_status": "unknown"}
    response = client.post(reverse("people:create"), data)
    assert response.status_code == 200
    assert 'id="similar-people"' in response.content.decode()
    assert reverse("people:detail", args=[sherzod.pk]) in response.content.decode()
    assert Person.objects.count() == 1
    response = client.post(reverse("people:create"), {**data, "different_person": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 2
