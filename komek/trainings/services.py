"""Writes of training events and their participants: events, the registry of officials
(one row per official across events, found again by name and agency), enrolments with
their participant codes, attendance per day and the import of an agency's list.

Every write is one transaction and audited; bad input raises ``ValidationError`` naming
the field and leaves nothing written."""

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import diff, record, values_of
from komek.core.phones import InvalidPhone, to_e164
from komek.people.names import fold, name_key, visible_name
from komek.trainings.models import Attendance, Enrolment, Event, EventStatus, Participant

EVENT_FIELDS = (
    "title",
    "format",
    "starts_on",
    "ends_on",
    "region",
    "city",
    "venue",
    "trainers",
    "hours",
    "days_required",
    "budget",
    "budget_line",
    "status",
)
PARTICIPANT_FIELDS = (
    "surname",
    "given_name",
    "patronymic",
    "sex",
    "agency",
    "unit",
    "position",
    "region",
    "phone",
    "email",
)
# An official's contact details are not kept in the audit log, only that they changed: the
# log shows the values of rows no personal-data declaration covers to any of its readers,
# and officials are no ``people.Person`` that a declaration could lead to.
CONTACT_FIELDS = ("phone", "email")
# Participant codes are read off a sign-in sheet and typed on a phone: no 0/O, 1/I/L, 2/Z,
# 5/S or 8/B to mistake for one another.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6


# Events --------------------------------------------------------------------------------


def event_days(event: Event) -> list[datetime.date]:
    """Every day of the event, the first to the last."""
    count = (event.ends_on - event.starts_on).days + 1
    return [event.starts_on + datetime.timedelta(days=offset) for offset in range(count)]


def event_check(event: Event) -> None:
    """The rules of an event's dates that its columns alone cannot name: refused with the
    field at fault (also called by the form, so that the refusal shows on the field)."""
    errors: dict[str, str] = {}
    if event.starts_on and event.ends_on:
        if event.ends_on < event.starts_on:
            errors["ends_on"] = _("The last day cannot be before the first day.")
        elif event.days_required and event.days_required > len(event_days(event)):
            errors["days_required"] = _(
                "The event has %(days)d days: a certificate cannot need more."
            ) % {"days": len(event_days(event))}
    if event.pk and event.starts_on and event.ends_on:
        outside = (
            Attendance.objects.filter(enrolment__event_id=event.pk)
            .exclude(day__range=(event.starts_on, event.ends_on))
            .count()
        )
        if outside:
            errors.setdefault(
                "ends_on",
                _(
                    "%(count)d attendance marks fall outside these dates: unmark them in "
                    "the grid first."
                )
                % {"count": outside},
            )
    if event.budget is not None and event.budget < 0:
        errors["budget"] = _("The budget cannot be negative.")
    if errors:
        raise ValidationError(errors)


def _event_values(event: Event) -> dict[str, Any]:
    values = values_of(event, EVENT_FIELDS)
    values["topics"] = sorted(topic.pk for topic in event.topics.all())
    values["organisers"] = sorted(partner.pk for partner in event.organisers.all())
    return values


@transaction.atomic
def event_create(
    *, created_by, office, topics: Iterable = (), organisers: Iterable = (), **fields
) -> Event:
    event = Event(office=office, created_by=created_by, **fields)
    event_check(event)
    event._history_user = created_by  # type: ignore[attr-defined]  # simple_history's
    event.full_clean()
    event.save()
    event.topics.set(topics)
    event.organisers.set(organisers)
    record(
        actor=created_by, action=Action.CREATE, obj=event, changes=diff({}, _event_values(event))
    )
    return event


