"""A registry to search for duplicates: a generated crowd, one in five registered a second
time as registration desks do, and Sherzod three times among two namesakes. The linkage
tests and the browser test of the review queue search it."""

import random

from komek.people import services
from komek.people.models import DocumentKind, IdentityDocument, Person, Phone
from komek.people.namelists import NATIONALITIES

# People in the generated registry besides the ones a test looks for; one in five of them
# is registered a second time, spelt in the passport's Latin, sometimes with the day and
# month swapped or another phone, for EM to learn from.
GENERATED = 360


def born(rng: random.Random) -> dict:
    return {
        "born_year": rng.randint(1965, 2005),
        "born_month": rng.randint(1, 12),
        "born_day": rng.randint(2, 28),
    }


def generate(office, other_office, rng: random.Random) -> None:
    """The crowd, written in bulk (the services take a tenth of a second a person)."""
    people, phones, documents = [], {}, {}
    for index in range(GENERATED):
        code, _share, males, females, surnames = rng.choice(NATIONALITIES)
        sex = rng.choice("MF")
        given, latin_given = rng.choice(males if sex == "M" else females)
        surname, latin_surname = rng.choice(surnames)
        fields = {
            "office": office if rng.random() < 0.7 else other_office,
            "surname": surname,
            "given_name": given,
            "latin_surname": latin_surname.upper(),
            "latin_given_name": latin_given.upper(),
            "sex": sex,
            "citizenship": code,
            **born(rng),
        }
        phone = f"+7701{rng.randrange(10**7):07d}"
        people.append(Person(ref=f"GEN-{index}", **fields))
        phones[f"GEN-{index}"] = phone
        if rng.random() < 0.3:
            documents[f"GEN-{index}"] = f"FA{rng.randrange(10**7):07d}"
        if index % 5 == 0:
            again = {
                **fields,
                "office": other_office,
                "surname": latin_surname.title(),
                "given_name": latin_given.title(),
                "latin_surname": "",
                "latin_given_name": "",
            }
            if rng.random() < 0.2 and again["born_day"] <= 12:
                again["born_month"], again["born_day"] = again["born_day"], again["born_month"]
            people.append(Person(ref=f"GEN-{index}-again", **again))
            phones[f"GEN-{index}-again"] = (
                phone if rng.random() < 0.6 else f"+7707{rng.randrange(10**7):07d}"
            )
    Person.objects.bulk_create(people)
    ids = dict(Person.objects.filter(ref__startswith="GEN-").values_list("ref", "pk"))
    Phone.objects.bulk_create(
        Phone(person_id=ids[ref], number=number) for ref, number in phones.items()
    )
    IdentityDocument.objects.bulk_create(
        IdentityDocument(
            person_id=ids[ref], kind=DocumentKind.PASSPORT, number=number, number_key=number
        )
        for ref, number in documents.items()
    )


def person(office, ref: str, surname: str, given: str, born: tuple, phone: str, **extra):
    year, month, day = born
    return services.person_create(
        created_by=None,
        office=office,
        ref=ref,
        surname=surname,
        given_name=given,
        sex="M",
        citizenship="UZ",
        born_year=year,
        born_month=month,
        born_day=day,
        phones=[phone],
        **extra,
    )


def sherzod_registry(office, other_office) -> None:
    """Sherzod three times (Cyrillic and Latin in Astana, Latin again in Almaty, with the
    day and month swapped), two namesakes born on other dates, and generated people."""
    generate(office, other_office, random.Random(15))
    person(office, "SH-1", "Хусанов", "Шерзод", (1991, 5, 7), "+998901234567")
    person(office, "SH-2", "Xusanov", "Sherzod", (1991, 5, 7), "+998901234567")
    person(other_office, "SH-3", "Khusanov", "Sherzot", (1991, 7, 5), "+77015550011")
    person(office, "NS-1", "Хусанов", "Шерзод", (1984, 11, 23), "+998935551122")
    person(other_office, "NS-2", "Husanov", "Sherzod", (2001, 2, 17), "+77079990033")
