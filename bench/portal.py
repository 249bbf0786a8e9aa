"""Load test of the public portal (/m/): anonymous readers and callback requests against
gunicorn (4 workers) on PostgreSQL.

    .venv/bin/python bench/portal.py [--seconds 60] [--readers 200] [--callbacks-per-second 20]

Creates (or reuses) the database in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/komek_bench_portal), seeds the demo (its booklet,
published in Russian and Uzbek; the offices; the hotline's topics; the navigator's
shipped rules), writes the PDF of every published edition that has none, and clears the
callback form's marks of earlier runs (the limits' counts, as if a day had passed). Then
starts gunicorn behind a pretended proxy (``TRUST_X_FORWARDED_FOR``: each Locust user
gives its own address in X-Forwarded-For) and lets Locust (bench/locustfile_portal.py,
headless) play `--readers` readers, each in a language, and as many callback requesters as
send `--callbacks-per-second`, each a new person at a new address who opens the form,
fills it in for a few seconds and sends it, passing the form's protection as a person
does. Requests are measured for `--seconds` once all have started.

Prints one JSON object: per kind of request its count, errors and p50/p95/p99 in ms, the
pages and the callback requests together, why any request failed, the callbacks the
hotline's queue received, gunicorn's CPU seconds per request, each page's time alone
with the share of it spent in PostgreSQL (``one_by_one``), and the machine's calibration.
Target: the pages' p95 ≤ 100 ms and no error.
"""

import argparse
import json
import math
import os
import platform
import tempfile
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

from common import (
    GUNICORN_WORKERS,
    calibration,
    configure,
    git_commit,
    percentile,
    run,
    serve,
    server_cpu_seconds,
    server_version,
    summary,
    swarm,
)

PAGES = (
    "choose_language",
    "home",
    "situation",
    "booklet",
    "booklet_pdf",
    "navigator",
    "offices",
    "about",
)
CALLBACK = ("callback_form", "callback_send", "callback_send_again", "callback_sent")
PAGES_P95_TARGET_MS = 100
# Requests of each page sent one after another in this process, to see where the time goes.
ONE_BY_ONE = 30
# How often a callback requester starts a request (one every PACE_SECONDS, filling the form
# in for up to 8 of them), and how long Locust waits, once every user has started, before
# measuring: until the requesters' staggered starts have settled into their pace.
PACE_SECONDS = 10
WARM_UP_SECONDS = PACE_SECONDS
SPAWN_RATE = 50
STOP_TIMEOUT_SECONDS = 2


def prepare() -> dict:
    """The demo, every published edition's PDF, no mark of an earlier run; what the
    portal has to show."""
    from django.core.management import call_command
    from django.test import override_settings

    from komek.accounts.models import User
    from komek.hotline.models import WebRequestMark
    from komek.portal import selectors
    from komek.publications.models import Edition, EditionStatus, FileKind
    from komek.publications.pdf import request_file

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    coordinator = User.objects.get(username="coordinator")
    published = Edition.objects.filter(status=EditionStatus.PUBLISHED).select_related("material")
    # Written here and now rather than by a worker the benchmark would have to run.
    immediately = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(TASKS=immediately):
        for edition in published:
            if selectors.booklet_file(edition) is None:
                request_file(user=coordinator, edition=edition, kind=FileKind.BOOKLET)
    WebRequestMark.objects.all().delete()
    booklets: dict[str, list[str]] = {}
    pdfs: dict[str, list[str]] = {}
    for edition in published:
        booklets.setdefault(edition.language, []).append(edition.material.slug)
        if selectors.booklet_file(edition) is not None:
            pdfs.setdefault(edition.language, []).append(edition.material.slug)
    return {"booklets": booklets, "pdfs": pdfs}


def plan(options, content: dict) -> dict:
    """What the Locust users need: the languages (with the booklets by the address's
    language code), the situations, the hotline's topics, how many of each user."""
    from django.utils import timezone

    from komek.hotline.models import Topic
    from komek.portal.languages import LANGUAGES
    from komek.portal.situations import SITUATIONS

    code = {language.tag: language.code for language in LANGUAGES}
    return {
        "languages": [{"code": language.code, "tag": language.tag} for language in LANGUAGES],
        "booklets": {code[tag]: slugs for tag, slugs in content["booklets"].items()},
        "pdfs": {code[tag]: slugs for tag, slugs in content["pdfs"].items()},
        "situations": [situation.slug for situation in SITUATIONS],
        "topics": list(Topic.objects.filter(is_active=True).values_list("pk", flat=True)),
        "today": timezone.localdate().isoformat(),
        "readers": options.readers,
        "requesters": options.callbacks_per_second * PACE_SECONDS,
        "pace_seconds": PACE_SECONDS,
        "warm_up_seconds": WARM_UP_SECONDS,
        "seconds": options.seconds,
    }


