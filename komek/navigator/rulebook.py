"""What the engine reads from the database, in three queries: the current rule versions,
their groups with the groups' members, and the calendar days of the years a situation
spans."""

from datetime import date

from django.utils import timezone

from komek.navigator.engine import Calendar, Membership, Rulebook, covers_country, in_force
from komek.navigator.models import CalendarDay, Rule

# A deadline counted in working days may run past the year of the day of evaluation.
YEARS_AHEAD = 1


def load(first_year: int, last_year: int) -> Rulebook:
    """The current versions of every rule, and the calendar of ``first_year`` to
    ``last_year`` + YEARS_AHEAD."""
    rules = tuple(Rule.objects.filter(replaced_by__isnull=True).order_by("pk"))
    # Each current rule's groups with their members, in one query.
    rule_groups: dict[int, set[str]] = {}
    members: dict[str, set[Membership]] = {}
    for rule_id, code, country, valid_from, valid_to in Rule.groups.through.objects.filter(
        rule__replaced_by__isnull=True
    ).values_list(
        "rule_id",
        "countrygroup__code",
        "countrygroup__members__country",
        "countrygroup__members__valid_from",
        "countrygroup__members__valid_to",
    ):
        rule_groups.setdefault(rule_id, set()).add(code)
        if country is not None:
            members.setdefault(code, set()).add(Membership(country, valid_from, valid_to))
    days = dict(
        CalendarDay.objects.filter(
            date__gte=date(first_year, 1, 1), date__lte=date(last_year + YEARS_AHEAD, 12, 31)
        ).values_list("date", "kind")
    )
    return Rulebook(
        rules=rules,
        rule_groups={rule_id: tuple(sorted(codes)) for rule_id, codes in rule_groups.items()},
        members={code: tuple(group) for code, group in members.items()},
        calendar=Calendar(days),
    )


def rules_in_force(*, citizenship: str | None = None, on: date | None = None) -> list[Rule]:
    """The current versions in force on ``on`` (today by default), for ``citizenship``
    (its own or a group it belonged to that day) when given, by code, with their groups
    and who verified them."""
    day = on or timezone.localdate()
    book = load(day.year, day.year)
    chosen = [
        rule.pk
        for rule in book.rules
        if in_force(rule, day)
        and (citizenship is None or covers_country(rule, book, citizenship.upper(), day))
    ]
    return list(
        Rule.objects.filter(pk__in=chosen)
        .select_related("verified_by")
        .prefetch_related("groups")
        .order_by("code")
    )
