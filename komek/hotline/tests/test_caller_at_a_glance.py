"""The caller at a glance: the history found by a number typed in part or by the name,
with the caller's open cases; registering from the hotline; what a contact must hold."""

import re
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.hotline import services
from komek.hotline.models import Contact
from komek.people import services as people_services
from komek.people.models import Consent, Person


@pytest.fixture
def operator(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR, username="aigerim")


@pytest.fixture
def sherzod(office):
    return people_services.person_create(
        created_by=None,
        office=office,
        surname="Хусанов",
        given_name="Шерзод",
        born_year=1991,
        citizenship="UZ",
        phones=["+998 90 123 45 67"],
    )


def lookup(client, **typed) -> str:
    return client.get(reverse("hotline:lookup"), typed).content.decode()


@pytest.mark.parametrize("typed", ["901234567", "+998 90 123", "998901234", "90 123 45 67"])
def test_a_number_typed_in_part_or_without_its_code_finds_the_caller(
    client_for, operator, sherzod, typed
):
    services.contact_log(
        operator=operator,
        submission_key=uuid.uuid4(),
        person=sherzod,
        channel="call",
        outcome="answered",
        question="Потерял паспорт",
    )
    html = lookup(client_for(operator), caller_phone=typed)
    assert "Хусанов Шерзод" in html
    assert f'data-pick-person="{sherzod.pk}"' in html
    # Picking them puts their whole number in the form.
    assert 'data-person-phone="+998901234567"' in html
    assert "Потерял паспорт" in html


def test_a_kazakh_number_begun_with_8_finds_the_caller(client_for, operator, office):
    people_services.person_create(
        created_by=None, office=office, given_name="Айгуль", phones=["+7 701 555 66 77"]
    )
    assert "Айгуль" in lookup(client_for(operator), caller_phone="8 701 555")


def test_a_number_begun_finds_no_one_of_another_office(
    client_for, make_staff, other_office, sherzod
):
    outsider = make_staff(Role.HOTLINE_OPERATOR, office=other_office)
    assert "Хусанов" not in lookup(client_for(outsider), caller_phone="+998 90 123")


def test_a_lookup_by_a_number_begun_is_audited_once_with_what_was_typed(
    client_for, operator, sherzod
):
    lookup(client_for(operator), caller_phone="+998 90 123")
    entry = AuditEntry.objects.get(action=Action.VIEW, actor=operator)
    assert entry.detail == "caller lookup +998 90 123"


def test_the_number_and_the_name_look_the_caller_up_once_per_value_typed(client_for, operator):
    html = client_for(operator).get(reverse("hotline:log")).content.decode()
    for field in ("caller_phone", "caller_name"):
        tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', html).group(0)
        assert 'hx-trigger="input changed delay:400ms"' in tag


def test_the_caller_s_name_finds_them_when_the_number_does_not(client_for, operator, sherzod):
    html = lookup(
        client_for(operator), caller_phone="+7 705 000 11 22", caller_name="Хусанов Шерзод"
    )
    assert f'data-pick-person="{sherzod.pk}"' in html


def test_the_name_finds_no_one_of_another_office(client_for, make_staff, other_office, sherzod):
    outsider = make_staff(Role.HOTLINE_OPERATOR, office=other_office)
    html = lookup(client_for(outsider), caller_name="Хусанов Шерзод")
    assert "data-pick-person" not in html


def form(**fields) -> dict:
    return {
        "channel": "call",
        "direction": "in",
        "language": "ru",
        "outcome": "answered",
        "submission_key": str(uuid.uuid4()),
        **fields,
    }


def test_a_contact_with_nothing_in_it_is_refused_with_an_error_summary(client_for, operator):
    response = client_for(operator).post(reverse("hotline:log"), form())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert "Обращение пустое" in html
    assert not Contact.objects.exists()


def test_registering_from_the_hotline_takes_the_name_typed_once_sex_citizenship_and_consent(
    client_for, operator
):
    response = client_for(operator).post(
        reverse("hotline:log"),
        form(
            caller_phone="+998 93 555 44 33",
            caller_name="Тошев Бахром Ахмадович",
            question="Не платят",
            register="on",
            new_latin_surname="Toshev",
            new_latin_given_name="Bakhrom",
            new_sex="M",
            new_citizenship="UZ",
            new_born="1990",
            new_consent="on",
        ),
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.surname, person.given_name, person.patronymic) == (
        "Тошев",
        "Бахром",
        "Ахмадович",
    )
    assert (person.latin_surname, person.latin_given_name) == ("Toshev", "Bakhrom")
    assert (person.sex, person.citizenship, person.born_year) == ("M", "UZ", 1990)
    consent = Consent.objects.get(person=person)
    assert (consent.scope, consent.method, consent.recorded_by) == ("processing", "oral", operator)
    assert Contact.objects.get().person == person


def test_the_caller_s_name_is_taken_from_the_new_record_when_left_empty(client_for, operator):
    client_for(operator).post(
        reverse("hotline:log"),
        form(register="on", new_surname="Тошев", new_given_name="Бахром"),
    )
    assert Contact.objects.get().caller_name == "Тошев Бахром"


def test_registering_someone_possibly_registered_asks_first(client_for, operator, sherzod):
    client = client_for(operator)
    data = form(caller_name="Хусанов Шерзод", register="on", new_born="1991")
    response = client.post(reverse("hotline:log"), data)
    assert response.status_code == 200
    assert 'id="similar-people"' in response.content.decode()
    assert not Contact.objects.exists()
    assert (
        client.post(reverse("hotline:log"), {**data, "different_person": "on"}).status_code == 302
    )
    assert Person.objects.count() == 2


@pytest.mark.parametrize("born", ["2999", "1899", "31.02.1990"])
def test_the_hotline_refuses_a_date_of_birth_no_one_has(client_for, operator, born):
    response = client_for(operator).post(
        reverse("hotline:log"), form(caller_name="Тошев Бахром", register="on", new_born=born)
    )
    assert response.status_code == 200
    assert 'href="#id_new_born"' in response.content.decode()
    assert not Person.objects.exists()


def served_form(client) -> dict:
    html = client.get(reverse("hotline:log")).content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]+)"', html).group(1)
        for name in ("submission_key", "started_at")
    }


def test_the_duration_counts_from_the_first_key_typed(client_for, operator):
    client = client_for(operator)
    served = timezone.now()
    with time_machine.travel(served, tick=False):
        fields = served_form(client)
    with time_machine.travel(served + timedelta(minutes=7), tick=False):
        client.post(reverse("hotline:log"), form(question="?", first_key_ms=60_000, **fields))
    assert Contact.objects.get().duration_seconds == 6 * 60


def test_a_first_key_after_the_save_counts_no_duration(client_for, operator):
    client = client_for(operator)
    served = timezone.now()
    with time_machine.travel(served, tick=False):
        fields = served_form(client)
    with time_machine.travel(served + timedelta(minutes=7), tick=False):
        client.post(reverse("hotline:log"), form(question="?", first_key_ms=3_600_000, **fields))
    assert Contact.objects.get().duration_seconds is None


def test_a_resubmitted_registration_returns_its_contact_without_a_warning(client_for, operator):
    client = client_for(operator)
    data = form(caller_name="Тошев Бахром", register="on")
    assert client.post(reverse("hotline:log"), data).status_code == 302
    assert client.post(reverse("hotline:log"), data).status_code == 302
    assert Person.objects.count() == 1
