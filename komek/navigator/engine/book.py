"""What the engine is given (the current rules, group memberships, the calendar) and
how it reads one rule: whether it applies to a situation, which of several is followed,
and how a deadline of N days is counted."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from komek.navigator.engine.answer import Situation
from komek.navigator.models import CountFrom, Counting, DayKind, JudgedBy, Rule

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Membership:
    country: str
    valid_from: date | None
    valid_to: date | None

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Calendar:
    """Working days: Monday to Friday unless a holiday or a day off carried over, and any
    day marked as a working day carried over."""

    def __init__(self, days: Mapping[date, str]) -> None:
        self.days = dict(days)

    def is_working(self, day: date) -> bool:
        kind = self.days.get(day)
        if kind is not None:
            return kind == DayKind.WORKING
        return day.weekday() < 5

    def nth_working(self, start: date, n: int) -> date:
        """The n-th working day counting ``start`` as the first if it is one."""
        if n < 1:
            raise ValueError(n)
        day, found = start, 0
        while True:
            if self.is_working(day):
                found += 1
                if found == n:
                    return day
            day += ONE_DAY


@dataclass(frozen=True)
class Rulebook:
    """The current rule versions with their groups, the groups' members, the calendar."""

    rules: tuple[Rule, ...]
    rule_groups: Mapping[int, tuple[str, ...]]  # rule id → group codes
    members: Mapping[str, tuple[Membership, ...]]  # group code → memberships
    calendar: Calendar = field(default_factory=lambda: Calendar({}))


# Applicability ----------------------------------------------------------------------------


def day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def judging_date(rule: Rule, situation: Situation) -> date:
    return situation.entered if rule.judged_by == JudgedBy.ENTRY else situation.on


def in_force(rule: Rule, on: date) -> bool:
    return (rule.valid_from is None or rule.valid_from <= on) and (
        rule.valid_to is None or on <= rule.valid_to
    )


def covers_country(rule: Rule, book: Rulebook, citizenship: str, on: date) -> bool:
    """Whether the rule names the citizenship, or a group it was a member of on ``on``."""
    groups = book.rule_groups.get(rule.pk, ())
    if not rule.countries and not groups:
        return True
    if citizenship in rule.countries:
        return True
    return any(
        member.country == citizenship and member.covers(on)
        for group in groups
        for member in book.members.get(group, ())
    )


def applies(rule: Rule, book: Rulebook, situation: Situation) -> bool:
    judged = judging_date(rule, situation)
    return (
        in_force(rule, judged)
        and covers_country(rule, book, situation.citizenship, judged)
        and (not rule.purposes or situation.purpose in rule.purposes)
        and all(situation.holds(document) for document in rule.requires)
        and not any(situation.holds(document) for document in rule.excludes)
    )


def followed_first(rules: Iterable[Rule]) -> list[Rule]:
    """The rule followed first: highest precedence, then the latest in force, then the
    oldest row."""
    return sorted(
        rules,
        key=lambda rule: (-rule.precedence, -(rule.valid_from or date.min).toordinal(), rule.pk),
    )


def rule_label(rule: Rule) -> str:
    label = _("“%(name)s” (%(code)s, version %(version)s)") % {
        "name": rule.label,
        "code": rule.code,
        "version": rule.version,
    }
    if not rule.verified:
        label = _("%(rule)s, not verified by a lawyer") % {"rule": label}
    return label


def applies_why(rule: Rule, situation: Situation) -> str:
    judged = judging_date(rule, situation)
    if rule.judged_by == JudgedBy.ENTRY:
        judged_by = _("judged by the date of entry %(date)s") % {"date": day(judged)}
    else:
        judged_by = _("judged by the day of evaluation %(date)s") % {"date": day(judged)}
    if rule.valid_from and rule.valid_to:
        period = _("in force %(start)s–%(end)s") % {
            "start": day(rule.valid_from),
            "end": day(rule.valid_to),
        }
    elif rule.valid_from:
        period = _("in force from %(start)s") % {"start": day(rule.valid_from)}
    elif rule.valid_to:
        period = _("in force until %(end)s") % {"end": day(rule.valid_to)}
    else:
        period = _("in force with no start date recorded")
    return _("Applies: %(rule)s; %(judged)s, %(period)s; confidence: %(confidence)s.") % {
        "rule": rule_label(rule),
        "judged": judged_by,
        "period": period,
        "confidence": rule.get_confidence_display(),
    }


# Deadlines --------------------------------------------------------------------------------


def deadline(rule: Rule, entered: date, calendar: Calendar) -> tuple[date, str]:
    """The last day of a period of ``rule.days`` days from entry, and its arithmetic."""
    n = rule.days or 0
    values = {"n": n, "entered": day(entered)}
    if rule.counting == Counting.WORKING:
        start = entered if rule.count_from == CountFrom.ENTRY else entered + ONE_DAY
        due = calendar.nth_working(start, n)
        text = (
            _("%(n)s working days from the day of entry %(entered)s → %(due)s")
            if rule.count_from == CountFrom.ENTRY
            else _("%(n)s working days from the day after entry %(entered)s → %(due)s")
        )
    elif rule.count_from == CountFrom.ENTRY:
        due = entered + timedelta(days=n - 1)
        text = _("%(n)s calendar days counting the day of entry %(entered)s → %(due)s")
    else:
        due = entered + timedelta(days=n)
        text = _("%(n)s calendar days from the day after entry %(entered)s → %(due)s")
    return due, text % {**values, "due": day(due)}
