"""Which models hold a person's personal data, and how to export, anonymise or delete it.

Each app declares its models from ``AppConfig.ready()``, so that a subject-access export
or a retention run reaches every app without naming one. A declaration says how a
model's rows reach the person (``lookups``: ``"person"``, ``"client"``, ``"case__client"``,
``"pk"`` for the person's own row); the three callables default to the obvious ones
built from it and can be replaced where an app knows better. A model's change history
(django-simple-history) belongs to its declaration.

The audit log reads the declarations too: the values of ``sensitive`` fields are never
kept in it (only the field's name), and the other values of a declared row are shown only
to a viewer for whom ``readable`` says yes (no one, without it).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Holding:
    model: type[models.Model]
    lookups: tuple[str, ...]
    export: Callable[[Any], list[dict]]
    anonymise: Callable[[Any], int]
    delete: Callable[[Any], int]
    sensitive: frozenset[str]
    readable: Callable[[Any, str], bool]


def _nobody(user, pk: str) -> bool:
    return False


def _rows(model: type[models.Model], lookups: Sequence[str], person) -> models.QuerySet:
    match = models.Q()
    for lookup in lookups:
        match |= models.Q(**{lookup: person.pk})
    return model._default_manager.filter(match).distinct()


_holdings: dict[str, Holding] = {}


def register(
    model: type[models.Model],
    *,
    lookups: Sequence[str],
    blank: dict[str, Any] | None = None,
    export: Callable[[Any], list[dict]] | None = None,
    anonymise: Callable[[Any], int] | None = None,
    delete: Callable[[Any], int] | None = None,
    sensitive: Sequence[str] = (),
    readable: Callable[[Any, str], bool] | None = None,
) -> Holding:
    """Declare ``model`` as holding personal data. Anonymising replaces the ``blank``
    fields' values (the row's figures stay for statistics); without ``blank`` the row
    is nothing but personal data and anonymising deletes it.

    ``sensitive`` names the fields (or the audit's names for what is recorded against a
    row, such as a person's added ``document``) whose values the audit log never keeps;
    ``readable(user, pk)`` says whether ``user`` may open the row, for the audit log to
    show its other values; it must not audit the read itself."""

    def ids(person) -> list[int]:
        return list(_rows(model, lookups, person).values_list("pk", flat=True))

    def exported(person) -> list[dict]:
        return list(_rows(model, lookups, person).order_by("pk").values())

    def deleted(person) -> int:
        return model._default_manager.filter(pk__in=ids(person)).delete()[0]

    def blanked(person) -> int:
        return model._default_manager.filter(pk__in=ids(person)).update(**blank)

    holding = Holding(
        model=model,
        lookups=tuple(lookups),
        export=export or exported,
        anonymise=anonymise or (blanked if blank else (delete or deleted)),
        delete=delete or deleted,
        sensitive=frozenset(sensitive),
        readable=readable or _nobody,
    )
    _holdings[model._meta.label] = holding
    return holding


def holdings() -> list[Holding]:
    return list(_holdings.values())


def declares(model: type[models.Model]) -> bool:
    """Whether ``model`` is declared, a history model counting as part of its model's."""
    model = getattr(model, "instance_type", model)
    return model._meta.label in _holdings


def holding_of(label: str) -> Holding | None:
    """The declaration of the model named ``label`` (``app_label.ModelName``), if any."""
    return _holdings.get(label)


def export_for(person) -> dict[str, dict[str, list[dict]]]:
    """Every declared row about ``person``: app label → model label → rows as dicts."""
    exported: dict[str, dict[str, list[dict]]] = {}
    for holding in _holdings.values():
        rows = holding.export(person)
        if rows:
            app = holding.model._meta.app_label
            exported.setdefault(app, {})[holding.model._meta.label] = rows
    return exported
