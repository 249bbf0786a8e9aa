"""Benchmark of the statistics module at national scale, on PostgreSQL: the dashboard at
1,000,000 people and about 5,000,000 contacts, and the import of a 1,000,000-row official
table.

    .venv/bin/python bench/stats.py [--people 1000000] [--contacts-per-person 5] [--runs 60]
        [--import-rows 1000000] [--reuse] [--keep-dataset] [--explain]

Creates (or reuses) the database in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/komek_bench_stats), seeds the demo and fills it with
`komek seed_people`, six in ten people (and their contacts) in the Astana office, the rest
in Almaty and Shymkent, then runs ANALYZE.

Dashboard: `/statistics/` rendered through Django (views, templates and charts included)
as an office coordinator (the Astana office only) and as the administrator (every office,
small counts hidden), for the current quarter (the default) and for the last full
calendar year; `--runs` timed renders each after two warm-ups (the first one timed apart
as first_render_ms), with the number of SQL queries of a render, its slowest queries and
the contacts in the period. `--explain`
writes EXPLAIN (ANALYZE, BUFFERS) of those slowest queries to stderr.

Import: a long-form CSV like the migration police's tables (period, one of the 20
regions and cities of Kazakhstan, 30 citizenships, sex and purpose of stay; figures
written "18 875", a totals row per region and month) run through `komek import_stats`
as a separate process, first with --dry-run (reading and checking), then for real;
the rows written are counted in the database, the dataset page and the advocacy page
are timed with it, and the dataset is dropped again unless `--keep-dataset`.

Before the dashboard, `komek tally_contacts --again` counts every past day into the
daily tallies the dashboard reads (timed as tally_seconds).

Prints one JSON object, with the targets and whether they are met.
"""

import argparse
import csv
import json
import os
import platform
import random
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from common import (
    SqlClock,
    calibration,
    configure,
    explain,
    git_commit,
    seed_people_in_offices,
    server_version,
    signed_in_client,
    start_django,
    timings,
)

# p95 of a dashboard render, by the length of its period.
DASHBOARD_P95_TARGETS_MS = {"quarter": 150, "year": 300}
IMPORT_TARGET_SECONDS = 60
DATASET = "bench_registrations"

TERRITORIES = [
    ("г. Астана", 9),
    ("г. Алматы", 12),
    ("г. Шымкент", 6),
    ("Абайская область", 1),
    ("Акмолинская область", 2),
    ("Актюбинская область", 2),
    ("Алматинская область", 4),
    ("Атырауская область", 3),
    ("Восточно-Казахстанская область", 1),
    ("Жамбылская область", 2),
    ("Жетысуская область", 1),
    ("Западно-Казахстанская область", 1),
    ("Карагандинская область", 2),
    ("Костанайская область", 1),
    ("Кызылординская область", 1),
    ("Мангистауская область", 3),
    ("Павлодарская область", 1),
    ("Северо-Казахстанская область", 1),
    ("Туркестанская область", 4),
    ("Улытауская область", 1),
]
CITIZENSHIPS = [
    ("Узбекистан", 40),
    ("Кыргызстан", 15),
    ("Таджикистан", 12),
    ("Россия", 10),
    ("Китай", 8),
    ("Турция", 5),
    ("Азербайджан", 2),
    ("Туркменистан", 2),
    ("Украина", 2),
    ("Беларусь", 1),
    ("Армения", 1),
    ("Грузия", 1),
    ("Монголия", 1),
    ("Афганистан", 1),
    ("Индия", 1),
    ("Пакистан", 1),
    ("Иран", 1),
    ("Германия", 1),
    ("Республика Корея", 1),
    ("Соединенные Штаты", 1),
    ("Вьетнам", 1),
    ("Молдова", 1),
    ("Латвия", 1),
    ("Литва", 1),
    ("Эстония", 1),
    ("Польша", 1),
    ("Италия", 1),
    ("Франция", 1),
    ("Великобритания", 1),
    ("Япония", 1),
]
SEXES = [("мужской", 0.7), ("женский", 0.3)]
PURPOSES = [
    ("трудовая деятельность", 0.55),
    ("частная", 0.2),
    ("учёба", 0.1),
    ("воссоединение семьи", 0.1),
    ("деловая", 0.05),
]
HEADERS = ["period_from", "period_to", "territory", "citizenship", "sex", "purpose", "value"]


def office_coordinator():
    """A coordinator of the Astana office alone (the demo's coordinator is national)."""
    from komek.accounts import services
    from komek.accounts.models import Office, User
    from komek.core.roles import Role

    user = User.objects.filter(username="bench-coordinator").first()
    if user is None:
        user = services.user_create(
            created_by=None,
            password=secrets.token_urlsafe(),
            username="bench-coordinator",
            first_name="Бенч",
            last_name="Координатор",
            role=Role.COORDINATOR,
            office=Office.objects.get(code="astana"),
            national_scope=False,
        )
        services.second_factor_confirm(device=services.second_factor_start(user=user))
    return user


