"""Writes for cases: open, edit with a version check, move through the workflow, the
timeline's events, notes, tasks."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.audit.models import Action
from komek.audit.services import diff, record, values_of
from komek.cases import deadlines, reminders, timeline, workflow
from komek.cases.models import (
    CLOSED,
    Case,
    CaseEvent,
    Outcome,
    Referral,
    ReferralStatus,
    Status,
    Task,
)
from komek.core.history import codes_of
from komek.core.permissions import role_can
from komek.core.roles import Capability
from komek.notifications.services import notify
from komek.people.services import person_assign

EDITABLE = ("title", "description", "kind", "category", "priority", "sensitive")


class StaleEdit(Exception):
    """The case changed since the form was opened; the newer version is kept."""

    def __init__(self, current: Case) -> None:
        self.current = current
        super().__init__(_("Someone changed this case while you were editing it."))


def case_event_add(
    *, case: Case, author, kind: str, text: str = "", data: dict | None = None
) -> CaseEvent:
    """Put an event on the case's timeline: the only writer of events, so that each one is
    of a registered kind that the case page knows how to show. ``author`` is None for what
    Komek does itself."""
    event = CaseEvent(case=case, author=author, kind=kind, text=text, data=data or {})
    # The case and the author are in hand: checking that they exist would cost two
    # queries per event.
    event.full_clean(exclude=["case", "author"])
    event.save()
    return event


@transaction.atomic
def case_open(
    *,
    opened_by,
    client,
    kind,
    category,
    title,
    description="",
    priority="normal",
    sensitive=False,
    people=(),
    assign=(),
    opened_from=None,
) -> Case:
    case = Case(
        office=opened_by.office,
        opened_by=opened_by,
        client=client,
        kind=kind,
        category=category,
        title=title,
        description=description,
        priority=priority,
        sensitive=sensitive,
        opened_from=opened_from,
    )
    case._history_user = opened_by  # type: ignore[attr-defined]  # simple_history's, undeclared
    case.full_clean()
    case.save()
    staff = list(assign)
    if role_can(opened_by, Capability.CASES_TAKE_ON_OPENED) and opened_by not in staff:
        staff.append(opened_by)
    case.assigned_to.set(staff)
    case.people.set(people)
    for member in staff:
        person_assign(person=client, staff=member, assigned_by=opened_by)
        if member != opened_by:
            _notify_assigned(case, member, opened_by)
    case_event_add(case=case, author=opened_by, kind=timeline.OPENED, text=title)
    record(
        actor=opened_by, action=Action.CREATE, obj=case, changes=diff({}, values_of(case, EDITABLE))
    )
    return case


ASSIGNED_MESSAGE = gettext_lazy("%(by)s assigned you case №%(case)s: %(title)s")


def _notify_assigned(case: Case, member, by) -> None:
    """Tell a staff member someone else gave them a case: otherwise they learn it only by
    looking through the case list."""
    notify(
        user=member,
        key=f"case-assigned:{case.pk}",
        message=ASSIGNED_MESSAGE,
        params={"by": by, "case": case.pk, "title": case.title},
        url=reverse("cases:detail", args=[case.pk]),
    )


@transaction.atomic
def case_update(*, case: Case, updated_by, version: int, **fields) -> Case:
    """Apply an edit made on ``version``; a newer version in the database refuses it."""
    current = Case.objects.select_for_update().get(pk=case.pk)
    if current.version != version:
        raise StaleEdit(current)
    before = values_of(current, EDITABLE)
    coded_before = codes_of(current, EDITABLE)
    for field, value in fields.items():
        setattr(current, field, value)
    current.version += 1
    current._history_user = updated_by  # type: ignore[attr-defined]  # simple_history's, undeclared
    current.full_clean(exclude=["version"])
    current.save()
    changes = diff(before, values_of(current, EDITABLE))
    case_event_add(
        case=current,
        author=updated_by,
        kind=timeline.EDITED,
        data={"changes": diff(coded_before, codes_of(current, EDITABLE))},
    )
    record(actor=updated_by, action=Action.CHANGE, obj=current, changes=changes)
    return current


@transaction.atomic
def case_move(
    *,
    case: Case,
    moved_by,
    to: str,
    assigned: bool,
    note: str = "",
    outcome: str = "",
    amount_recovered: Decimal | None = None,
) -> Case:
    current = Case.objects.select_for_update().get(pk=case.pk)
    workflow.check(current, moved_by, to, assigned=assigned)
    closing = to in CLOSED
    if closing and not outcome:
        raise ValidationError({"outcome": _("Say how the case ended.")})
    if outcome == Outcome.WAGES_RECOVERED and not amount_recovered:
        raise ValidationError({"amount_recovered": _("Give the amount recovered, in KZT.")})
    current.outcome = outcome if closing else ""
    current.amount_recovered = amount_recovered if closing else None
    current.closed_at = timezone.now() if closing else None
    return _status_set(current, moved_by, to, text=note, outcome=outcome)


def _status_set(current: Case, by, to: str, *, text: str = "", outcome: str = "", **why) -> Case:
    """Save the locked case in status ``to``, on its timeline (with ``why``, the codes and
    data saying what moved it when the work did) and in the audit log."""
    before = current.status
    current.status = to
    current.version += 1
    current._history_user = by  # type: ignore[attr-defined]  # simple_history's, undeclared
    current.save()
    case_event_add(
        case=current,
        author=by,
        kind=timeline.STATUS,
        text=text,
        data={"old": before, "new": to, "outcome": outcome, **why},
    )
    record(
        actor=by,
        action=Action.CHANGE,
        obj=current,
        changes={"status": [before, to], **({"outcome": ["", outcome]} if outcome else {})},
    )
    return current


# What the work moves a case to, from which statuses: a referral sent leaves a case that
# was only opened or being worked on waiting for the partner; the last awaited answer
# puts it back in progress. A closed case, or one the lawyer moved elsewhere, stays put.
FOLLOWS_WORK = {
    timeline.BECAUSE_REFERRAL_SENT: (
        frozenset({Status.NEW, Status.IN_PROGRESS}),
        Status.WAITING,
    ),
    timeline.BECAUSE_REFERRAL_ANSWERED: (frozenset({Status.WAITING}), Status.IN_PROGRESS),
}


def case_status_follow_work(*, case: Case, by, because: str, partner: int) -> Case:
    """Move the case as the work on it says (``because``: a code of ``FOLLOWS_WORK``),
    inside the caller's transaction; the lawyer may still move it by hand afterwards."""
    current = Case.objects.select_for_update().get(pk=case.pk)
    starting, to = FOLLOWS_WORK[because]
    if current.status not in starting:
        return current
    if to == Status.IN_PROGRESS and current.referrals.filter(status=ReferralStatus.SENT).exists():
        return current
    return _status_set(current, by, to, because=because, partner=partner)


