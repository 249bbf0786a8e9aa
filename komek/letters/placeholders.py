"""The placeholders a letter template may use, and filling them in.

Templates are edited by staff, so they are not Django templates: only the names listed
here can be filled, and a template naming anything else is refused when it is saved.

A placeholder that can be declined also has a name for each Russian case, such as
``{{ person.full_name_dative }}`` («Хусанову Шерзоду Бахтиёровичу»).

Text in double square brackets may be left out: ``[[, проживающему по адресу:
{{ person.address }}]]`` is left out when a placeholder in it has no value, so no
«по адресу: .» is printed; ``[[document=lost: ...]]`` is kept only when the client's
identity document has that status. A placeholder outside brackets is required: when it
has no value the lawyer is asked for it before the letter is filled in."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.core import phones
from komek.core.countries import formal_country_name
from komek.core.dimensions import Sex
from komek.letters import declension
from komek.people.models import DocumentKind, DocumentStatus

# Anything in double braces is read as a placeholder, so that a misspelt or unlisted one
# is refused when the template is saved rather than printed in a letter.
PLACEHOLDER = re.compile(r"\{\{\s*(.*?)\s*\}\}")
# A part that may be left out, with the condition it is kept under, if any.
OPTIONAL = re.compile(r"\[\[(?:\s*(\w+)=(\w+):)?(.*?)\]\]", re.DOTALL)
BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


class Undeclined(Exception):
    """A case form that cannot be made: the nominative is used, and the lawyer is told
    why (``reason``)."""

    def __init__(self, reason, nominative: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.nominative = nominative


@dataclass(frozen=True)
class LetterContext:
    case: object
    staff: object
    letterhead: object
    language: str
    number: str
    on: date
    referral: object = None
    # Values the lawyer typed in for placeholders that had none, by placeholder name.
    given: dict = field(default_factory=dict)


def _document(context: LetterContext):
    """The client's identity document a letter speaks of: a passport first, or None."""
    documents = context.case.client.documents.all()
    return min(documents, key=lambda d: (d.kind != DocumentKind.PASSPORT, d.pk), default=None)


def _document_text(context: LetterContext) -> str:
    document = _document(context)
    return f"{document.get_kind_display()} {document.number}" if document else ""


def _document_status(context: LetterContext) -> str:
    document = _document(context)
    return document.status if document else ""


def _latin_name(context: LetterContext) -> str:
    person = context.case.client
    return " ".join(part for part in (person.latin_surname, person.latin_given_name) if part)


# Told in the lawyer's language: the letter's may be another.
NO_SEX = gettext_lazy(
    "The client's sex is not recorded, so their name is left in the nominative case: "
    "correct the text, or record the sex on the person's page and fill the letter in again."
)


def _sex(context: LetterContext) -> str:
    sex = context.case.client.sex
    if not sex:
        raise Undeclined(NO_SEX)
    return sex


def _name_in(context: LetterContext, case: declension.Case) -> str:
    person = context.case.client
    return declension.person_name(
        person.surname, person.given_name, person.patronymic, _sex(context), case
    )


CITIZEN = {Sex.MALE: "гражданин", Sex.FEMALE: "гражданка"}


def _citizen(context: LetterContext) -> str:
    if context.language != "ru":
        return "азамат"
    return CITIZEN.get(context.case.client.sex, "гражданин(ка)")


def _citizen_in(context: LetterContext, case: declension.Case) -> str:
    return declension.phrase(CITIZEN[_sex(context)], case)


def _partner(attribute: str) -> Callable[[LetterContext], str]:
    return lambda c: getattr(c.referral.partner, attribute) if c.referral else ""


def _phrase_in(value: Callable[[LetterContext], str]):
    return lambda context, case: declension.phrase(value(context), case)


@dataclass(frozen=True)
class Placeholder:
    name: str
    label: str
    value: Callable[[LetterContext], str]
    # The value in a Russian case, for placeholders that have case forms.
    declined: Callable[[LetterContext, declension.Case], str] | None = None

    @property
    def forms(self) -> list[str]:
        """The names of its case forms, for the template editors."""
        if self.declined is None:
            return []
        return [f"{self.name}_{case}" for case in declension.Case]


def _citizenship(context: LetterContext) -> str:
    return formal_country_name(context.case.client.citizenship)


