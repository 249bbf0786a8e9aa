"""What the tests of events show: each participant's scores and knowledge gain, the
event's mean gain and the share who improved, the item analysis of the post-test, and the
feedback summary. Gains count only participants who took both tests, in percentage points.

Each function reads in a few queries whatever the number of participants."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet

from komek.trainings.models import (
    Answer,
    Attempt,
    Enrolment,
    Event,
    Feedback,
    Question,
    TestKind,
    TestQuestion,
)


@dataclass(frozen=True)
class Gain:
    """The knowledge gain over participants who took both tests."""

    participants: int
    mean: float | None
    improved: int

    @property
    def improved_share(self) -> float | None:
        return 100 * self.improved / self.participants if self.participants else None


def _gain(pairs: list[tuple[float, float]]) -> Gain:
    if not pairs:
        return Gain(0, None, 0)
    return Gain(
        participants=len(pairs),
        mean=sum(post - pre for pre, post in pairs) / len(pairs),
        improved=sum(post > pre for pre, post in pairs),
    )


def _percents(attempts: QuerySet[Attempt]) -> dict[int, dict[str, float]]:
    """``{enrolment id: {"pre": percent, "post": percent}}`` of the attempts."""
    scores: dict[int, dict[str, float]] = defaultdict(dict)
    for enrolment_id, kind, correct, total in attempts.values_list(
        "enrolment", "test__kind", "correct", "total"
    ):
        scores[enrolment_id][kind] = 100 * correct / total if total else 0.0
    return scores


def _pairs(scores: dict[int, dict[str, float]]) -> list[tuple[float, float]]:
    return [
        (score[TestKind.PRE], score[TestKind.POST])
        for score in scores.values()
        if TestKind.PRE in score and TestKind.POST in score
    ]


@dataclass(frozen=True)
class ParticipantScore:
    enrolment: Enrolment
    pre: float | None
    post: float | None

    @property
    def gain(self) -> float | None:
        return None if self.pre is None or self.post is None else self.post - self.pre


@dataclass(frozen=True)
class Item:
    """A post-test question: the share who got it right before (if the pre-test asked it)
    and after the event."""

    number: int
    question: Question
    before: float | None
    after: float | None
    answered_after: int


@dataclass(frozen=True)
class EventResults:
    scores: list[ParticipantScore]
    gain: Gain
    # Most still got wrong first: what the next seminar must cover.
    items: list[Item] = field(default_factory=list)

    @property
    def has_answers(self) -> bool:
        return any(score.pre is not None or score.post is not None for score in self.scores)


def _shares(event: Event) -> dict[tuple[str, int], tuple[float, int]]:
    """``{(test kind, question id): (percent right, answers)}`` of the event's answers."""
    rows = (
        Answer.objects.filter(attempt__test__event=event)
        .values("attempt__test__kind", "question")
        .annotate(answers=Count("pk"), right=Count("pk", filter=Q(is_correct=True)))
    )
    return {
        (row["attempt__test__kind"], row["question"]): (
            100 * row["right"] / row["answers"],
            row["answers"],
        )
        for row in rows
    }


def _items(event: Event) -> list[Item]:
    shares = _shares(event)
    post_items = TestQuestion.objects.filter(
        test__event=event, test__kind=TestKind.POST
    ).select_related("question")
    items = []
    for number, item in enumerate(post_items, start=1):
        before = shares.get((TestKind.PRE, item.question_id))
        after = shares.get((TestKind.POST, item.question_id))
        items.append(
            Item(
                number=number,
                question=item.question,
                before=before[0] if before else None,
                after=after[0] if after else None,
                answered_after=after[1] if after else 0,
            )
        )
    # Unanswered questions last; then the lowest share right first.
    return sorted(items, key=lambda item: (item.after is None, item.after or 0.0, item.number))


def event_results(event: Event) -> EventResults:
    """The event's scores by participant (by name), gain and item analysis (four queries)."""
    percents = _percents(Attempt.objects.filter(test__event=event))
    enrolments = event.enrolments.select_related("participant").order_by(
        "participant__surname", "participant__given_name", "pk"
    )
    scores = [
        ParticipantScore(
            enrolment,
            percents.get(enrolment.pk, {}).get(TestKind.PRE),
            percents.get(enrolment.pk, {}).get(TestKind.POST),
        )
        for enrolment in enrolments
    ]
    return EventResults(scores=scores, gain=_gain(_pairs(percents)), items=_items(event))


@dataclass(frozen=True)
class FeedbackSummary:
    count: int
    usefulness: float | None
    organisation: float | None
    trainers: float | None
    comments: list[str]


def feedback_summary(event: Event) -> FeedbackSummary:
    """Mean ratings, how many answered, and the comments, newest first (two queries)."""
    feedback = Feedback.objects.filter(event=event)
    means = feedback.aggregate(
        count=Count("pk"),
        usefulness=Avg("usefulness"),
        organisation=Avg("organisation"),
        trainers=Avg("trainers"),
    )
    comments = list(
        feedback.exclude(comment="")
        .order_by("-submitted_on", "-pk")
        .values_list("comment", flat=True)
    )
    return FeedbackSummary(comments=comments, **means)
