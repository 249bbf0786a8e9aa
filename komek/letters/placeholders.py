"""The placeholders a letter template may use, and filling them in.

Templates are edited by staff, so they are not Django templates: only the names listed
here can be filled, and a template naming anything else is refused when it is saved."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from komek.core.countries import country_name

# Anything in double braces is read as a placeholder, so that a misspelt or unlisted one
# is refused when the template is saved rather than printed in a letter.
PLACEHOLDER = re.compile(r"\{\{\s*(.*?)\s*\}\}")


@dataclass(frozen=True)
class LetterContext:
    case: object
    staff: object
    letterhead: object
    language: str
    number: str
    on: date
    referral: object = None


def _document(context: LetterContext) -> str:
    document = context.case.client.documents.order_by("pk").first()
    return f"{document.get_kind_display()} {document.number}" if document else ""


def _latin_name(context: LetterContext) -> str:
    person = context.case.client
    return " ".join(part for part in (person.latin_surname, person.latin_given_name) if part)


@dataclass(frozen=True)
class Placeholder:
    name: str
    label: str
    value: Callable[[LetterContext], str]


PLACEHOLDERS = {
    placeholder.name: placeholder
    for placeholder in [
        Placeholder("person.full_name", _("client's full name"), lambda c: c.case.client.full_name),
        Placeholder("person.latin_name", _("client's name as in the passport"), _latin_name),
        Placeholder(
            "person.born", _("client's date of birth"), lambda c: c.case.client.born_display
        ),
        Placeholder(
            "person.citizenship",
            _("client's citizenship"),
            lambda c: country_name(c.case.client.citizenship),
        ),
        Placeholder("person.document", _("client's identity document"), _document),
        Placeholder(
            "person.address", _("client's address in Kazakhstan"), lambda c: c.case.client.address
        ),
        Placeholder("case.number", _("case number"), lambda c: str(c.case.pk)),
        Placeholder("case.title", _("case title"), lambda c: c.case.title),
        Placeholder(
            "partner.name",
            _("partner's name"),
            lambda c: c.referral.partner.name if c.referral else "",
        ),
        Placeholder(
            "partner.city",
            _("partner's city"),
            lambda c: c.referral.partner.city if c.referral else "",
        ),
        Placeholder(
            "referral.request",
            _("what is requested"),
            lambda c: c.referral.get_request_display() if c.referral else "",
        ),
        Placeholder(
            "referral.details",
            _("details of the request"),
            lambda c: c.referral.details if c.referral else "",
        ),
        Placeholder(
            "staff.name",
            _("your name"),
            lambda c: c.staff.get_full_name() or c.staff.get_username(),
        ),
        Placeholder(
            "centre.name",
            _("the centre's name"),
            lambda c: c.letterhead.organisation(c.language),
        ),
        Placeholder("letter.number", _("outgoing number"), lambda c: c.number),
        Placeholder("letter.date", _("date of the letter"), lambda c: c.on.strftime("%d.%m.%Y")),
    ]
}


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def fill(text: str, context: LetterContext) -> str:
    """The text with every placeholder replaced, in the letter's language."""
    with translation.override(context.language):
        return PLACEHOLDER.sub(
            lambda match: (
                str(PLACEHOLDERS[match.group(1)].value(context))
                if match.group(1) in PLACEHOLDERS
                else match.group(0)
            ),
            text,
        )
