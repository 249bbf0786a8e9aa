"""What the engine reads from the database, in four queries: the current rule versions,
their groups, the groups' members and the calendar days of the years a situation spans."""

from datetime import date

from django.utils import timezone

from komek.navigator.engine import Calendar, Membership, Rulebook, covers_country, in_force
from komek.navigator.models import CalendarDay, GroupMember, Rule

# A deadline counted in working days may run past the year of the day of evaluation.
YEARS_AHEAD = 1


def load(first_year: int, last_year: int) -> Rulebook:
    """The current versions of every rule, and the calendar of ``first_year`` to
    ``last_year`` + YEARS_AHEAD."""
    rules = tuple(
        Rule.objects.filter(replaced_by__isnull=True)
        .select_related("verified_by")
        .prefetch_related("groups")
        .order_by("pk")
    )
    members: dict[str, list[Membership]] = {}
    for code, country, valid_from, valid_to in GroupMember.objects.values_list(
        "group__code", "country", "valid_from", "valid_to"
    ):
        members.setdefault(code, []).append(Membership(country, valid_from, valid_to))
    days = dict(
        CalendarDay.objects.filter(
            date__gte=date(first_year, 1, 1), date__lte=date(last_year + YEARS_AHEAD, 12, 31)
        ).values_list("date", "kind")
    )
    return Rulebook(
        rules=rules,
        rule_groups={rule.pk: tuple(group.code for group in rule.groups.all()) for rule in rules},
        members={code: tuple(group) for code, group in members.items()},
        calendar=Calendar(days),
    )


def rules_in_force(*, citizenship: str | None = None, on: date | None = None) -> list[Rule]:
    """The current versions in force on ``on`` (today by default), for ``citizenship``
    (its own or a group it belonged to that day) when given."""
    day = on or timezone.localdate()
    book = load(day.year, day.year)
    return [
        rule
        for rule in book.rules
        if in_force(rule, day)
        and (citizenship is None or covers_country(rule, book, citizenship.upper(), day))
    ]
