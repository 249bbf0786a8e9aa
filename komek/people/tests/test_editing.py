"""Two staff members editing one record: the later save is refused, not lost silently."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from komek.core.roles import Role
from komek.people import services
from komek.people.models import Person, Vulnerability


@pytest.fixture
def person(office):
    return services.person_create(
        created_by=None, office=office, surname="Хусанов", given_name="Шерзод", born_year=1990
    )


def edit_form(person: Person, version: int, **changes) -> dict:
    data = {
        "surname": person.surname,
        "given_name": person.given_name,
        "born": person.born,
        "registration_status": person.registration_status,
        "version": version,
    }
    data.update(changes)
    return data


def test_an_edit_made_on_an_older_version_is_refused_and_changes_nothing(person, make_staff):
    first, second = make_staff(Role.HOTLINE_OPERATOR), make_staff(Role.HOTLINE_OPERATOR)
    opened = person.version
    services.person_edit(
        person=person,
        edited_by=first,
        version=opened,
        phones=[],
        vulnerabilities=[],
        surname="Хусанов-Каримов",
    )
    with pytest.raises(services.StaleEdit) as stale:
        services.person_edit(
            person=person,
            edited_by=second,
            version=opened,
            phones=["+7 701 234 56 78"],
            vulnerabilities=[],
            address="ул. Абая, 10",
        )
    assert stale.value.changed == ["surname"]
    person.refresh_from_db()
    assert (person.surname, person.address, person.version) == ("Хусанов-Каримов", "", opened + 1)
    assert not person.phones.exists()


def test_the_second_of_two_concurrent_edits_sees_what_changed_and_saves_on_the_new_version(
    person, make_staff, client_for
):
    first = client_for(make_staff(Role.HOTLINE_OPERATOR))
    second = client_for(make_staff(Role.HOTLINE_OPERATOR))
    url = reverse("people:edit", args=[person.pk])
    for client in (first, second):
        assert f'name="version" value="{person.version}"' in client.get(url).content.decode()
    opened = person.version

    assert first.post(url, edit_form(person, opened, surname="Каримов")).status_code == 302
    response = second.post(url, edit_form(person, opened, address="ул. Абая, 10"))

    html = response.content.decode()
    assert response.status_code == 200
    assert gettext("Saved meanwhile by someone else") in html
    assert "Каримов" in html
    person.refresh_from_db()
    assert (person.surname, person.address) == ("Каримов", "")
    version = int(re.search(r'name="version" value="(\d+)"', html).group(1))
    assert version == person.version
    retried = second.post(url, edit_form(person, version, address="ул. Абая, 10"))
    assert retried.status_code == 302
    person.refresh_from_db()
    assert (person.surname, person.address) == ("Каримов", "ул. Абая, 10")


def test_the_conflict_does_not_show_a_sensitive_vulnerability_the_editor_may_not_see(
    person, make_staff, client_for
):
    coordinator = make_staff(Role.COORDINATOR)
    services.person_edit(
        person=person,
        edited_by=coordinator,
        version=person.version,
        phones=[],
        vulnerabilities=[Vulnerability.GBV_SURVIVOR],
    )
    operator = client_for(make_staff(Role.HOTLINE_OPERATOR))
    response = operator.post(
        reverse("people:edit", args=[person.pk]), edit_form(person, 1, address="ул. Абая, 10")
    )
    html = response.content.decode()
    assert gettext("Saved meanwhile by someone else") in html
    assert str(Vulnerability.GBV_SURVIVOR.label) not in html
