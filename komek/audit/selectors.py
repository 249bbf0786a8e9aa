from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet

from komek.audit import display, trail
from komek.audit.models import Action, AuditEntry
from komek.audit.services import record, sensitive_fields
from komek.core import personal_data


def entry_list(
    *,
    user,
    person: str = "",
    actor: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """The entries matching the filters. Browsing the log is itself audited, with the
    person asked about (whose trail is ``person_trail``)."""
    given = {
        "person": person,
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
    return trail.within(entries, date_from, date_to)


def _period(date_from: date | None, date_to: date | None) -> str:
    return urlencode(
        {key: value for key, value in (("date_from", date_from), ("date_to", date_to)) if value}
    )


def people_named(*, user, text: str) -> list[tuple[Any, str]]:
    """The people whose registry number or name is ``text``, each with their reference,
    for the DPO to pick whose trail to read."""
    subjects = personal_data.subjects()
    return [(person, subjects.reference(person)) for person in subjects.find(user, text)]


def reference(person) -> str:
    return personal_data.subjects().reference(person)


def person_trail(
    *, user, pk: int, date_from: date | None = None, date_to: date | None = None
) -> tuple[Any, QuerySet[AuditEntry]]:
    """The person and who looked at or changed their data in the period
    (``komek/audit/trail.py``). Reading it is itself audited, against the person."""
    person = personal_data.subjects().get(user, pk)
    record(
        actor=user,
        action=Action.VIEW,
        obj=person,
        detail=f"who saw this record: {_period(date_from, date_to)}",
    )
    return person, trail.person_entries(person, date_from=date_from, date_to=date_to)


def person_trail_export(
    *, user, pk: int, date_from: date | None = None, date_to: date | None = None
) -> tuple[Any, QuerySet[AuditEntry]]:
    """The same for a subject access request, audited as an export of the person's data."""
    person = personal_data.subjects().get(user, pk)
    record(
        actor=user,
        action=Action.EXPORT,
        obj=person,
        detail=f"who saw this record xlsx: {_period(date_from, date_to)}",
        people=[person.pk],
    )
    return person, trail.person_entries(person, date_from=date_from, date_to=date_to)


@dataclass(frozen=True)
class ChangeShown:
    """One changed field of an entry as a viewer sees it: its values only when
    ``values_shown``."""

    field: str
    values_shown: bool
    old: Any = None
    new: Any = None
    label: str = ""
    # The values' language when it is not the reader's (a name's other forms).
    lang: str = ""


def shown_changes(entries: Iterable[AuditEntry], viewer) -> None:
    """Set ``entry.shown_changes`` on each entry: every changed field's name, and its
    values where the field is not sensitive and ``viewer`` may open the record (a row
    no app declares as personal data, such as an office or a user, is open to any
    viewer of the log); and ``entry.shown_detail``, ``entry.record_type``. All in the
    viewer's language (``komek/audit/display.py``)."""
    readable: dict[tuple[str, str], bool] = {}
    for entry in entries:
        key = (entry.object_type, entry.object_id)
        # Most entries (views, exports) changed nothing: nothing to ask for them.
        if entry.changes and key not in readable:
            holding = personal_data.holding_of(entry.object_type)
            readable[key] = holding is None or holding.readable(viewer, entry.object_id)
        hidden = sensitive_fields(entry.object_type)
        entry.shown_changes = [  # type: ignore[attr-defined]
            _change(entry.object_type, field, values, readable.get(key) and field not in hidden)
            for field, values in entry.changes.items()
        ]
        entry.shown_detail = display.detail(entry.detail)  # type: ignore[attr-defined]
        entry.shown_detail_html = display.detail_html(entry.detail)  # type: ignore[attr-defined]
        entry.record_type = display.record_type(entry.object_type)  # type: ignore[attr-defined]
    display.name_records(entries)


def _change(object_type: str, field: str, values: list | None, may_see: bool | None) -> ChangeShown:
    label = display.field_label(object_type, field)
    if not may_see or values is None:
        return ChangeShown(field, False, label=label)
    shown = display.value_shower(object_type, field)
    lang = display.value_language(object_type, field)
    return ChangeShown(field, True, shown(values[0]), shown(values[1]), label=label, lang=lang)
