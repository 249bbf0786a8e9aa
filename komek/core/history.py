"""Readable change history from django-simple-history records, without a query per record."""

from dataclasses import dataclass
from typing import Any

from django.db.models import ForeignKey, QuerySet


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryItem:
    record: Any
    changes: list[FieldChange]


def _display(field, value, related: dict) -> Any:
    if value is None or value == "":
        return ""
    if isinstance(field, ForeignKey):
        return related.get((field.name, value), value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value


def history_items(records: QuerySet, *, limit: int = 20) -> list[HistoryItem]:
    """The newest ``limit`` history records, each with the fields it changed."""
    rows = list(records.order_by("-history_date", "-history_id")[: limit + 1])
    if not rows:
        return []
    model = rows[0].instance_type
    excluded = set(getattr(rows[0], "_history_excluded_fields", ()))
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.name not in excluded and not field.primary_key
    ]
    related: dict = {}
    for field in fields:
        if isinstance(field, ForeignKey):
            ids = {getattr(row, field.attname) for row in rows} - {None}
            for obj in field.related_model._default_manager.filter(pk__in=ids):
                related[(field.name, obj.pk)] = str(obj)
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
                        old=_display(field, old, related),
                        new=_display(field, new, related),
                    )
                )
        items.append(HistoryItem(record=row, changes=changes))
    return items
