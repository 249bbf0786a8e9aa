"""Which models hold a person's personal data, how to export, anonymise or delete it, and
how long each category of it is kept.

Each app declares its models from ``AppConfig.ready()``, so that a subject-access export
or a retention run reaches every app without naming one. A declaration says how a
model's rows reach the person (``lookups``: ``"person"``, ``"client"``, ``"case__client"``,
``"pk"`` for the person's own row); the callables default to the obvious ones built from
it and can be replaced where an app knows better. A model's change history
(django-simple-history) belongs to its declaration: anonymising or deleting rows does the
same to their history.

The audit log reads the declarations too: the values of ``sensitive`` fields are never
kept in it (only the field's name), and the other values of a declared row are shown only
to a viewer for whom ``readable`` says yes (no one, without it). The same declarations
tell it which rows are a person's (``records_of``), for the DPO's question "who looked at
or changed this person's data?"; the people registry declares how a person is found by
reference or name and which phone numbers are theirs (``register_subjects``), so that the
audit log answers it without importing the registry.

Retention works on categories (contacts without a case, closed cases, audit entries...):
the app that owns a category declares which of its rows are still untreated, the moment
their period runs from and what treats them; a higher app may hold back rows its own
records still need, or extend the treatment to its own rows (``core.retention`` runs them).
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction

BATCH = 500


@dataclass(frozen=True)
class Holding:
    model: type[models.Model]
    lookups: tuple[str, ...]
    export: Callable[[Any], list[dict]]
    anonymise: Callable[[Any], int]
    delete: Callable[[Any], int]
    anonymise_rows: Callable[[models.QuerySet], int]
    sensitive: frozenset[str]
    readable: Callable[[Any, str], bool]


def _nobody(user, pk: str) -> bool:
    return False


def _rows(model: type[models.Model], lookups: Sequence[str], person) -> models.QuerySet:
    match = models.Q()
    for lookup in lookups:
        match |= models.Q(**{lookup: person.pk})
    return model._default_manager.filter(match).distinct()


def _batches(rows: models.QuerySet) -> Iterator[list]:
    """The rows' primary keys, read once and given ``BATCH`` at a time (a retention run may
    treat a hundred thousand rows; SQLite limits the parameters of one statement)."""
    ids = list(rows.order_by().values_list("pk", flat=True).distinct())
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _history(model: type[models.Model]) -> type[models.Model] | None:
    return next(
        (
            candidate
            for candidate in apps.get_models()
            if getattr(candidate, "instance_type", None) is model
        ),
        None,
    )


def _files_removed_on_commit(model: type[models.Model], ids: list, fields: list) -> None:
    for file_field in fields:
        names = model._default_manager.filter(pk__in=ids).values_list(file_field.attname, flat=True)
        for name in [name for name in names if name]:
            transaction.on_commit(
                lambda storage=file_field.storage, name=name: storage.delete(name)
            )


def _file_fields(model: type[models.Model], names=None) -> list:
    return [
        candidate
        for candidate in model._meta.concrete_fields
        if isinstance(candidate, models.FileField) and (names is None or candidate.name in names)
    ]


def blank_rows(rows: models.QuerySet, values: dict[str, Any]) -> int:
    """Replace ``values`` in these rows and in their change history; the rest of each row
    (what the statistics count) stays. A file blanked is removed once the transaction
    commits. Sends no signal."""
    model, history = rows.model, _history(rows.model)
    files = _file_fields(model, values)
    changed = 0
    for ids in _batches(rows):
        _files_removed_on_commit(model, ids, files)
        if history is not None:
            history._default_manager.filter(**{f"{model._meta.pk.attname}__in": ids}).update(
                **values
            )
        changed += model._default_manager.filter(pk__in=ids).update(**values)
    return changed


def remove_rows(rows: models.QuerySet) -> int:
    """Delete these rows, their change history and, once the transaction commits, their
    files."""
    model, history = rows.model, _history(rows.model)
    files = _file_fields(model)
    removed = 0
    for ids in _batches(rows):
        _files_removed_on_commit(model, ids, files)
        removed += model._default_manager.filter(pk__in=ids).delete()[0]
        if history is not None:
            # After the rows: deleting a row writes its last version into the history.
            history._default_manager.filter(**{f"{model._meta.pk.attname}__in": ids}).delete()
    return removed


_holdings: dict[str, Holding] = {}


def register(
    model: type[models.Model],
    *,
    lookups: Sequence[str],
    blank: dict[str, Any] | None = None,
    export: Callable[[Any], list[dict]] | None = None,
    anonymise: Callable[[Any], int] | None = None,
    delete: Callable[[Any], int] | None = None,
    anonymise_rows: Callable[[models.QuerySet], int] | None = None,
    sensitive: Sequence[str] = (),
    readable: Callable[[Any, str], bool] | None = None,
) -> Holding:
    """Declare ``model`` as holding personal data. Anonymising replaces the ``blank``
    fields' values (the row's figures stay for statistics); without ``blank`` the row
    is nothing but personal data and anonymising deletes it. ``anonymise_rows`` replaces
    how any set of the model's rows is anonymised (a retention run, a person's erasure).

    ``sensitive`` names the fields (or the audit's names for what is recorded against a
    row, such as a person's added ``document``) whose values the audit log never keeps;
    ``readable(user, pk)`` says whether ``user`` may open the row, for the audit log to
    show its other values; it must not audit the read itself."""

    def rows_anonymised(rows: models.QuerySet) -> int:
        return blank_rows(rows, blank) if blank else remove_rows(rows)

    treat_rows = anonymise_rows or rows_anonymised

    def exported(person) -> list[dict]:
        return list(_rows(model, lookups, person).order_by("pk").values())

    def deleted(person) -> int:
        return remove_rows(_rows(model, lookups, person))

    def anonymised(person) -> int:
        return treat_rows(_rows(model, lookups, person))

    holding = Holding(
        model=model,
        lookups=tuple(lookups),
        export=export or exported,
        anonymise=anonymise or (anonymised if blank or anonymise_rows else (delete or deleted)),
        delete=delete or deleted,
        anonymise_rows=treat_rows,
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


def anonymise_rows(rows: models.QuerySet) -> int:
    """Anonymise these rows the way their model's declaration says."""
    return _holdings[rows.model._meta.label].anonymise_rows(rows)


def export_for(person) -> dict[str, dict[str, list[dict]]]:
    """Every declared row about ``person``: app label → model label → rows as dicts."""
    exported: dict[str, dict[str, list[dict]]] = {}
    for holding in _holdings.values():
        rows = holding.export(person)
        if rows:
            app = holding.model._meta.app_label
            exported.setdefault(app, {})[holding.model._meta.label] = rows
    return exported


def records_of(person) -> dict[str, list[str]]:
    """The ids of every declared row about ``person``, by model label, as the audit log
    keeps them (text): their own record, their cases, contacts, documents, letters..."""
    found: dict[str, list[str]] = {}
    for label, holding in _holdings.items():
        ids = [
            str(pk)
            for pk in _rows(holding.model, holding.lookups, person).values_list("pk", flat=True)
        ]
        if ids:
            found[label] = ids
    return found


@dataclass(frozen=True)
class Subjects:
    """How the people whose data Komek holds are found (declared by the people registry).
    ``find(user, text)``: the people ``user`` may know of whose reference or name is
    ``text``; ``get(user, pk)``: the person, 404 when ``user`` may not know of them;
    ``phones(person)``: their numbers (E.164); ``reference(person)``: how staff name them."""

    find: Callable[[Any, str], list]
    get: Callable[[Any, int], Any]
    phones: Callable[[Any], list[str]]
    reference: Callable[[Any], str]


_subjects: list[Subjects] = []


def register_subjects(subjects: Subjects) -> None:
    _subjects[:] = [subjects]


def subjects() -> Subjects:
    if not _subjects:
        raise LookupError("No app declared how people are found (register_subjects).")
    return _subjects[0]


ANONYMISE = "anonymise"
DELETE = "delete"


class Unavailable(Exception):
    """A category's treatment cannot run here (its ``runs_within`` says why)."""


@dataclass(frozen=True)
class Category:
    """Rows of personal data kept for one retention period. ``untreated()`` gives the
    rows not anonymised or deleted yet, ``moment`` the field their period runs from,
    ``treat`` anonymises or deletes a set of them (``action`` says which) and returns how
    many it changed: given the due rows a batch at a time, or all at once (``at_once``) to
    a treatment that must see them together. ``runs_within()`` is entered around the
    treatment's transaction (the audit log's connects as the tables' owner) and raises
    ``Unavailable`` when it cannot run here."""

    code: str
    label: Any
    default_days: int
    moment: str
    action: str
    untreated: Callable[[], models.QuerySet]
    treat: Callable[[models.QuerySet], int]
    at_once: bool = False
    runs_within: Callable[[], AbstractContextManager[Any]] = nullcontext
    holds: list[Callable[[models.QuerySet], models.QuerySet]] = field(default_factory=list)
    extensions: list[tuple[str, Callable[[models.QuerySet], int]]] = field(default_factory=list)

    def due(self, cutoff) -> models.QuerySet:
        """The untreated rows whose period ran out before ``cutoff``, less those held."""
        rows = self.untreated().filter(**{f"{self.moment}__lt": cutoff})
        for keep in self.holds:
            rows = keep(rows)
        return rows


_categories: dict[str, Category] = {}


def register_category(
    code: str,
    *,
    label,
    default_days: int,
    moment: str,
    untreated: Callable[[], models.QuerySet],
    treat: Callable[[models.QuerySet], int],
    action: str = ANONYMISE,
    at_once: bool = False,
    runs_within: Callable[[], AbstractContextManager[Any]] = nullcontext,
) -> Category:
    if action not in (ANONYMISE, DELETE):
        raise ValueError(f"{code}: action must be {ANONYMISE!r} or {DELETE!r}.")
    category = Category(
        code=code,
        label=label,
        default_days=default_days,
        moment=moment,
        action=action,
        untreated=untreated,
        treat=treat,
        at_once=at_once,
        runs_within=runs_within,
    )
    _categories[code] = category
    return category


def hold(code: str, keep: Callable[[models.QuerySet], models.QuerySet]) -> None:
    """Narrow a category's due rows to those ``keep`` lets go: a higher app keeps what its
    own records still need (cases keep the contacts of a client whose case is kept)."""
    _categories[code].holds.append(keep)


def extend(code: str, name: str, treat: Callable[[models.QuerySet], int]) -> None:
    """Treat a higher app's own rows along with a category's due rows (``treat`` is given
    those rows and runs before the category's own treatment)."""
    _categories[code].extensions.append((name, treat))


def categories() -> list[Category]:
    return sorted(_categories.values(), key=lambda category: category.code)