@transaction.atomic
def event_update(
    *, event: Event, updated_by, topics: Iterable = (), organisers: Iterable = (), **fields
) -> Event:
    locked = Event.objects.select_for_update().get(pk=event.pk)
    before = _event_values(locked)
    for name, value in fields.items():
        setattr(event, name, value)
    event_check(event)
    event._history_user = updated_by  # type: ignore[attr-defined]  # simple_history's
    event.full_clean()
    event.save()
    event.topics.set(topics)
    event.organisers.set(organisers)
    record(
        actor=updated_by,
        action=Action.CHANGE,
        obj=event,
        changes=diff(before, _event_values(event)),
    )
    return event


# Participants --------------------------------------------------------------------------


def participant_clean(fields: dict[str, Any]) -> dict[str, Any]:
    """The participant's values as kept: names without invisible characters, the phone in
    E.164; refused with the field at fault."""
    cleaned = dict(fields)
    errors: dict[str, str] = {}
    for name in ("surname", "given_name", "patronymic"):
        try:
            cleaned[name] = visible_name(cleaned.get(name, ""))
        except ValueError:
            errors[name] = _("The name is made only of invisible characters.")
    phone = (cleaned.get("phone") or "").strip()
    if phone:
        try:
            cleaned["phone"] = to_e164(phone)
        except InvalidPhone:
            errors["phone"] = _("“%(phone)s” is not a phone number.") % {"phone": phone}
    if errors:
        raise ValidationError(errors)
    return cleaned


def participant_match(
    *, surname: str, given_name: str, agency: str, patronymic: str = "", phone: str = ""
) -> Participant | None:
    """The registry's row for this official, if any: the same folded name (in any script
    and order) and the same agency. Two patronymics that differ are two officials; among
    several rows left, the one with the same phone is preferred."""
    candidates = Participant.objects.filter(
        name_key=name_key(surname, given_name), agency=agency
    ).order_by("pk")
    folded = fold(patronymic)
    found = [
        candidate
        for candidate in candidates
        if not (folded and candidate.patronymic and fold(candidate.patronymic) != folded)
    ]
    if phone:
        found.sort(key=lambda candidate: candidate.phone != phone)
    return found[0] if found else None


def _participant_changes(before: dict[str, Any], after: dict[str, Any]) -> dict:
    changes: dict[str, Any] = diff(before, after)
    for name in CONTACT_FIELDS:
        if name in changes:
            changes[name] = None
    return changes


def _participant_save(participant: Participant, *, by) -> None:
    participant.name_key = name_key(participant.surname, participant.given_name)
    participant._history_user = by  # type: ignore[attr-defined]  # simple_history's
    participant.full_clean()
    participant.save()


@transaction.atomic
def participant_create(*, created_by, **fields) -> Participant:
    participant = Participant(**participant_clean(fields))
    _participant_save(participant, by=created_by)
    record(
        actor=created_by,
        action=Action.CREATE,
        obj=participant,
        changes=_participant_changes({}, values_of(participant, PARTICIPANT_FIELDS)),
    )
    return participant


@transaction.atomic
def participant_update(*, participant: Participant, updated_by, **fields) -> Participant:
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    before = values_of(locked, PARTICIPANT_FIELDS)
    for name, value in participant_clean(fields).items():
        setattr(participant, name, value)
    _participant_save(participant, by=updated_by)
    record(
        actor=updated_by,
        action=Action.CHANGE,
        obj=participant,
        changes=_participant_changes(before, values_of(participant, PARTICIPANT_FIELDS)),
    )
    return participant


# Enrolments and attendance -------------------------------------------------------------


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))
        if not Enrolment.objects.filter(code=code).exists():
            return code


@transaction.atomic
def enrolment_create(*, event: Event, participant: Participant, by) -> Enrolment:
    """Enrol the participant, with a new participant code; refused for a cancelled event
    or a participant enrolled already."""
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("The event is cancelled: no one can be enrolled."))
    if Enrolment.objects.filter(event=event, participant=participant).exists():
        raise ValidationError(
            _("%(participant)s is enrolled in this event already.") % {"participant": participant}
        )
    enrolment = Enrolment.objects.create(
        event=event, participant=participant, enrolled_by=by, code=_new_code()
    )
    record(
        actor=by,
        action=Action.CREATE,
        obj=enrolment,
        changes=diff({}, {"event": event, "participant": participant, "code": enrolment.code}),
    )
    return enrolment


