"""Synthetic people and contacts at national scale, for benchmarks and load tests.

Realistic on the points that matter to search: names of the three origin countries in
Cyrillic with national letters and in passport Latin, namesakes, typos made at intake,
given name and surname swapped, partial dates of birth, phones shared in families.
Deterministic for a given seed. Rows are written with COPY on PostgreSQL and with
bulk inserts elsewhere; historical tables are not filled for synthetic rows.
"""

import json
import random
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction

from komek.core.bulk import copy_rows
from komek.hotline import tallies
from komek.hotline.models import Channel, Contact, Outcome, Topic
from komek.people.models import Person, PersonName, Phone
from komek.people.namelists import NATIONALITIES, draw
from komek.people.services import person_index_refresh

PHONE_PREFIX = {"UZ": "+99890", "KG": "+996555", "TJ": "+99293"}
KZ_MOBILE = ("+7701", "+7702", "+7705", "+7707", "+7747", "+7771", "+7775", "+7778")
BATCH = 20_000

# Spelling variants between transliteration systems, applied to a Latin name:
# Uzbek Latin ↔ ICAO ↔ the older Russian system, and what people type without the sign ʻ.
# A lone h (Rahmon) is also written kh (Rakhmon); the h of Sh, Ch, Kh and Zh belongs to
# its letter, and no system writes Sherzod as Skherzod.
LATIN_VARIANTS = [
    *(
        (re.compile(re.escape(old)), new)
        for old, new in [
            ("X", "Kh"),
            ("x", "kh"),
            ("Kh", "H"),
            ("J", "Dzh"),
            ("j", "dzh"),
            ("Zh", "J"),
            ("oʻ", "u"),
            ("Oʻ", "U"),
            ("gʻ", "g"),
            ("Gʻ", "G"),
            ("ʻ", "'"),
            ("yev", "ev"),
            ("Yu", "Iu"),
            ("q", "k"),
            ("Q", "K"),
        ]
    ),
    (re.compile("(?<![SsCcKkZz])h"), "kh"),
]


@dataclass
class SyntheticPerson:
    id: int
    surname: str
    given_name: str
    latin_surname: str
    latin_given_name: str
    sex: str
    born: tuple[int | None, int | None, int | None]
    citizenship: str
    phone: str

    # What the name index reads of a person (see ``person_index_refresh``).
    @property
    def pk(self) -> int:
        return self.id

    @property
    def born_year(self) -> int | None:
        return self.born[0]

    @property
    def born_month(self) -> int | None:
        return self.born[1]

    @property
    def born_day(self) -> int | None:
        return self.born[2]


def _female(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв")):
        return surname + "а"
    if surname.endswith(("ov", "ev", "yev")):
        return surname + "a"
    return surname


def variant_latin(text: str, rng: random.Random) -> str:
    """Another Latin spelling of the same name, as another system or typist writes it."""
    options = [(pattern, new) for pattern, new in LATIN_VARIANTS if pattern.search(text)]
    if not options:
        return text
    pattern, new = rng.choice(options)
    return pattern.sub(new, text, count=1)


def typo(text: str, rng: random.Random) -> str:
    """One intake typo: a letter dropped, doubled or swapped with its neighbour."""
    if len(text) < 4:
        return text
    position = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:position] + text[position + 1 :]
    if kind == 1:
        return text[:position] + text[position] + text[position:]
    return text[: position - 1] + text[position] + text[position - 1] + text[position + 1 :]


def generate_people(count: int, *, seed: int, first_id: int) -> Iterator[SyntheticPerson]:
    rng = random.Random(seed)
    weights = [share for _code, share, *_lists in NATIONALITIES]
    phone = ""
    for offset in range(count):
        code, _share, males, females, surnames = rng.choices(NATIONALITIES, weights)[0]
        sex = rng.choice("MF")
        given, latin_given = draw(males if sex == "M" else females, rng)
        surname, latin_surname = draw(surnames, rng)
        if sex == "F":
            surname, latin_surname = _female(surname), _female(latin_surname)
        if code == "KG" and sex == "M" and rng.random() < 0.1:
            father, latin_father = draw(males, rng)
            surname, latin_surname = f"{father} уулу", f"{latin_father} uulu"
        if rng.random() < 0.03:
            surname = typo(surname, rng)
        if rng.random() < 0.3:
            latin_surname = variant_latin(latin_surname, rng)
        if rng.random() < 0.02:
            surname, given = given, surname
        year = rng.randint(1960, 2007)
        dice = rng.random()
        if dice < 0.03:
            born = (None, None, None)
        elif dice < 0.13:
            born = (year, None, None)
        elif dice < 0.18:
            born = (year, rng.randint(1, 12), None)
        else:
            born = (year, rng.randint(1, 12), rng.randint(1, 28))
        if not phone or rng.random() > 0.1:  # one in ten shares the phone of the one before
            prefix = PHONE_PREFIX[code] if rng.random() < 0.3 else rng.choice(KZ_MOBILE)
            length = 12 if prefix.startswith("+7") else 13
            phone = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix)))
        yield SyntheticPerson(
            id=first_id + offset,
            surname=surname,
            given_name=given,
            latin_surname=latin_surname.upper(),
            latin_given_name=latin_given.upper(),
            sex=sex,
            born=born,
            citizenship=code,
            phone=phone,
        )


