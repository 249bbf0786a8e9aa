"""The calendar of trainings: a month on the page, and an ICS file that follows RFC 5545
(CRLF lines folded at 75 octets, all-day events with an exclusive end)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from komek.core.roles import Role
from komek.trainings import ics
from komek.trainings.models import EventStatus
from komek.trainings.tests.factories import make_event


@pytest.fixture
def coordinator(make_staff):
    return make_staff(Role.COORDINATOR, username="coordinator")


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_the_ics_export_is_a_valid_calendar_of_the_users_events(
    client_for, coordinator, office, other_office, make_staff
):
    title = "Семинар для миграционной полиции и трудовых инспекторов; новый закон, практика"
    make_event(office=office, user=coordinator, title=title, venue="Отель «Жібек жолы»")
    make_event(office=other_office, user=coordinator, title="Чужой семинар")
    response = client_for(coordinator).get(reverse("trainings:calendar_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    raw_lines = body.split("\r\n")
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in raw_lines)
    lines = unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert lines.count("BEGIN:VEVENT") == 1
    assert "DTSTART;VALUE=DATE:20261005" in lines
    assert "DTEND;VALUE=DATE:20261007" in lines
    assert (
        "SUMMARY:Семинар для миграционной полиции и трудовых инспекторов\\; новый закон\\, практика"
        in lines
    )
    assert any(line.startswith("LOCATION:Отель «Жібек жолы»\\, Астана") for line in lines)
    assert any(line.startswith("UID:training-event-") for line in lines)
    assert any(line.startswith("DTSTAMP:") and line.endswith("Z") for line in lines)


def test_a_cancelled_event_is_exported_as_cancelled(client_for, coordinator, office):
    make_event(office=office, user=coordinator, status=EventStatus.CANCELLED)
    body = client_for(coordinator).get(reverse("trainings:calendar_ics")).content.decode()
    assert "STATUS:CANCELLED" in unfold(body)


@pytest.mark.parametrize("length", [74, 75, 76, 150, 151])
def test_folding_never_splits_a_character_and_unfolds_to_the_line(length):
    line = "SUMMARY:" + "ә" * length
    folded = ics.fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert folded.replace("\r\n ", "") == line


def test_text_is_escaped():
    assert ics.escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_the_month_shows_each_event_on_each_of_its_days(client_for, coordinator, office):
    event = make_event(office=office, user=coordinator, days=3)
    response = client_for(coordinator).get(reverse("trainings:calendar"), {"month": "2026-10"})
    days = [cell.day for week in response.context["weeks"] for cell in week if event in cell.events]
    assert days == [
        datetime.date(2026, 10, 5),
        datetime.date(2026, 10, 6),
        datetime.date(2026, 10, 7),
    ]
    assert response.context["previous"] == datetime.date(2026, 9, 1)
    assert response.context["following"] == datetime.date(2026, 11, 1)


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "2026-13", "soon"])
def test_a_month_that_cannot_be_shown_shows_this_month(client_for, coordinator, month):
    client = client_for(coordinator)
    with time_machine.travel(datetime.datetime(2026, 3, 17, 12, tzinfo=datetime.UTC)):
        response = client.get(reverse("trainings:calendar"), {"month": month})
    assert response.status_code == 200
    assert response.context["month"] == datetime.date(2026, 3, 1)
