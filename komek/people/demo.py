"""Demo people: migrants from Uzbekistan, Tajikistan and Kyrgyzstan, names as written."""

from django.db import transaction

from komek.accounts.models import Office
from komek.people import services
from komek.people.models import DocumentKind, DocumentStatus, Person, Vulnerability

PEOPLE = [
    {
        "ref": "AST-0001",
        "surname": "Хусанов",
        "given_name": "Шерзод",
        "patronymic": "Бахтиёрович",
        "latin_surname": "XUSANOV",
        "latin_given_name": "SHERZOD",
        "sex": "M",
        "born_year": 1991,
        "born_month": 3,
        "born_day": 14,
        "citizenship": "UZ",
        "languages": ["uz", "ru"],
        "vulnerabilities": [Vulnerability.UNDOCUMENTED],
        "phones": ["+998 90 123 45 67", "+7 701 234 56 78"],
        "documents": [
            {
                "kind": DocumentKind.PASSPORT,
                "number": "FA1234567",
                "issuing_country": "UZ",
                "status": DocumentStatus.LOST,
            }
        ],
    },
    {
        "ref": "AST-0002",
        "surname": "Каримова",
        "given_name": "Ўғилой",
        "latin_surname": "KARIMOVA",
        "latin_given_name": "OʻGʻILOY",
        "sex": "F",
        "born_year": 1988,
        "citizenship": "UZ",
        "languages": ["uz"],
        "phones": ["+7 702 111 22 33"],
    },
    {
        "ref": "AST-0003",
        "surname": "Раҳмонов",
        "given_name": "Ҷамшед",
        "latin_surname": "RAHMONOV",
        "latin_given_name": "JAMSHED",
        "sex": "M",
        "born_year": 1985,
        "born_month": 7,
        "citizenship": "TJ",
        "languages": ["tg", "ru"],
        "phones": ["+992 93 555 12 34"],
    },
    {
        "ref": "AST-0004",
        "surname": "Турганбек уулу",
        "given_name": "Нурланбек",
        "latin_surname": "TURGANBEK UULU",
        "latin_given_name": "NURLANBEK",
        "sex": "M",
        "born_year": 1996,
        "citizenship": "KG",
        "languages": ["ky", "ru"],
        "vulnerabilities": [Vulnerability.DETAINED],
        "phones": ["+996 555 123 456"],
    },
    {
        "ref": "AST-0005",
        "surname": "Юлдашева",
        "given_name": "Дилноза",
        "latin_surname": "YULDASHEVA",
        "latin_given_name": "DILNOZA",
        "sex": "F",
        "born_year": 1999,
        "citizenship": "UZ",
        "languages": ["uz", "ru"],
        "vulnerabilities": [Vulnerability.TRAFFICKING_VICTIM],
    },
    {
        "ref": "AST-0006",
        "surname": "Саидов",
        "given_name": "Фирӯз",
        "latin_surname": "SAIDOV",
        "latin_given_name": "FIRUZ",
        "sex": "M",
        "born_year": 1979,
        "citizenship": "TJ",
        "languages": ["tg"],
        "phones": ["+7 747 900 10 20"],
    },
    # Saidov again, registered by the Almaty office as his new work permit spells him:
    # the duplicate search's review queue has him to show.
    {
        "ref": "ALA-0001",
        "office": "almaty",
        "surname": "Saidov",
        "given_name": "Firuz",
        "sex": "M",
        "born_year": 1979,
        "citizenship": "TJ",
        "languages": ["tg", "ru"],
        "phones": ["+7 747 900 10 20"],
    },
]


@transaction.atomic
def seed() -> list[Person]:
    offices = {office.code: office for office in Office.objects.all()}
    existing = {
        person.ref: person
        for person in Person.objects.filter(ref__in=[data["ref"] for data in PEOPLE])
    }
    people = []
    for data in PEOPLE:
        data = dict(data)
        if data["ref"] in existing:
            people.append(existing[data["ref"]])
            continue
        office = offices[data.pop("office", "astana")]
        people.append(services.person_create(created_by=None, office=office, **data))
    return people


def registered_by(person: Person, moment) -> None:
    """The demo's past: a person who called or whose case was opened at ``moment`` had been
    registered by then (the seed registers everyone today, before the past is played)."""
    Person.objects.filter(pk=person.pk, created_at__gt=moment).update(created_at=moment)
    person.history.filter(history_type="+", history_date__gt=moment).update(history_date=moment)
