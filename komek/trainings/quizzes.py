"""Writes of the question bank and the events' tests: questions written, revised and
retired; a test's questions chosen and ordered, the test opened and closed for phones.
Answers to the tests, and feedback, are written by ``komek.trainings.answers``.

Every write is one transaction, with its audit entry. Bad input raises ``ValidationError``
naming what is wrong, and nothing is written."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import create_audited, record, update_audited
from komek.trainings.models import (
    Answer,
    Choice,
    Event,
    Question,
    QuestionKind,
    Test,
    TestQuestion,
    Topic,
)

QUESTION_FIELDS = ("topic_id", "kind", "text", "text_kk", "is_active")


@dataclass(frozen=True)
class ChoiceText:
    text: str
    text_kk: str = ""
    is_correct: bool = False


def _check_choices(kind: str, choices: Sequence[ChoiceText]) -> None:
    if len(choices) < 2:
        raise ValidationError(_("A question needs at least two answers."))
    right = sum(choice.is_correct for choice in choices)
    if right == 0:
        raise ValidationError(_("Mark the correct answer."))
    if kind == QuestionKind.SINGLE and right > 1:
        raise ValidationError(
            _("A single-choice question has one correct answer; make it multiple choice.")
        )


def _choices_text(question: Question) -> list[str]:
    """The answers as the audit keeps them: "+" before a right one."""
    return [
        f"{'+' if choice.is_correct else '-'} {choice.text}"
        for choice in question.choices.order_by("order", "pk")
    ]


def _write_choices(question: Question, choices: Sequence[ChoiceText], *, by) -> None:
    """The question's answers replaced by ``choices``, the change audited (the question's
    own history does not hold its answers)."""
    before = _choices_text(question)
    question.choices.all().delete()
    Choice.objects.bulk_create(
        Choice(
            question=question,
            order=order,
            text=choice.text,
            text_kk=choice.text_kk,
            is_correct=choice.is_correct,
        )
        for order, choice in enumerate(choices)
    )
    after = _choices_text(question)
    if after != before:
        record(actor=by, action=Action.CHANGE, obj=question, changes={"choices": [before, after]})


@transaction.atomic
def topic_create(*, by, name: str, name_kk: str = "", name_en: str = "") -> Topic:
    return create_audited(
        obj=Topic(name=name, name_kk=name_kk, name_en=name_en),
        actor=by,
        fields=("name", "name_kk", "name_en"),
    )


@transaction.atomic
def question_create(
    *, by, topic: Topic, kind: str, text: str, text_kk: str = "", choices: Sequence[ChoiceText]
) -> Question:
    _check_choices(kind, choices)
    question = create_audited(
        obj=Question(topic=topic, kind=kind, text=text, text_kk=text_kk),
        actor=by,
        fields=QUESTION_FIELDS,
    )
    _write_choices(question, choices, by=by)
    return question


def is_answered(question: Question) -> bool:
    return Answer.objects.filter(question=question).exists()


@transaction.atomic
def question_revise(
    *,
    question: Question,
    by,
    topic: Topic,
    kind: str,
    text: str,
    text_kk: str = "",
    choices: Sequence[ChoiceText],
) -> Question:
    """The question as revised. One nobody has answered is changed in place; one already
    answered is retired and a new question takes its place in the bank (and in the tests
    nobody has answered yet), so that the answers keep the meaning they were given."""
    _check_choices(kind, choices)
    question = Question.objects.select_for_update().get(pk=question.pk)
    if not question.is_active:
        raise ValidationError(_("This question is retired; write a new one instead."))
    if is_answered(question):
        revised = question_create(
            by=by, topic=topic, kind=kind, text=text, text_kk=text_kk, choices=choices
        )
        TestQuestion.objects.filter(question=question, test__attempts__isnull=True).update(
            question=revised
        )
        update_audited(obj=question, actor=by, changes={"is_active": False}, fields=QUESTION_FIELDS)
        return revised
    update_audited(
        obj=question,
        actor=by,
        changes={"topic": topic, "kind": kind, "text": text, "text_kk": text_kk},
        fields=QUESTION_FIELDS,
    )
    _write_choices(question, choices, by=by)
    return question


@transaction.atomic
def question_retire(*, question: Question, by) -> Question:
    """Out of the bank: no longer offered for new tests; the tests that have it keep it."""
    return update_audited(
        obj=question, actor=by, changes={"is_active": False}, fields=QUESTION_FIELDS
    )


@transaction.atomic
def test_questions_set(*, event: Event, kind: str, questions: Sequence[Question], by) -> Test:
    """The event's ``kind`` test (made if missing) with ``questions``, in that order. Its
    questions do not change once someone has answered it."""
    test, _made = Test.objects.select_for_update().get_or_create(event=event, kind=kind)
    if test.attempts.exists():
        raise ValidationError(
            _("Answers to this test are already in: its questions can no longer change.")
        )
    if test.is_open:
        raise ValidationError(
            _("The test is open on participants' phones: close it before changing its questions.")
        )
    if len({question.pk for question in questions}) != len(questions):
        raise ValidationError(_("A question is in the list twice."))
    before = list(test.items.values_list("question_id", flat=True))
    # A question retired since it was put in the test may stay there; none may come in.
    retired = [
        str(question.pk)
        for question in questions
        if not question.is_active and question.pk not in before
    ]
    if retired:
        raise ValidationError(
            _("Retired questions cannot be added: %(numbers)s.") % {"numbers": ", ".join(retired)}
        )
    test.items.all().delete()
    TestQuestion.objects.bulk_create(
        TestQuestion(test=test, question=question, order=order)
        for order, question in enumerate(questions, start=1)
    )
    record(
        actor=by,
        action=Action.CHANGE,
        obj=test,
        changes={"questions": [before, [question.pk for question in questions]]},
    )
    return test


@transaction.atomic
def test_open(*, test: Test, by) -> Test:
    test = Test.objects.select_for_update().get(pk=test.pk)
    if not test.items.exists():
        raise ValidationError(_("Choose the test's questions before opening it."))
    test.is_open, test.opened_at, test.closed_at = True, timezone.now(), None
    test.save(update_fields=["is_open", "opened_at", "closed_at"])
    record(actor=by, action=Action.CHANGE, obj=test, changes={"is_open": [False, True]})
    return test


@transaction.atomic
def test_close(*, test: Test, by) -> Test:
    test = Test.objects.select_for_update().get(pk=test.pk)
    test.is_open, test.closed_at = False, timezone.now()
    test.save(update_fields=["is_open", "closed_at"])
    record(actor=by, action=Action.CHANGE, obj=test, changes={"is_open": [True, False]})
    return test
