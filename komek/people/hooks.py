"""What other apps do when a person changes or is merged into another.

People may not name the apps above it, so each app that keeps data about a person
registers here from its ``AppConfig.ready()``: a merge handler that moves its references
from one person to another, a change handler that follows a change to a person
(hotline forgets the daily tallies the person's contacts were counted in), and a count of
what it keeps about a person, which the page comparing two records shows before a merge.

A merge handler is called as ``handler(source=..., target=..., merged_by=...)`` inside
the merge's transaction and returns what it moved as a list of ``Moved``, which is all
that is needed to move it back.
"""

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class Moved:
    """Rows of ``model`` (its label, ``"hotline.Contact"``) whose foreign key ``field``
    pointed at the source and now points at the target."""

    model: str
    field: str
    ids: list[int]

    def as_json(self) -> dict:
        return asdict(self)


MergeHandler = Callable[..., list[Moved]]
ChangeHandler = Callable[..., None]


@dataclass(frozen=True)
class Count:
    """How many of something an app keeps about a person that a user may see
    (``count(person, user)``), by name."""

    label: str
    count: Callable[..., int]


_merge_handlers: dict[str, MergeHandler] = {}
_change_handlers: dict[str, ChangeHandler] = {}
_counts: dict[str, Count] = {}


def register_count(name: str, label: str, count: Callable[..., int]) -> None:
    _counts[name] = Count(label=label, count=count)


def counts(person, user) -> list[tuple[str, int]]:
    """What every app keeps about ``person`` that ``user`` may see: (label, how many), in
    registration order."""
    return [(str(item.label), item.count(person, user)) for item in _counts.values()]


def register_merge_handler(name: str, handler: MergeHandler) -> None:
    _merge_handlers[name] = handler


def merge_handlers() -> dict[str, MergeHandler]:
    return dict(_merge_handlers)


def register_change_handler(name: str, handler: ChangeHandler) -> None:
    _change_handlers[name] = handler


def person_changed(*, persons: Iterable) -> None:
    """Tell every registered app that these people changed (called by people's services
    inside their transaction, so what the apps derive changes with the person)."""
    persons = list(persons)
    for handler in _change_handlers.values():
        handler(persons=persons)


def move_references(
    model: type[models.Model], field: str, *, source, target, exclude: models.Q | None = None
) -> Moved:
    """Point the foreign key ``model.field`` at ``target`` wherever it points at ``source``,
    except on the rows ``exclude`` selects (those that would then break a uniqueness rule:
    they stay with the source). A many-to-many relation moves through its ``through``
    model, whose rows have a foreign key like any other."""
    rows = model._default_manager.filter(**{field: source})
    if exclude is not None:
        rows = rows.exclude(exclude)
    ids = sorted(rows.values_list("pk", flat=True))
    model._default_manager.filter(pk__in=ids).update(**{field: target})
    return Moved(model=model._meta.label, field=field, ids=ids)


def move_back(moved: dict, *, source, target) -> None:
    """Undo one ``Moved`` as stored in a merge's report."""
    model = apps.get_model(moved["model"])
    field = moved["field"]
    model._default_manager.filter(pk__in=moved["ids"], **{field: target}).update(**{field: source})
