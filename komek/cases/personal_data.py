"""The cases' personal data, declared to ``core.personal_data``."""

from komek.cases.access import visible_cases
from komek.cases.models import Case, CaseDocument, CaseEvent, Referral, Task
from komek.core import personal_data
from komek.core.permissions import role_can
from komek.core.roles import Capability


def _cases_delete(person) -> int:
    """The client's cases go; a case the person was only involved in loses them."""
    Case.people.through.objects.filter(person=person).delete()
    return Case.objects.filter(client=person).delete()[0]


def _readable(user, pk: str) -> bool:
    return role_can(user, Capability.CASES_VIEW) and visible_cases(user).filter(pk=pk).exists()


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