DOCUMENTED = [
    Placeholder(
        "person.full_name",
        gettext_lazy("client's full name"),
        lambda c: c.case.client.full_name,
        _name_in,
    ),
    Placeholder(
        "person.citizen",
        gettext_lazy("«гражданин» or «гражданка», by the client's sex"),
        _citizen,
        _citizen_in,
    ),
    Placeholder("person.latin_name", gettext_lazy("client's name as in the passport"), _latin_name),
    Placeholder(
        "person.born", gettext_lazy("client's date of birth"), lambda c: c.case.client.born_display
    ),
    Placeholder(
        "person.citizenship",
        gettext_lazy("client's citizenship: the state's formal name in Russian letters"),
        _citizenship,
        _phrase_in(_citizenship),
    ),
    Placeholder("person.document", gettext_lazy("client's identity document"), _document_text),
    Placeholder(
        "person.address",
        gettext_lazy("client's address in Kazakhstan"),
        lambda c: c.case.client.address,
    ),
    Placeholder("case.number", gettext_lazy("case number"), lambda c: str(c.case.pk)),
    Placeholder("case.title", gettext_lazy("case title"), lambda c: c.case.title),
    Placeholder(
        "partner.name",
        gettext_lazy("partner's name"),
        _partner("name"),
        _phrase_in(_partner("name")),
    ),
    Placeholder("partner.city", gettext_lazy("partner's city"), _partner("city")),
    Placeholder("partner.address", gettext_lazy("partner's address"), _partner("address")),
    Placeholder(
        "partner.phone",
        gettext_lazy("partner's phone"),
        lambda c: ", ".join(map(phones.display, c.referral.partner.phones)) if c.referral else "",
    ),
    Placeholder("partner.email", gettext_lazy("partner's email"), _partner("email")),
    Placeholder(
        "referral.request",
        gettext_lazy("what is requested"),
        lambda c: c.referral.get_request_display() if c.referral else "",
    ),
    Placeholder(
        "referral.details",
        gettext_lazy("details of the request"),
        lambda c: c.referral.details if c.referral else "",
    ),
    Placeholder(
        "staff.name",
        gettext_lazy("your name"),
        lambda c: c.staff.get_full_name() or c.staff.get_username(),
    ),
    Placeholder(
        "centre.name",
        gettext_lazy("the centre's name"),
        lambda c: c.letterhead.organisation(c.language),
    ),
    Placeholder("letter.number", gettext_lazy("outgoing number"), lambda c: c.number),
    Placeholder(
        "letter.date", gettext_lazy("date of the letter"), lambda c: c.on.strftime("%d.%m.%Y")
    ),
]


def _case_form(placeholder: Placeholder, case: declension.Case) -> Placeholder:
    def value(context: LetterContext) -> str:
        nominative = placeholder.value(context)
        if context.language != "ru" or not nominative or placeholder.declined is None:
            return nominative
        try:
            return placeholder.declined(context, case)
        except Undeclined as undeclined:
            raise Undeclined(undeclined.reason, nominative) from undeclined

    return Placeholder(f"{placeholder.name}_{case}", f"{placeholder.label}, {case.label}", value)


PLACEHOLDERS = {
    placeholder.name: placeholder
    for base in DOCUMENTED
    for placeholder in [
        base,
        *(_case_form(base, case) for case in declension.Case if base.declined is not None),
    ]
}


@dataclass(frozen=True)
class Condition:
    """What decides whether a ``[[name=code: ...]]`` part is kept."""

    name: str
    label: str
    choices: list[tuple[str, str]]
    value: Callable[[LetterContext], str]


CONDITIONS = {
    condition.name: condition
    for condition in [
        Condition(
            "document",
            gettext_lazy("status of the client's identity document"),
            DocumentStatus.choices,
            _document_status,
        )
    ]
}


def template_errors(text: str) -> list[str]:
    """What is wrong in a template's text: unknown placeholders, brackets that do not
    pair, unknown conditions; empty when it can be filled."""
    errors = []
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
    if unknown:
        errors.append(
            _("Unknown placeholders: %(names)s. Use only those listed beside the form.")
            % {"names": ", ".join(f"{{{{ {name} }}}}" for name in unknown)}
        )
    rest = OPTIONAL.sub("", text)
    if "[[" in rest or "]]" in rest:
        errors.append(_("Every [[ needs its ]], and brackets cannot be put inside brackets."))
    for match in OPTIONAL.finditer(text):
        name, code, inner = match.groups()
        if name is None and not PLACEHOLDER.search(inner):
            errors.append(
                _("The part “%(part)s” in [[ ]] holds no placeholder and no condition.")
                % {"part": inner.strip()[:60]}
            )
        elif name is not None and (
            name not in CONDITIONS or code not in dict(CONDITIONS[name].choices)
        ):
            errors.append(
                _("Unknown condition “%(condition)s”. Use only those listed beside the form.")
                % {"condition": f"{name}={code}"}
            )
    return errors


@dataclass
class Filled:
    """A text with its placeholders filled in; ``missing``: required placeholders that
    had no value (left empty); ``notes``: what the lawyer should check, in their own language."""

    text: str = ""
    missing: set = field(default_factory=set)
    notes: list = field(default_factory=list)


def _value(name: str, context: LetterContext, filled: Filled) -> str:
    try:
        value = PLACEHOLDERS[name].value(context)
    except Undeclined as undeclined:
        if undeclined.reason not in filled.notes:
            filled.notes.append(undeclined.reason)
        value = undeclined.nominative
    return str(value).strip() or context.given.get(name, "").strip()


def _values(text: str, context: LetterContext, filled: Filled) -> dict[str, str]:
    return {name: _value(name, context, filled) for name in PLACEHOLDER.findall(text)}


def _replaced(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def _optional(match: re.Match, context: LetterContext, filled: Filled) -> str:
    """An optional part: left out when its condition does not hold or when one of its
    placeholders has no value."""
    name, code, inner = match.groups()
    if name is not None and CONDITIONS[name].value(context) != code:
        return ""
    values = _values(inner, context, filled)
    if not all(values.values()):
        return ""
    return _replaced(inner.strip() if name else inner, values)


def fill(text: str, context: LetterContext) -> Filled:
    """The text with every placeholder replaced and its optional parts kept or left out,
    in the letter's language. Lines left empty by an optional part are dropped."""
    filled = Filled()
    with translation.override(context.language):
        kept = OPTIONAL.sub(lambda match: _optional(match, context, filled), text)
        values = _values(kept, context, filled)
    filled.missing = {name for name, value in values.items() if not value}
    filled.text = BLANK_LINES.sub("\n\n", _replaced(kept, values)).strip()
    return filled