def _next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _reset_sequences(*models) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )


PERSON_COLUMNS = [
    "id",
    "office_id",
    "ref",
    "surname",
    "given_name",
    "patronymic",
    "latin_surname",
    "latin_given_name",
    "sex",
    "born_year",
    "born_month",
    "born_day",
    "citizenship",
    "languages",
    "address",
    "registration_status",
    "vulnerabilities",
    "notes",
    "created_at",
    "updated_at",
    "last_contact_at",
]
CONTACT_COLUMNS = [
    "id",
    "office_id",
    "at",
    "channel",
    "direction",
    "language",
    "operator_id",
    "person_id",
    "caller_phone",
    "caller_name",
    "question",
    "answer",
    "outcome",
    "duration_seconds",
    "submission_key",
    "created_at",
]
LANGUAGES = {"UZ": ["uz", "ru"], "KG": ["ky", "ru"], "TJ": ["tg", "ru"]}
CHANNELS = [Channel.CALL] * 7 + [Channel.WALK_IN] * 2 + [Channel.MESSAGE]
OUTCOMES = [Outcome.ANSWERED] * 7 + [Outcome.REFERRED_LAWYER, Outcome.REFERRED_PARTNER] * 1


def seed(
    *,
    count: int,
    office,
    operator,
    contacts_per_person: float,
    seed: int,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> tuple[int, int]:
    """Create ``count`` people with about ``contacts_per_person`` contacts each."""
    rng = random.Random(seed + 1)
    now = datetime.now(UTC)
    json_list = (lambda value: json.dumps(value)) if connection.vendor == "postgresql" else None
    topic_ids = list(Topic.objects.values_list("pk", flat=True))
    first_person, first_contact = _next_id(Person), _next_id(Contact)
    contact_id = first_contact
    people = generate_people(count, seed=seed, first_id=first_person)
    done = 0
    while done < count:
        batch = [person for _, person in zip(range(BATCH), people, strict=False)]
        person_rows, phone_rows, contact_rows, topic_rows = [], [], [], []
        for person in batch:
            contacts = round(rng.expovariate(1 / contacts_per_person)) if contacts_per_person else 0
            last = now - timedelta(days=rng.randint(0, 900)) if contacts else None
            languages = LANGUAGES[person.citizenship]
            year, month, day = person.born
            person_rows.append(
                (
                    person.id,
                    office.pk,
                    f"SYN-{person.id}",
                    person.surname,
                    person.given_name,
                    "",
                    person.latin_surname,
                    person.latin_given_name,
                    person.sex,
                    year,
                    month,
                    day,
                    person.citizenship,
                    json_list(languages) if json_list else languages,
                    "",
                    "unknown",
                    json_list([]) if json_list else [],
                    "",
                    now,
                    now,
                    last,
                )
            )
            phone_rows.append((person.id, person.phone, ""))
            for index in range(contacts):
                at = last - timedelta(days=index * rng.randint(1, 60)) if last else now
                contact_rows.append(
                    (
                        contact_id,
                        office.pk,
                        at,
                        rng.choice(CHANNELS),
                        "in",
                        languages[0],
                        operator.pk,
                        person.id,
                        person.phone,
                        "",
                        "",
                        "",
                        rng.choice(OUTCOMES),
                        rng.randint(60, 900),
                        uuid.UUID(int=rng.getrandbits(128)),
                        at,
                    )
                )
                if topic_ids:
                    topic_rows.append((contact_id, rng.choice(topic_ids)))
                contact_id += 1
        with transaction.atomic():
            copy_rows(Person, PERSON_COLUMNS, person_rows)
            person_index_refresh(batch)
            copy_rows(Phone, ["person_id", "number", "note"], phone_rows)
            copy_rows(Contact, CONTACT_COLUMNS, contact_rows)
            copy_rows(Contact.topics.through, ["contact_id", "topic_id"], topic_rows)
        done += len(batch)
        progress(done, count)
    _reset_sequences(Person, PersonName, Phone, Contact, Contact.topics.through)
    # Written by COPY, past the signals that keep the daily tallies current.
    tallies.forget_all()
    return count, contact_id - first_contact
