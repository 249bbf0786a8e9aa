"""Demo trainings: a round of seminars on the migration law for migration police and labour
inspectors in five regions (Astana, Almaty, Shymkent, Turkistan Region and Jetisu
Region), held over the last ten weeks, and a training of trainers planned in Abai Region.

Each held event has its officials (registered one by one through the same service as the
page, with an official from Almaty found again in the registry at the round table in
Jetisu), attendance per day (a few came only on the first day, one never came), a pre-test
entered from paper and a post-test answered on paper or on phones, showing a gain, with
the trafficking question still missed by most (what the next seminar must cover),
certificates for those who attended enough, and some feedback. Everything goes through
the services; the answers are drawn by a seeded random generator, so every run makes the
same figures. What the services stamped "now" is then set back to the event's days."""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from komek.accounts.models import Office, User
from komek.cases.demo import at_time
from komek.core.dimensions import Sex
from komek.partners.models import Partner
from komek.trainings import answers, certificates, quizzes, services
from komek.trainings.demo.data import (
    AGENCY_SHARES,
    COMMENTS,
    GIVEN_NAMES,
    INVARIABLE_SURNAMES,
    PATRONYMICS,
    PLANNED,
    POSITIONS,
    QUESTIONS,
    ROUND,
    SURNAMES,
    TOPICS,
    DemoEvent,
)
from komek.trainings.models import (
    Agency,
    Attempt,
    Attendance,
    Certificate,
    Enrolment,
    Event,
    Feedback,
    Question,
    QuestionKind,
    TestKind,
    Topic,
)
from komek.trainings.quiz_selectors import letter
from komek.trainings.quizzes import ChoiceText

SEED = 2026


@dataclass
class Official:
    fields: dict
    # Knowledge before the seminar, added to each question's chance of a right answer.
    ability: float


def _officials(event: DemoEvent, rng: random.Random, used: set[tuple[str, str]]) -> list[Official]:
    """``event.participants`` officials of the event's region with names no other event
    of the demo gives (``used``), by the round's share of agencies."""
    officials = []
    for number in range(event.participants):
        sex = rng.choice([Sex.MALE, Sex.MALE, Sex.FEMALE])
        while True:
            surname = rng.choice(SURNAMES + INVARIABLE_SURNAMES)
            if sex == Sex.FEMALE and surname not in INVARIABLE_SURNAMES:
                surname += "а"
            given_name = rng.choice(GIVEN_NAMES[sex])
            if (surname, given_name) not in used:
                used.add((surname, given_name))
                break
        share = (number + 0.5) / event.participants
        agency = next(agency for agency, upto in AGENCY_SHARES if share <= upto)
        unit = {
            Agency.MIGRATION_POLICE: event.police,
            Agency.LABOUR_INSPECTION: event.labour,
            Agency.EMPLOYMENT_CENTRE: event.employment,
        }[agency]
        male, female = rng.choice(PATRONYMICS)
        fields = {
            "surname": surname,
            "given_name": given_name,
            "patronymic": male if sex == Sex.MALE else female,
            "sex": sex,
            "agency": agency,
            "unit": unit,
            "position": rng.choice(POSITIONS[agency]),
            "region": event.region,
            "phone": f"+7701{rng.randrange(10**7):07d}" if rng.random() < 0.7 else "",
        }
        officials.append(Official(fields, ability=rng.uniform(-0.15, 0.15)))
    return officials


def _chance(base: float, ability: float) -> float:
    return min(0.95, max(0.05, base + ability))


def _positions(question: Question, chance: float, rng: random.Random) -> list[int]:
    """The positions of the choices an official marks: the right ones with ``chance``,
    else a wrong one (or, for multiple choice, one right answer too few or a wrong one
    too many)."""
    kinds = [choice.is_correct for choice in question.choices.all()]
    right = [position for position, correct in enumerate(kinds) if correct]
    wrong = [position for position, correct in enumerate(kinds) if not correct]
    if rng.random() < chance:
        return right
    if question.kind == QuestionKind.MULTIPLE:
        return rng.choice([right[:1], sorted([*right, rng.choice(wrong)])])
    return [rng.choice(wrong)]


