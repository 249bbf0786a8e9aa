"""Readable change history from django-simple-history records, without a query per record.

Records keep codes (a choice, a country code, a list of language codes, a boolean); the
history shows them in the reader's language when the page is drawn: a choice by its label,
a boolean as yes or no, a related record by its name. A model says how other coded fields
read with ``history_display``, a mapping of field name to a function of the stored value,
for instance ``{"country": country_name, "working_languages": language_names}``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import ForeignKey, Model, QuerySet
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any
    # The language of the values when it is not the reader's: a name's primary (Russian)
    # form or one of its other forms, marked so that the page says what language it is.
    lang: str = ""


def language_of(field, names) -> str:
    """``name_kk`` is Kazakh, ``name_ru`` Russian; ``name`` beside a ``name_en`` holds the
    primary form, in the default language."""
    suffix = field.name.rpartition("_")[2]
    if suffix in dict(settings.LANGUAGES) and field.name != suffix:
        return suffix
    return settings.LANGUAGE_CODE if f"{field.name}_en" in names else ""


@dataclass(frozen=True)
class HistoryItem:
    record: Any
    changes: list[FieldChange]


def _display(field, value, related: dict, shown_as: dict) -> str:
    if value is None or value == "" or value == []:
        return ""
    if field.name in shown_as:
        return shown_as[field.name](value)
    if isinstance(field, ForeignKey):
        return related.get((field.name, value), str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(localize(template_localtime(value)))


def _related_names(fields, values_by_field: dict[str, set]) -> dict:
    """The names of the related records the values point at, one query per related model."""
    related: dict = {}
    for field in fields:
        if isinstance(field, ForeignKey):
            ids = values_by_field.get(field.name, set()) - {None}
            for obj in field.related_model._default_manager.filter(pk__in=ids):
                related[(field.name, obj.pk)] = str(obj)
    return related


def codes_of(obj: Model, names: Sequence[str]) -> dict[str, Any]:
    """The stored values of ``names``: a related record by its primary key, a choice by its
    code; what ``readable_changes`` turns into words."""
    return {name: getattr(obj, obj._meta.get_field(name).attname) for name in names}


def readable_changes(model, changes: list[dict[str, list]]) -> list[list[FieldChange]]:
    """Coded changes of ``model`` records (``{field: [old, new]}``, as ``codes_of`` gives
    them) as the history shows them, in the reader's language."""
    fields = {field.name: field for field in model._meta.concrete_fields}
    values: dict[str, set] = {}
    for change in changes:
        for name, pair in change.items():
            if name in fields and isinstance(fields[name], ForeignKey):
                values.setdefault(name, set()).update(v for v in pair if isinstance(v, int))
    related = _related_names(fields.values(), values)
    shown_as = getattr(model, "history_display", {})
    return [
        [
            FieldChange(
                field=str(fields[name].verbose_name),
                old=_display(fields[name], old, related, shown_as),
                new=_display(fields[name], new, related, shown_as),
                lang=language_of(fields[name], fields),
            )
            for name, (old, new) in change.items()
            if name in fields
        ]
        for change in changes
    ]


def history_items(records: QuerySet, *, limit: int = 20) -> list[HistoryItem]:
    """The newest ``limit`` history records, each with the fields it changed."""
    rows = list(records.order_by("-history_date", "-history_id")[: limit + 1])
    if not rows:
        return []
    model = rows[0].instance_type
    shown_as = getattr(model, "history_display", {})
    excluded = set(getattr(rows[0], "_history_excluded_fields", ()))
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.name not in excluded and not field.primary_key
    ]
    names = {field.name for field in fields}
    related = _related_names(
        fields,
        {
            field.name: {getattr(row, field.attname) for row in rows}
            for field in fields
            if isinstance(field, ForeignKey)
        },
    )
    items = []
    for index, row in enumerate(rows[:limit]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        changes = []
        for field in fields:
            new = getattr(row, field.attname)
            old = getattr(previous, field.attname) if previous is not None else None
            if previous is None and new in (None, "", [], False):
                continue
            if previous is None or old != new:
                changes.append(
                    FieldChange(
                        field=str(field.verbose_name),
                        old=_display(field, old, related, shown_as),
                        new=_display(field, new, related, shown_as),
                        lang=language_of(field, names),
                    )
                )
        items.append(HistoryItem(record=row, changes=changes))
    return items
