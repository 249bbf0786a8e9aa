"""Training events as an iCalendar file (RFC 5545), written by hand: all-day events, so
that a calendar shows a seminar on its days whatever the reader's time zone.

Lines end in CRLF and are folded at 75 octets (a continuation line starts with a space),
never inside a UTF-8 character; text values escape backslashes, semicolons, commas and
line breaks (RFC 5545 §3.1, §3.3.11)."""

import datetime
from collections.abc import Iterable

from komek.core import regions
from komek.trainings.models import Event, EventStatus

MAX_OCTETS = 75
STATUS = {
    EventStatus.PLANNED: "TENTATIVE",
    EventStatus.HELD: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
}


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """The content line cut into pieces of at most 75 octets, joined by CRLF and a space."""
    pieces: list[str] = []
    current, size, limit = "", 0, MAX_OCTETS
    for char in line:
        octets = len(char.encode())
        if size + octets > limit:
            pieces.append(current)
            # The leading space of a continuation line counts towards its 75 octets.
            current, size, limit = "", 0, MAX_OCTETS - 1
        current += char
        size += octets
    pieces.append(current)
    return "\r\n ".join(pieces)


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def _vevent(event: Event, stamp: str) -> list[str]:
    place = ", ".join(
        str(part) for part in (event.venue, event.city, regions.label(event.region)) if part
    )
    return [
        "BEGIN:VEVENT",
        f"UID:training-event-{event.pk}@komek",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date(event.starts_on)}",
        # DTEND of an all-day event is the day after the last (exclusive).
        f"DTEND;VALUE=DATE:{_date(event.ends_on + datetime.timedelta(days=1))}",
        f"SUMMARY:{escape(event.title)}",
        f"LOCATION:{escape(place)}",
        f"STATUS:{STATUS[EventStatus(event.status)]}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def calendar(events: Iterable[Event], *, now: datetime.datetime) -> str:
    """The events as one VCALENDAR; ``now`` (UTC) is each event's DTSTAMP."""
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Komek//Trainings//RU",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for event in events:
        lines.extend(_vevent(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
