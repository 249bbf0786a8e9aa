"""What every benchmark shares: the PostgreSQL database, timing summaries, a signed-in
client; for the load tests, gunicorn, Locust and the recording of its requests."""

import json
import math
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Where the synthetic people live: six in ten in Astana, the rest in Almaty and Shymkent.
OFFICE_SHARES = (("astana", 0.6), ("almaty", 0.25), ("shymkent", 0.15))
# The load tests' gunicorn: as many sync workers as a small production server runs.
GUNICORN_WORKERS = 4


def configure(default_database: str) -> None:
    """Point Django at the benchmark database (created if missing); call before setup."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{default_database}"
    )
    os.environ.setdefault("DEBUG", "false")
    ensure_database(os.environ["DATABASE_URL"])


def start_django() -> None:
    """Django set up as Komek's WSGI application sets it up (komek/wsgi.py): the requests
    timed in this process run as they run in a server's."""
    import django

    django.setup()
    from komek.core.startup import settle

    settle()


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed_people_in_offices(
    people: int, *, contacts_per_person: float, seed: int, reuse: bool
) -> float | None:
    """Top the synthetic people up to ``people`` (with ``reuse``), or add ``people`` more,
    shared among the offices by OFFICE_SHARES, through `komek seed_people`; the seconds it
    took, None when nothing was missing."""
    from django.core.management import call_command
    from django.db.models import Count

    from komek.people.models import Person

    synthetic = Person.objects.filter(ref__startswith="SYN-")
    have = dict(
        synthetic.values("office__code").annotate(n=Count("pk")).values_list("office__code", "n")
    )
    started = time.monotonic()
    generated = False
    for code, share in OFFICE_SHARES:
        wanted = round(people * share)
        missing = wanted - have.get(code, 0) if reuse else wanted
        if missing > 0:
            call_command(
                "seed_people",
                count=missing,
                contacts_per_person=contacts_per_person,
                office=code,
                seed=seed + synthetic.count(),
                stdout=sys.stderr,
            )
            generated = True
    return round(time.monotonic() - started, 1) if generated else None


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value at least ``share`` of the values
    do not exceed (the 19th of 20 for the 95th, not the largest)."""
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(share * len(ordered)) - 1)], 2)


def timings(values: list[float], sql: "SqlClock | None" = None) -> dict:
    summary = {
        "n": len(values),
        "p50_ms": round(statistics.median(values), 2),
        "p95_ms": percentile(values, 0.95),
        "max_ms": round(max(values), 2),
    }
    if sql is not None:
        summary["sql_share"] = round(sql.seconds * 1000 / sum(values), 3)
        # None for a request that sends no query at all (a page from the cache).
        summary["total_over_sql"] = (
            round(sum(values) / (sql.seconds * 1000), 2) if sql.queries else None
        )
        summary["sql_queries_per_request"] = round(sql.queries / len(values), 1)
    return summary


def run(calls, *, cold: bool) -> dict:
    """Time each of ``calls`` (a function of no argument); cold: on a new connection each,
    which reads the session, the user and the tables' pages anew."""
    from django.db import connection

    elapsed, sql = [], SqlClock()
    with sql.running():
        for call in calls:
            if cold:
                connection.close()
            started = time.perf_counter()
            call()
            elapsed.append((time.perf_counter() - started) * 1000)
    return timings(elapsed, sql)