def measure_dashboard(client, params: dict, start: date, runs: int, label: str, options) -> dict:
    """Timed renders after two warm-ups (the first timed apart), then one render with its
    queries captured."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("statistics:dashboard")

    def render() -> None:
        response = client.get(url, params)
        assert response.status_code == 200, (label, response.status_code)
        # The form falls back to the current quarter when the parameters are refused.
        assert f'value="{start:%Y-%m-%d}"'.encode() in response.content, label

    started = time.perf_counter()
    render()
    first_ms = round((time.perf_counter() - started) * 1000, 1)
    render()
    elapsed, sql = [], SqlClock()
    with sql.running():
        for _ in range(runs):
            started = time.perf_counter()
            render()
            elapsed.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        render()
    queries = sorted(captured.captured_queries, key=lambda query: -float(query["time"]))
    if options.explain:
        for query in queries[:3]:
            sys.stderr.write(f"\n=== {label}: {float(query['time']) * 1000:.0f} ms\n")
            sys.stderr.write(f"{query['sql']}\n{explain(query['sql'])}\n")
    return {
        "first_render_ms": first_ms,
        **timings(elapsed, sql),
        "queries": len(captured),
        "sql_ms": round(sum(float(query["time"]) for query in queries) * 1000, 1),
        "slowest_queries": [
            {"ms": round(float(query["time"]) * 1000, 1), "sql": query["sql"][:240]}
            for query in queries[:3]
        ],
    }


def dashboard(options) -> dict:
    from django.utils import timezone

    from komek.accounts.models import User
    from komek.core.indicators import Scope
    from komek.hotline.indicators import contacts_in
    from komek.statistics.forms import quarter_of

    coordinator = office_coordinator()
    users = {
        "office_coordinator": (coordinator, coordinator.office),
        "national_admin": (User.objects.get(username="admin"), None),
    }
    today = timezone.localdate()
    year = today.year - 1
    periods = {
        "quarter": (*quarter_of(today), False),
        "year": (date(year, 1, 1), date(year, 12, 31), True),
    }
    results = {}
    for who, (user, office) in users.items():
        client = signed_in_client(user)
        for name, (start, end, explicit) in periods.items():
            params = {"start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"} if explicit else {}
            if explicit and office is not None:
                params["office"] = office.pk
            label = f"{who}_{name}"
            scope = Scope(start=start, end=end, offices=(office.pk,) if office else None)
            results[label] = {
                "period": [f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"],
                "office": office.code if office else "all",
                "contacts_in_period": contacts_in(scope).count(),
                **measure_dashboard(client, params, start, options.runs, label, options),
            }
    return results


def table_rows(figures: int, rng: random.Random):
    """Month after month from January 2013: every region's cells, then its totals row."""
    month = date(2013, 1, 1)
    written = 0
    while True:
        following = (month + timedelta(days=32)).replace(day=1)
        period = [f"{month:%d.%m.%Y}", f"{following - timedelta(days=1):%d.%m.%Y}"]
        for territory, size in TERRITORIES:
            total = 0
            for citizenship, weight in CITIZENSHIPS:
                for sex, sex_share in SEXES:
                    for purpose, purpose_share in PURPOSES:
                        mean = 60 * size * weight * sex_share * purpose_share
                        value = int(rng.uniform(0.5, 1.5) * mean)
                        total += value
                        yield [*period, territory, citizenship, sex, purpose, number(value, rng)]
                        written += 1
                        if written == figures:
                            yield [*period, territory, "Итого", "", "", number(total, rng)]
                            return
            yield [*period, territory, "Итого", "", "", number(total, rng)]
        month = following


def write_table(path: Path, figures: int, seed: int) -> int:
    """A long-form table of ``figures`` cells; returns the number of totals rows."""
    totals = 0
    with path.open("w", encoding="utf-8", newline="") as file:
        out = csv.writer(file, lineterminator="\n")
        out.writerow(HEADERS)
        for row in table_rows(figures, random.Random(seed)):
            totals += row[3] == "Итого"
            out.writerow(row)
    return totals


def number(value: int, rng: random.Random) -> str:
    """As the tables write them: "18 875", now and then with a no-break space."""
    text = f"{value:,}"
    return text.replace(",", "\u00a0" if rng.random() < 0.1 else " ")


def run_command(args: list[str]) -> dict:
    """One `komek` command in its own process: wall time, peak memory, output."""
    komek = Path(sys.executable).with_name("komek")
    command = [str(komek)] if komek.exists() else [sys.executable, "-m", "komek.manage"]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen([*command, *args], stdout=out, stderr=err)  # noqa: S603
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode:
        raise SystemExit(f"komek {' '.join(args)} failed:\n{stdout}{stderr}")
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "output": stdout.strip()[-200:],
    }


def drop_dataset(code: str) -> None:
    from django.db import connection, transaction

    from komek.statistics.models import Dataset

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM statistics_observation WHERE version_id IN "
            "(SELECT v.id FROM statistics_datasetversion v JOIN statistics_dataset d "
            "ON d.id = v.dataset_id WHERE d.code = %s)",
            [code],
        )
        Dataset.objects.filter(code=code).delete()


