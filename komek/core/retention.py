"""Retention: each category of personal data (``personal_data.register_category``) is
kept for the days its ``RetentionPeriod`` row says, then anonymised or deleted.

A run treats each category in its own transaction: its due rows, the higher apps'
extensions first, then the category's own treatment, and the audit entry saying what was
done. Core sits below the audit app, so the entry is written by a receiver of ``applied``
(as ``jobs.downloaded`` is); a run with no receiver is refused, so retention never
changes data unaudited. A category whose treatment cannot run here (the audit log's,
without the tables' owner on PostgreSQL) is skipped with the reason. A dry run reads the
same rows and changes nothing.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps as global_apps
from django.db import DatabaseError, models, transaction
from django.dispatch import Signal
from django.utils import timezone

from komek.core import personal_data
from komek.core.models import RetentionPeriod
from komek.core.personal_data import Category

# Sent inside a category's transaction with ``category``, ``days``, ``cutoff`` and
# ``counts`` ({what: rows}); the audit app records it.
applied = Signal()
# Sent when an administrator changes a period, with ``category``, ``before``, ``after``.
period_changed = Signal()


class RetentionError(Exception):
    pass


@dataclass
class Outcome:
    category: Category
    days: int
    cutoff: datetime
    due: list[tuple[int, datetime]]
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""
    skipped: str = ""


def create_periods(*, using: str = "default", apps=global_apps, **kwargs) -> None:
    """Give every registered category its default period (``post_migrate``: a module
    added later gets its row at its first ``migrate``; ``flush`` sends no ``apps``)."""
    try:
        model = apps.get_model("core", "RetentionPeriod")
    except LookupError:
        return  # migrated to a state before retention periods existed
    known = set(model._default_manager.using(using).values_list("category", flat=True))
    model._default_manager.using(using).bulk_create(
        model(category=category.code, days=category.default_days)
        for category in personal_data.categories()
        if category.code not in known
    )


def periods() -> list[tuple[Category, int]]:
    """Every category with the days it is kept (its default until a row says otherwise)."""
    stored = dict(RetentionPeriod.objects.values_list("category", "days"))
    return [
        (category, stored.get(category.code, category.default_days))
        for category in personal_data.categories()
    ]


def _category(code: str) -> Category:
    known = {category.code: category for category in personal_data.categories()}
    if code not in known:
        raise RetentionError(
            f"No retention category {code!r}; the categories are: {', '.join(sorted(known))}."
        )
    return known[code]


@transaction.atomic
def period_set(*, code: str, days: int, actor=None) -> RetentionPeriod:
    category = _category(code)
    if days <= 0:
        raise RetentionError(f"{code}: the period is a number of days above 0, not {days}.")
    if not period_changed.has_listeners(RetentionPeriod):
        raise RetentionError("Nothing records retention changes in the audit log.")
    period, _ = RetentionPeriod.objects.select_for_update().get_or_create(
        category=code, defaults={"days": category.default_days}
    )
    before = period.days
    period.days = days
    period._history_user = actor  # type: ignore[attr-defined]  # simple_history's, undeclared
    period.save()
    period_changed.send(RetentionPeriod, category=category, before=before, after=days, actor=actor)
    return period


def _outcome(category: Category, days: int, now: datetime) -> Outcome:
    cutoff = now - timedelta(days=days)
    due = category.due(cutoff).order_by(category.moment, "pk")
    return Outcome(
        category=category,
        days=days,
        cutoff=cutoff,
        due=list(due.values_list("pk", category.moment)),
    )


def _chosen(codes: list[str] | None) -> list[tuple[Category, int]]:
    wanted = {_category(code).code for code in codes or ()}
    return [
        (category, days) for category, days in periods() if not wanted or category.code in wanted
    ]


def plan(*, now: datetime | None = None, codes: list[str] | None = None) -> list[Outcome]:
    """What a run would do now: each category's due rows, changing nothing."""
    now = now or timezone.now()
    return [_outcome(category, days, now) for category, days in _chosen(codes)]


def _batches(outcome: Outcome) -> Iterator[models.QuerySet]:
    category = outcome.category
    if category.at_once:
        if outcome.due:
            yield category.due(outcome.cutoff)
        return
    manager = category.untreated().model._default_manager
    ids = [pk for pk, _ in outcome.due]
    for start in range(0, len(ids), personal_data.BATCH):
        yield manager.filter(pk__in=ids[start : start + personal_data.BATCH])


def _treat(outcome: Outcome) -> None:
    category = outcome.category
    outcome.counts = {name: 0 for name, _ in category.extensions} | {category.code: 0}
    for rows in _batches(outcome):
        for name, treat in category.extensions:
            outcome.counts[name] += treat(rows)
        outcome.counts[category.code] += category.treat(rows)


def apply(*, now: datetime | None = None, codes: list[str] | None = None) -> list[Outcome]:
    """Anonymise or delete every category's due rows, each category all or nothing. A
    category the database refuses keeps its rows and says why in ``error``, one that
    cannot run here says why in ``skipped``; the others are treated."""
    if not applied.has_listeners(Category):
        raise RetentionError("Nothing records retention runs in the audit log.")
    now = now or timezone.now()
    outcomes = []
    for category, days in _chosen(codes):
        outcome = Outcome(category=category, days=days, cutoff=now - timedelta(days=days), due=[])
        try:
            with category.runs_within(), transaction.atomic():
                outcome = _outcome(category, days, now)
                _treat(outcome)
                applied.send(
                    Category,
                    category=category,
                    days=days,
                    cutoff=outcome.cutoff,
                    counts=outcome.counts,
                )
        except personal_data.Unavailable as reason:
            outcome.skipped = str(reason)
        except DatabaseError as error:
            outcome.counts = {}
            outcome.error = str(error).strip().splitlines()[0]
        outcomes.append(outcome)
    return outcomes
