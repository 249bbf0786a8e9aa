"""Writes of the question bank and the events' tests: questions written, revised and
retired; a test's questions chosen and ordered, the test opened and closed for phones;
answers entered from paper (the grid) or sent from a phone; anonymous feedback.

Every write is one transaction, with its audit entry. Bad input raises ``ValidationError``
naming what is wrong, and nothing is written."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import create_audited, record, update_audited
from komek.trainings.models import (
    Answer,
    Attempt,
    AttemptSource,
    Choice,
    Enrolment,
    Event,
    Feedback,
    FeedbackSent,
    Question,
    QuestionKind,
    Test,
    TestQuestion,
    Topic,
)
from komek.trainings.quiz_selectors import letter

QUESTION_FIELDS = ("topic", "kind", "text", "text_kk", "is_active")


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


def _score(item_choices: dict[int, list[Choice]], marked: dict[int, list[Choice]]) -> dict:
    right = {
        question_id: {choice.pk for choice in choices if choice.is_correct}
        for question_id, choices in item_choices.items()
    }
    return {
        question_id: bool(marked.get(question_id))
        and {choice.pk for choice in marked[question_id]} == right[question_id]
        for question_id in item_choices
    }


def _choices_of(items: Sequence[TestQuestion]) -> dict[int, list[Choice]]:
    """Each of the test's questions' choices, by question id (prefetched with the items)."""
    return {item.question_id: list(item.question.choices.all()) for item in items}


def _write_attempt(
    *,
    test: Test,
    enrolment: Enrolment,
    source: str,
    by,
    marked: dict[int, list[Choice]],
    choices: dict[int, list[Choice]],
) -> Attempt:
    """The attempt with its answers and score, written over any earlier one of the row."""
    correct = _score(choices, marked)
    Attempt.objects.filter(test=test, enrolment=enrolment).delete()
    attempt = Attempt.objects.create(
        test=test,
        enrolment=enrolment,
        source=source,
        entered_by=by,
        correct=sum(correct.values()),
        total=len(choices),
    )
    answers = Answer.objects.bulk_create(
        Answer(attempt=attempt, question_id=question_id, is_correct=correct[question_id])
        for question_id in choices
    )
    Answer.choices.through.objects.bulk_create(
        Answer.choices.through(answer_id=answer.pk, choice_id=choice.pk)
        for answer in answers
        for choice in marked.get(answer.question_id, [])
    )
    return attempt


# ---- answers from paper: the grid ---------------------------------------------------------

# What a cell may hold: the letters of the marked answers ("b", "ac") or their numbers
# ("2", "13"); a dash or nothing for a question left blank.
_CELL = re.compile(r"^([a-z]*|[1-9]*)$")


@dataclass(frozen=True)
class CellError:
    enrolment_id: int
    question_id: int
    message: str


class GridErrors(Exception):
    """Cells that could not be read: nothing was saved."""

    def __init__(self, errors: list[CellError]) -> None:
        super().__init__(errors)
        self.errors = errors


def read_cell(value: str, choices: list[Choice], kind: str) -> list[Choice]:
    """The choices a cell names; ``ValueError`` with a message saying what is wrong."""
    text = value.strip().lower().replace(" ", "").replace(",", "")
    if text in ("", "-"):
        return []
    if not _CELL.match(text):
        raise ValueError(
            _("“%(value)s” is not an answer: type letters (a–%(last)s) or numbers (1–%(n)s).")
            % {"value": value, "last": letter(len(choices) - 1), "n": len(choices)}
        )
    positions = sorted({ord(char) - ord("a") if char.isalpha() else int(char) - 1 for char in text})
    if positions[-1] >= len(choices):
        raise ValueError(
            _("“%(value)s”: this question has only %(n)s answers (a–%(last)s).")
            % {"value": value, "n": len(choices), "last": letter(len(choices) - 1)}
        )
    if kind == QuestionKind.SINGLE and len(positions) > 1:
        raise ValueError(_("“%(value)s”: this question takes one answer only.") % {"value": value})
    return [choices[position] for position in positions]


@transaction.atomic
def answers_enter(
    *, test: Test, by, cells: dict[int, list[str]], unchanged: Iterable[int] = ()
) -> int:
    """The grid's rows saved in one go: ``cells`` gives, for each enrolment id, the text of
    each of the test's questions in order. A row left all blank has no attempt (an earlier
    one is removed); rows in ``unchanged`` are kept as they are (a phone's attempt shown
    in the grid and not touched). Unreadable cells raise ``GridErrors`` naming each one,
    and nothing is saved. Returns the number of attempts written or removed."""
    items = list(test.items.select_related("question").prefetch_related("question__choices"))
    enrolments = {enrolment.pk: enrolment for enrolment in test.event.enrolments.all()}
    errors: list[CellError] = []
    parsed: dict[int, dict[int, list[Choice]] | None] = {}
    kept = set(unchanged)
    for enrolment_id, texts in cells.items():
        if enrolment_id not in enrolments:
            raise ValidationError(_("The grid names a participant who is not at this event."))
        if enrolment_id in kept:
            continue
        if len(texts) != len(items):
            raise ValidationError(_("The grid does not match the test's questions; reload it."))
        if all(text.strip() in ("", "-") for text in texts):
            parsed[enrolment_id] = None
            continue
        marked = {}
        for item, text in zip(items, texts, strict=True):
            try:
                marked[item.question_id] = read_cell(
                    text, list(item.question.choices.all()), item.question.kind
                )
            except ValueError as error:
                errors.append(CellError(enrolment_id, item.question_id, str(error)))
        parsed[enrolment_id] = marked
    if errors:
        raise GridErrors(errors)
    Test.objects.select_for_update().get(pk=test.pk)
    written = 0
    choices = _choices_of(items)
    for enrolment_id, row in parsed.items():
        if row is None:
            earlier = Attempt.objects.filter(test=test, enrolment_id=enrolment_id)
            if earlier.exists():
                earlier.delete()
                written += 1
            continue
        _write_attempt(
            test=test,
            enrolment=enrolments[enrolment_id],
            source=AttemptSource.PAPER,
            by=by,
            marked=row,
            choices=choices,
        )
        written += 1
    record(actor=by, action=Action.CHANGE, obj=test, detail=f"answers entered: {written}")
    return written


# ---- the public pages: a phone's attempt, feedback ----------------------------------------


class Refusal(StrEnum):
    UNKNOWN_CODE = "unknown_code"
    CLOSED = "closed"
    ALREADY_SENT = "already_sent"


class Refused(Exception):
    """A public submission turned down; ``message`` says why, politely, and nothing more."""

    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def _normal_code(code: str) -> str:
    return re.sub(r"\s+", "", code).upper()


def _enrolment_of(event: Event, code: str) -> Enrolment:
    """The event's enrolment of ``code``, locked; ``Refused`` for any other code, whether
    it is nobody's or another event's: the page tells a mistyped code from nothing else."""
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(event=event, code__iexact=_normal_code(code))
        .first()
    )
    if enrolment is None:
        raise Refused(
            Refusal.UNKNOWN_CODE,
            _("This participant code is not known for this event. Check it and try again."),
        )
    return enrolment


@transaction.atomic
def attempt_submit(*, test: Test, code: str, chosen: dict[int, list[int]]) -> Attempt:
    """A participant's own answers from the public page: ``chosen`` gives the ids of the
    choices marked for each question. One attempt per code; only while the test is open;
    every question answered."""
    test = Test.objects.select_for_update().get(pk=test.pk)
    if not test.is_open:
        raise Refused(Refusal.CLOSED, _("This test is closed. Thank you for your interest."))
    enrolment = _enrolment_of(test.event, code)
    if Attempt.objects.filter(test=test, enrolment=enrolment).exists():
        raise Refused(
            Refusal.ALREADY_SENT,
            _("Answers from this participant code have already been received. Thank you!"),
        )
    items = list(test.items.select_related("question").prefetch_related("question__choices"))
    marked: dict[int, list[Choice]] = {}
    for number, item in enumerate(items, start=1):
        choices = {choice.pk: choice for choice in item.question.choices.all()}
        picked = [choices[pk] for pk in chosen.get(item.question_id, []) if pk in choices]
        if not picked:
            raise ValidationError(_("Question %(number)s has no answer.") % {"number": number})
        if item.question.kind == QuestionKind.SINGLE and len(picked) > 1:
            raise ValidationError(
                _("Question %(number)s takes one answer only.") % {"number": number}
            )
        marked[item.question_id] = picked
    attempt = _write_attempt(
        test=test,
        enrolment=enrolment,
        source=AttemptSource.PHONE,
        by=None,
        marked=marked,
        choices=_choices_of(items),
    )
    record(actor=None, action=Action.CREATE, obj=attempt, detail="answered on a phone")
    return attempt


@transaction.atomic
def feedback_submit(
    *, event: Event, code: str, usefulness: int, organisation: int, trainers: int, comment: str
) -> Feedback:
    """An anonymous opinion of the event. The code is needed once, to stop a second form;
    what was sent is kept without it (``FeedbackSent`` only says that the code has sent)."""
    enrolment = _enrolment_of(event, code)
    if FeedbackSent.objects.filter(enrolment=enrolment).exists():
        raise Refused(
            Refusal.ALREADY_SENT,
            _("Feedback from this participant code has already been received. Thank you!"),
        )
    FeedbackSent.objects.create(enrolment=enrolment)
    feedback = Feedback(
        event=event,
        usefulness=usefulness,
        organisation=organisation,
        trainers=trainers,
        comment=comment,
        submitted_on=timezone.localdate(),
    )
    feedback.full_clean()
    feedback.save()
    return feedback
