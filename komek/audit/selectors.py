from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils import timezone

from komek.audit.models import Action, AuditEntry
from komek.audit.services import record, sensitive_fields
from komek.core import personal_data


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def entry_list(
    *,
    user,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """The entries matching the filters. Browsing the log is itself audited."""
    given = {
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "date_from": date_from,
        "date_to": date_to,
    }
    record(
        actor=user,
        action=Action.VIEW,
        detail=f"audit log: {urlencode({key: value for key, value in given.items() if value})}",
    )
    entries = AuditEntry.objects.all()
    if actor:
        entries = entries.filter(actor_username__iexact=actor)
    if action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(object_type__iexact=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    if date_from:
        entries = entries.filter(at__gte=_day_start(date_from))
    if date_to:
        entries = entries.filter(at__lt=_day_start(date_to + timedelta(days=1)))
    return entries


@dataclass(frozen=True)
class ChangeShown:
    """One changed field of an entry as a viewer sees it: its values only when
    ``values_shown``."""

    field: str
    values_shown: bool
    old: Any = None
    new: Any = None


def shown_changes(entries: Iterable[AuditEntry], viewer) -> None:
    """Set ``entry.shown_changes`` on each entry: every changed field's name, and its
    values where the field is not sensitive and ``viewer`` may open the record (a row
    no app declares as personal data, such as an office or a user, is open to any
    viewer of the log)."""
    readable: dict[tuple[str, str], bool] = {}
    for entry in entries:
        key = (entry.object_type, entry.object_id)
        # Most entries (views, exports) changed nothing: nothing to ask for them.
        if entry.changes and key not in readable:
            holding = personal_data.holding_of(entry.object_type)
            readable[key] = holding is None or holding.readable(viewer, entry.object_id)
        hidden = sensitive_fields(entry.object_type)
        entry.shown_changes = [  # type: ignore[attr-defined]
            ChangeShown(field, True, values[0], values[1])
            if readable.get(key) and field not in hidden and values is not None
            else ChangeShown(field, False)
            for field, values in entry.changes.items()
        ]