@dataclass(frozen=True)
class Registered:
    enrolment: Enrolment
    # The official was in the registry already (found by name and agency).
    recognised: bool


@transaction.atomic
def participant_register(*, event: Event, by, **fields) -> Registered:
    """Register an official for the event, one by one: found in the registry by name and
    agency, or added to it; then enrolled."""
    cleaned = participant_clean(fields)
    existing = participant_match(
        surname=cleaned["surname"],
        given_name=cleaned["given_name"],
        agency=cleaned["agency"],
        patronymic=cleaned.get("patronymic", ""),
        phone=cleaned.get("phone", ""),
    )
    participant = existing or participant_create(created_by=by, **cleaned)
    enrolment = enrolment_create(event=event, participant=participant, by=by)
    return Registered(enrolment=enrolment, recognised=existing is not None)


@transaction.atomic
def attendance_set(
    *, event: Event, present: Iterable[tuple[int, datetime.date]], by
) -> tuple[int, int]:
    """Make the event's attendance exactly ``present`` (pairs of enrolment id and day), as
    the grid of the event page shows it whole; returns how many marks were added and
    removed. A day outside the event or an enrolment of another event is refused."""
    wanted = set(present)
    days = set(event_days(event))
    enrolments = set(event.enrolments.values_list("pk", flat=True))
    for enrolment_id, day in wanted:
        if day not in days:
            raise ValidationError(
                _("%(day)s is not a day of the event.") % {"day": day.isoformat()}
            )
        if enrolment_id not in enrolments:
            raise ValidationError(_("A participant marked is not enrolled in this event."))
    Event.objects.select_for_update().filter(pk=event.pk).first()
    marks = Attendance.objects.filter(enrolment__event=event)
    have = set(marks.values_list("enrolment_id", "day"))
    added = wanted - have
    removed = have - wanted
    Attendance.objects.bulk_create(
        Attendance(enrolment_id=enrolment_id, day=day, marked_by=by)
        for enrolment_id, day in sorted(added)
    )
    for enrolment_id, day in removed:
        marks.filter(enrolment_id=enrolment_id, day=day).delete()
    if added or removed:
        record(
            actor=by,
            action=Action.CHANGE,
            obj=event,
            detail=f"attendance: +{len(added)} -{len(removed)}",
        )
    return len(added), len(removed)


# Importing an agency's list ------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    """One row of a list as written: its row number, the official, whether they were in
    the registry already and whether they were enrolled in the event already."""

    number: int
    participant: Participant
    recognised: bool
    was_enrolled: bool


@transaction.atomic
def participants_import(*, event: Event, rows: Iterable, by, source: str) -> list[Imported]:
    """Write the checked rows of a list (``participants_import.parse``), all or none: each
    official found in the registry by name and agency, or added to it, and enrolled in the
    event unless enrolled already."""
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("The event is cancelled: no one can be enrolled."))
    Event.objects.select_for_update().filter(pk=event.pk).first()
    enrolled = set(event.enrolments.values_list("participant_id", flat=True))
    written = []
    for row in rows:
        values = row.values
        existing = participant_match(
            surname=values["surname"],
            given_name=values["given_name"],
            agency=values["agency"],
            patronymic=values["patronymic"],
            phone=values["phone"],
        )
        participant = existing or participant_create(created_by=by, **values)
        was_enrolled = participant.pk in enrolled
        if not was_enrolled:
            enrolment_create(event=event, participant=participant, by=by)
            enrolled.add(participant.pk)
        written.append(Imported(row.number, participant, existing is not None, was_enrolled))
    record(
        actor=by,
        action=Action.CREATE,
        obj=event,
        detail=(
            f"import_participants {source}: {len(written)} rows, "
            f"{sum(not item.recognised for item in written)} new"
        ),
    )
    return written
