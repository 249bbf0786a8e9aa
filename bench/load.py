"""Load test: Komek under gunicorn (4 workers) on PostgreSQL, with a shift of staff at work.

    .venv/bin/python bench/load.py [--minutes 10] [--people 100000] [--cases 20000] [--reuse]

Creates (or reuses) the database in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/komek_bench_load), seeds the demo, `--people` people
with their contacts (`komek seed_people`), `--cases` cases with their timelines (as
bench/cases.py does) and the dashboard's tallies; gives 50 operators, 10 lawyers and 2
coordinators of the Astana office a password and an authenticator. Then starts gunicorn
and lets Locust (bench/locustfile.py, headless) play them for `--minutes`: each signs in
with password and TOTP code, operators log calls with caller lookups and name searches,
lawyers open their cases and write notes, coordinators watch the dashboard.

Prints one JSON object: per kind of request its count, errors and p50/p95/p99 in ms, the
hotline's requests together, and the machine's calibration. Requests are measured once
all staff have signed in; the sign-ins are reported apart. Target: hotline p95 ≤ 150 ms
and no error.
"""

import argparse
import json
import os
import platform
import random
import secrets
import sys
import tempfile
import time
from pathlib import Path

from common import (
    GUNICORN_WORKERS,
    calibration,
    configure,
    git_commit,
    percentile,
    serve,
    server_version,
    summary,
    swarm,
)

OPERATORS, LAWYERS, COORDINATORS = 50, 10, 2
STAFF = OPERATORS + LAWYERS + COORDINATORS
# Staff arrive two a second and sign in (a slow Argon2 hash each); requests are measured
# from when the last has signed in, for about --minutes (the margin covers the sign-ins;
# the seconds actually measured are reported).
SPAWN_RATE = 2
SIGN_IN_MARGIN_SECONDS = 30
# What an operator does, in the hotline's requests.
HOTLINE = ("hotline_log_page", "hotline_lookup", "people_search", "hotline_log_contact")
HOTLINE_P95_TARGET_MS = 150


