"""Reads of the duplicate search's results: its clusters for the command, its pairs for
the review queue."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.http import Http404

from komek.accounts.scoping import in_scope
from komek.audit.models import Action
from komek.audit.services import record
from komek.people.access import Access, access_level
from komek.people.linkage.models import (
    DuplicateDecision,
    DuplicatePair,
    DuplicateRun,
    probably_same,
)
from komek.people.merging import may_merge


@dataclass(frozen=True)
class FoundCluster:
    refs: list[str]
    score: float

    @property
    def probably_same(self) -> bool:
        return probably_same(self.score)


def _reference(ref: str, pk: int) -> str:
    # A person without a registry number is named by their id.
    return ref or f"#{pk}"


def run_clusters(run: DuplicateRun, *, min_score: float = 0.0) -> list[FoundCluster]:
    """The run's clusters whose weakest link scores ``min_score`` or more, the surest
    first, each with its people's registry numbers in order."""
    refs: dict[int, set[str]] = {}
    scores: dict[int, float] = {}
    pairs = DuplicatePair.objects.filter(run=run, cluster_score__gte=min_score).values_list(
        "cluster", "cluster_score", "person_a", "person_a__ref", "person_b", "person_b__ref"
    )
    for cluster, score, a, a_ref, b, b_ref in pairs:
        refs.setdefault(cluster, set()).update((_reference(a_ref, a), _reference(b_ref, b)))
        scores[cluster] = score
    return sorted(
        (FoundCluster(sorted(refs[cluster]), scores[cluster]) for cluster in refs),
        key=lambda found: (-found.score, found.refs),
    )


# Pairs shown on one page of the review queue.
QUEUE_LIMIT = 50


@dataclass(frozen=True)
class Queue:
    """The review queue as a reviewer sees it: the pairs to decide, surest first, and
    whether more wait beyond them (shown once these are decided)."""

    pairs: list[DuplicatePair]
    more: bool


def _latest_runs() -> list[int]:
    """The latest finished run over each scope (the registry, each office)."""
    latest: dict[int | None, int] = {}
    runs = DuplicateRun.objects.filter(finished_at__isnull=False).order_by("-started_at")
    for pk, office_id in runs.values_list("pk", "office_id"):
        latest.setdefault(office_id, pk)
    return list(latest.values())


def _decidable(user, pair: DuplicatePair, assigned: set[int]) -> bool:
    """Whether ``user`` (assigned to the people ``assigned``) may open both records and
    merge them: a pair is not shown to a reviewer who may not act on it, so the queue
    reveals nothing more than the records."""
    people = (pair.person_a, pair.person_b)
    return all(
        access_level(user, person, assigned=person.pk in assigned) >= Access.FULL
        for person in people
    ) and may_merge(user, *people)


def _assigned(user) -> set[int]:
    """The people ``user`` is assigned to, read once for every pair the queue weighs."""
    return set(user.assigned_people.values_list("pk", flat=True))


def review_queue(*, user, office=None, min_score: float = 0.0) -> Queue:
    """The pairs of the latest runs that wait for ``user``'s word: both records in the
    user's offices (or ``office``), neither merged since, not yet decided; audited, since
    the queue shows who is registered."""
    decided = DuplicateDecision.objects.filter(
        person_a=OuterRef("person_a"), person_b=OuterRef("person_b")
    )
    pairs = (
        DuplicatePair.objects.filter(
            run__in=_latest_runs(),
            score__gte=min_score,
            person_a__merged_into__isnull=True,
            person_b__merged_into__isnull=True,
        )
        .filter(~Exists(decided))
        .select_related("person_a__office", "person_b__office")
        .order_by("-score", "person_a", "person_b")
    )
    pairs = in_scope(in_scope(pairs, user, "person_a__office"), user, "person_b__office")
    if office is not None:
        pairs = pairs.filter(person_a__office=office, person_b__office=office)
    shown: list[DuplicatePair] = []
    more, seen, assigned = False, set(), _assigned(user)
    for pair in pairs.iterator(chunk_size=QUEUE_LIMIT * 2):
        key = (pair.person_a_id, pair.person_b_id)
        if key in seen or not _decidable(user, pair, assigned):
            continue
        seen.add(key)
        if len(shown) == QUEUE_LIMIT:
            more = True
            break
        shown.append(pair)
    if shown:
        people = sorted({pk for pair in shown for pk in (pair.person_a_id, pair.person_b_id)})
        record(actor=user, action=Action.VIEW, detail="duplicates queue", people=people)
    return Queue(pairs=shown, more=more)


def pair_get_for(*, user, pk: int) -> DuplicatePair:
    """A pair of the queue that ``user`` may decide; 404 otherwise, revealing nothing."""
    pair = DuplicatePair.objects.select_related("person_a", "person_b").filter(pk=pk).first()
    if pair is None or not _decidable(user, pair, _assigned(user)):
        raise Http404
    return pair


def searches(user) -> list[DuplicateRun]:
    """The latest searches over the scopes ``user`` works with (the registry for those who
    work with every office), newest first: those under way, and the last one done."""
    runs = DuplicateRun.objects.select_related("office", "started_by")
    if not user.spans_offices:
        runs = runs.filter(office_id=user.office_id)
    return list(runs[:5])