def one_by_one(the_plan: dict) -> dict:
    """Each page in Uzbek alone, in this process, ONE_BY_ONE times after one request that
    warms it up: its time and the share of it spent waiting for PostgreSQL, which the load
    test, timing gunicorn from outside, cannot tell apart."""
    from django.test import Client

    entered = date.fromisoformat(the_plan["today"]) - timedelta(days=30)
    question = {
        "citizenship": "UZ",
        "entered": entered.isoformat(),
        "purpose": "work",
        "documents": ["passport", "migration_card"],
    }
    slug = (the_plan["booklets"].get("uz") or the_plan["booklets"]["ru"])[0]
    pages = {
        "home": "/m/uz/",
        "situation": f"/m/uz/help/{the_plan['situations'][0]}/",
        "booklet": f"/m/uz/booklets/{slug}/",
        "navigator": f"/m/uz/navigator/?{urlencode(question, doseq=True)}",
        "offices": "/m/uz/offices/",
        "about": "/m/uz/about/",
        "callback_form": "/m/uz/callback/",
    }
    client = Client()
    timed = {}
    for kind, url in pages.items():
        status = client.get(url).status_code
        if status != 200:
            raise SystemExit(f"{url} answered {status}")
        timed[kind] = run([partial(client.get, url)] * ONE_BY_ONE, cold=False)
    return timed


def callbacks() -> dict:
    """The hotline's callbacks from the site, and the form's submissions the protection
    noted (accepted ones carry the number's hash)."""
    from komek.hotline.models import Channel, Contact, WebRequestMark

    marks = WebRequestMark.objects.all()
    return {
        "web_callbacks": Contact.objects.filter(channel=Channel.WEB_FORM).count(),
        "submissions_noted": marks.count(),
        "submissions_accepted": marks.exclude(phone="").count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--callbacks-per-second", type=int, default=20)
    parser.add_argument("--port", type=int, default=8766)
    options = parser.parse_args()

    configure("komek_bench_portal")
    import django

    django.setup()
    from django.db import connection

    content = prepare()
    postgresql = server_version()
    machine = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "postgresql": postgresql,
        "calibration": calibration(),
    }
    before = callbacks()
    the_plan = plan(options, content)
    users = the_plan["readers"] + the_plan["requesters"]
    with tempfile.TemporaryDirectory() as folder:
        plan_path, samples_path = Path(folder) / "plan.json", Path(folder) / "samples.json"
        plan_path.write_text(json.dumps(the_plan))
        # The server's workers hold their own connections; this process needs none meanwhile.
        connection.close()
        server = serve(options.port, env={"TRUST_X_FORWARDED_FOR": "true"})
        cpu_before = server_cpu_seconds(server)
        try:
            swarm(
                options.port,
                locustfile="locustfile_portal.py",
                users=users,
                spawn_rate=SPAWN_RATE,
                seconds=math.ceil(users / SPAWN_RATE) + WARM_UP_SECONDS + options.seconds,
                env={"PORTAL_PLAN": str(plan_path), "PORTAL_SAMPLES": str(samples_path)},
                # Requests after the measured seconds are not counted: no need to wait for
                # the readers to finish their visit.
                stop_timeout=STOP_TIMEOUT_SECONDS,
            )
            cpu_seconds = server_cpu_seconds(server) - cpu_before
        finally:
            server.terminate()
            server.wait(timeout=30)
        recorded = json.loads(samples_path.read_text())
    samples, failures = recorded["samples"], recorded["failures"]
    after = callbacks()
    alone = one_by_one(the_plan)

    def together(kinds: tuple[str, ...]) -> dict:
        times = [time_ms for kind in kinds for time_ms in samples.get(kind, [])]
        return summary(times, sum(failures.get(kind, 0) for kind in kinds))

    pages_p95 = percentile([t for kind in PAGES for t in samples.get(kind, [])], 0.95)
    errors = sum(failures.values())
    seconds = recorded["seconds"]
    print(
        json.dumps(
            {
                "benchmark": "portal",
                "commit": git_commit(),
                "machine": machine,
                "data": content,
                "load": {
                    "seconds": options.seconds,
                    "measured_seconds": round(seconds),
                    "gunicorn_workers": GUNICORN_WORKERS,
                    "readers": the_plan["readers"],
                    "callback_requesters": the_plan["requesters"],
                    "callbacks_per_second_planned": options.callbacks_per_second,
                    "callbacks_per_second_sent": round(
                        len(samples.get("callback_send", [])) / seconds, 1
                    )
                    if seconds
                    else 0,
                },
                "requests": {
                    kind: summary(times, failures.get(kind, 0))
                    for kind, times in sorted(samples.items())
                },
                "pages": together(PAGES),
                "callback_requests": together(CALLBACK),
                "failures": recorded["reasons"],
                "one_by_one": alone,
                # Over the whole run: what a request costs gunicorn, whatever else the
                # machine runs meanwhile.
                "server": {
                    "cpu_seconds": round(cpu_seconds, 1),
                    "requests": recorded["sent"],
                    "cpu_ms_per_request": round(cpu_seconds * 1000 / max(recorded["sent"], 1), 1),
                },
                # Over the whole run, the warm-up included.
                "callbacks": {
                    "web_callbacks_added": after["web_callbacks"] - before["web_callbacks"],
                    "submissions_noted": after["submissions_noted"],
                    "submissions_accepted": after["submissions_accepted"],
                },
                "targets": {
                    "pages_p95_ms": PAGES_P95_TARGET_MS,
                    "errors": 0,
                    "met": pages_p95 <= PAGES_P95_TARGET_MS and errors == 0,
                },
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
