"""What letters put on a case's timeline: each generated letter, with its downloads."""

from django.utils.translation import gettext_lazy as _

from komek.cases.timeline import register_event_kind

LETTER = "letter"


def register() -> None:
    register_event_kind(code=LETTER, label=_("letter"), template="letters/events/letter.html")
