"""The cases' personal data, declared to ``core.personal_data``."""

from komek.cases.models import Case, CaseDocument, CaseEvent, Referral, Task
from komek.core import personal_data


def _cases_delete(person) -> int:
    """The client's cases go; a case the person was only involved in loses them."""
    Case.people.through.objects.filter(person=person).delete()
    return Case.objects.filter(client=person).delete()[0]


def declare_personal_data() -> None:
    # An anonymised case keeps its kind, category, dates and outcome for the statistics.
    personal_data.register(
        Case,
        lookups=["client", "people"],
        blank={"title": "", "description": ""},
        delete=_cases_delete,
    )
    personal_data.register(CaseEvent, lookups=["case__client"], blank={"text": ""})
    personal_data.register(
        Referral,
        lookups=["case__client"],
        blank={"details": "", "answer": "", "without_consent_reason": ""},
    )
    personal_data.register(Task, lookups=["case__client"], blank={"title": ""})
    personal_data.register(CaseDocument, lookups=["case__client"])
