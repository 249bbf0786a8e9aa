"""The cases' personal data, declared to ``core.personal_data``."""

from django.utils.translation import gettext_lazy as _

from komek.cases.access import visible_cases
from komek.cases.models import CLOSED, Case, CaseDocument, CaseEvent, Referral, Task
from komek.core import personal_data
from komek.core.permissions import role_can
from komek.core.roles import Capability
from komek.hotline.models import Contact

FIVE_YEARS = 5 * 365 + 1


def _cases_delete(person) -> int:
    """The client's cases go; a case the person was only involved in loses them."""
    Case.people.through.objects.filter(person=person).delete()
    return Case.objects.filter(client=person).delete()[0]


def _readable(user, pk: str) -> bool:
    return role_can(user, Capability.CASES_VIEW) and visible_cases(user).filter(pk=pk).exists()


def closed_cases_untreated():
    # An anonymised case has no title left.
    return Case.objects.filter(status__in=sorted(CLOSED), closed_at__isnull=False).exclude(title="")


def closed_cases_anonymise(cases) -> int:
    """A closed case past its period keeps its kind, category, dates, outcome and amount
    for the statistics; its texts, documents, the people involved and the contact it was
    opened from lose what identifies anyone."""
    for model in (CaseEvent, Referral, Task, CaseDocument):
        personal_data.anonymise_rows(model.objects.filter(case__in=cases))
    personal_data.anonymise_rows(Contact.objects.filter(cases__in=cases))
    Case.people.through.objects.filter(case__in=cases).delete()
    return personal_data.anonymise_rows(cases)


def contacts_no_case_needs(contacts):
    """A contact a case was opened from goes with its case; so do the contacts of a client
    whose case is not anonymised yet."""
    kept_clients = Case.objects.exclude(title="").values("client")
    return contacts.filter(cases__isnull=True).exclude(person__in=kept_clients)


def declare_personal_data() -> None:
    # An anonymised case keeps its kind, category, dates and outcome for the statistics.
    personal_data.register(
        Case,
        lookups=["client", "people"],
        blank={"title": "", "description": ""},
        delete=_cases_delete,
        readable=_readable,
    )
    personal_data.register(CaseEvent, lookups=["case__client"], blank={"text": ""})
    personal_data.register(
        Referral,
        lookups=["case__client"],
        blank={"details": "", "answer": "", "without_consent_reason": ""},
    )
    personal_data.register(Task, lookups=["case__client"], blank={"title": ""})
    personal_data.register(CaseDocument, lookups=["case__client"])
    personal_data.register_category(
        "cases.closed",
        label=_("Closed cases"),
        default_days=FIVE_YEARS,
        moment="closed_at",
        untreated=closed_cases_untreated,
        treat=closed_cases_anonymise,
    )
    personal_data.hold("hotline.contacts", contacts_no_case_needs)