def prepare(options) -> float | None:
    """The people, contacts, cases and tallies; seconds spent generating, None if reused."""
    from cases import generate as generate_cases
    from django.core.management import call_command

    from komek.cases.models import Case
    from komek.people.models import Person

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    started = time.monotonic()
    existing = Person.objects.filter(ref__startswith="SYN-").count()
    generated = False
    if not options.reuse or existing < options.people:
        call_command(
            "seed_people",
            count=options.people - (existing if options.reuse else 0),
            seed=options.seed + existing,
            stdout=sys.stderr,
        )
        generated = True
    if not options.reuse or Case.objects.count() < options.cases:
        generate_cases(options.cases, events_per_case=5, seed=options.seed)
        generated = True
    if generated:
        call_command("tally_contacts", "--again", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return round(time.monotonic() - started, 1) if generated else None


def staff(password: str) -> dict[str, list[dict]]:
    """The accounts Locust signs in with, each with a fresh authenticator key. The lawyers
    are those bench/cases.py assigned the Astana office's cases to."""
    from django.contrib.auth.hashers import make_password
    from django.db.models import Exists, OuterRef
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from komek.accounts.models import Office, User
    from komek.cases.models import Case
    from komek.core.roles import Role

    office = Office.objects.get(code="astana")
    User.objects.bulk_create(
        [
            User(username=f"load-operator-{n}", role=Role.HOTLINE_OPERATOR, office=office)
            for n in range(OPERATORS)
        ]
        + [
            User(username=f"load-coordinator-{n}", role=Role.COORDINATOR, office=office)
            for n in range(COORDINATORS)
        ],
        ignore_conflicts=True,
    )
    chosen = {
        "operator": User.objects.filter(username__startswith="load-operator-"),
        "lawyer": User.objects.filter(
            Exists(Case.assigned_to.through.objects.filter(user_id=OuterRef("pk"))),
            username__startswith=f"bench-{office.pk}-",
        ).order_by("pk")[:LAWYERS],
        "coordinator": User.objects.filter(username__startswith="load-coordinator-"),
    }
    hashed = make_password(password)
    accounts: dict[str, list[dict]] = {}
    for role, users in chosen.items():
        users = list(users)
        User.objects.filter(pk__in=[user.pk for user in users]).update(
            password=hashed, is_active=True
        )
        TOTPDevice.objects.filter(user__in=users).delete()
        devices = TOTPDevice.objects.bulk_create(
            [
                TOTPDevice(user=user, name="load", key=secrets.token_hex(20), confirmed=True)
                for user in users
            ]
        )
        accounts[role] = [
            {"username": device.user.username, "password": password, "key": device.key}
            for device in devices
        ]
    return accounts


def plan(options, accounts: dict[str, list[dict]]) -> dict:
    """What the Locust users need besides their accounts: callers of the Astana office
    with their phone and name, the lawyers' cases, the topics."""
    from komek.accounts.models import User
    from komek.cases.access import assigned
    from komek.cases.models import Case
    from komek.hotline.models import Topic
    from komek.people.models import Phone

    rng = random.Random(options.seed)
    phones = list(
        Phone.objects.filter(person__office__code="astana", person__ref__startswith="SYN-")
        .values_list("number", "person_id", "person__surname", "person__given_name")
        .order_by("pk")[:20_000]
    )
    callers = [
        {"phone": number, "person": person, "name": f"{surname} {given}"}
        for number, person, surname, given in rng.sample(phones, min(2_000, len(phones)))
    ]
    cases = {}
    for account in accounts["lawyer"]:
        lawyer = User.objects.get(username=account["username"])
        mine = Case.objects.filter(assigned(lawyer), sensitive=False).order_by("pk")
        cases[lawyer.username] = list(mine.values_list("pk", flat=True)[:500])
    topics = list(Topic.objects.filter(is_active=True).values_list("pk", flat=True))
    return {"accounts": accounts, "callers": callers, "cases": cases, "topics": topics}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--reuse", action="store_true", help="keep the data already generated")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()

    configure("komek_bench_load")
    import django

    django.setup()
    from django.db import connection

    from komek.cases.models import Case
    from komek.hotline.models import Contact
    from komek.people.models import Person

    generate_seconds = prepare(options)
    postgresql = server_version()
    machine = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "postgresql": postgresql,
        "calibration": calibration(),
    }
    data = {
        "people": Person.objects.count(),
        "contacts_before": Contact.objects.count(),
        "cases": Case.objects.count(),
        "generate_seconds": generate_seconds,
    }
    with tempfile.TemporaryDirectory() as folder:
        plan_path, samples_path = Path(folder) / "plan.json", Path(folder) / "samples.json"
        plan_path.write_text(json.dumps(plan(options, staff(secrets.token_urlsafe()))))
        # The server's workers hold their own connections; this process needs none meanwhile.
        connection.close()
        server = serve(options.port)
        try:
            swarm(
                options.port,
                locustfile="locustfile.py",
                users=STAFF,
                spawn_rate=SPAWN_RATE,
                seconds=round(options.minutes * 60 + STAFF / SPAWN_RATE + SIGN_IN_MARGIN_SECONDS),
                env={"LOAD_PLAN": str(plan_path), "LOAD_SAMPLES": str(samples_path)},
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        recorded = json.loads(samples_path.read_text())
    samples, failures = recorded["samples"], recorded["failures"]
    requests = {
        kind: summary(times, failures.get(kind, 0)) for kind, times in sorted(samples.items())
    }
    hotline = [time_ms for kind in HOTLINE for time_ms in samples.get(kind, [])]
    hotline_p95 = percentile(hotline, 0.95)
    errors = sum(failures.values())
    print(
        json.dumps(
            {
                "benchmark": "load",
                "commit": git_commit(),
                "machine": machine,
                "data": {**data, "contacts_after": Contact.objects.count()},
                "load": {
                    "minutes": options.minutes,
                    "measured_seconds": round(recorded["seconds"]),
                    "gunicorn_workers": GUNICORN_WORKERS,
                    "operators": OPERATORS,
                    "lawyers": LAWYERS,
                    "coordinators": COORDINATORS,
                },
                "requests": requests,
                "hotline": summary(hotline, sum(failures.get(kind, 0) for kind in HOTLINE)),
                "targets": {
                    "hotline_p95_ms": HOTLINE_P95_TARGET_MS,
                    "met": hotline_p95 <= HOTLINE_P95_TARGET_MS and errors == 0,
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
