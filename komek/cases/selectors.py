from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from komek.audit.models import Action
from komek.audit.services import record
from komek.cases.access import assigned, case_for, visible_cases
from komek.cases.models import (
    CLOSED,
    Case,
    CaseEvent,
    Referral,
    ReferralStatus,
    Task,
)

SORTS = {
    "newest": ["-opened_at", "-pk"],
    "oldest": ["opened_at", "pk"],
    "priority": ["-priority_rank", "-opened_at", "-pk"],
    "status": ["status", "-opened_at"],
}


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
    assignee=None,
    partner=None,
    overdue=False,
    sort="",
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
        cases = cases.filter(assigned(user))
    if open_only:
        cases = cases.exclude(status__in=CLOSED)
    if assignee is not None:
        cases = cases.filter(assigned(assignee))
    if partner is not None:
        cases = cases.filter(Exists(Referral.objects.filter(case=OuterRef("pk"), partner=partner)))
    if overdue:
        today = timezone.localdate()
        late_task = Task.objects.filter(case=OuterRef("pk"), done_at__isnull=True, due_on__lt=today)
        late_referral = Referral.objects.filter(
            case=OuterRef("pk"), status=ReferralStatus.SENT, expected_by__lt=today
        )
        cases = cases.filter(Exists(late_task) | Exists(late_referral))
    order = SORTS.get(sort, SORTS["newest"])
    return cases.prefetch_related("assigned_to").order_by(*order)


def case_for_display(*, user, pk: int) -> Case:
    """The case, if the user may see it; the opening is audited."""
    shown = Case.objects.select_related("client", "category", "opened_by", "opened_from")
    case = case_for(user, pk, shown)
    record(actor=user, action=Action.VIEW, obj=case)
    return case


def person_cases(*, user, person) -> list[Case]:
    return list(visible_cases(user, person.cases.select_related("category"))[:20])


def task_list(*, user, overdue: bool = False) -> QuerySet[Task]:
    """Open tasks: the user's own; with ``overdue``, every late task of the cases they see
    (a coordinator sees the whole office's backlog)."""
    tasks = Task.objects.filter(done_at__isnull=True).select_related("case", "assignee")
    if overdue:
        tasks = tasks.filter(due_on__lt=timezone.localdate(), case__in=visible_cases(user))
    else:
        tasks = tasks.filter(assignee=user)
    return tasks.order_by("due_on", "pk")


# A long case shows its latest entries first; the earlier ones are one click away.
TIMELINE_LATEST = 100


def timeline(case: Case, *, everything: bool = False) -> tuple[list[CaseEvent], int]:
    """The case's events in order, and how many earlier ones were left out."""
    events = case.events.select_related("author")
    if everything:
        return list(events), 0
    latest = list(events.order_by("-at", "-pk")[: TIMELINE_LATEST + 1])
    if len(latest) <= TIMELINE_LATEST:
        return latest[::-1], 0
    return latest[:TIMELINE_LATEST][::-1], case.events.count() - TIMELINE_LATEST
