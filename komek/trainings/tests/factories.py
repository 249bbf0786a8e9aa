"""Training rows for tests, written straight to the tables so that each part's tests can
set up an event without the other parts' services."""

import datetime
import itertools

from komek.people.names import name_key
from komek.trainings.models import (
    Agency,
    Attendance,
    Choice,
    Enrolment,
    Event,
    Format,
    Participant,
    Question,
    QuestionKind,
    Topic,
)

_codes = itertools.count(1)


def make_event(*, office, user, days: int = 2, **fields) -> Event:
    starts_on = fields.pop("starts_on", datetime.date(2026, 10, 5))
    values = {
        "title": "Семинар для миграционной полиции",
        "format": Format.SEMINAR,
        "starts_on": starts_on,
        "ends_on": starts_on + datetime.timedelta(days=days - 1),
        "region": "KZ-71",
        "city": "Астана",
        "days_required": days,
    }
    return Event.objects.create(office=office, created_by=user, **(values | fields))


def make_participant(**fields) -> Participant:
    values = {
        "surname": "Ахметов",
        "given_name": "Ерлан",
        "sex": "M",
        "agency": Agency.MIGRATION_POLICE,
        "region": "KZ-71",
    } | fields
    return Participant.objects.create(
        name_key=name_key(values["surname"], values["given_name"]), **values
    )


def enrol(event: Event, participant: Participant, *, user, attended: bool = True) -> Enrolment:
    enrolment = Enrolment.objects.create(
        event=event, participant=participant, enrolled_by=user, code=f"T{next(_codes):05d}"
    )
    if attended:
        day = event.starts_on
        while day <= event.ends_on:
            Attendance.objects.create(enrolment=enrolment, day=day, marked_by=user)
            day += datetime.timedelta(days=1)
    return enrolment


def make_question(*, topic: Topic | None = None, correct: int = 0, answers: int = 3) -> Question:
    topic = topic or Topic.objects.get_or_create(name="Трудовая миграция")[0]
    question = Question.objects.create(topic=topic, kind=QuestionKind.SINGLE, text="Вопрос?")
    for order in range(answers):
        Choice.objects.create(
            question=question, order=order, text=f"Ответ {order + 1}", is_correct=order == correct
        )
    return question
