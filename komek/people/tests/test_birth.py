"""A date of birth that cannot be anyone's is refused wherever it is entered: the person
form, the hotline's registration and the import apply the same rule."""

from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from komek.core.roles import Role
from komek.people.models import Person

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False), translation.override("en"):
        yield


@pytest.fixture
def client(make_staff, client_for):
    return client_for(make_staff(Role.HOTLINE_OPERATOR))


def register(client, born: str):
    return client.post(
        reverse("people:create"),
        {
            "surname": "Каримов",
            "given_name": "Рустам",
            "born": born,
            "registration_status": "unknown",
        },
    )


@pytest.mark.parametrize(
    ("born", "message"),
    [
        ("2026-03-11", "Дата рождения в будущем"),
        ("2026-04", "Дата рождения в будущем"),
        ("2027", "Дата рождения в будущем"),
        ("1899-12-31", "раньше 1900 года"),
        ("1850", "раньше 1900 года"),
        ("1990-02-30", "Такого дня нет"),
    ],
)
def test_the_person_form_refuses_a_date_of_birth_no_one_has(client, born, message):
    response = register(client, born)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'id="error-summary"' in response.content.decode()
    assert not Person.objects.exists()


@pytest.mark.parametrize("born", ["2026-03-10", "2026-03", "1900", "1991-03-14"])
def test_the_person_form_takes_a_date_of_birth_up_to_today(client, born):
    assert register(client, born).status_code == 302
    assert Person.objects.get().born == born


def test_the_import_refuses_a_future_date_of_birth_with_the_same_words(tmp_path, office):
    path = tmp_path / "people.csv"
    path.write_text("given_name,born\nРустам,2026-03-11\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_people", str(path), "--office", "astana")
    assert "row 2, column born" in str(error.value)
    assert "The date of birth is in the future." in str(error.value)
