"""What aid puts on a case's timeline: each step of a distribution linked to the case
(requested, approved, purchased, handed over, reversed), kept as codes and ids and shown
in the reader's language."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from komek.aid.models import AidKind, Status
from komek.cases.timeline import register_event_kind

AID = "aid"


def _with_kinds(events: list[Any]) -> None:
    """Set on each event its step's label and its items with their kinds, the kinds of
    all the events fetched at once."""
    kinds = AidKind.objects.in_bulk(
        {kind for event in events for kind, _quantity in event.data.get("items", [])}
    )
    for event in events:
        event.aid_status = Status(event.data["status"]).label
        event.aid_items = [
            (kinds.get(kind), quantity) for kind, quantity in event.data.get("items", [])
        ]


def register() -> None:
    register_event_kind(
        code=AID, label=_("aid"), template="aid/timeline/aid.html", prepare=_with_kinds
    )
