"""The staff that bench/load.py sends against gunicorn: Locust users, one account each,
signed in with a password and a TOTP code like a person at a browser.

Reads the plan that load.py writes (accounts, TOTP keys, callers, cases) from
``LOAD_PLAN`` and writes every request's time (ms) and failure by kind to
``LOAD_SAMPLES`` when Locust stops. Think times compress a working day about tenfold: an
operator takes a call every 10-25 s, a lawyer opens a case every 10-25 s and a
coordinator looks at the dashboard every 15-30 s.
"""

import json
import os
import random
import time
import uuid
from urllib.parse import urlencode

import gevent
from common import record_requests
from django_otp.oath import TOTP
from locust import FastHttpUser, between, task

with open(os.environ["LOAD_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)

STAFF = sum(len(accounts) for accounts in PLAN["accounts"].values())

signed_in: list[float] = []


def _measuring(name: str) -> bool:
    # The work is measured once everyone has signed in: until then the sign-ins (each a
    # deliberately slow Argon2 hash) crowd the server as they would at 9 o'clock.
    return name == "sign_in" or len(signed_in) == STAFF


def _measured_seconds() -> float:
    return time.monotonic() - signed_in[-1] if len(signed_in) == STAFF else 0


record_requests(
    os.environ["LOAD_SAMPLES"], measuring=_measuring, measured_seconds=_measured_seconds
)


def pause(low: float, high: float) -> None:
    gevent.sleep(random.uniform(low, high))


class Staff(FastHttpUser):
    """One member of staff: takes the next free account of its role and signs in."""

    abstract = True
    role = ""

    def on_start(self) -> None:
        account = PLAN["accounts"][self.role].pop()
        self.username = account["username"]
        self.sign_in(account["password"], bytes.fromhex(account["key"]))
        signed_in.append(time.monotonic())

    def csrf_token(self) -> str:
        return next(c.value for c in self.client.cookiejar if c.name == "csrftoken")

    def post(self, url: str, fields: dict, *, name: str, expect: int, htmx: bool = False):
        """A form submission that must answer ``expect`` (302 when it saves and redirects;
        a form shown again with its errors is a failure)."""
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": self.csrf_token(),
        }
        if htmx:
            headers["HX-Request"] = "true"
        with self.client.post(
            url,
            data=urlencode(fields, doseq=True),
            headers=headers,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} instead of {expect}")
            return response

    def get(self, url: str, *, name: str, htmx: bool = False) -> None:
        self.client.get(url, name=name, headers={"HX-Request": "true"} if htmx else {})

    def sign_in(self, password: str, key: bytes) -> None:
        self.client.get("/accounts/login/", name="sign_in")
        response = self.post(
            "/accounts/login/",
            {"username": self.username, "password": password},
            name="sign_in",
            expect=302,
        )
        second_factor = response.headers["Location"]
        self.client.get(second_factor, name="sign_in")
        self.post(second_factor, {"token": f"{TOTP(key).token():06d}"}, name="sign_in", expect=302)


class Operator(Staff):
    """A hotline operator: the caller's history while the number is typed, sometimes a
    name search, then the contact saved."""

    fixed_count = 50
    role = "operator"
    wait_time = between(2, 5)

    @task
    def call(self) -> None:
        known = random.random() < 0.8
        caller = random.choice(PLAN["callers"]) if known else None
        phone = caller["phone"] if caller else f"+7701{random.randrange(10**7):07d}"
        self.get("/hotline/", name="hotline_log_page")
        pause(1, 3)
        for typed in (phone[:8], phone):
            self.get(
                f"/hotline/lookup/?{urlencode({'caller_phone': typed})}",
                name="hotline_lookup",
                htmx=True,
            )
            pause(0.5, 1.5)
        if caller and random.random() < 0.5:
            self.get(
                f"/people/?{urlencode({'q': caller['name']})}", name="people_search", htmx=True
            )
        pause(5, 15)
        self.post(
            "/hotline/",
            {
                "submission_key": str(uuid.uuid4()),
                "caller_phone": phone,
                "person": caller["person"] if caller and random.random() < 0.5 else "",
                "channel": "call",
                "direction": "in",
                "language": random.choice(["ru", "kk", "uz"]),
                "topics": random.sample(PLAN["topics"], 2),
                "question": "Как продлить регистрацию?",
                "answer": "Объяснили порядок, дали адрес ЦОН.",
                "outcome": "answered",
            },
            name="hotline_log_contact",
            expect=302,
        )


class Lawyer(Staff):
    """A lawyer: the case list, one of their cases, now and then a note on it."""

    fixed_count = 10
    role = "lawyer"
    wait_time = between(3, 8)

    @task
    def case_work(self) -> None:
        self.get("/cases/?mine=on&open_only=on", name="case_list")
        pause(2, 5)
        case = random.choice(PLAN["cases"][self.username])
        self.get(f"/cases/{case}/", name="case_page")
        pause(5, 12)
        if random.random() < 0.3:
            self.post(
                f"/cases/{case}/notes/",
                {"note-text": "Клиент принёс копию патента."},
                name="case_note",
                expect=200,
                htmx=True,
            )


class Coordinator(Staff):
    """A coordinator: the dashboard, then the home page."""

    fixed_count = 2
    role = "coordinator"
    wait_time = between(10, 20)

    @task
    def overview(self) -> None:
        self.get("/statistics/", name="dashboard")
        pause(5, 10)
        self.get("/", name="home")
