"""An office's opening hours: data the administrators edit with the office, kept on it as
``[[weekday, "HH:MM", "HH:MM"], ...]`` (weekday 0 is Monday, as Python counts), one span a
day, and shown grouped in the reader's language ("Mon–Fri 09:00–18:00")."""

from dataclasses import dataclass
from datetime import time

from django.core.exceptions import ValidationError
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

DAYS = range(7)


def _time(value) -> time:
    if not isinstance(value, str):
        raise ValueError(value)
    return time.fromisoformat(value)


def validate_hours(value) -> None:
    """Refuse anything but days 0–6, each at most once, opening before it closes."""
    if not isinstance(value, list):
        raise ValidationError(_("Opening hours must be a list of days."), code="invalid")
    seen = set()
    for row in value:
        try:
            day, opens, closes = row
            opens, closes = _time(opens), _time(closes)
        except (TypeError, ValueError):
            raise ValidationError(
                _("Each day's hours must be a weekday and two times (HH:MM): %(row)s"),
                code="invalid",
                params={"row": row},
            ) from None
        if day not in DAYS or day in seen:
            raise ValidationError(
                _("Each weekday (0 is Monday, 6 is Sunday) may be given once: %(row)s"),
                code="invalid",
                params={"row": row},
            )
        if opens >= closes:
            raise ValidationError(
                _("On %(day)s the office must open before it closes."),
                code="invalid",
                params={"day": WEEKDAYS[day]},
            )
        seen.add(day)


def hours_row(day: int, opens: time, closes: time) -> list:
    return [day, opens.strftime("%H:%M"), closes.strftime("%H:%M")]


@dataclass(frozen=True)
class Opening:
    """Consecutive days open the same hours (Monday to Friday, 09:00 to 18:00); the
    weekdays are numbers, named where the hours are shown."""

    first: int
    last: int
    opens: str
    closes: str

    @property
    def times(self) -> str:
        return f"{self.opens}–{self.closes}"


def openings(hours: list) -> list[Opening]:
    """The week's hours grouped: consecutive days with the same hours make one line."""
    grouped: list[Opening] = []
    for day, opens, closes in sorted(hours):
        last = grouped[-1] if grouped else None
        if last and last.last == day - 1 and (last.opens, last.closes) == (opens, closes):
            grouped[-1] = Opening(last.first, day, opens, closes)
        else:
            grouped.append(Opening(day, day, opens, closes))
    return grouped
