"""The hotline's personal data, declared to ``core.personal_data``."""

from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.accounts.scoping import in_scope
from komek.core import personal_data
from komek.core.permissions import role_can
from komek.core.roles import Capability
from komek.hotline import tallies
from komek.hotline.models import CallbackAttempt, Contact

# An anonymised contact still counts in the statistics, without who or what was said.
BLANK = {"person": None, "caller_phone": "", "caller_name": "", "question": "", "answer": ""}
# A callback attempt's note may say who answered or what they said; its outcome stays.
ATTEMPT_BLANK = {"note": ""}
THREE_YEARS = 3 * 365


def contacts_anonymise(rows) -> int:
    """Count the days of these contacts into the tallies first: anonymised, a contact no
    longer says who called (a day counted again would miss the person), and the blanking
    sends no signal, so the days counted stay as they were. The notes of their callback
    attempts go with them."""
    span = rows.aggregate(first=Min("at"), last=Max("at"))
    if span["first"] is not None:
        tallies.ensure(timezone.localdate(span["first"]), timezone.localdate(span["last"]))
    personal_data.blank_rows(
        CallbackAttempt.objects.filter(contact__in=rows).exclude(note=""), ATTEMPT_BLANK
    )
    return personal_data.blank_rows(rows, BLANK)


def contacts_untreated():
    return Contact.objects.filter(
        Q(person__isnull=False)
        | ~Q(caller_phone="")
        | ~Q(caller_name="")
        | ~Q(question="")
        | ~Q(answer="")
    )


def _readable(user, pk: str) -> bool:
    return (
        role_can(user, Capability.HOTLINE_LOG)
        and in_scope(Contact.objects.filter(pk=pk), user).exists()
    )


def declare_personal_data() -> None:
    personal_data.register(
        Contact,
        lookups=["person"],
        blank=BLANK,
        anonymise_rows=contacts_anonymise,
        readable=_readable,
    )
    personal_data.register(CallbackAttempt, lookups=["contact__person"], blank=ATTEMPT_BLANK)
    # Cases hold back the contacts their records still need.
    personal_data.register_category(
        "hotline.contacts",
        label=_("Contacts without a case"),
        default_days=THREE_YEARS,
        moment="at",
        untreated=contacts_untreated,
        treat=personal_data.anonymise_rows,
    )
