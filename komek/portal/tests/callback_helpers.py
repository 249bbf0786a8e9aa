"""Filling in the callback form as a browser would: the page first, then a submission a
few seconds later (time travels, nothing sleeps), from a given address."""

import base64
import html
import json
import re
from datetime import datetime

import altcha
import time_machine
from django.test import Client
from django.utils import timezone

from komek.hotline.models import Topic
from komek.hotline.services import topic_create

START = timezone.make_aware(datetime(2026, 3, 10, 9, 0))
# Long enough after the form is served not to look like a robot.
FILLING = 5


def wages() -> Topic:
    return topic_create(created_by=None, code="wages", name_ru="Зарплата", name_en="Wages")


def stopped_clock() -> time_machine.travel:
    """Time stands at ``START`` until shifted."""
    return time_machine.travel(START, tick=False)


def url(lang: str = "tg") -> str:
    return f"/m/{lang}/callback/"


def served_at(page: str) -> str:
    return re.search(r'name="served_at" value="([^"]+)"', page).group(1)


def solve(page: str) -> str:
    """The proof of work the page's widget would send: its challenge, solved."""
    challenge = json.loads(html.unescape(re.search(r'challenge="([^"]+)"', page).group(1)))
    parsed = altcha.Challenge.from_dict(challenge)
    return altcha.Payload(parsed, altcha.solve_challenge(parsed)).to_base64()


def tampered(proof: str) -> str:
    payload = json.loads(base64.b64decode(proof))
    payload["solution"]["counter"] += 1
    return base64.b64encode(json.dumps(payload).encode()).decode()


def fields(topic, **overrides) -> dict:
    data = {
        "caller_name": "Фарҳод",
        "caller_phone": "+992 93 555 12 34",
        "language": "tg",
        "topic": str(topic.pk),
        "preferred": "morning",
    }
    data.update(overrides)
    return data


def send(clock, topic, *, lang="tg", address="10.0.0.1", wait=FILLING, proved=True, **overrides):
    """Open the form, wait, send it; solve the proof of work when the page asks for one
    (``proved``). Returns the response to the submission."""
    client = Client(REMOTE_ADDR=address)
    page = client.get(url(lang)).content.decode()
    data = {"served_at": served_at(page), **fields(topic)}
    if proved and "<altcha-widget" in page:
        data["altcha"] = solve(page)
    data.update(overrides)
    clock.shift(wait)
    return client.post(url(lang), data)
