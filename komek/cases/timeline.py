"""The kinds of event on a case's timeline, each with its label and the template that
shows one event.

Every app that puts events on a case registers its kinds in ``AppConfig.ready()``, so
the case page renders an event through its kind's template without knowing the app, and
``services.case_event_add`` refuses a kind nobody registered.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

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


_kinds: dict[str, EventKind] = {}


def register_event_kind(*, code: str, label: str | Promise, template: str) -> None:
    kind = EventKind(code=code, label=label, template=template)
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


def register_case_kinds() -> None:
    register_event_kind(code=NOTE, label=_("note"), template=TEXT_TEMPLATE)
    register_event_kind(code=OPENED, label=_("opened"), template=TEXT_TEMPLATE)
    register_event_kind(code=STATUS, label=_("status changed"), template="cases/events/status.html")
    register_event_kind(code=EDITED, label=_("edited"), template="cases/events/edited.html")
    register_event_kind(code=DOCUMENT, label=_("document added"), template=TEXT_TEMPLATE)
    register_event_kind(code=REFERRAL, label=_("referral"), template=TEXT_TEMPLATE)
    register_event_kind(code=TASK, label=_("task"), template="cases/events/task.html")
