"""Reads of the question bank and the events' tests: permission-checked getters, the
answer grid (audited: it shows participants' names) and the public pages' lookups, which
know only a signed address and a participant code."""

from dataclasses import dataclass
from typing import Literal

from django.core import signing
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from komek.accounts.scoping import in_scope
from komek.audit.models import Action
from komek.audit.services import record
from komek.core.permissions import role_can
from komek.trainings.models import (
    Answer,
    Attempt,
    Choice,
    Enrolment,
    Event,
    EventStatus,
    Question,
    Test,
    TestKind,
    TestQuestion,
)
from komek.trainings.selectors import capability_for

TEST_SALT = "komek.trainings.test"
FEEDBACK_SALT = "komek.trainings.feedback"
# A dot, not Django's colon: the token reads as one word in a QR code and an address.
_SEP = "."


def quiz_get_for(*, user, pk: int, purpose: Literal["view", "change"] = "view") -> Test:
    """The test if its event is one ``user`` may see (or organise); 404 otherwise."""
    if not role_can(user, capability_for(purpose)):
        raise Http404
    test = in_scope(Test.objects.select_related("event"), user, "event__office").filter(pk=pk)
    found = test.first()
    if found is None:
        raise Http404
    return found


def question_get_for(*, user, pk: int, purpose: Literal["view", "change"] = "view") -> Question:
    """A question of the bank, which is national: every office's organisers share it."""
    if not role_can(user, capability_for(purpose)):
        raise Http404
    question = (
        Question.objects.select_related("topic").prefetch_related("choices").filter(pk=pk).first()
    )
    if question is None:
        raise Http404
    return question


def question_list(*, topic: int | None = None, retired: bool = False) -> QuerySet[Question]:
    questions = Question.objects.filter(is_active=not retired)
    if topic:
        questions = questions.filter(topic=topic)
    return questions.select_related("topic").prefetch_related("choices")


def quiz_items(test: Test) -> list[TestQuestion]:
    """The test's questions in their order, each with its choices."""
    return list(
        test.items.select_related("question__topic").prefetch_related(
            Prefetch("question__choices", Choice.objects.order_by("order", "pk"))
        )
    )


def letter(index: int) -> str:
    """The letter of the ``index``-th choice on paper: a, b, c..."""
    return chr(ord("a") + index)


@dataclass(frozen=True)
class GridRow:
    enrolment: Enrolment
    attempt: Attempt | None
    # The letters marked for each of the test's questions, in the test's order.
    letters: list[str]


def answer_grid(*, test: Test, user, items: list[TestQuestion]) -> list[GridRow]:
    """Every participant of the test's event with the letters of their answers, by name.
    The reading is audited: the grid names the participants."""
    enrolments = test.event.enrolments.select_related("participant").order_by(
        "participant__surname", "participant__given_name", "pk"
    )
    attempts = {
        attempt.enrolment_id: attempt
        for attempt in test.attempts.prefetch_related(
            Prefetch("answers", Answer.objects.prefetch_related("choices"))
        )
    }
    letters_of = {
        item.question_id: {
            choice.pk: letter(index) for index, choice in enumerate(item.question.choices.all())
        }
        for item in items
    }
    rows = []
    for enrolment in enrolments:
        attempt = attempts.get(enrolment.pk)
        marked = {
            answer.question_id: "".join(
                sorted(letters_of[answer.question_id][choice.pk] for choice in answer.choices.all())
            )
            for answer in (attempt.answers.all() if attempt else [])
            if answer.question_id in letters_of
        }
        rows.append(
            GridRow(enrolment, attempt, [marked.get(item.question_id, "") for item in items])
        )
    record(actor=user, action=Action.VIEW, obj=test, detail="answer grid")
    return rows


def quiz_token(test: Test) -> str:
    return signing.Signer(salt=TEST_SALT, sep=_SEP).sign(str(test.pk))


def feedback_token(event: Event) -> str:
    return signing.Signer(salt=FEEDBACK_SALT, sep=_SEP).sign(str(event.pk))


def _unsigned(token: str, salt: str) -> int:
    try:
        return int(signing.Signer(salt=salt, sep=_SEP).unsign(token))
    except (signing.BadSignature, ValueError):
        raise Http404 from None


def public_test(token: str) -> Test:
    """The test a signed public address names; 404 for an altered one or a cancelled event."""
    test = (
        Test.objects.select_related("event")
        .exclude(event__status=EventStatus.CANCELLED)
        .filter(pk=_unsigned(token, TEST_SALT))
        .first()
    )
    if test is None:
        raise Http404
    return test


def public_event(token: str) -> Event:
    """The event of a signed feedback address; 404 for an altered one or a cancelled event."""
    event = (
        Event.objects.exclude(status=EventStatus.CANCELLED)
        .filter(pk=_unsigned(token, FEEDBACK_SALT))
        .first()
    )
    if event is None:
        raise Http404
    return event


def event_tests(event: Event) -> dict[str, Test | None]:
    """The event's pre- and post-test, ``None`` for one not built yet."""
    tests = {test.kind: test for test in event.tests.all()}
    return {kind: tests.get(kind) for kind in TestKind.values}