def _on_paper(positions: list[int]) -> str:
    """The letters of the choices marked, as the grid takes them: "b", "ac"."""
    return "".join(letter(position) for position in positions)


def _topics(by) -> list[Topic]:
    return [
        Topic.objects.filter(name=name).first()
        or quizzes.topic_create(by=by, name=name, name_kk=name_kk, name_en=name_en)
        for name, name_kk, name_en in TOPICS
    ]


def _questions(topics: list[Topic], by) -> list[Question]:
    return [
        quizzes.question_create(
            by=by,
            topic=topics[question.topic],
            kind=question.kind,
            text=question.text,
            text_kk=question.text_kk,
            choices=[
                ChoiceText(text, text_kk, correct) for text, text_kk, correct in question.choices
            ],
        )
        for question in QUESTIONS
    ]


def _event(spec: DemoEvent, topics: list[Topic], by) -> Event:
    starts_on = timezone.localdate() - datetime.timedelta(days=spec.days_ago)
    return services.event_create(
        created_by=by,
        office=Office.objects.get(code=spec.office),
        topics=topics,
        organisers=Partner.objects.filter(short_name__in=spec.organisers),
        title=spec.title,
        format=spec.format,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=spec.days - 1),
        region=spec.region,
        city=spec.city,
        venue=spec.venue,
        trainers=spec.trainers,
        hours=spec.hours,
        days_required=spec.days,
        budget=spec.budget,
        status=spec.status,
    )


def _attendance(event: Event, enrolments: list[Enrolment], rng: random.Random, by) -> dict:
    """Mark who came on which day: one official never came, and at a seminar of several
    days two came only on the first; the days each enrolment was present."""
    days = services.event_days(event)
    never = rng.randrange(len(enrolments))
    others = [index for index in range(len(enrolments)) if index != never]
    first_only = set(rng.sample(others, 2)) if len(days) > 1 else set()
    present = {
        enrolment.pk: [] if index == never else days[:1] if index in first_only else days
        for index, enrolment in enumerate(enrolments)
    }
    services.attendance_set(
        event=event,
        present={(pk, day) for pk, came in present.items() for day in came},
        by=by,
    )
    return present


def _tests(
    spec: DemoEvent,
    event: Event,
    taking: list[tuple[Enrolment, Official]],
    finishing: list[tuple[Enrolment, Official]],
    questions: list[Question],
    rng: random.Random,
    by,
) -> None:
    """The pre-test of those who came on the first day, entered from paper; the post-test
    of those present on the last day, on their phones or from paper."""
    bank = list(zip(QUESTIONS, questions, strict=True))
    pre = quizzes.test_questions_set(event=event, kind=TestKind.PRE, questions=questions, by=by)
    post = quizzes.test_questions_set(event=event, kind=TestKind.POST, questions=questions, by=by)
    answers.answers_enter(
        test=pre,
        by=by,
        cells={
            enrolment.pk: [
                _on_paper(_positions(question, _chance(known.before, official.ability), rng))
                for known, question in bank
            ]
            for enrolment, official in taking
        },
    )
    marked = {
        enrolment.pk: {
            question.pk: _positions(question, _chance(known.after, official.ability), rng)
            for known, question in bank
        }
        for enrolment, official in finishing
    }
    if not spec.phones:
        answers.answers_enter(
            test=post,
            by=by,
            cells={
                pk: [_on_paper(row[question.pk]) for question in questions]
                for pk, row in marked.items()
            },
        )
        return
    quizzes.test_open(test=post, by=by)
    choices = {question.pk: list(question.choices.all()) for question in questions}
    for enrolment, _official in finishing:
        answers.attempt_submit(
            test=post,
            code=enrolment.code,
            chosen={
                question_pk: [choices[question_pk][position].pk for position in positions]
                for question_pk, positions in marked[enrolment.pk].items()
            },
        )
    quizzes.test_close(test=post, by=by)


