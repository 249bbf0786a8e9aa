"""Benchmark of the legal-status navigator's evaluation, on PostgreSQL.

    .venv/bin/python bench/navigator.py [--evaluations 2000] [--stays 10] [--cold 200]

Creates (or reuses) the database in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/komek_bench_navigator), migrated: the shipped rules,
groups and calendar. Measures `komek.navigator.evaluation.evaluate()`, the service every
page calls (its three queries included), for random situations: a citizenship drawn from
the shipped rules' countries and groups, an entry between 2012 and 2027, a day of
evaluation up to 120 days later, --stays earlier stays in the two years before the entry,
a purpose, a registration date or none, and a document or none. Warm: --evaluations on
one open connection after a warm-up; cold: --cold, each on a new database connection.
Each gives p50/p95/max and the share of its time spent in SQL (common.SqlClock), and
what opening a connection alone costs. Prints one JSON object with the target and
whether each measure meets it.
"""

import argparse
import json
import os
import platform
import random
import time
from datetime import date, timedelta

from common import (
    SqlClock,
    calibration,
    configure,
    git_commit,
    server_version,
    start_django,
    timings,
)

TARGET_P95_MS = 20
WARM_UP = 20
CITIZENSHIPS = ["KG", "UZ", "TJ", "RU", "KZ", "BY", "AM", "AZ", "GE", "TR", "CN"]
PURPOSES = ["", "work", "private", "study", "business"]
DOCUMENTS = [(), ("employment_contract",), ("work_permit",), ("residence_permit",)]


def situation(rng: random.Random, stays: int):
    from komek.navigator.evaluation import Situation, Stay

    entered = date(2012, 1, 1) + timedelta(days=rng.randrange(16 * 365))
    earlier, cursor = [], entered - timedelta(days=730)
    for _ in range(stays):
        cursor += timedelta(days=rng.randrange(1, 40))
        left = cursor + timedelta(days=rng.randrange(0, 30))
        if left >= entered:
            break
        earlier.append(Stay(cursor, left))
        cursor = left
    on = entered + timedelta(days=rng.randrange(121))
    registered = entered + timedelta(days=rng.randrange(40)) if rng.random() < 0.5 else None
    return Situation(
        citizenship=rng.choice(CITIZENSHIPS),
        entered=entered,
        on=on,
        stays=tuple(earlier),
        purpose=rng.choice(PURPOSES),
        registered=registered if registered and registered <= on else None,
        documents=frozenset(rng.choice(DOCUMENTS)),
    )


def run(situations, *, cold: bool) -> dict:
    from django.db import connection

    from komek.navigator.evaluation import evaluate

    elapsed, sql = [], SqlClock()
    with sql.running():
        for one in situations:
            if cold:
                connection.close()
            started = time.perf_counter()
            evaluate(one)
            elapsed.append((time.perf_counter() - started) * 1000)
    return timings(elapsed, sql)


def connecting(count: int) -> dict:
    """What a new connection alone costs, to read the cold figures by."""
    from django.db import connection

    elapsed = []
    for _ in range(count):
        connection.close()
        started = time.perf_counter()
        connection.ensure_connection()
        elapsed.append((time.perf_counter() - started) * 1000)
    return timings(elapsed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--evaluations", type=int, default=2000)
    parser.add_argument("--stays", type=int, default=10, help="earlier stays per situation")
    parser.add_argument("--cold", type=int, default=200, help="evaluations on new connections")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    load = os.getloadavg()[0]

    configure("komek_bench_navigator")
    start_django()
    from django.core.management import call_command
    from django.utils import translation

    from komek.navigator.evaluation import evaluate
    from komek.navigator.models import CalendarDay, Rule

    call_command("migrate", verbosity=0)
    postgresql = server_version()
    translation.activate("ru")
    rng = random.Random(options.seed)
    drawn = [situation(rng, options.stays) for _ in range(options.evaluations + WARM_UP)]
    for one in drawn[:WARM_UP]:
        evaluate(one)
    warm = run(drawn[WARM_UP:], cold=False)
    cold = run(drawn[: options.cold], cold=True)
    connect = connecting(options.cold)
    statuses: dict[str, int] = {}
    for one in drawn[WARM_UP:]:
        status = evaluate(one).status
        statuses[status] = statuses.get(status, 0) + 1
    print(
        json.dumps(
            {
                "benchmark": "navigator",
                "commit": git_commit(),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "postgresql": postgresql,
                    "calibration": calibration(),
                    "load_average_at_start": round(load, 2),
                },
                "target_p95_ms": TARGET_P95_MS,
                "target_met": all(measure["p95_ms"] <= TARGET_P95_MS for measure in (warm, cold)),
                "data": {
                    "current_rules": Rule.objects.filter(replaced_by__isnull=True).count(),
                    "calendar_days": CalendarDay.objects.count(),
                    "earlier_stays_mean": round(
                        sum(len(one.stays) for one in drawn) / len(drawn), 1
                    ),
                    "statuses": statuses,
                },
                "evaluate": {"warm": warm, "cold": cold},
                "connect_only": connect,
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
