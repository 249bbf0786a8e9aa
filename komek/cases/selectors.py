from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal
from urllib.parse import urlencode

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from komek.accounts.models import User
from komek.accounts.scoping import in_scope
from komek.audit.models import Action
from komek.audit.services import record
from komek.cases import timeline as event_kinds
from komek.cases.access import assigned, visible_cases, visible_open_cases
from komek.cases.models import (
    CLOSED,
    Case,
    CaseEvent,
    CaseKind,
    Referral,
    ReferralStatus,
    Task,
)
from komek.hotline.models import Contact, Outcome

SORTS = {
    "newest": ["-opened_at", "-pk"],
    "oldest": ["opened_at", "pk"],
    "priority": ["-priority_rank", "-opened_at", "-pk"],
    "status": ["status", "-opened_at"],
}


def cases_matching(
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
    cases = Case.objects.select_related("client", "category")
    # A case assigned to the user is one they see in their scope: "mine" replaces the
    # visibility test, so that PostgreSQL joins the user's assignments instead of testing
    # every case of the office for both.
    cases = in_scope(cases, user).filter(assigned(user)) if mine else visible_cases(user, cases)
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
    if open_only:
        cases = cases.exclude(status__in=CLOSED)
    if assignee is not None:
        cases = cases.filter(assigned(assignee))
    if partner is not None:
        cases = cases.filter(Exists(Referral.objects.filter(case=OuterRef("pk"), partner=partner)))
    if overdue:
        cases = cases.filter(next_due_on__lt=timezone.localdate())
    order = SORTS.get(sort, SORTS["newest"])
    return cases.prefetch_related("assigned_to").order_by(*order)


# What a row of the case list shows: a page reads these columns only, not a case's
# description or a client's address, notes and JSON fields (decoded for every row).
LIST_COLUMNS = (
    "title",
    "sensitive",
    "status",
    "priority",
    "opened_at",
    "client__surname",
    "client__given_name",
    "client__patronymic",
    "client__citizenship",
    "category__name_ru",
    "category__name_kk",
    "category__name_en",
)


def case_list(*, user, **filters) -> QuerySet[Case]:
    """The cases matching ``filters`` for a page that lists them: the read is audited with
    its filters (an export audits itself as an export, through ``cases_matching``)."""
    given = {name: getattr(value, "pk", value) for name, value in filters.items() if value}
    record(actor=user, action=Action.VIEW, detail=f"case list: {urlencode(given)}")
    staff = User.objects.only("username", "first_name", "last_name")
    return (
        cases_matching(user=user, **filters)
        .only(*LIST_COLUMNS)
        .prefetch_related(None)
        .prefetch_related(Prefetch("assigned_to", queryset=staff))
    )


def case_get_for(*, user, pk: int, purpose: Literal["view", "change"] = "view") -> Case:
    """The case if ``user`` may see it; 404 otherwise, revealing nothing.

    ``purpose="view"`` loads what the case page shows and audits the opening; a change is
    audited by the service that makes it."""
    cases = Case.objects.all()
    if purpose == "view":
        cases = cases.select_related("client", "category", "opened_by", "opened_from")
    case = visible_cases(user, cases).filter(pk=pk).first()
    if case is None:
        raise Http404
    if purpose == "view":
        record(actor=user, action=Action.VIEW, obj=case)
    return case


@dataclass
class CaseDraft:
    """What a new case starts with: the contact it comes from, and the form's values."""

    contact: Contact | None = None
    initial: dict = field(default_factory=dict)


def case_draft(*, user, client, contact_pk: str | None) -> CaseDraft:
    """A case opened from one of the client's contacts starts with the question asked and
    its first topic; any other contact number, one of an office the user does not work
    with, or a malformed one, is ignored."""
    if contact_pk is None or not contact_pk.isdigit():
        return CaseDraft()
    contact = in_scope(Contact.objects.filter(pk=int(contact_pk), person=client), user).first()
    if contact is None:
        return CaseDraft()
    initial: dict[str, object] = {"title": contact.question[:200], "description": contact.question}
    if contact.outcome == Outcome.REFERRED_LAWYER:
        initial["kind"] = CaseKind.LEGAL
    topic = contact.topics.first()
    if topic is not None:
        initial["category"] = topic.pk
    return CaseDraft(contact=contact, initial=initial)


def person_cases(*, user, person) -> list[Case]:
    return list(visible_cases(user, person.cases.select_related("category"))[:20])


# The open cases of a person shown at most (beside a caller, before opening a case).
OPEN_CASES_SHOWN = 10


def open_cases_of(*, user, person) -> list[Case]:
    """The person's open cases the user sees: before opening another, one of them may be
    the place for the new matter."""
    return open_cases_of_each(user=user, people=[person]).get(person.pk, [])


def open_cases_of_each(*, user, people: list) -> dict[int, list[Case]]:
    """``open_cases_of`` for several people in one query, by person's id."""
    return visible_open_cases(user, [person.pk for person in people], limit=OPEN_CASES_SHOWN)


# "New" assignments on the home page: cases assigned to the user in the last days.
NEW_ASSIGNMENT_DAYS = 7
DESK_LENGTH = 10


@dataclass
class Desk:
    """A caseworker's work for the day, as their home page shows it."""

    open_cases: list[Case]
    overdue_tasks: list[Task]
    awaited: list[Referral]
    new_cases: list[Case]

    def __bool__(self) -> bool:
        return bool(self.open_cases or self.overdue_tasks or self.awaited or self.new_cases)


def desk(*, user) -> Desk:
    """The user's open cases (what is due soonest first), their overdue tasks, the answers
    their cases await, and the cases given to them by others in the last days. Each read
    starts from the user's assignments or tasks, which are few, through their indexes.
    The cases name their clients: the read is audited when it shows any."""
    today = timezone.localdate()
    mine = in_scope(Case.objects.filter(assigned(user)), user).exclude(status__in=CLOSED)
    since = timezone.now() - timedelta(days=NEW_ASSIGNMENT_DAYS)
    found = Desk(
        open_cases=list(
            mine.select_related("client").order_by(
                F("next_due_on").asc(nulls_last=True), "-opened_at"
            )[:DESK_LENGTH]
        ),
        overdue_tasks=list(
            Task.objects.filter(assignee=user, done_at__isnull=True, due_on__lt=today)
            .select_related("case")
            .order_by("due_on", "pk")[:DESK_LENGTH]
        ),
        awaited=list(
            Referral.objects.filter(status=ReferralStatus.SENT, case__in=mine)
            .select_related("partner", "case")
            .order_by("expected_by", "pk")[:DESK_LENGTH]
        ),
        new_cases=list(
            mine.filter(opened_at__gte=since)
            .exclude(opened_by=user)
            .select_related("client", "opened_by")
            .order_by("-opened_at")[:DESK_LENGTH]
        ),
    )
    if found:
        record(actor=user, action=Action.VIEW, detail="home: own cases")
    return found


def unassigned_cases(*, user) -> list[Case]:
    """The open cases of the user's offices that nobody works on, newest first."""
    nobody = ~Exists(Case.assigned_to.through.objects.filter(case_id=OuterRef("pk")))
    cases = visible_cases(user, Case.objects.exclude(status__in=CLOSED).filter(nobody))
    found = list(cases.select_related("client").order_by("-opened_at", "-id")[:DESK_LENGTH])
    if found:
        record(actor=user, action=Action.VIEW, detail="home: unassigned cases")
    return found


def task_list(*, user, overdue: bool = False) -> QuerySet[Task]:
    """Open tasks: the user's own; with ``overdue``, every late task of the cases they see
    (a coordinator sees the whole office's backlog). Either list names cases and their
    clients: it is audited as a read."""
    record(actor=user, action=Action.VIEW, detail=f"task list: {'overdue' if overdue else 'own'}")
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
        shown, earlier = list(events), 0
    else:
        latest = list(events.order_by("-at", "-pk")[: TIMELINE_LATEST + 1])
        shown = latest[:TIMELINE_LATEST][::-1]
        earlier = case.events.count() - TIMELINE_LATEST if len(latest) > TIMELINE_LATEST else 0
    event_kinds.prepare(shown)
    return shown, earlier
