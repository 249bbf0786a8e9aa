"""Reads of training events and their participants, permission-aware: an event is seen by
the staff of the office that organises it (and by users who span offices); an official
by whoever sees an event they are enrolled in. Officials' names, phones and emails are
personal data: every read that shows them is audited here."""

import datetime
from calendar import Calendar
from dataclasses import dataclass
from typing import Literal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from komek.accounts.scoping import in_scope
from komek.audit.models import Action
from komek.audit.services import record
from komek.core.permissions import role_can
from komek.core.roles import Capability
from komek.people.names import query_key
from komek.trainings.models import Attendance, Certificate, Enrolment, Event, Participant

Purpose = Literal["view", "change"]


def capability_for(purpose: Purpose) -> str:
    return Capability.TRAININGS_MANAGE if purpose == "change" else Capability.TRAININGS_VIEW


def events_for(user) -> QuerySet[Event]:
    """The events ``user`` may see: their office's, or all for a user spanning offices."""
    if not role_can(user, Capability.TRAININGS_VIEW):
        return Event.objects.none()
    return in_scope(Event.objects.all(), user)


def event_list(
    *, user, region: str = "", status: str = "", format: str = "", year: int | None = None
) -> QuerySet[Event]:
    events = events_for(user)
    if region:
        events = events.filter(region=region)
    if status:
        events = events.filter(status=status)
    if format:
        events = events.filter(format=format)
    if year:
        events = events.filter(starts_on__year=year)
    return events.annotate(participant_count=Count("enrolments")).order_by("-starts_on", "-pk")


def event_get_for(*, user, pk: int, purpose: Purpose = "view") -> Event:
    """The event, if ``user`` may see it (``purpose="change"``: and organise trainings);
    404 otherwise. The event alone is no one's personal data: its participants are read,
    and audited, by ``event_enrolments``."""
    if not role_can(user, capability_for(purpose)):
        raise Http404
    event = (
        events_for(user)
        .select_related("office", "budget_line__project", "created_by")
        .prefetch_related("topics", "organisers")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    return event


def event_enrolments(*, user, event: Event) -> list[Enrolment]:
    """The event's participants (with the days each attended), by name; the reading is
    audited. The caller fetched ``event`` through ``event_get_for``."""
    enrolments = list(
        event.enrolments.select_related("participant")
        .prefetch_related(Prefetch("attendance", Attendance.objects.order_by("day")))
        .order_by("participant__surname", "participant__given_name", "pk")
    )
    record(actor=user, action=Action.VIEW, obj=event, detail="participants of the event")
    return enrolments


def attendance_marks(enrolments: list[Enrolment]) -> set[tuple[int, datetime.date]]:
    """(enrolment id, day) of every day attended, from enrolments read with their
    attendance."""
    return {
        (enrolment.pk, mark.day) for enrolment in enrolments for mark in enrolment.attendance.all()
    }


def participants_for(user) -> QuerySet[Participant]:
    """The officials ``user`` may see: all for a user spanning offices, otherwise those
    enrolled in an event of the user's office."""
    if not role_can(user, Capability.TRAININGS_VIEW):
        return Participant.objects.none()
    if user.spans_offices:
        return Participant.objects.all()
    visible = Enrolment.objects.filter(
        participant=OuterRef("pk"), event__in=events_for(user).values("pk")
    )
    return Participant.objects.filter(Exists(visible))


def participant_list(
    *, user, q: str = "", agency: str = "", region: str = "", sex: str = ""
) -> QuerySet[Participant]:
    """The officials ``user`` may see, filtered: ``q`` matches the name in any script and
    order. The caller audits the page it shows (``participants_shown``)."""
    participants = participants_for(user)
    if q:
        key = query_key(q)
        participants = participants.filter(
            Q(name_key__contains=key) | Q(phone__contains=q.strip()) | Q(email__iexact=q.strip())
        )
    if agency:
        participants = participants.filter(agency=agency)
    if region:
        participants = participants.filter(region=region)
    if sex:
        participants = participants.filter(sex=sex)
    return participants.annotate(event_count=Count("enrolments")).order_by(
        "surname", "given_name", "pk"
    )


def participants_shown(*, user, participants) -> None:
    """Audit a page of the registry shown to ``user``: which officials it listed."""
    ids = ",".join(str(participant.pk) for participant in participants)
    record(actor=user, action=Action.VIEW, detail=f"training participants: {ids}"[:500])


def participant_get_for(*, user, pk: int, purpose: Purpose = "view") -> Participant:
    """The official, if ``user`` sees an event they are enrolled in (or spans offices);
    404 otherwise. ``purpose="view"`` audits the reading."""
    if not role_can(user, capability_for(purpose)):
        raise Http404
    participant = participants_for(user).filter(pk=pk).first()
    if participant is None:
        raise Http404
    if purpose == "view":
        record(actor=user, action=Action.VIEW, obj=participant)
    return participant


def participant_enrolments(*, user, participant: Participant) -> list[Enrolment]:
    """The official's enrolments in the events ``user`` may see, newest first."""
    return list(
        participant.enrolments.filter(event__in=events_for(user).values("pk"))
        .select_related("event")
        .annotate(days_attended=Count("attendance"))
        .order_by("-event__starts_on", "-pk")
    )


@dataclass(frozen=True)
class CalendarDay:
    day: datetime.date
    in_month: bool
    events: list[Event]


def month_calendar(*, user, year: int, month: int) -> list[list[CalendarDay]]:
    """The month's weeks (Monday first), each day with the events that run on it."""
    weeks = Calendar().monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    events = list(
        events_for(user)
        .filter(starts_on__lte=last, ends_on__gte=first)
        .order_by("starts_on", "title", "pk")
    )
    return [
        [
            CalendarDay(
                day=day,
                in_month=day.month == month,
                events=[event for event in events if event.starts_on <= day <= event.ends_on],
            )
            for day in week
        ]
        for week in weeks
    ]


@dataclass(frozen=True)
class EventSummary:
    id: int
    title: str
    region: str
    start: str
    participants: int
    certified: int


def events_summary() -> list[EventSummary]:
    """Every event with its number of participants and of those holding a certificate
    that stands (not revoked), oldest first: for scripts (``komek trainings --json``)."""
    standing = Certificate.objects.filter(revoked_at__isnull=True)
    events = Event.objects.annotate(
        participant_count=Count("enrolments", distinct=True),
        certified_count=Count(
            "enrolments",
            filter=Q(enrolments__certificate__in=standing),
            distinct=True,
        ),
    ).order_by("starts_on", "pk")
    return [
        EventSummary(
            id=event.pk,
            title=event.title,
            region=event.region,
            start=event.starts_on.isoformat(),
            participants=event.participant_count,
            certified=event.certified_count,
        )
        for event in events
    ]
