"""Benchmark of the operator's hot paths at national scale, on PostgreSQL.

    .venv/bin/python bench/search.py [--people 1000000] [--contacts-per-person 5] [--reuse]

Creates (or reuses) the database in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/komek_bench), fills it with `komek seed_people`, then
measures through Django: the caller lookup by phone (the htmx view the hotline form
calls), the "possibly the same as" check a registration makes (``similar_people``, for
people about to be registered again in their passport's Latin: how often it names them),
name search with and without a date of birth, and recall on generated spelling variants.
Each is timed cold (the first 50, each on a new database connection) and warm. Prints one
JSON object.

Recall: a query is a hit at k when the person it was made from is among the first k
results, or a namesake is: someone whose stored name folds to the same key and, when a
date of birth is given, was born on the same date (no name search can tell them apart).
"""

import argparse
import json
import logging
import os
import platform
import random
import sys
import time

from common import (
    calibration,
    configure,
    git_commit,
    run,
    server_version,
    signed_in_client,
    start_django,
)

# Measures taken cold (each on a new database connection) before the warm ones.
COLD = 50


class TimeoutCounter(logging.Handler):
    """Counts the name searches whose fuzzy scan the statement timeout cut short."""

    count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def searched(found: dict, person, query: str, born):
    """A name search as a function of no argument, keeping what it found in ``found``."""
    from komek.people.search import search_people

    def call() -> None:
        found[person.pk] = search_people(query, born=born, limit=10)

    return call


def at_the_door(found: dict, person, user):
    """The registration's "possibly the same as" check for ``person`` spelt in their
    passport's Latin, with their date of birth, keeping who it named in ``found``."""
    from komek.people.similar import similar_people

    def call() -> None:
        found[person.pk] = similar_people(
            user=user,
            surname=person.latin_surname.title(),
            given_name=person.latin_given_name.title(),
            born_year=person.born_year,
            born_month=person.born_month,
            born_day=person.born_day,
        )

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--contacts-per-person", type=float, default=5.0)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--reuse", action="store_true", help="keep existing data if big enough")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()

    configure("komek_bench")
    start_django()
    from django.core.management import call_command
    from django.urls import reverse

    from komek.accounts.models import User
    from komek.hotline.generation import typo, variant_latin
    from komek.hotline.models import Contact
    from komek.people import names
    from komek.people.models import NameToken, Person, Phone
    from komek.people.search import BirthQuery

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    setup_seconds = None
    existing = Person.objects.filter(ref__startswith="SYN-").count()
    if not options.reuse or existing < options.people:
        started = time.monotonic()
        call_command(
            "seed_people",
            count=options.people - (existing if options.reuse else 0),
            contacts_per_person=options.contacts_per_person,
            seed=options.seed + existing,
            stdout=sys.stderr,
        )
        setup_seconds = round(time.monotonic() - started, 1)
    postgresql = server_version()

    rng = random.Random(options.seed)
    operator = User.objects.get(username="operator")
    client = signed_in_client(operator)

    max_id = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
    sample_ids = rng.sample(range(1, max_id + 1), options.queries * 2)
    people = [p for p in Person.objects.filter(pk__in=sample_ids, ref__startswith="SYN-")]
    people = people[: options.queries]
    phones = list(Phone.objects.filter(person__in=people[:300]).values_list("number", flat=True))

    lookup_url = reverse("hotline:lookup")

    def looked_up(number: str):
        def call() -> None:
            response = client.get(lookup_url, {"caller_phone": number})
            assert response.status_code == 200, response.status_code

        return call

    # Cold: each on a new connection, for numbers not looked up before; warm: the rest,
    # after a few to warm up.
    lookup_cold = run([looked_up(number) for number in phones[:COLD]], cold=True)
    run([looked_up(number) for number in phones[COLD : COLD + 20]], cold=False)
    lookup_warm = run([looked_up(number) for number in phones[COLD + 20 :]], cold=False)

    def query_for(person) -> str:
        kind = rng.randrange(4)
        if kind == 0:  # the other script: Latin passport spelling
            return f"{person.latin_surname} {person.latin_given_name}".title()
        if kind == 1:  # another transliteration system
            surname = variant_latin(person.latin_surname.title(), rng)
            return f"{surname} {person.latin_given_name.title()}"
        if kind == 2:  # a typo
            return f"{typo(person.surname, rng)} {person.given_name}"
        return f"{person.given_name} {person.surname}"  # swapped order

    def is_hit(person, found, born) -> bool:
        keys = {names.name_key(person.surname, person.given_name)}
        for match in found:
            other = match.person
            if other.pk == person.pk:
                return True
            same_name = names.name_key(other.surname, other.given_name) in keys
            same_birth = born is None or other.born == person.born
            if same_name and same_birth:
                return True
        return False

    # At the door: the check a registration makes, for a person about to be registered
    # again in the Latin of their passport, with their date of birth.
    warned: dict[int, list] = {}
    door = [at_the_door(warned, person, operator) for person in people if person.latin_surname]
    door_cold = run(door[:COLD], cold=True)
    door_warm = run(door[COLD:], cold=False)
    named = sum(any(other.pk == pk for other in found) for pk, found in warned.items())

    timeouts = TimeoutCounter()
    logging.getLogger("komek.people.search").addHandler(timeouts)
    results = {}
    for label, with_birth in (("search_with_birth", True), ("search_name_only", False)):
        hits1, hits10, count = 0, 0, 0
        timeouts.count = 0
        asked = []
        for person in people:
            born = BirthQuery.parse(person.born) if with_birth and person.born_year else None
            if with_birth and born is None:
                continue
            asked.append((person, query_for(person), born))
        found_for: dict[int, list] = {}

        calls = [searched(found_for, *question) for question in asked]
        cold = run(calls[:COLD], cold=True)
        warm = run(calls[COLD:], cold=False)
        for person, _query, born in asked:
            found = found_for[person.pk]
            count += 1
            hits1 += is_hit(person, found[:1], born)
            hits10 += is_hit(person, found, born)
        results[label] = {
            "cold": cold,
            "warm": warm,
            "recall_at_1": round(hits1 / count, 4),
            "recall_at_10": round(hits10 / count, 4),
            "fuzzy_timeouts": timeouts.count,
        }

    print(
        json.dumps(
            {
                "benchmark": "search",
                "commit": git_commit(),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "postgresql": postgresql,
                    "calibration": calibration(),
                },
                "data": {
                    "people": Person.objects.count(),
                    "name_vocabulary": NameToken.objects.count(),
                    "contacts": Contact.objects.count(),
                    "seed_seconds": setup_seconds,
                },
                "caller_lookup_view": {"cold": lookup_cold, "warm": lookup_warm},
                "similar_at_the_door": {
                    "cold": door_cold,
                    "warm": door_warm,
                    "names_the_person": round(named / len(warned), 4),
                },
                **results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
