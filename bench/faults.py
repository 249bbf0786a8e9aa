"""Faults, on PostgreSQL, against a running Komek: JSON out, non-zero exit if one is not
survived.

1. The task worker is killed (SIGKILL) in the middle of a donor report: the next worker
   finishes it (or it fails where its owner sees it); it never stays "being written".
2. The database goes away under load (a TCP proxy between Komek and PostgreSQL is cut):
   every page answers 503 with the translated explanation and no traceback, then pages
   are served again when the database is back, without restarting Komek.
3. The disk of the media folder fills up (a 2 MB tmpfs, which needs root): an upload is
   refused with the 507 page, no half-written file and no document row are left, and
   the same upload goes through once there is room again.

    .venv/bin/python bench/faults.py [--database komek_faults]

Every wait is for a condition, with a deadline; the run takes 25-75 s, most of it
migrating and seeding the database. The logs of the processes are kept when a fault was
not survived.
"""

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KOMEK = str(ROOT / ".venv" / "bin" / "komek")
POSTGRES = ("127.0.0.1", 5432)
# What the 503 page says in Russian, the demo users' language.
UNAVAILABLE_TEXT = "не может связаться со своей базой данных"
DISK_FULL_TEXT = "ваш файл не сохранён"
# The worker's heartbeat and how long a silent worker is trusted, shortened for the run.
WORKER_ENV = {"KOMEK_WORKER_HEARTBEAT_SECONDS": "1", "KOMEK_WORKER_LOST_AFTER_SECONDS": "3"}


class Failed(Exception):
    pass


def wait_for(condition: Callable[[], object], *, seconds: float, what: str) -> object:
    """The condition's first true value, checked every 20 ms, or ``Failed`` at the deadline."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise Failed(f"gave up waiting {seconds:.0f} s for {what}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Proxy:
    """A TCP proxy to PostgreSQL that can be cut (open connections closed, new ones
    closed at once, as when the server stops) and restored."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.passing = threading.Event()
        self.passing.set()
        self.lock = threading.Lock()
        self.sockets: set[socket.socket] = set()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self) -> None:
        while True:
            client, _address = self.listener.accept()
            if not self.passing.is_set():
                client.close()
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets |= {client, server}
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self.pump, args=(source, sink), daemon=True).start()

    def pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                self.close(end)

    def close(self, end: socket.socket) -> None:
        with self.lock:
            self.sockets.discard(end)
        with contextlib.suppress(OSError):
            end.shutdown(socket.SHUT_RDWR)
        end.close()

    def cut(self) -> None:
        self.passing.clear()
        with self.lock:
            ends = list(self.sockets)
        for end in ends:
            self.close(end)

    def restore(self) -> None:
        self.passing.set()


