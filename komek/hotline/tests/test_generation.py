import random

import pytest

from komek.conftest import make_user
from komek.core.roles import Role
from komek.hotline import generation
from komek.hotline.models import Contact
from komek.people.models import NameToken, Person, PersonName, Phone
from komek.people.services import person_create


def test_synthetic_people_are_the_same_for_the_same_seed():
    first = list(generation.generate_people(50, seed=3, first_id=1))
    again = list(generation.generate_people(50, seed=3, first_id=1))
    assert first == again
    assert {person.citizenship for person in first} <= {"UZ", "KG", "TJ"}


def test_seeding_writes_people_names_phones_and_contacts(office):
    operator = make_user("op", Role.HOTLINE_OPERATOR, office)
    people, contacts = generation.seed(
        count=200, office=office, operator=operator, contacts_per_person=3, seed=1
    )
    assert Person.objects.count() == people == 200
    assert Contact.objects.count() == contacts > 0
    assert PersonName.objects.count() >= 200
    assert Phone.objects.count() == 200
    assert all(number.startswith("+") for number in Phone.objects.values_list("number", flat=True))


def test_a_typo_changes_one_letter_at_most():
    rng = random.Random(0)
    for _ in range(100):
        changed = generation.typo("Хусанов", rng)
        assert abs(len(changed) - len("Хусанов")) <= 1


def _index(person_id: int) -> tuple[list[tuple], set[str]]:
    rows = list(
        PersonName.objects.filter(person_id=person_id)
        .order_by("key")
        .values_list("key", "born_year", "born_month", "born_day")
    )
    words = {word for key, *_born in rows for word in key.split()}
    return rows, set(NameToken.objects.filter(token__in=words).values_list("token", flat=True))


@pytest.mark.parametrize(
    "name,spellings",
    [
        ("Rahmonov", {"Rakhmonov"}),
        ("Xusanov", {"Khusanov"}),
        ("Khusan", {"Husan"}),
        ("Zhanna", {"Janna"}),
        ("Sherzod", {"Sherzod"}),
        ("Chori", {"Chori"}),
        ("Shukhrat", {"Shukhrat"}),
    ],
)
def test_another_latin_spelling_keeps_the_letters_sh_ch_kh_and_zh_whole(name, spellings):
    assert {generation.variant_latin(name, random.Random(seed)) for seed in range(30)} == spellings


def test_a_generated_person_is_indexed_exactly_as_one_registered_through_the_service(office):
    operator = make_user("op", Role.HOTLINE_OPERATOR, office)
    generation.seed(count=30, office=office, operator=operator, contacts_per_person=0, seed=5)
    generated = Person.objects.order_by("pk").last()
    # Read before the registration below adds the same words to the shared vocabulary.
    generated_rows, generated_words = _index(generated.pk)
    registered = person_create(
        created_by=None,
        office=office,
        **{
            field: getattr(generated, field)
            for field in (
                "surname",
                "given_name",
                "latin_surname",
                "latin_given_name",
                "born_year",
                "born_month",
                "born_day",
            )
        },
    )
    registered_rows, registered_words = _index(registered.pk)
    assert generated_rows == registered_rows
    assert (
        generated_words
        == registered_words
        == {word for key, *_born in registered_rows for word in key.split()}
    )
