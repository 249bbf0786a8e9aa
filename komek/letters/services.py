"""Writes for letters: templates and letterheads (audited), and generating a letter for a
case, stored with its PDF and DOCX on the case timeline."""

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import create_audited, record, update_audited
from komek.cases.services import case_event_add
from komek.letters import placeholders, rendering, timeline
from komek.letters.models import Letter, Letterhead, LetterNumber, LetterTemplate

TEMPLATE_FIELDS = ("name", "language", "subject", "body", "is_active")
LETTERHEAD_FIELDS = (
    "organisation_ru",
    "organisation_kk",
    "address",
    "address_kk",
    "contacts",
    "signatory",
    "signatory_title_ru",
    "signatory_title_kk",
    "number_prefix",
)


def _check_placeholders(subject: str, body: str) -> None:
    errors = placeholders.template_errors(f"{subject}\n{body}")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def template_save(*, saved_by, template: LetterTemplate | None = None, **fields) -> LetterTemplate:
    _check_placeholders(fields["subject"], fields["body"])
    if template is None:
        return create_audited(obj=LetterTemplate(**fields), actor=saved_by, fields=TEMPLATE_FIELDS)
    return update_audited(obj=template, actor=saved_by, changes=fields, fields=TEMPLATE_FIELDS)


@transaction.atomic
def letterhead_save(*, saved_by, office, **fields) -> Letterhead:
    letterhead = Letterhead.objects.filter(office=office).first()
    if letterhead is None:
        return create_audited(
            obj=Letterhead(office=office, **fields), actor=saved_by, fields=LETTERHEAD_FIELDS
        )
    return update_audited(obj=letterhead, actor=saved_by, changes=fields, fields=LETTERHEAD_FIELDS)


def letterhead_for(office) -> Letterhead:
    letterhead = Letterhead.objects.filter(office=office).first()
    if letterhead is None:
        raise ValidationError(
            _("The letterhead of %(office)s is not set up yet: ask a coordinator.")
            % {"office": office}
        )
    return letterhead


@dataclass
class Draft:
    """A template filled in for a case. ``missing``: the required placeholders that have
    no value, to ask the lawyer for before the letter is written; ``notes``: what the
    lawyer should check in the text."""

    initial: dict
    missing: list = field(default_factory=list)
    notes: list = field(default_factory=list)


# The partner as a Russian letter addresses it ("Посольству Республики Узбекистан"), then
# where: its address, or at least its city.
ADDRESSEE = "{{ partner.name_dative }}\n{{ partner.address }}"
ADDRESSEE_CITY = "{{ partner.name_dative }}\n{{ partner.city }}"


def draft(*, case, staff, template: LetterTemplate, referral=None, given=None) -> Draft:
    """The template filled in for this case: the starting point the author then edits.
    ``given``: values the lawyer typed in for required placeholders that had none.
    Once complete it shows the client's personal data, so it is audited as a view of the
    case; a draft that still lacks values is only used to ask for them."""
    context = placeholders.LetterContext(
        case=case,
        staff=staff,
        letterhead=letterhead_for(case.office),
        language=template.language,
        number=_("(assigned when generated)"),
        on=timezone.localdate(),
        referral=referral,
        given=given or {},
    )
    subject = placeholders.fill(template.subject, context)
    body = placeholders.fill(template.body, context)
    addressee = ""
    if referral:
        addressee = placeholders.fill(
            ADDRESSEE if referral.partner.address else ADDRESSEE_CITY, context
        ).text
    missing = subject.missing | body.missing
    if not missing:
        record(actor=staff, action=Action.VIEW, obj=case, detail=f"letter draft: {template}")
    return Draft(
        initial={
            "language": template.language,
            "addressee": addressee,
            "subject": subject.text,
            "body": body.text,
        },
        missing=[
            placeholder
            for name, placeholder in placeholders.PLACEHOLDERS.items()
            if name in missing
        ],
        notes=[*subject.notes, *(note for note in body.notes if note not in subject.notes)],
    )


def _highest_issued(prefix: str) -> int:
    """The highest number already issued under ``prefix`` (letters from before the
    counter, or stored by hand)."""
    numbers = Letter.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    tails = (number.removeprefix(prefix) for number in numbers)
    return max((int(tail) for tail in tails if tail.isdigit()), default=0)


def _next_number(letterhead: Letterhead, year: int) -> str:
    """The next outgoing number of the prefix and year, taken under a lock on its counter.
    Numbers belong to the prefix, not the office: two offices with one prefix share them."""
    prefix = f"{letterhead.number_prefix}-{year}/"
    counter, _created = LetterNumber.objects.get_or_create(
        prefix=letterhead.number_prefix, year=year, defaults={"last": _highest_issued(prefix)}
    )
    counter = LetterNumber.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}{counter.last}"


@transaction.atomic
def letter_generate(
    *,
    case,
    created_by,
    language: str,
    addressee: str,
    subject: str,
    body: str,
    template: LetterTemplate | None = None,
    referral=None,
) -> Letter:
    letterhead = letterhead_for(case.office)
    today = timezone.localdate()
    number = _next_number(letterhead, today.year)
    content = rendering.LetterContent(
        language=language,
        organisation=letterhead.organisation(language),
        address=letterhead.address_in(language),
        contacts=letterhead.contacts,
        number=number,
        date=today.strftime("%d.%m.%Y"),
        addressee=addressee,
        subject=subject,
        body=body,
        signatory=letterhead.signatory,
        signatory_title=letterhead.signatory_title(language),
    )
    letter = Letter(
        case=case,
        referral=referral,
        template=template,
        number=number,
        language=language,
        addressee=addressee,
        subject=subject,
        body=body,
        created_by=created_by,
    )
    name = uuid.uuid4().hex
    letter.pdf.save(f"{name}.pdf", ContentFile(rendering.pdf_bytes(content)), save=False)
    letter.docx.save(f"{name}.docx", ContentFile(rendering.docx_bytes(content)), save=False)
    letter.save()
    case_event_add(
        case=case,
        author=created_by,
        kind=timeline.LETTER,
        text=f"№ {number}: {subject}",
        data={"letter": letter.pk},
    )
    record(actor=created_by, action=Action.CREATE, obj=case, detail=f"letter {number} generated")
    return letter


def letter_opened(*, letter: Letter, user, fmt: str) -> None:
    record(
        actor=user,
        action=Action.EXPORT,
        obj=letter.case,
        detail=f"letter {letter.number} downloaded as {fmt}",
    )
