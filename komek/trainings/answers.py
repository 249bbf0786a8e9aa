"""Writes of the answers to an event's tests: entered from paper by staff (the grid of
participants × questions), or sent by a participant from a phone with their code; and the
participants' anonymous feedback.

Every write is one transaction. Bad input raises ``ValidationError`` (or ``GridErrors``,
naming each cell) and nothing is written; a public submission turned down raises
``Refused`` with a polite reason that reveals nothing."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import record
from komek.trainings.models import (
    Answer,
    Attempt,
    AttemptSource,
    Choice,
    Enrolment,
    Event,
    Feedback,
    FeedbackSent,
    QuestionKind,
    Test,
    TestQuestion,
)
from komek.trainings.quiz_selectors import letter


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
