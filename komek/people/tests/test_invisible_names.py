"""Names made only of characters that draw nothing (zero-width spaces, direction marks
and overrides, the byte order mark) are refused; elsewhere those characters are taken out."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import assume, given
from hypothesis import strategies as st

from komek.core.roles import Role
from komek.people import services
from komek.people.models import INVISIBLE_NAME, Person
from komek.people.names import visible_name

INVISIBLE = [
    *map(chr, range(0x200B, 0x2010)),
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
    "\ufeff",
    "\u2060",
    "\u061c",
    "\u3164",
]


@given(st.lists(st.sampled_from(INVISIBLE), min_size=1, max_size=8), st.sampled_from(["", " "]))
def test_a_name_of_invisible_characters_only_is_refused(characters, space):
    with pytest.raises(ValueError):
        visible_name(space.join(characters))


@given(st.lists(st.sampled_from([*INVISIBLE, "Ш", "е", "р", "z", "o", "d"])))
def test_every_invisible_character_is_taken_out_and_the_letters_kept(characters):
    letters = "".join(char for char in characters if char not in INVISIBLE)
    assume(letters)
    assert visible_name("".join(characters)) == letters


def test_the_service_refuses_a_person_with_an_invisible_given_name(office):
    with pytest.raises(ValidationError) as refused:
        services.person_create(
            created_by=None, office=office, surname="\u202e", given_name="\u200b\u200b"
        )
    assert set(refused.value.message_dict) == {"surname", "given_name"}
    assert not Person.objects.exists()


def test_the_service_keeps_a_name_without_its_invisible_characters(office):
    person = services.person_create(
        created_by=None, office=office, surname="Хус\u200bанов\u202c", given_name="\ufeffШерзод"
    )
    person.refresh_from_db()
    assert (person.surname, person.given_name) == ("Хусанов", "Шерзод")
    assert services.name_keys(person) == services.name_keys(
        Person(surname="Хусанов", given_name="Шерзод")
    )


def test_the_person_form_refuses_an_invisible_name_and_writes_nothing(make_staff, client_for):
    response = client_for(make_staff(Role.HOTLINE_OPERATOR)).post(
        reverse("people:create"),
        {"given_name": "\u2066\u200b\u2069", "registration_status": "unknown"},
    )
    assert response.status_code == 200
    assert str(INVISIBLE_NAME) in response.content.decode()
    assert not Person.objects.exists()
