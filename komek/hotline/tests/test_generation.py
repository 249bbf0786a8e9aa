import random

from komek.conftest import make_user
from komek.core.roles import Role
from komek.hotline import generation
from komek.hotline.models import Contact
from komek.people.models import Person, PersonName, Phone


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
