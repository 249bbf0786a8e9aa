"""The public that bench/portal.py sends against gunicorn: anonymous Locust users of the
portal under /m/, each seen at its own address (``X-Forwarded-For``, as the server sees
it behind the proxy).

Reads the plan that portal.py writes (the languages, the booklets published in each and
those with a PDF, the situations, the hotline's topics, how many of each user, ``PACE``,
``WARM_UP`` and ``SECONDS``) from
``PORTAL_PLAN``, and writes every request's time (ms), failure and failure's reason by
kind to ``PORTAL_SAMPLES`` when Locust stops. Requests are measured for ``SECONDS`` from
``WARM_UP`` seconds after every user has started, once the callback requesters'
staggered starts have settled into their pace.

- A reader picks a language and reads as a person on a phone does, a few seconds a page
  (a tenfold compression, as in bench/locustfile.py): now and then the language chooser
  first, the home, an "I have a problem" situation, the booklet in the language (in
  Russian where it is not published in it), sometimes its PDF, often the navigator with
  their entry date, sometimes the offices or what the centre does.
- A callback requester is a new person each time (a new address, a new number): opens the
  form, fills it in for ``FILL`` seconds (the form refuses a submission sooner than 3 s
  after it was served), sends it and reads the reference; one in twenty taps "send"
  twice, which must make one callback. Each requester starts one request every ``PACE``
  seconds, so that the requesters together send the planned number a second.
"""

import itertools
import json
import os
import random
import re
import time
from datetime import date, timedelta
from urllib.parse import urlencode

import gevent
from common import record_requests
from locust import FastHttpUser, between, constant_pacing, events, task

