"""URL samples for the permission test: an event of the samples' office with its pre-test
of one bank question, and the public addresses of the test and the feedback form."""

import datetime

from komek.trainings import quiz_selectors, quizzes
from komek.trainings.models import Event, Format, QuestionKind, TestKind


def build(made: dict) -> dict[str, dict]:
    coordinator, office = made["coordinator"], made["office"]
    event = made.get("training_event") or Event.objects.create(
        office=office,
        created_by=coordinator,
        title="Семинар по трудовой миграции",
        format=Format.SEMINAR,
        starts_on=datetime.date(2026, 10, 5),
        ends_on=datetime.date(2026, 10, 6),
        region="KZ-71",
        city="Астана",
    )
    topic = quizzes.topic_create(
        by=coordinator,
        name="Трудовая миграция (образец)",
        name_kk="Еңбек көші-қоны (үлгі)",
        name_en="Labour migration (sample)",
    )
    question = quizzes.question_create(
        by=coordinator,
        topic=topic,
        kind=QuestionKind.SINGLE,
        text="Сколько дней иностранец может находиться без регистрации?",
        choices=[
            quizzes.ChoiceText("3", is_correct=True),
            quizzes.ChoiceText("30"),
        ],
    )
    test = quizzes.test_questions_set(
        event=event, kind=TestKind.PRE, questions=[question], by=coordinator
    )
    quizzes.test_open(test=test, by=coordinator)
    return {
        "trainings:question_edit": {"pk": question.pk},
        "trainings:question_retire": {"pk": question.pk},
        "trainings:test_questions": {"event_pk": event.pk, "kind": TestKind.POST},
        "trainings:test_open": {"pk": test.pk},
        "trainings:test_close": {"pk": test.pk},
        "trainings:test_screen": {"pk": test.pk},
        "trainings:test_grid": {"pk": test.pk},
        "trainings:feedback_screen": {"event_pk": event.pk},
        "trainings:take": {"token": quiz_selectors.quiz_token(test)},
        "trainings:feedback": {"token": quiz_selectors.feedback_token(event)},
    }
