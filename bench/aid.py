"""Benchmark of humanitarian aid at national scale, on PostgreSQL: 1,000,000 people and
2,000,000 past distributions.

    .venv/bin/python bench/aid.py [--people 1000000] [--distributions 2000000]
        [--requests 100] [--page-requests 20] [--reuse] [--explain]

Creates (or reuses) the database in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/komek_bench_aid), seeds the demo (its aid kinds,
entitlement rules and approval bands), the people with `komek seed_people` (six in ten in
the Astana office, the rest in Almaty and Shymkent, no contacts), a social worker of each
office, then three years of past hand-outs with `komek.aid.generate` (food packages,
hygiene, baby and winter kits; one in ten in another office than the person's), the
monthly stock receipts they were issued from and a synthetic donor's yearly budget lines.

Measures, through Django (views, templates and middleware included), as the Astana
office's social worker:
- recording one hand-out: the distribution day's POST (`aid:give`, one food package,
  charged to this year's line) for people of the office entitled to it, none of them
  assigned to the social worker (a distribution day serves the office's queue);
- the entitlement check `services.check()` (a service call, no request), for people of
  whom half received a food package in the last 30 days (refused, with what they received
  and the next possible date) and half drawn at random;
- the stock page (`aid:stock`) and the budget page (`aid:budgets`, every line with its
  state and its chart of spending by month).

Each is measured cold and warm: cold, every request opens a new database connection
(its set-up and PostgreSQL's per-connection caches paid again) and, for the hand-out and
the check, concerns a person not touched before in the run; warm, on one open connection
after a warm-up, the same people again for the check, further people for the hand-out.
Each gives p50/p95/max and the share of its time spent in SQL (common.SqlClock).
`--explain` writes EXPLAIN (ANALYZE, BUFFERS) of the slowest queries of a check and of a
budget page to stderr. Prints one JSON object, with the targets and whether they are met.
"""

import argparse
import json
import os
import platform
import random
import secrets
import sys
import time
import uuid
from datetime import timedelta

from common import (
    calibration,
    configure,
    explain,
    git_commit,
    run,
    seed_people_in_offices,
    server_version,
    signed_in_client,
    start_django,
)

TARGETS_P95_MS = {"hand_out": 100, "check": 20, "stock_page": 150, "budget_page": 150}
HISTORY_DAYS = 3 * 365
WARM_UP = 5
# What a hand-out gives (demo kinds: food 15,000 KZT, hygiene 8,000, baby 12,000, winter
# clothes 25,000), and how often: all below the demo's 30,000 KZT a social worker gives alone.
BASKETS = [
    ((("food", 1),), 6),
    ((("food", 1), ("hygiene", 1)), 3),
    ((("hygiene", 1),), 1),
    ((("baby", 1),), 1),
    ((("winter", 1),), 1),
]


def social_worker(office):
    """The benchmark's social worker of ``office``, made once."""
    from komek.accounts import services
    from komek.accounts.models import User
    from komek.core.roles import Role

    username = f"bench-social-{office.code}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = services.user_create(
            created_by=None,
            password=secrets.token_urlsafe(),
            username=username,
            first_name="Бенч",
            last_name="Соцработник",
            role=Role.SOCIAL_WORKER,
            office=office,
        )
        services.second_factor_confirm(device=services.second_factor_start(user=user))
    return user


def generate_history(options, staff: dict) -> float | None:
    """Top the past distributions up to --distributions (with --reuse), or add that many."""
    from django.utils import timezone

    from komek.aid import generate
    from komek.aid.models import AidKind, Distribution
    from komek.people.models import Person

    made = Distribution.objects.filter(created_by__in=staff.values())
    existing = made.count()
    missing = options.distributions - existing if options.reuse else options.distributions
    if missing <= 0:
        return None
    kinds = AidKind.objects.in_bulk(
        [code for items, _w in BASKETS for code, _n in items], field_name="code"
    )
    baskets = [
        generate.Basket(tuple((kinds[code], n) for code, n in items), weight)
        for items, weight in BASKETS
    ]
    people = list(
        Person.objects.filter(ref__startswith="SYN-").order_by("pk").values_list("pk", "office_id")
    )
    started = time.monotonic()
    generate.seed(
        count=missing,
        people=people,
        baskets=baskets,
        staff={office.pk: user for office, user in staff.items()},
        until=timezone.now(),
        days=HISTORY_DAYS,
        seed=options.seed + existing,
        stock_left=10 * options.requests + 1000,
        progress=lambda done, total: sys.stderr.write(f"\r{done}/{total} distributions"),
    )
    sys.stderr.write("\n")
    return round(time.monotonic() - started, 1)


def requested(client, method: str, url: str, data: dict, status: int, location: str = ""):
    """A request as a function of no argument, which checks its answer."""

    def call() -> None:
        response = getattr(client, method)(url, data)
        assert response.status_code == status, (url, data, response.status_code)
        if location:
            assert response.headers["Location"] == location, (url, data, response.headers)

    return call


def entitled_people(office, food, count: int, rng: random.Random) -> list[int]:
    """People of ``office`` who received no food package in the last 31 days."""
    from django.utils import timezone

    from komek.aid.models import DistributionItem
    from komek.people.models import Person

    fed = DistributionItem.objects.filter(
        kind=food, at__gte=timezone.now() - timedelta(days=31)
    ).values("person_id")
    ids = list(
        Person.objects.filter(ref__startswith="SYN-", office=office)
        .exclude(pk__in=fed)
        .values_list("pk", flat=True)
    )
    chosen = rng.sample(ids, min(len(ids), count))
    assert len(chosen) == count, "too few people to hand out to"
    return chosen


