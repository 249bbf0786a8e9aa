"""An event ready for its tests, shared by the tests of the question bank, the grid, the
public pages and the results: participants enrolled and a test of bank questions, each
question's first answer the right one (``a`` on paper)."""

from dataclasses import dataclass

from komek.trainings import quizzes
from komek.trainings.models import Enrolment, Event, Question, QuestionKind, Test, TestKind
from komek.trainings.tests.factories import enrol, make_event, make_participant, make_question

SURNAMES = ("Ахметов", "Байжанова", "Ким", "Оспанов")


@dataclass
class Seminar:
    event: Event
    enrolments: list[Enrolment]
    questions: list[Question]

    def test(self, kind: str = TestKind.PRE, *, by, questions=None, open_: bool = False) -> Test:
        test = quizzes.test_questions_set(
            event=self.event,
            kind=kind,
            questions=self.questions if questions is None else questions,
            by=by,
        )
        if open_:
            test = quizzes.test_open(test=test, by=by)
        return test


def seminar(*, office, user, people: int = 3, questions: int = 3, **event_fields) -> Seminar:
    event = make_event(office=office, user=user, **event_fields)
    enrolments = [
        enrol(event, make_participant(surname=SURNAMES[index], given_name="Ерлан"), user=user)
        for index in range(people)
    ]
    return Seminar(event, enrolments, [make_question() for _ in range(questions)])


def multiple_choice_question() -> Question:
    """Right: a and c of a, b, c."""
    question = make_question(correct=0)
    question.kind = QuestionKind.MULTIPLE
    question.save()
    question.choices.filter(order=2).update(is_correct=True)
    return question
