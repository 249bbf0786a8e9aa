"""The question bank, a test's questions, and answers from paper and from phones."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.trainings import answers, models, quizzes
from komek.trainings.models import (
    Attempt,
    AttemptSource,
    Choice,
    Feedback,
    FeedbackSent,
    Question,
    QuestionKind,
    Topic,
)
from komek.trainings.tests.factories import enrol, make_event, make_participant
from komek.trainings.tests.quiz_setup import multiple_choice_question, seminar

ChoiceText = quizzes.ChoiceText


@pytest.fixture
def coordinator(make_staff):
    return make_staff(Role.COORDINATOR)


@pytest.fixture
def topic(db):
    return Topic.objects.create(name="Регистрация иностранцев")


@pytest.fixture
def held(office, coordinator):
    return seminar(office=office, user=coordinator)


def two_answers(right: int = 0) -> list[ChoiceText]:
    return [ChoiceText("Да", "Иә", right == 0), ChoiceText("Нет", "Жоқ", right == 1)]


# ---- the question bank ----


def test_a_single_choice_question_with_two_right_answers_is_refused(coordinator, topic):
    both_right = [ChoiceText("3 дня", is_correct=True), ChoiceText("5 дней", is_correct=True)]
    with pytest.raises(ValidationError, match="one correct answer"):
        quizzes.question_create(
            by=coordinator, topic=topic, kind=QuestionKind.SINGLE, text="?", choices=both_right
        )
    assert Question.objects.count() == 0


def test_a_question_without_a_right_answer_is_refused(coordinator, topic):
    with pytest.raises(ValidationError, match="Mark the correct answer"):
        quizzes.question_create(
            by=coordinator,
            topic=topic,
            kind=QuestionKind.SINGLE,
            text="?",
            choices=[ChoiceText("a"), ChoiceText("b")],
        )


def test_a_question_nobody_answered_is_revised_in_place(coordinator, topic):
    question = quizzes.question_create(
        by=coordinator, topic=topic, kind=QuestionKind.SINGLE, text="Старый", choices=two_answers()
    )
    revised = quizzes.question_revise(
        question=question,
        by=coordinator,
        topic=topic,
        kind=QuestionKind.SINGLE,
        text="Новый",
        text_kk="Жаңа",
        choices=two_answers(right=1),
    )
    assert revised.pk == question.pk
    assert revised.text_kk == "Жаңа"
    assert [choice.is_correct for choice in revised.choices.all()] == [False, True]
    changes = [
        entry.changes
        for entry in AuditEntry.objects.filter(
            action=Action.CHANGE, object_id=str(question.pk)
        ).order_by("pk")
    ]
    assert any({"text", "text_kk"} <= set(change) for change in changes)
    assert changes[-1] == {"choices": [["+ Да", "- Нет"], ["- Да", "+ Нет"]]}


def test_an_answered_question_is_retired_and_a_new_one_takes_its_place(
    office, coordinator, held, topic
):
    answered = held.test(by=coordinator)
    answers.answers_enter(
        test=answered, by=coordinator, cells={held.enrolments[0].pk: ["a", "b", "a"]}
    )
    later = seminar(office=office, user=coordinator, people=0, questions=0)
    unanswered = later.test(models.TestKind.POST, by=coordinator, questions=held.questions)
    old = held.questions[0]

    revised = quizzes.question_revise(
        question=old,
        by=coordinator,
        topic=topic,
        kind=QuestionKind.SINGLE,
        text="Исправленный",
        choices=two_answers(),
    )

    old.refresh_from_db()
    assert revised.pk != old.pk
    assert old.is_active is False
    assert old.text == "Вопрос?"
    # The answered test keeps the question its answers were given to; the other follows.
    assert answered.items.filter(question=old).exists()
    assert [item.question_id for item in unanswered.items.all()] == [
        revised.pk,
        *[q.pk for q in held.questions[1:]],
    ]


def test_a_retired_question_cannot_be_put_in_a_test(coordinator, held):
    quizzes.question_retire(question=held.questions[1], by=coordinator)
    held.questions[1].refresh_from_db()
    with pytest.raises(ValidationError, match="Retired"):
        held.test(by=coordinator)
    assert models.TestQuestion.objects.count() == 0


# ---- a test's questions, open and closed ----


def test_a_test_keeps_its_questions_in_the_order_given(coordinator, held):
    first, _second, third = held.questions
    test = held.test(by=coordinator, questions=[third, first])
    assert [item.question for item in test.items.all()] == [third, first]


def test_a_test_answered_already_keeps_its_questions(coordinator, held):
    test = held.test(by=coordinator)
    answers.answers_enter(test=test, by=coordinator, cells={held.enrolments[0].pk: ["a"] * 3})
    with pytest.raises(ValidationError, match="already in"):
        held.test(by=coordinator, questions=held.questions[:1])
    assert test.items.count() == 3


def test_an_open_test_keeps_its_questions(coordinator, held):
    held.test(by=coordinator, open_=True)
    with pytest.raises(ValidationError, match="close it before"):
        held.test(by=coordinator, questions=held.questions[:1])


def test_a_question_retired_after_it_was_put_in_a_test_may_stay_there(coordinator, held):
    test = held.test(by=coordinator)
    quizzes.question_retire(question=held.questions[0], by=coordinator)
    held.questions[0].refresh_from_db()
    held.test(by=coordinator, questions=list(reversed(held.questions)))
    assert [item.question for item in test.items.all()] == list(reversed(held.questions))


def test_a_test_without_questions_cannot_be_opened(coordinator, held):
    test = held.test(by=coordinator, questions=[])
    with pytest.raises(ValidationError, match="questions before opening"):
        quizzes.test_open(test=test, by=coordinator)
    test.refresh_from_db()
    assert test.is_open is False


# ---- the grid ----


def test_the_grid_saves_every_row_with_its_score(coordinator, held):
    multiple = multiple_choice_question()
    test = held.test(by=coordinator, questions=[*held.questions[:2], multiple])
    first, second, third = held.enrolments
    written = answers.answers_enter(
        test=test,
        by=coordinator,
        cells={first.pk: ["a", "A", "ca"], second.pk: ["b", "", "a"], third.pk: ["", " ", "-"]},
    )
    assert written == 2
    scores = {
        attempt.enrolment_id: (attempt.correct, attempt.total) for attempt in test.attempts.all()
    }
    assert scores == {first.pk: (3, 3), second.pk: (0, 3)}
    assert Attempt.objects.get(enrolment=first).source == AttemptSource.PAPER


def test_numbers_stand_for_letters_in_the_grid(coordinator, held):
    test = held.test(by=coordinator, questions=[multiple_choice_question()])
    answers.answers_enter(test=test, by=coordinator, cells={held.enrolments[0].pk: ["13"]})
    assert Attempt.objects.get().correct == 1


@pytest.mark.parametrize(
    "cell,message",
    [
        ("ab", "takes one answer only"),
        ("d", "has only 3 answers"),
        ("x1", "is not an answer"),
        ("4", "has only 3 answers"),
    ],
)
def test_a_bad_cell_is_named_and_nothing_is_saved(coordinator, held, cell, message):
    test = held.test(by=coordinator)
    good, bad, _third = held.enrolments
    with pytest.raises(answers.GridErrors) as refused:
        answers.answers_enter(
            test=test, by=coordinator, cells={good.pk: ["a", "a", "a"], bad.pk: ["a", cell, "b"]}
        )
    [error] = refused.value.errors
    assert (error.enrolment_id, error.question_id) == (bad.pk, held.questions[1].pk)
    assert message in error.message
    assert Attempt.objects.count() == 0


SIX = [Choice(pk=number, order=number) for number in range(1, 7)]


@given(st.sets(st.integers(min_value=0, max_value=5), min_size=1), st.booleans(), st.booleans())
def test_a_cell_reads_the_same_answers_as_letters_or_numbers_in_any_order(
    marked, as_numbers, upper
):
    typed = [str(index + 1) if as_numbers else chr(ord("a") + index) for index in marked]
    text = "".join(reversed(typed))
    cell = f" {text.upper() if upper else text} "
    assert answers.read_cell(cell, SIX, QuestionKind.MULTIPLE) == [SIX[i] for i in sorted(marked)]


def test_a_row_cleared_in_the_grid_removes_its_attempt(coordinator, held):
    test = held.test(by=coordinator)
    row = held.enrolments[0].pk
    answers.answers_enter(test=test, by=coordinator, cells={row: ["a", "a", "a"]})
    assert answers.answers_enter(test=test, by=coordinator, cells={row: ["", "", ""]}) == 1
    assert Attempt.objects.count() == 0


def test_a_row_left_unchanged_keeps_a_phone_attempt(coordinator, held):
    test = held.test(by=coordinator, open_=True)
    phone = held.enrolments[0]
    answers.attempt_submit(
        test=test, code=phone.code, chosen={q.pk: [q.choices.first().pk] for q in held.questions}
    )
    answers.answers_enter(
        test=test,
        by=coordinator,
        cells={phone.pk: ["a", "a", "a"], held.enrolments[1].pk: ["b", "b", "b"]},
        unchanged=[phone.pk],
    )
    assert Attempt.objects.get(enrolment=phone).source == AttemptSource.PHONE


def test_the_grid_refuses_a_participant_of_another_event(office, coordinator, held):
    test = held.test(by=coordinator)
    elsewhere = enrol(
        make_event(office=office, user=coordinator), make_participant(), user=coordinator
    )
    with pytest.raises(ValidationError, match="not at this event"):
        answers.answers_enter(test=test, by=coordinator, cells={elsewhere.pk: ["a", "a", "a"]})


# ---- answers from a phone ----


def all_right(questions) -> dict[int, list[int]]:
    return {
        question.pk: [choice.pk for choice in question.choices.all() if choice.is_correct]
        for question in questions
    }


def test_a_participant_answers_once_by_their_code(coordinator, held):
    test = held.test(by=coordinator, open_=True)
    code = held.enrolments[0].code
    attempt = answers.attempt_submit(
        test=test, code=f" {code.lower()} ", chosen=all_right(held.questions)
    )
    assert (attempt.correct, attempt.total, attempt.source) == (3, 3, AttemptSource.PHONE)
    with pytest.raises(answers.Refused) as second:
        answers.attempt_submit(test=test, code=code, chosen={})
    assert second.value.reason == answers.Refusal.ALREADY_SENT
    assert Attempt.objects.count() == 1


def test_a_closed_test_takes_no_answers(coordinator, held):
    test = held.test(by=coordinator, open_=True)
    test = quizzes.test_close(test=test, by=coordinator)
    with pytest.raises(answers.Refused) as refused:
        answers.attempt_submit(
            test=test, code=held.enrolments[0].code, chosen=all_right(held.questions)
        )
    assert refused.value.reason == answers.Refusal.CLOSED
    assert Attempt.objects.count() == 0


def test_a_code_of_another_event_is_as_unknown_as_a_made_up_one(office, coordinator, held):
    test = held.test(by=coordinator, open_=True)
    other = seminar(office=office, user=coordinator, people=1, questions=0)
    for code in (other.enrolments[0].code, "NOSUCH"):
        with pytest.raises(answers.Refused) as refused:
            answers.attempt_submit(test=test, code=code, chosen=all_right(held.questions))
        assert refused.value.reason == answers.Refusal.UNKNOWN_CODE
    assert Attempt.objects.count() == 0


def test_a_phone_attempt_needs_every_question_answered(coordinator, held):
    test = held.test(by=coordinator, open_=True)
    chosen = all_right(held.questions)
    chosen[held.questions[1].pk] = []
    with pytest.raises(ValidationError, match="Question 2 has no answer"):
        answers.attempt_submit(test=test, code=held.enrolments[0].code, chosen=chosen)
    assert Attempt.objects.count() == 0


def test_a_single_choice_question_takes_one_answer_from_a_phone(coordinator, held):
    test = held.test(by=coordinator, open_=True)
    chosen = all_right(held.questions)
    chosen[held.questions[0].pk] = [choice.pk for choice in held.questions[0].choices.all()]
    with pytest.raises(ValidationError, match="Question 1 takes one answer only"):
        answers.attempt_submit(test=test, code=held.enrolments[0].code, chosen=chosen)


# ---- feedback ----


def test_feedback_is_kept_without_the_code_and_sent_once(coordinator, held):
    enrolment = held.enrolments[0]
    opinion = {"usefulness": 5, "organisation": 4, "trainers": 3, "comment": "Больше практики"}
    feedback = answers.feedback_submit(event=held.event, code=enrolment.code, **opinion)
    assert not [field for field in Feedback._meta.fields if field.name in ("enrolment", "code")]
    assert feedback.comment == "Больше практики"
    assert FeedbackSent.objects.filter(enrolment=enrolment).exists()
    with pytest.raises(answers.Refused) as second:
        answers.feedback_submit(event=held.event, code=enrolment.code, **opinion)
    assert second.value.reason == answers.Refusal.ALREADY_SENT
    assert Feedback.objects.count() == 1


def test_a_rating_out_of_range_is_refused_and_the_code_stays_unused(held):
    enrolment = held.enrolments[0]
    with pytest.raises(ValidationError):
        answers.feedback_submit(
            event=held.event,
            code=enrolment.code,
            usefulness=6,
            organisation=1,
            trainers=1,
            comment="",
        )
    assert not FeedbackSent.objects.exists()
