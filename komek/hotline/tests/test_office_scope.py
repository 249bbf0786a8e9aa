"""The hotline's side doors keep to the user's offices: the caller lookup, the contacts
panel on a person's page, and every person chosen by record number in a form."""

import uuid

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from komek.core.roles import Role
from komek.hotline import services
from komek.hotline.models import Contact
from komek.people import services as people_services
from komek.people.models import Person

UNKNOWN_RECORD = "There is no record with this number that you may open."
SECRET = "Работодатель бьёт, прячусь у сестры на Абая 10"


@pytest.fixture
def operator(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR, username="aigerim")


@pytest.fixture
def elsewhere_operator(make_staff, other_office):
    return make_staff(Role.HOTLINE_OPERATOR, username="dana", office=other_office)


@pytest.fixture
def hidden(other_office, elsewhere_operator):
    """A caller of the other office, and what they confided to it."""
    person = people_services.person_create(
        created_by=None,
        office=other_office,
        surname="Каримова",
        given_name="Нилуфар",
        phones=["+7 701 234 56 78"],
    )
    services.contact_log(
        operator=elsewhere_operator,
        submission_key=uuid.uuid4(),
        person=person,
        caller_phone="+77012345678",
        channel="call",
        outcome="answered",
        question=SECRET,
    )
    return person


def lookup(client, number="+77012345678") -> str:
    return client.get(reverse("hotline:lookup"), {"caller_phone": number}).content.decode()


def test_the_lookup_shows_an_operator_nothing_of_another_office_s_callers(
    client_for, operator, hidden
):
    html = lookup(client_for(operator))
    assert SECRET not in html
    assert "Каримова" not in html
    assert gettext("First contact from this number.") in html


def test_the_lookup_shows_the_caller_to_an_operator_of_their_office(
    client_for, elsewhere_operator, hidden
):
    html = lookup(client_for(elsewhere_operator))
    assert SECRET in html
    assert "Каримова" in html


def test_the_lookup_shows_every_office_to_a_national_coordinator(client_for, make_staff, hidden):
    html = lookup(client_for(make_staff(Role.COORDINATOR, national_scope=True)))
    assert SECRET in html
    assert "Каримова" in html


def test_the_lookup_keeps_an_anonymous_call_to_another_office_to_that_office(
    client_for, operator, elsewhere_operator
):
    services.contact_log(
        operator=elsewhere_operator,
        submission_key=uuid.uuid4(),
        caller_phone="+77051112233",
        channel="call",
        outcome="answered",
        question=SECRET,
    )
    assert SECRET not in lookup(client_for(operator), "+77051112233")
    assert SECRET in lookup(client_for(elsewhere_operator), "+77051112233")


def test_the_contacts_panel_shows_only_the_contacts_of_the_user_s_office(
    client_for, operator, elsewhere_operator, office
):
    person = people_services.person_create(created_by=None, office=office, given_name="Шерзод")
    for who, question in ((operator, "Потерял паспорт"), (elsewhere_operator, SECRET)):
        services.contact_log(
            operator=who,
            submission_key=uuid.uuid4(),
            person=person,
            channel="call",
            outcome="answered",
            question=question,
        )
    html = client_for(operator).get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Потерял паспорт" in html
    assert SECRET not in html


def test_a_contact_cannot_be_linked_to_a_person_of_another_office(client_for, operator, hidden):
    contact = services.contact_log(
        operator=operator, submission_key=uuid.uuid4(), channel="call", outcome="answered"
    )
    response = client_for(operator).post(
        reverse("hotline:link_person", args=[contact.pk]), {"person": hidden.pk}
    )
    assert response.status_code == 200
    assert gettext(UNKNOWN_RECORD) in response.content.decode()
    contact.refresh_from_db()
    assert contact.person is None


def test_the_people_offered_for_a_link_are_only_those_the_operator_may_open(
    client_for, operator, hidden
):
    contact = services.contact_log(
        operator=operator, submission_key=uuid.uuid4(), channel="call", outcome="answered"
    )
    html = (
        client_for(operator)
        .get(reverse("hotline:link_person", args=[contact.pk]), {"q": "Каримова"})
        .content.decode()
    )
    assert f'value="{hidden.pk}"' not in html


def test_a_contact_logged_for_a_person_of_another_office_is_refused_and_nothing_written(
    client_for, operator, hidden
):
    contacts_before = Contact.objects.count()
    response = client_for(operator).post(
        reverse("hotline:log"),
        {
            "caller_phone": "+77012345678",
            "channel": "call",
            "direction": "in",
            "language": "ru",
            "outcome": "answered",
            "person": hidden.pk,
            "submission_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 200
    assert gettext(UNKNOWN_RECORD) in response.content.decode()
    assert Contact.objects.count() == contacts_before
    assert Person.objects.count() == 1