@transaction.atomic
def case_note(*, case: Case, author, text: str) -> CaseEvent:
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    event = case_event_add(case=case, author=author, kind=timeline.NOTE, text=text.strip())
    record(actor=author, action=Action.CHANGE, obj=case, detail="note added")
    return event


def case_deadline_refresh(case: Case) -> None:
    """After a change to one of the case's tasks or referrals."""
    deadlines.refresh(Case, Task, Referral, [case.pk])


@transaction.atomic
def task_add(*, case: Case, created_by, title: str, assignee, due_on, referral=None) -> Task:
    """A task on the case; its reminder is queued for the morning it falls due."""
    if assignee.office_id != case.office_id and not assignee.spans_offices:
        raise ValidationError({"assignee": _("Assign the task to someone of the case's office.")})
    case_task = Task(
        case=case,
        title=title.strip(),
        assignee=assignee,
        due_on=due_on,
        created_by=created_by,
        referral=referral,
    )
    case_task.full_clean()
    case_task.save()
    case_deadline_refresh(case)
    reminders.schedule_task_reminder(case_task)
    case_event_add(
        case=case,
        author=created_by,
        kind=timeline.TASK,
        text=case_task.title,
        data={"assignee": str(assignee), "due_on": due_on.isoformat()},
    )
    record(actor=created_by, action=Action.CHANGE, obj=case, detail=f"task added: {title}"[:500])
    return case_task


@transaction.atomic
def task_done(*, case_task: Task, done_by) -> Task:
    current = Task.objects.select_for_update().get(pk=case_task.pk)
    if current.done_at is not None:
        return current
    current.done_at = timezone.now()
    current.done_by = done_by
    current.save(update_fields=["done_at", "done_by"])
    case_deadline_refresh(current.case)
    case_event_add(
        case=current.case,
        author=done_by,
        kind=timeline.TASK,
        text=current.title,
        data={"done": True},
    )
    record(
        actor=done_by,
        action=Action.CHANGE,
        obj=current.case,
        detail=f"task done: {current.title}"[:500],
    )
    return current