def _feedback(event: Event, finishing: list[Enrolment], rng: random.Random) -> None:
    """About half of those present to the end send the feedback form; two write a comment."""
    senders = rng.sample(finishing, len(finishing) // 2)
    for number, enrolment in enumerate(senders):
        answers.feedback_submit(
            event=event,
            code=enrolment.code,
            usefulness=rng.choice([5, 5, 5, 4, 4, 3]),
            organisation=rng.choice([5, 5, 4, 4, 3]),
            trainers=rng.choice([5, 5, 4]),
            comment=rng.choice(COMMENTS) if number < 2 else "",
        )


def _set_back(event: Event) -> None:
    """What the services stamped "now" happened on the event's days (the registration a
    week before it)."""
    first, last = event.starts_on, event.ends_on
    Event.objects.filter(pk=event.pk).update(
        created_at=at_time(first - datetime.timedelta(days=21), 11)
    )
    Enrolment.objects.filter(event=event).update(
        enrolled_at=at_time(first - datetime.timedelta(days=7), 15)
    )
    for day in services.event_days(event):
        Attendance.objects.filter(enrolment__event=event, day=day).update(
            marked_at=at_time(day, 10)
        )
    Attempt.objects.filter(test__event=event, test__kind=TestKind.PRE).update(
        submitted_at=at_time(first, 9, 30)
    )
    Attempt.objects.filter(test__event=event, test__kind=TestKind.POST).update(
        submitted_at=at_time(last, 16)
    )
    Certificate.objects.filter(enrolment__event=event).update(issued_at=at_time(last, 17))
    Feedback.objects.filter(event=event).update(submitted_on=last)


def _hold(
    spec: DemoEvent,
    event: Event,
    officials: list[Official],
    questions: list[Question],
    rng: random.Random,
    by,
) -> None:
    enrolments = [
        services.participant_register(event=event, by=by, **official.fields).enrolment
        for official in officials
    ]
    present = _attendance(event, enrolments, rng, by)
    last = event.ends_on
    taking = [
        (enrolment, official)
        for enrolment, official in zip(enrolments, officials, strict=True)
        if present[enrolment.pk]
    ]
    finishing = [
        (enrolment, official) for enrolment, official in taking if last in present[enrolment.pk]
    ]
    _tests(spec, event, taking, finishing, questions, rng, by)
    certificates.certificates_issue(event=event, issued_by=by)
    _feedback(event, [enrolment for enrolment, _official in finishing], rng)
    _set_back(event)


@transaction.atomic
def seed() -> int:
    """The round of seminars, unless it is there; the number of training events."""
    if Event.objects.filter(title=ROUND[0].title).exists():
        return Event.objects.count()
    rng = random.Random(SEED)  # noqa: S311  (demo data, not secrets)
    coordinator = User.objects.get(username="coordinator")
    topics = _topics(coordinator)
    questions = _questions(topics, coordinator)
    used: set[tuple[str, str]] = set()
    held = {}
    for spec in ROUND:
        officials = _officials(spec, rng, used)
        if spec.region == "KZ-33":
            # A labour inspector of the Almaty seminar at the round table, found in the registry.
            officials[-1] = next(
                official
                for official in held["KZ-75"]
                if official.fields["agency"] == Agency.LABOUR_INSPECTION
            )
        held[spec.region] = officials
        event = _event(spec, topics, coordinator)
        _hold(spec, event, officials, questions, rng, coordinator)
    # Future trainers: two officials of the seminars, whom the registry knows, and four new.
    planned = _event(PLANNED, topics, coordinator)
    future_trainers = [held["KZ-71"][0], held["KZ-79"][1], *_officials(PLANNED, rng, used)[2:]]
    for official in future_trainers:
        services.participant_register(event=planned, by=coordinator, **official.fields)
    quizzes.test_questions_set(
        event=planned, kind=TestKind.PRE, questions=questions, by=coordinator
    )
    return Event.objects.count()