with open(os.environ["PORTAL_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)

PACE = PLAN["pace_seconds"]
WARM_UP = PLAN["warm_up_seconds"]
SECONDS = PLAN["seconds"]
FILL = (4, 8)
SEND_AGAIN = 0.05
CITIZENSHIPS = ("UZ", "TJ", "KG")
DOCUMENTS = (["passport", "migration_card"], ["passport"], ["passport", "migration_card"])
NAMES = ("Фарҳод", "Dilshod Karimov", "Айгүл", "Жамшид Рахимов", "Gulnora", "Бахтиёр", "Нурлан")
# Mobile numbers of Kazakhstan, Uzbekistan, Tajikistan and Kyrgyzstan, as people type them.
PHONES = ("+7 701 {}", "+998 90 {}", "+992 93 {}", "+996 555 {}")
PHONE_DIGITS = {"+7 701 {}": 7, "+998 90 {}": 7, "+992 93 {}": 7, "+996 555 {}": 6}

began: list[float] = []
# Each callback request comes from an address of its own; readers keep theirs.
addresses = itertools.count(1)


@events.spawning_complete.add_listener
def _begin(**_kwargs) -> None:
    began.append(time.monotonic() + WARM_UP)


def _measuring(_name: str) -> bool:
    return bool(began) and began[0] <= time.monotonic() <= began[0] + SECONDS


def _measured_seconds() -> float:
    return min(max(0.0, time.monotonic() - began[0]), SECONDS) if began else 0.0


record_requests(
    os.environ["PORTAL_SAMPLES"], measuring=_measuring, measured_seconds=_measured_seconds
)


def pause(low: float, high: float) -> None:
    gevent.sleep(random.uniform(low, high))


def address() -> str:
    number = next(addresses)
    return f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"


class Visitor(FastHttpUser):
    """Someone on the portal, from an address, in a language (FastHttpUser asks for
    compressed answers, as a phone's browser does)."""

    abstract = True

    def on_start(self) -> None:
        self.language = random.choice(PLAN["languages"])
        self.address = address()

    def headers(self) -> dict[str, str]:
        return {
            "X-Forwarded-For": self.address,
            "Accept-Language": f"{self.language['tag']},ru;q=0.8",
        }

    def get(self, path: str, *, name: str, **kwargs):
        return self.client.get(
            f"/m/{self.language['code']}/{path}", name=name, headers=self.headers(), **kwargs
        )


class Reader(Visitor):
    fixed_count = PLAN["readers"]
    wait_time = between(2, 6)

    @task
    def read(self) -> None:
        if random.random() < 0.25:
            with self.client.get(
                "/m/",
                name="choose_language",
                headers=self.headers(),
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 302:
                    response.failure(f"{response.status_code} instead of 302")
        self.get("", name="home")
        pause(2, 6)
        self.get(f"help/{random.choice(PLAN['situations'])}/", name="situation")
        pause(2, 6)
        code = self.language["code"]
        in_language = PLAN["booklets"].get(code)
        shown = code if in_language else "ru"
        slug = random.choice(in_language or PLAN["booklets"]["ru"])
        self.client.get(f"/m/{shown}/booklets/{slug}/", name="booklet", headers=self.headers())
        if slug in PLAN["pdfs"].get(shown, []) and random.random() < 0.2:
            pause(2, 6)
            self.client.get(
                f"/m/{shown}/booklets/{slug}/pdf/", name="booklet_pdf", headers=self.headers()
            )
        if random.random() < 0.6:
            pause(2, 6)
            entered = date.fromisoformat(PLAN["today"]) - timedelta(days=random.randint(1, 120))
            query = {
                "citizenship": random.choice(CITIZENSHIPS),
                "entered": entered.isoformat(),
                "purpose": "work",
                "documents": random.choice(DOCUMENTS),
            }
            self.get(f"navigator/?{urlencode(query, doseq=True)}", name="navigator")
        if random.random() < 0.3:
            pause(2, 6)
            self.get("offices/", name="offices")
        if random.random() < 0.2:
            pause(2, 6)
            self.get("about/", name="about")


SERVED_AT = re.compile(r'name="served_at" value="([^"]+)"')
SELECTED_LANGUAGE = re.compile(r'<option value="([^"]+)" selected>')
REFUSAL = re.compile(r'data-refusal="([^"]+)"')
FIELD_ERROR = re.compile(r'data-error="([^"]+)"')


def _why(response) -> str:
    """What the form page sent back says was wrong: the refusal, or the fields in error."""
    page = response.text or ""
    refusal = REFUSAL.search(page)
    if refusal:
        return f"{response.status_code} {refusal.group(1)}"
    errors = FIELD_ERROR.findall(page)
    if errors:
        return f"{response.status_code} invalid {','.join(sorted(set(errors)))}"
    return f"{response.status_code} instead of 302"


class CallbackRequester(Visitor):
    fixed_count = PLAN["requesters"]
    wait_time = constant_pacing(PACE)

    def on_start(self) -> None:
        super().on_start()
        # People come at any moment, not all in the first seconds.
        pause(0, PACE)

    @task
    def ask(self) -> None:
        self.language = random.choice(PLAN["languages"])
        self.address = address()
        with self.get("callback/", name="callback_form", catch_response=True) as response:
            page = response.text or ""
            served_at = SERVED_AT.search(page)
            selected = SELECTED_LANGUAGE.search(page)
            if served_at is None or selected is None:
                response.failure("no form")
                return
            if "<altcha-widget" in page:
                response.failure("a proof of work asked of a new address")
                return
        template = random.choice(PHONES)
        digits = PHONE_DIGITS[template]
        fields = {
            "caller_name": random.choice(NAMES),
            "caller_phone": template.format(f"{random.randrange(10**digits):0{digits}d}"),
            "language": selected.group(1),
            "topic": random.choice(PLAN["topics"]),
            "preferred": random.choice(["soon", "morning", "day", "evening"]),
            "served_at": served_at.group(1),
            "website": "",
        }
        pause(*FILL)
        sent = self.send(fields, name="callback_send")
        if sent is not None and random.random() < SEND_AGAIN:
            self.send(fields, name="callback_send_again")
        if sent is not None:
            self.client.get(sent, name="callback_sent", headers=self.headers())

    def send(self, fields: dict, *, name: str) -> str | None:
        """The form sent; where it leads (the reference page), None when refused."""
        with self.client.post(
            f"/m/{self.language['code']}/callback/",
            data=urlencode(fields),
            headers={**self.headers(), "Content-Type": "application/x-www-form-urlencoded"},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or "/callback/sent/" not in location:
                response.failure(_why(response))
                return None
            return location
