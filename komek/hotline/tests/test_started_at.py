"""The duration of a contact counted from when the server served the form, never from a
time the browser sends."""

import re
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from komek.core.roles import Role
from komek.hotline.forms import served_at_token
from komek.hotline.models import Contact


@pytest.fixture
def client(make_staff, client_for):
    return client_for(make_staff(Role.HOTLINE_OPERATOR))


def post(client, **fields):
    data = {
        "channel": "call",
        "direction": "in",
        "language": "ru",
        "outcome": "answered",
        "question": "Сколько стоит патент?",
        "submission_key": str(uuid.uuid4()),
        **fields,
    }
    assert client.post(reverse("hotline:log"), data).status_code == 302
    return Contact.objects.get(submission_key=data["submission_key"])


def served_form(client) -> dict:
    html = client.get(reverse("hotline:log")).content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]+)"', html).group(1)
        for name in ("submission_key", "started_at")
    }


def test_the_duration_counts_from_when_the_server_served_the_form(client):
    served = timezone.now()
    with time_machine.travel(served, tick=False):
        form = served_form(client)
    with time_machine.travel(served + timedelta(minutes=7), tick=False):
        contact = post(client, **form)
    assert contact.duration_seconds == 7 * 60


@pytest.mark.parametrize(
    "forged", ["2000-01-01T00:00:00+00:00", "2000-01-01", "eyJhdCI6IjIwMDAtMDEtMDEifQ:x:y"]
)
def test_a_forged_start_counts_no_duration(client, forged):
    contact = post(client, started_at=forged)
    assert contact.duration_seconds is None


def test_the_start_served_for_another_form_counts_no_duration(client):
    with time_machine.travel(timezone.now() - timedelta(hours=1), tick=False):
        other = served_at_token(uuid.uuid4())
    assert post(client, started_at=other).duration_seconds is None


def test_a_start_older_than_a_call_can_last_counts_no_duration(client):
    key = uuid.uuid4()
    with time_machine.travel(timezone.now() - timedelta(hours=13), tick=False):
        token = served_at_token(key)
    assert post(client, submission_key=str(key), started_at=token).duration_seconds is None


def test_a_duration_the_operator_gives_is_kept(client):
    assert post(client, duration_minutes=4).duration_seconds == 240
