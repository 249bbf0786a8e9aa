"""The kinds of event on a case's timeline, each with its label and the template that
shows one event.

Every app that puts events on a case registers its kinds in ``AppConfig.ready()``, so
the case page renders an event through its kind's template without knowing the app, and
``services.case_event_add`` refuses a kind nobody registered.

An event is read by people in Russian, Kazakh and English, so it keeps codes and data,
never sentences: ``data`` holds the codes of what happened (a status, a request, an
outcome, the primary key of a partner) and the kind's template turns them into words in
the reader's language when the page is drawn (see ``CaseEvent.status_change``). ``text``
holds only what a person wrote: a note, a reason, an answer, a title. A kind whose events
show records (a partner's name, which has its own Kazakh and English forms) registers a
``prepare`` function that fetches them for all of a page's events of that kind at once
and sets them on the events, so a timeline costs a query per kind, not per event.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from komek.core.history import readable_changes
from komek.partners.models import Partner

# Cases' own kinds.
NOTE = "note"
OPENED = "opened"
STATUS = "status"
EDITED = "edited"
DOCUMENT = "document"
REFERRAL = "referral"
TASK = "task"

# Why a status event happened when the work, not a person, moved the case: stored in its
# data as ``because`` with the partner's name, shown in the reader's language.
BECAUSE_REFERRAL_SENT = "referral_sent"
BECAUSE_REFERRAL_ANSWERED = "referral_answered"
BECAUSE = {
    BECAUSE_REFERRAL_SENT: _("moved by the referral sent to %(partner)s"),
    BECAUSE_REFERRAL_ANSWERED: _("moved by the answer of %(partner)s"),
}

# Shows the event's text; what a kind without a template of its own needs.
TEXT_TEMPLATE = "cases/events/text.html"


@dataclass(frozen=True)
class EventKind:
    code: str
    label: str | Promise
    # Renders one event of the kind; its context has ``event`` and ``case``.
    template: str
    # Sets on the kind's events, in one go, the records their template shows.
    prepare: Callable[[list[Any]], None] | None = None


_kinds: dict[str, EventKind] = {}


def register_event_kind(
    *,
    code: str,
    label: str | Promise,
    template: str,
    prepare: Callable[[list[Any]], None] | None = None,
) -> None:
    kind = EventKind(code=code, label=label, template=template, prepare=prepare)
    if _kinds.setdefault(code, kind) != kind:
        raise ImproperlyConfigured(f"The timeline event kind {code!r} is registered twice.")


def validate_event_kind(code: str) -> None:
    if code not in _kinds:
        raise ValidationError(
            _("“%(kind)s” is not a kind of timeline event."), params={"kind": code}, code="kind"
        )


def event_kind(code: str) -> EventKind:
    """The registered kind; a kind whose app is no longer installed still shows its
    events' text rather than breaking the case page."""
    return _kinds.get(code) or EventKind(code=code, label=code, template=TEXT_TEMPLATE)


def prepare(events: Iterable[Any]) -> None:
    """Let each kind fetch what its events show, before the timeline is drawn."""
    by_kind: dict[str, list] = defaultdict(list)
    for event in events:
        by_kind[event.kind].append(event)
    for code, of_kind in by_kind.items():
        if (kind_prepare := event_kind(code).prepare) is not None:
            kind_prepare(of_kind)


def _with_partners(events: list[Any]) -> None:
    partners = Partner.objects.in_bulk({event.data.get("partner") for event in events} - {None})
    for event in events:
        event.partner = partners.get(event.data.get("partner"))


def _with_changes(events: list[Any]) -> None:
    case_model = type(events[0])._meta.get_field("case").related_model
    shown = readable_changes(case_model, [event.data.get("changes", {}) for event in events])
    for event, changes in zip(events, shown, strict=True):
        event.changes = changes


def register_case_kinds() -> None:
    register_event_kind(code=NOTE, label=_("note"), template=TEXT_TEMPLATE)
    register_event_kind(code=OPENED, label=_("opened"), template=TEXT_TEMPLATE)
    register_event_kind(
        code=STATUS,
        label=_("status changed"),
        template="cases/events/status.html",
        prepare=_with_partners,
    )
    register_event_kind(
        code=EDITED,
        label=_("edited"),
        template="cases/events/edited.html",
        prepare=_with_changes,
    )
    register_event_kind(code=DOCUMENT, label=_("document added"), template=TEXT_TEMPLATE)
    register_event_kind(
        code=REFERRAL,
        label=_("referral"),
        template="cases/events/referral.html",
        prepare=_with_partners,
    )
    register_event_kind(code=TASK, label=_("task"), template="cases/events/task.html")