class SqlClock:
    """Time spent in the database while it is installed (``with clock.running():``):
    every query Django sends, from the call to its last row, and every COMMIT and
    ROLLBACK (a round trip that waits for the server, which Django's execute wrappers do
    not see)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1

    def _timed(self, end):
        def timed():
            started = time.perf_counter()
            try:
                return end()
            finally:
                self.seconds += time.perf_counter() - started

        return timed

    @contextmanager
    def running(self):
        from django.db import connection

        ends = {"_commit": connection._commit, "_rollback": connection._rollback}
        for name, end in ends.items():
            setattr(connection, name, self._timed(end))
        try:
            with connection.execute_wrapper(self):
                yield self
        finally:
            for name in ends:
                delattr(connection, name)


def calibration() -> dict:
    """Two fixed loads, best of five, so that figures from two machines can be compared:
    a pure-Python loop and one SQL query that PostgreSQL answers from memory."""
    from django.db import connection

    def best(run) -> float:
        elapsed = []
        for _ in range(5):
            started = time.perf_counter()
            run()
            elapsed.append((time.perf_counter() - started) * 1000)
        return round(min(elapsed), 1)

    def python_loop() -> None:
        total = 0
        for number in range(2_000_000):
            total += number * number % 7

    def sql_query() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM generate_series(1, 1000000)")
            cursor.fetchone()

    return {"python_loop_ms": best(python_loop), "sql_generate_series_ms": best(sql_query)}


def explain(sql: str) -> str:
    """PostgreSQL's plan of ``sql`` as it ran: EXPLAIN (ANALYZE, BUFFERS)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def git_commit() -> str:
    import shutil
    import subprocess

    found = subprocess.run(  # noqa: S603
        [shutil.which("git") or "git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return found.stdout.strip() or "unknown"


def signed_in_client(user):
    """A test client signed in as ``user`` with the second factor passed."""
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


def server_version() -> str:
    """The server's version, once the data is vacuumed, analysed and written out: after
    a load, VACUUM dirties gigabytes of pages, and without the CHECKPOINT their flush
    runs beside the first timed requests (the run of bench/stats.py that generated its
    data measured the office's quarter at p95 160 ms, the next run 99 ms)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def serve(port: int, *, env: dict[str, str] | None = None) -> subprocess.Popen:
    """gunicorn with its workers (``env`` added to this process's environment), answering
    once the sign-in page does."""
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "komek.wsgi:application",
            "--workers",
            str(GUNICORN_WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "LOG_LEVEL": "WARNING", **(env or {})},
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/"):
                return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.5)


def swarm(
    port: int,
    *,
    locustfile: str,
    users: int,
    spawn_rate: float,
    seconds: int,
    env: dict[str, str],
    stop_timeout: int = 30,
) -> None:
    """Locust, headless, with ``users`` of ``bench/<locustfile>`` against the server for
    ``seconds``, then ``stop_timeout`` for the users to finish their task; its summary
    goes to stderr, ``env`` to the locustfile."""
    subprocess.run(  # noqa: S603
        [
            str(Path(sys.executable).parent / "locust"),
            "--locustfile",
            str(ROOT / "bench" / locustfile),
            "--headless",
            "--host",
            f"http://127.0.0.1:{port}",
            "--users",
            str(users),
            "--spawn-rate",
            str(spawn_rate),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            str(stop_timeout),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=sys.stderr,
        check=False,  # Locust exits 1 when a request failed: the failures are reported.
    )


def record_requests(
    path: str, *, measuring: Callable[[str], bool], measured_seconds: Callable[[], float]
) -> None:
    """In a locustfile: each request's time (ms) by kind (its name), and its failures by
    kind and by reason, counted while ``measuring(name)``; written to ``path`` as JSON
    (``samples``, ``failures``, ``reasons``, ``seconds``) when Locust stops, with every
    request sent, measured or not (``sent``)."""
    from locust import events

    samples: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    reasons: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sent = [0]

    @events.request.add_listener
    def _count(name, response_time, exception, **_kwargs) -> None:
        sent[0] += 1
        if not measuring(name):
            return
        samples[name].append(response_time)
        if exception is not None:
            failures[name] += 1
            reasons[name][str(exception)] += 1

    @events.quitting.add_listener
    def _write(**_kwargs) -> None:
        recorded = {
            "samples": samples,
            "failures": failures,
            "reasons": reasons,
            "seconds": measured_seconds(),
            "sent": sent[0],
        }
        with open(path, "w", encoding="utf-8") as out:
            json.dump(recorded, out)


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """The CPU seconds gunicorn's master and its workers have taken so far (Linux's /proc);
    PostgreSQL's are not in."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # A process that ended meanwhile.
        pid, parent = int(stat.parent.name), int(fields[1])
        if server.pid in (pid, parent):
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def summary(times: list[float], errors: int) -> dict:
    """A kind of request under load: its count, errors and p50/p95/p99 in ms."""
    return {
        "n": len(times),
        "errors": errors,
        "p50_ms": percentile(times, 0.50),
        "p95_ms": percentile(times, 0.95),
        "p99_ms": percentile(times, 0.99),
    }