def measure_hand_out(client, people: list[int], line, food, office) -> dict:
    from django.urls import reverse

    from komek.aid.models import Distribution

    day = reverse("aid:day")
    setup = {"office": office.pk, "kind": food.pk, "quantity": 1, "budget_line": line.pk}
    response = client.post(day, {**setup, "place": ""})
    assert response.status_code == 302, response.content[:2000]
    give = reverse("aid:give")
    before = Distribution.objects.count()

    def calls(chosen):
        # Recorded: back to the page for the next person (a refusal would show it again).
        return [
            requested(client, "post", give, {"person": pk, "key": uuid.uuid4()}, 302, day)
            for pk in chosen
        ]

    n = (len(people) - WARM_UP) // 2
    cold = run(calls(people[:n]), cold=True)
    for call in calls(people[n : n + WARM_UP]):
        call()
    warm = run(calls(people[n + WARM_UP :]), cold=False)
    recorded = Distribution.objects.count() - before
    assert recorded == len(people), (recorded, len(people))
    return {"cold": cold, "warm": warm, "recorded": recorded}


def measure_check(people, food) -> dict:
    from komek.aid import services

    def calls():
        return [
            lambda person=person: services.check(person=person, kind=food, quantity=1)
            for person in people
        ]

    cold = run(calls(), cold=True)
    warm = run(calls(), cold=False)
    verdicts = [services.check(person=person, kind=food, quantity=1) for person in people]
    return {
        "cold": cold,
        "warm": warm,
        "refused": sum(not verdict.ok for verdict in verdicts),
        "of": len(verdicts),
    }


def measure_page(client, url_name: str, requests: int) -> dict:
    from django.urls import reverse

    url = reverse(url_name)
    page = requested(client, "get", url, {}, 200)
    started = time.perf_counter()
    page()
    first_ms = round((time.perf_counter() - started) * 1000, 1)
    cold = run([page] * requests, cold=True)
    page()
    warm = run([page] * requests, cold=False)
    return {"first_ms": first_ms, "cold": cold, "warm": warm}


def explain_slowest(label: str, call) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    queries = sorted(captured.captured_queries, key=lambda query: -float(query["time"]))
    for query in queries[:3]:
        sys.stderr.write(f"\n=== {label}: {float(query['time']) * 1000:.1f} ms\n")
        sys.stderr.write(f"{query['sql']}\n{explain(query['sql'])}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--distributions", type=int, default=2_000_000)
    parser.add_argument("--requests", type=int, default=100, help="per measure, cold and warm")
    parser.add_argument("--page-requests", type=int, default=20, help="per page, cold and warm")
    parser.add_argument("--reuse", action="store_true", help="keep existing data if big enough")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN slow queries to stderr")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    load = os.getloadavg()[0]

    configure("komek_bench_aid")
    start_django()
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone

    from komek.accounts.models import Office
    from komek.aid import services
    from komek.aid.models import AidKind, BudgetLine, Distribution, DistributionItem, StockMovement
    from komek.people.models import Person

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    people_seconds = seed_people_in_offices(
        options.people, contacts_per_person=0, seed=options.seed, reuse=options.reuse
    )
    staff = {office: social_worker(office) for office in Office.objects.order_by("pk")}
    history_seconds = generate_history(options, staff)
    postgresql = server_version()  # VACUUM ANALYZE

    rng = random.Random(options.seed)
    astana = Office.objects.get(code="astana")
    social = staff[astana]
    client = signed_in_client(social)
    food = AidKind.objects.get(code="food")
    line = BudgetLine.objects.get(project__code=f"syn-{timezone.localdate().year}", code="relief")

    n = options.requests
    recent = list(
        DistributionItem.objects.filter(kind=food, at__gte=timezone.now() - timedelta(days=29))
        .order_by()
        .values_list("person_id", flat=True)
    )
    drawn = rng.sample(recent, n // 2) + entitled_people(astana, food, n - n // 2, rng)
    to_check = list(Person.objects.filter(pk__in=drawn))
    check = measure_check(to_check, food)
    hand_out = measure_hand_out(
        client, entitled_people(astana, food, 2 * n + WARM_UP, rng), line, food, astana
    )
    pages = {
        "stock_page": measure_page(client, "aid:stock", options.page_requests),
        "budget_page": measure_page(client, "aid:budgets", options.page_requests),
    }
    if options.explain:
        explain_slowest(
            "check, refused",
            lambda: services.check(person=to_check[0], kind=food, quantity=1),
        )
        explain_slowest("budget page", lambda: client.get(reverse("aid:budgets")))
    measures = {"hand_out": hand_out, "check": check, **pages}
    print(
        json.dumps(
            {
                "benchmark": "aid",
                "commit": git_commit(),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "postgresql": postgresql,
                    "calibration": calibration(),
                    "load_average_at_start": round(load, 2),
                },
                "targets_p95_ms": TARGETS_P95_MS,
                "targets_met": {
                    name: all(measures[name][run]["p95_ms"] <= target for run in ("cold", "warm"))
                    for name, target in TARGETS_P95_MS.items()
                },
                "data": {
                    "people": Person.objects.count(),
                    "distributions": Distribution.objects.count(),
                    "distribution_items": DistributionItem.objects.count(),
                    "stock_movements": StockMovement.objects.count(),
                    "budget_lines": BudgetLine.objects.count(),
                    "people_seconds": people_seconds,
                    "history_seconds": history_seconds,
                },
                **measures,
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