class Processes:
    """The processes this run started, stopped by their own ids at the end."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.started: list[subprocess.Popen] = []

    def start(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (self.logs / f"{name}-{len(self.started)}.log").open("wb")
        process = subprocess.Popen(
            args, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def prepare_database(name: str, env: dict[str, str]) -> None:
    import psycopg

    admin = f"postgres://postgres@{POSTGRES[0]}:{POSTGRES[1]}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        subprocess.run([KOMEK, *command], env=env, check=True, capture_output=True)


def session_cookie(username: str) -> str:
    """A signed-in session with the second factor passed, as the sign-in pages leave it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from komek.accounts.models import User

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["otp_device_id"] = TOTPDevice.objects.get(user=user, confirmed=True).persistent_id
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def fetch(url: str, cookie: str, data: bytes | None = None, headers: dict | None = None):
    """(status, body) of a request; a redirect is not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, data=data, headers={"Cookie": cookie, **(headers or {})})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


# 1. The worker killed in the middle of a report ------------------------------------------


def worker_killed_mid_report(processes: Processes, env: dict[str, str]) -> dict:
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from komek.accounts.models import User
    from komek.core.jobs import JobStatus
    from komek.statistics import reporting
    from komek.statistics.models import Report, ReportTemplate

    coordinator = User.objects.get(username="coordinator")
    worker_env = env | WORKER_ENV
    worker_args = [KOMEK, "worker", "--interval", "0.2", "--no-startup-delay"]

    def status(report: Report) -> str:
        return Report.objects.values_list("status", flat=True).get(pk=report.pk)

    worker = processes.start("worker", worker_args, worker_env)
    attempts = 0
    while attempts < 5:
        attempts += 1
        with transaction.atomic():
            report = reporting.request_report(
                user=coordinator,
                template=ReportTemplate.objects.first(),
                start=date(2026, 1, 1),
                end=date(2026, 3, 31),
                office=None,
                language="ru",
                external=True,
            )
        wait_for(
            lambda report=report: (
                Report.objects.filter(pk=report.pk)
                .exclude(status=JobStatus.RUNNING, progress_done=0)
                .exclude(status=JobStatus.QUEUED)
                .exists()
            ),
            seconds=30,
            what="the worker to be half-way through the report",
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        if status(report) == JobStatus.RUNNING:
            break
        # The report was written before the kill landed: once more with another.
        worker = processes.start("worker", worker_args, worker_env)
    if status(report) != JobStatus.RUNNING:
        raise Failed("the worker finished every report before it could be killed")
    progress = Report.objects.get(pk=report.pk).progress_done

    started = time.monotonic()
    processes.start("worker", worker_args, worker_env)
    tasks = DBTaskResult.objects.filter(
        task_path__endswith="build_report", args_kwargs__args=[report.pk]
    )
    final = wait_for(
        lambda: status(report) in (JobStatus.DONE, JobStatus.FAILED) and status(report),
        seconds=60,
        what="the next worker to take the report over",
    )
    # The report is marked done inside the task; its task is marked once the task returns.
    wait_for(
        lambda: tasks.filter(status__in=["SUCCESSFUL", "FAILED"]).exists(),
        seconds=30,
        what="the worker to record the end of the report's task",
    )
    task = tasks.get()
    result = {
        "killed_while": "running",
        "progress_when_killed": f"{progress}/{report.progress_total}",
        "kill_attempts": attempts,
        "final_status": final,
        "task_status": task.status,
        "workers_that_ran_it": len(task.worker_ids),
        "seconds_to_finish_after_restart": round(time.monotonic() - started, 1),
    }
    result["ok"] = final == JobStatus.DONE and task.status == "SUCCESSFUL"
    return result


# 2. The database lost under load ----------------------------------------------------------


def database_lost_under_load(base: str, cookie: str, proxy: Proxy) -> dict:
    pages = ["/", "/people/?q=%D0%A5%D1%83%D1%81%D0%B0%D0%BD%D0%BE%D0%B2", "/hotline/"]
    phase = {"name": "before"}
    seen: list[tuple[str, int, bool, float]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            try:
                code, body = fetch(base + random.choice(pages), cookie)
            except OSError:
                code, body = 0, ""
            friendly = UNAVAILABLE_TEXT in body and "Traceback" not in body
            with lock:
                seen.append((phase["name"], code, friendly, time.monotonic()))

    def count(name: str, code: int) -> int:
        with lock:
            return sum(1 for entry in seen if entry[0] == name and entry[1] == code)

    threads = [threading.Thread(target=load, daemon=True) for _ in range(6)]
    for thread in threads:
        thread.start()
    try:
        wait_for(lambda: count("before", 200) >= 30, seconds=60, what="pages before the cut")
        phase["name"] = "cut"
        proxy.cut()
        wait_for(lambda: count("cut", 503) >= 30, seconds=60, what="503 pages while cut")
        phase["name"] = "back"
        restored = time.monotonic()
        proxy.restore()
        wait_for(lambda: count("back", 200) >= 30, seconds=60, what="pages after the database")
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    with lock:
        first_back = min(entry[3] for entry in seen if entry[0] == "back" and entry[1] == 200)
        statuses = {
            name: dict(sorted({str(code): 0 for p, code, *_ in seen if p == name}.items()))
            for name in ("before", "cut", "back")
        }
        for name, code, *_ in seen:
            statuses[name][str(code)] += 1
        unfriendly = sum(1 for _p, code, friendly, _t in seen if code == 503 and not friendly)
    allowed = {"200", "503"}
    result = {
        "requests": statuses,
        "unavailable_pages_without_the_explanation": unfriendly,
        "seconds_to_recover": round(first_back - restored, 2),
    }
    result["ok"] = unfriendly == 0 and all(set(codes) <= allowed for codes in statuses.values())
    return result


# 3. The media disk full -----------------------------------------------------------------


def png(size: int) -> bytes:
    """A real PNG of random pixels, which does not compress: about ``size`` bytes."""
    from PIL import Image

    side = int((size / 3) ** 0.5)
    picture = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def multipart(fields: dict[str, str], name: str, filename: str, content: bytes):
    boundary = f"komek{random.getrandbits(64):x}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
        f'filename="{filename}"\r\nContent-Type: image/png\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def media_disk_full(base: str, cookie: str, media: Path) -> dict:
    from komek.cases.models import Case, CaseDocument

    case = next(
        case
        for case in Case.objects.order_by("pk")
        if fetch(f"{base}/cases/{case.pk}/", cookie)[0] == 200
    )
    secret = "".join(random.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=32))
    picture = png(600_000)
    body, content_type = multipart({"csrfmiddlewaretoken": secret}, "file", "scan.png", picture)
    headers = {"Content-Type": content_type, "Cookie": f"{cookie}; csrftoken={secret}"}

    def upload():
        return fetch(f"{base}/cases/{case.pk}/documents/", headers["Cookie"], body, headers)

    filler = media / "filler"
    with filler.open("wb", buffering=0) as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 65536)
    free = os.statvfs(media).f_bavail * os.statvfs(media).f_frsize
    documents_before = CaseDocument.objects.filter(case=case).count()
    files_before = {path for path in media.rglob("*") if path.is_file()}
    code, page = upload()
    left_behind = [
        str(path.relative_to(media))
        for path in media.rglob("*")
        if path.is_file() and path not in files_before
    ]
    refused = {
        "status": code,
        "explained": DISK_FULL_TEXT in page and "Traceback" not in page,
        "bytes_free_before": free,
        "files_left_behind": left_behind,
        "document_rows_added": CaseDocument.objects.filter(case=case).count() - documents_before,
    }
    filler.unlink()
    code_with_room, _page = upload()
    result = {
        "upload_bytes": len(picture),
        "refused": refused,
        "status_with_room_again": code_with_room,
        "document_rows_added_with_room": CaseDocument.objects.filter(case=case).count()
        - documents_before,
    }
    result["ok"] = (
        refused["status"] == 507
        and refused["explained"]
        and not left_behind
        and refused["document_rows_added"] == 0
        and code_with_room == 302
        and result["document_rows_added_with_room"] == 1
    )
    return result


def mount_small_disk(path: Path) -> str | None:
    """A 2 MB tmpfs at ``path``, or why there is none."""
    if os.geteuid() != 0:
        return "mounting a small filesystem needs root"
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(path)], capture_output=True
    )
    return None if done.returncode == 0 else done.stderr.decode().strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="komek_faults")
    args = parser.parse_args()
    began = time.monotonic()

    workdir = Path(tempfile.mkdtemp(prefix="komek-faults-"))
    media = workdir / "media"
    media.mkdir()
    direct = f"postgres://postgres@{POSTGRES[0]}:{POSTGRES[1]}/{args.database}"
    env = os.environ | {
        "DATABASE_URL": direct,
        "DEBUG": "false",
        "KOMEK_ENV": "development",
        "MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "komek.settings",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    prepare_database(args.database, env)

    import django

    django.setup()

    no_disk = mount_small_disk(media)
    processes = Processes(workdir)
    proxy = Proxy(POSTGRES)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    summary: dict = {}
    try:
        server_env = env | {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{proxy.port}/{args.database}"
        }
        processes.start(
            "server", [KOMEK, "runserver", "--noreload", f"127.0.0.1:{port}"], server_env
        )
        operator, lawyer = session_cookie("operator"), session_cookie("lawyer")
        wait_for(lambda: _up(base, operator), seconds=60, what="Komek to answer")

        checks: list[tuple[str, Callable[[], dict]]] = [
            ("worker_killed_mid_report", lambda: worker_killed_mid_report(processes, env)),
            ("database_lost_under_load", lambda: database_lost_under_load(base, operator, proxy)),
        ]
        if no_disk is None:
            checks.append(("media_disk_full", lambda: media_disk_full(base, lawyer, media)))
        else:
            summary["media_disk_full"] = {"skipped": no_disk, "ok": True}
        for name, check in checks:
            try:
                summary[name] = check()
            except Failed as error:
                summary[name] = {"error": str(error), "ok": False}
    finally:
        processes.stop_all()
        if no_disk is None:
            subprocess.run(["umount", str(media)], check=False)
    summary["seconds"] = round(time.monotonic() - began, 1)
    summary["ok"] = all(part["ok"] for part in summary.values() if isinstance(part, dict))
    if summary["ok"]:
        shutil.rmtree(workdir)
    else:
        summary["logs"] = str(workdir)
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0 if summary["ok"] else 1


def _up(base: str, cookie: str) -> bool:
    try:
        return fetch(base + "/", cookie)[0] == 200
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main())