def import_table(options) -> dict:
    from django.db import connection
    from django.urls import reverse

    from komek.accounts.models import User
    from komek.statistics.models import DatasetVersion, Observation

    drop_dataset(DATASET)
    client = signed_in_client(User.objects.get(username="admin"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "registrations.csv"
        started = time.monotonic()
        totals = write_table(path, options.import_rows, options.seed)
        write_seconds = round(time.monotonic() - started, 1)
        lines = options.import_rows + totals
        args = [
            "import_stats",
            str(path),
            "--dataset",
            DATASET,
            "--title",
            "Benchmark: registered foreign citizens by region, citizenship, sex and purpose",
            "--measure",
            "registered",
        ]
        dry_run = run_command([*args, "--dry-run"])
        assert "no problems found" in dry_run["output"], dry_run
        imported = run_command([*args, "--by", "coordinator"])
        file_mb = round(path.stat().st_size / 2**20, 1)
    version = DatasetVersion.objects.get(dataset__code=DATASET, is_current=True)
    in_database = Observation.objects.filter(version=version).count()
    assert in_database == version.rows == options.import_rows, (in_database, version.rows)
    assert version.totals_skipped == totals, version.totals_skipped
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE statistics_observation")
    pages = {
        "dataset_page": (reverse("statistics:dataset", args=[DATASET]), {}),
        "dataset_page_500": (reverse("statistics:dataset", args=[DATASET]), {"page": 500}),
        "advocacy_page": (reverse("statistics:advocacy"), {}),
    }
    with_dataset = {}
    for name, (url, params) in pages.items():
        client.get(url, params)
        elapsed, sql = [], SqlClock()
        with sql.running():
            for _ in range(options.page_runs):
                started = time.perf_counter()
                response = client.get(url, params)
                elapsed.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
        with_dataset[name] = timings(elapsed, sql)
    if not options.keep_dataset:
        drop_dataset(DATASET)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE statistics_observation")
    return {
        "figures": options.import_rows,
        "totals_rows": totals,
        "csv_lines": lines,
        "csv_mb": file_mb,
        "csv_write_seconds": write_seconds,
        "dry_run_seconds": dry_run["seconds"],
        "dry_run_peak_rss_mb": dry_run["peak_rss_mb"],
        "seconds": imported["seconds"],
        "rows_per_second": round(options.import_rows / imported["seconds"]),
        "peak_rss_mb": imported["peak_rss_mb"],
        "rows_in_database": in_database,
        "dataset_dropped": not options.keep_dataset,
        "pages_with_the_dataset": with_dataset,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--contacts-per-person", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=60, help="timed renders per dashboard")
    parser.add_argument("--page-runs", type=int, default=5, help="timed renders per page")
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="keep existing data if big enough")
    parser.add_argument("--keep-dataset", action="store_true", help="leave the imported table")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN slow queries to stderr")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    load = os.getloadavg()[0]

    configure("komek_bench_stats")
    start_django()
    from django.core.management import call_command
    from django.db.models import Count

    from komek.hotline.models import Contact
    from komek.people.models import Person

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    generate_seconds = seed_people_in_offices(
        options.people,
        contacts_per_person=options.contacts_per_person,
        seed=options.seed,
        reuse=options.reuse,
    )
    # Every past day counted into the daily tallies at once, as after a bulk load (the
    # dashboard would otherwise count each day the first time it is shown).
    started = time.perf_counter()
    call_command("tally_contacts", "--again", stdout=open(os.devnull, "w"))  # noqa: SIM115
    tally_seconds = round(time.perf_counter() - started, 1)
    postgresql = server_version()  # VACUUM ANALYZE first, the tallies included
    board = dashboard(options)
    worst_p95 = max(result["p95_ms"] for result in board.values())
    imported = import_table(options)
    contacts = Contact.objects.values("office__code").annotate(n=Count("pk"))
    print(
        json.dumps(
            {
                "benchmark": "stats",
                "commit": git_commit(),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "postgresql": postgresql,
                    "calibration": calibration(),
                    "load_average_at_start": round(load, 2),
                },
                "targets": {
                    "dashboard_p95_ms": DASHBOARD_P95_TARGETS_MS,
                    "import_seconds": IMPORT_TARGET_SECONDS,
                },
                "targets_met": {
                    "dashboard_p95": all(
                        result["p95_ms"] <= DASHBOARD_P95_TARGETS_MS[label.rsplit("_", 1)[1]]
                        for label, result in board.items()
                    ),
                    "import": imported["seconds"] <= IMPORT_TARGET_SECONDS,
                },
                "data": {
                    "people": Person.objects.count(),
                    "contacts": Contact.objects.count(),
                    "contacts_by_office": {row["office__code"]: row["n"] for row in contacts},
                    "generate_seconds": generate_seconds,
                    "tally_seconds": tally_seconds,
                },
                "dashboard_worst_p95_ms": worst_p95,
                "dashboard": board,
                "import": imported,
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
