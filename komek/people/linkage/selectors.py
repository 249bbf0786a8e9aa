"""Reads of the duplicate search's results."""

from dataclasses import dataclass

from django.conf import settings

from komek.people.linkage.models import DuplicatePair, DuplicateRun


@dataclass(frozen=True)
class FoundCluster:
    refs: list[str]
    score: float

    @property
    def probably_same(self) -> bool:
        """Above DUPLICATE_SAME_SCORE; below it, for a reviewer to decide."""
        return self.score >= settings.DUPLICATE_SAME_SCORE


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
