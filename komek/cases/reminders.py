"""Reminders as background tasks (django-tasks; `komek worker` runs them).

A task's reminder is enqueued when the task is given a due date, to run that morning; a
referral's follow-up is enqueued when it is sent, to run the morning after the answer was
due. Each re-reads the database when it runs, so a task done or a referral answered in
the meantime is left alone, and each notifies once however often it runs.
``sweep_reminders`` (enqueued daily by `komek send_reminders`) catches up anything a
lost queue missed."""

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from komek.cases.models import Referral, ReferralStatus, Task
from komek.notifications.services import notify

REMINDER_HOUR = 9


def morning_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(REMINDER_HOUR)))


def schedule_task_reminder(case_task: Task) -> None:
    """Enqueue the reminder; call inside the transaction that saves the task."""
    remind_task.using(run_after=morning_of(case_task.due_on)).enqueue(
        case_task.pk, case_task.due_on.isoformat()
    )


def schedule_follow_up(referral: Referral) -> None:
    follow_up_referral.using(
        run_after=morning_of(referral.expected_by + timedelta(days=1))
    ).enqueue(referral.pk)


def send_task_reminder(case_task: Task) -> bool:
    overdue = case_task.due_on < timezone.localdate()
    message = (
        _("Overdue since %(date)s: %(title)s (case №%(case)s)")
        if overdue
        else _("Due today: %(title)s (case №%(case)s)")
    )
    return (
        notify(
            user=case_task.assignee,
            key=f"task:{case_task.pk}:{case_task.due_on.isoformat()}",
            message=message,
            params={
                "date": case_task.due_on,
                "title": case_task.title,
                "case": case_task.case_id,
            },
            url=reverse("cases:detail", args=[case_task.case_id]),
        )
        is not None
    )


@task()
def remind_task(task_pk: int, due_on: str) -> bool:
    case_task = Task.objects.filter(pk=task_pk, done_at__isnull=True).first()
    if case_task is None or case_task.due_on.isoformat() != due_on:
        return False
    return send_task_reminder(case_task)


@task()
def follow_up_referral(referral_pk: int) -> bool:
    from komek.cases.referrals import referral_follow_up

    referral = Referral.objects.filter(pk=referral_pk).first()
    return referral is not None and referral_follow_up(referral) is not None


@task()
def sweep_reminders() -> dict:
    from komek.cases.referrals import referral_follow_up

    today = timezone.localdate()
    unanswered = Referral.objects.filter(
        status=ReferralStatus.SENT, expected_by__lt=today, follow_ups__isnull=True
    )
    follow_ups = sum(referral_follow_up(referral) is not None for referral in unanswered)
    due = Task.objects.filter(done_at__isnull=True, due_on__lte=today).select_related("assignee")
    reminders = sum(send_task_reminder(case_task) for case_task in due.iterator())
    return {"follow_ups": follow_ups, "reminders": reminders}
