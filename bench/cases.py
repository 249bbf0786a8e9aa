"""Benchmark of the case list and the case timeline at 200,000 cases and 1,000,000
timeline events, on PostgreSQL.

    .venv/bin/python bench/cases.py [--cases 200000] [--events-per-case 5] [--reuse]

Creates (or reuses) the database in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/komek_bench_cases), seeds the demo, 50,000 people
with `komek seed_people`, then the cases, their assignments, events, tasks and
referrals in bulk SQL. Measures through Django's views, rendering included: the case list
as a lawyer (default, my open cases, a status and category filter, overdue, sorted by
priority), as the national coordinator, the "my tasks" page, and the case page with its
timeline (a typical case and one with 500 events). Prints one JSON object.
"""

import argparse
import json
import os
import platform
import random
import time

from common import (
    SqlClock,
    calibration,
    configure,
    git_commit,
    server_version,
    signed_in_client,
    start_django,
    timings,
)

STAFF_PER_OFFICE = 12


def generate(cases: int, events_per_case: int, seed: int) -> float:
    from django.core.management import call_command
    from django.db import connection, transaction

    from komek.accounts.models import Office, User
    from komek.cases import deadlines
    from komek.cases.models import Case, Referral, Task
    from komek.core.roles import Role
    from komek.hotline.models import Topic
    from komek.partners.models import Partner
    from komek.people.models import Person

    started = time.monotonic()
    if Person.objects.filter(ref__startswith="SYN-").count() < 50_000:
        call_command(
            "seed_people",
            count=50_000,
            contacts_per_person=0,
            seed=seed,
            stdout=open(os.devnull, "w"),  # noqa: SIM115
        )
    offices = list(Office.objects.order_by("pk").values_list("pk", flat=True))
    for office in offices:
        User.objects.bulk_create(
            [
                User(username=f"bench-{office}-{index}", role=Role.LAWYER, office_id=office)
                for index in range(STAFF_PER_OFFICE)
            ],
            ignore_conflicts=True,
        )
    lawyer = User.objects.get(username="lawyer")
    staff = {
        office: [
            lawyer.pk if office == lawyer.office_id and index == 0 else pk
            for index, pk in enumerate(
                User.objects.filter(office_id=office, username__startswith="bench-")
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        ]
        for office in offices
    }
    params = {
        "n": cases,
        "offices": offices,
        "topics": list(Topic.objects.values_list("pk", flat=True)),
        "first_person": Person.objects.filter(ref__startswith="SYN-").order_by("pk").first().pk,
        "people": 50_000,
        "opener": lawyer.pk,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        # Six in ten cases belong to the Astana office, the rest to the others.
        cursor.execute(
            """
            INSERT INTO cases_case (office_id, kind, category_id, title, description, priority,
                client_id, sensitive, status, outcome, opened_by_id, opened_at,
                closed_at, version)
            SELECT
                CASE WHEN g %% 10 < 6 THEN (%(offices)s::bigint[])[1]
                     ELSE (%(offices)s::bigint[])[1 + g %% cardinality(%(offices)s::bigint[])] END,
                CASE WHEN g %% 3 = 0 THEN 'social' ELSE 'legal' END,
                (%(topics)s::bigint[])[1 + g %% cardinality(%(topics)s::bigint[])],
                'Дело ' || g, '',
                (ARRAY['low', 'normal', 'normal', 'high', 'urgent'])[1 + g %% 5],
                %(first_person)s + (g * 7919) %% %(people)s,
                g %% 40 = 0,
                (ARRAY['new', 'in_progress', 'waiting', 'resolved', 'unresolved',
                       'transferred', 'resolved', 'in_progress'])[1 + g %% 8],
                '', %(opener)s,
                now() - (g %% 1500) * interval '1 day' - (g %% 86400) * interval '1 second',
                NULL, 1
            FROM generate_series(1, %(n)s) AS g
            """,
            params,
        )
        for office, members in staff.items():
            cursor.execute(
                """
                INSERT INTO cases_case_assigned_to (case_id, user_id)
                SELECT id, (%(members)s::bigint[])[1 + id %% cardinality(%(members)s::bigint[])]
                FROM cases_case WHERE office_id = %(office)s
                """,
                {"members": members, "office": office},
            )
        cursor.execute(
            """
            INSERT INTO cases_caseevent (case_id, at, author_id, kind, text, data)
            SELECT c.id, c.opened_at + n * interval '3 days', %(opener)s,
                   (ARRAY['opened', 'note', 'note', 'referral', 'document'])[1 + (n - 1) %% 5],
                   'Запись ' || n || ' по делу ' || c.id, '{}'::jsonb
            FROM cases_case c CROSS JOIN generate_series(1, %(per_case)s) AS n
            """,
            {"opener": lawyer.pk, "per_case": events_per_case},
        )
        cursor.execute("SELECT min(id) FROM cases_case WHERE office_id = %s", [offices[0]])
        heavy = cursor.fetchone()[0]
        cursor.execute(
            """
            INSERT INTO cases_caseevent (case_id, at, author_id, kind, text, data)
            SELECT %(case)s, now() - n * interval '1 hour', %(opener)s, 'note',
                   'Заметка ' || n, '{}'::jsonb
            FROM generate_series(1, 500) AS n
            """,
            {"case": heavy, "opener": lawyer.pk},
        )
        cursor.execute(
            """
            INSERT INTO cases_task (case_id, title, assignee_id, due_on, created_at, created_by_id)
            SELECT a.case_id, 'Задача по делу ' || a.case_id, a.user_id,
                   current_date + ((a.case_id %% 60) - 30)::int, now(), %(opener)s
            FROM cases_case_assigned_to a WHERE a.case_id %% 4 = 0
            """,
            {"opener": lawyer.pk},
        )
        partners = list(Partner.objects.values_list("pk", flat=True))
        cursor.execute(
            """
            INSERT INTO cases_referral (case_id, partner_id, request, channel, details, status,
                response_days, sent_on, expected_by, sent_by_id, without_consent_reason,
                consent_recorded_by_sender, answer, outcome)
            SELECT id, (%(partners)s::bigint[])[1 + id %% cardinality(%(partners)s::bigint[])],
                   'consular', 'letter', '', 'sent', 14, opened_at::date + 2,
                   opened_at::date + 16, %(opener)s, '', false, '', ''
            FROM cases_case WHERE id %% 5 = 0
            """,
            {"partners": partners, "opener": lawyer.pk},
        )
        deadlines.refresh(Case, Task, Referral, None)
    return round(time.monotonic() - started, 1)


def measure(client, requests: list[tuple[str, dict]]) -> dict:
    """Timings of GET requests through the whole Django stack after one warm-up request,
    whose own time is reported as the cold one, with the share spent in SQL."""
    started = time.perf_counter()
    client.get(*requests[0])
    cold_ms = round((time.perf_counter() - started) * 1000, 2)
    elapsed, sql = [], SqlClock()
    with sql.running():
        for url, params in requests:
            started = time.perf_counter()
            response = client.get(url, params)
            elapsed.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, params, response.status_code)
    return {"cold_ms": cold_ms, **timings(elapsed, sql)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--events-per-case", type=int, default=5)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--reuse", action="store_true", help="keep the cases already generated")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()

    configure("komek_bench_cases")
    start_django()
    from django.core.management import call_command
    from django.urls import reverse

    from komek.accounts.models import User
    from komek.cases.models import Case, CaseEvent, Referral, Status, Task
    from komek.hotline.models import Topic

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    setup_seconds = None
    if not options.reuse or Case.objects.count() < options.cases:
        setup_seconds = generate(options.cases, options.events_per_case, options.seed)
    postgresql = server_version()

    rng = random.Random(options.seed)
    lawyer = User.objects.get(username="lawyer")
    coordinator = User.objects.get(username="coordinator")
    as_lawyer = signed_in_client(lawyer)
    as_coordinator = signed_in_client(coordinator)
    n = options.requests
    pages = [{"page": rng.randint(1, 40)} for _ in range(n)]
    topics = list(Topic.objects.values_list("pk", flat=True))
    list_url = reverse("cases:list")
    results = {
        "list_lawyer": measure(as_lawyer, [(list_url, page) for page in pages]),
        "list_my_open_cases": measure(
            as_lawyer, [(list_url, {"mine": "on", "open_only": "on", **page}) for page in pages]
        ),
        "list_status_and_category": measure(
            as_lawyer,
            [
                (list_url, {"status": rng.choice(Status.values), "category": rng.choice(topics)})
                for _ in pages
            ],
        ),
        "list_overdue": measure(as_lawyer, [(list_url, {"overdue": "on"})] * n),
        "list_by_priority": measure(as_lawyer, [(list_url, {"sort": "priority"})] * n),
        "list_coordinator_national": measure(as_coordinator, [(list_url, page) for page in pages]),
        "my_tasks": measure(as_lawyer, [(reverse("cases:tasks"), {})] * n),
    }
    visible = Case.objects.filter(office=lawyer.office, sensitive=False).values_list(
        "pk", flat=True
    )
    sample = rng.sample(list(visible.order_by("pk")[:20_000]), n)
    results["timeline_typical_case"] = measure(
        as_lawyer, [(reverse("cases:detail", args=[pk]), {}) for pk in sample]
    )
    heavy = Case.objects.filter(office=lawyer.office).order_by("pk").first().pk
    results["timeline_case_with_500_events"] = measure(
        as_lawyer, [(reverse("cases:detail", args=[heavy]), {})] * (n // 5)
    )
    print(
        json.dumps(
            {
                "benchmark": "cases",
                "commit": git_commit(),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "postgresql": postgresql,
                    "calibration": calibration(),
                },
                "data": {
                    "cases": Case.objects.count(),
                    "timeline_events": CaseEvent.objects.count(),
                    "tasks": Task.objects.count(),
                    "referrals": Referral.objects.count(),
                    "generate_seconds": setup_seconds,
                },
                **results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
