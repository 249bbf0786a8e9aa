"""A situation read from the navigator commands' options or a scenario table's cells,
refused with the option (or row and column) named."""

import re
from datetime import date

from django.core.management.base import CommandError

from komek.navigator.evaluation import Situation, Stay
from komek.navigator.models import Document, Purpose

COUNTRY = re.compile(r"[A-Z]{2}")


def day(value: str, where: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"{where}: {value!r} is not a date YYYY-MM-DD.") from None


def stay(value: str, where: str) -> Stay:
    entered, sep, left = value.strip().partition(":")
    if not sep:
        raise CommandError(f"{where}: {value!r} is not a stay YYYY-MM-DD:YYYY-MM-DD.")
    found = Stay(day(entered, where), day(left, where))
    if found.left < found.entered:
        raise CommandError(f"{where}: the stay {value!r} ends before it starts.")
    return found


def citizenship(value: str, where: str) -> str:
    code = value.strip().upper()
    if not COUNTRY.fullmatch(code):
        raise CommandError(f"{where}: {value!r} is not a two-letter country code (ISO 3166-1).")
    return code


def purpose(value: str, where: str) -> str:
    if value and value not in Purpose.values:
        raise CommandError(f"{where}: {value!r} is not one of {', '.join(Purpose.values)}.")
    return value


def documents(values: list[str], where: str) -> frozenset[str]:
    for value in values:
        if value not in Document.values:
            raise CommandError(f"{where}: {value!r} is not one of {', '.join(Document.values)}.")
    return frozenset(values)


def situation(
    *,
    citizenship: str,
    entered: date,
    on: date,
    stays: tuple[Stay, ...],
    purpose: str,
    registered: date | None,
    documents: frozenset[str],
    names: dict[str, str],
) -> Situation:
    """The situation, if its dates make sense together; ``names`` names each field where
    it came from (an option, or a table's row and column)."""
    if on < entered:
        raise CommandError(f"{names['on']}: {on} is before the entry {entered}.")
    if registered is not None and registered < entered:
        raise CommandError(f"{names['registered']}: {registered} is before the entry {entered}.")
    for earlier in stays:
        if earlier.entered > entered:
            raise CommandError(
                f"{names['stays']}: an earlier stay cannot start after the entry {entered}."
            )
    return Situation(
        citizenship=citizenship,
        entered=entered,
        on=on,
        stays=stays,
        purpose=purpose,
        registered=registered,
        documents=documents,
    )
