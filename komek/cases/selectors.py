from django.db.models import QuerySet

from komek.audit.models import Action
from komek.audit.services import record
from komek.cases.access import case_for, visible_cases
from komek.cases.models import CLOSED, Case, CaseEvent


def case_list(
    *,
    user,
    status="",
    category=None,
    kind="",
    priority="",
    citizenship="",
    mine=False,
    open_only=False,
) -> QuerySet[Case]:
    cases = visible_cases(user, Case.objects.select_related("client", "category"))
    if status:
        cases = cases.filter(status=status)
    if category is not None:
        cases = cases.filter(category=category)
    if kind:
        cases = cases.filter(kind=kind)
    if priority:
        cases = cases.filter(priority=priority)
    if citizenship:
        cases = cases.filter(client__citizenship=citizenship.upper())
    if mine:
        cases = cases.filter(assigned_to=user)
    if open_only:
        cases = cases.exclude(status__in=CLOSED)
    return cases.prefetch_related("assigned_to").order_by("-opened_at")


def case_for_display(*, user, pk: int) -> tuple[Case, list[CaseEvent]]:
    """The case and its timeline; the opening is audited."""
    case = case_for(user, pk)
    events = list(case.events.select_related("author"))
    record(actor=user, action=Action.VIEW, obj=case)
    return case, events


def person_cases(*, user, person) -> list[Case]:
    return list(visible_cases(user, person.cases.select_related("category"))[:20])
