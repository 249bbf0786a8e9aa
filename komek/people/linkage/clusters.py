"""Pairs into clusters, cut so that one weak link cannot chain namesakes together.

Records linked at the threshold form a cluster; a cluster larger than ``max_size`` is
built again from its own links at a stricter threshold (ten times nearer certainty each
time), and when even the strictest scores cannot split it, its strongest links are
joined first and no cluster may grow past ``max_size``. Two records a reviewer said are
not the same never end in one cluster. A cluster's score is its weakest link: the lowest
score that holds it together.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from komek.people.linkage.model import Edge

MAX_SIZE = 10
# Stricter than this there is no score left to split a cluster by.
CERTAIN = 1 - 1e-9


@dataclass
class Cluster:
    people: list[int]
    score: float
    edges: list[Edge]


def _grow(
    edges: Sequence[Edge], *, apart: set[tuple[int, int]], max_size: int | None
) -> list[Cluster]:
    """Join records link by link, strongest first (Kruskal's order), refusing a join that
    would put two records kept ``apart`` together or make a cluster past ``max_size``."""
    parent: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    weakest: dict[int, float] = {}
    others: dict[int, set[int]] = {}
    for a, b in apart:
        others.setdefault(a, set()).add(b)
        others.setdefault(b, set()).add(a)

    def root(node: int) -> int:
        parent.setdefault(node, node)
        members.setdefault(node, [node])
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for edge in sorted(edges, key=lambda edge: -edge.score):
        first, second = root(edge.a), root(edge.b)
        if first == second:
            continue
        joined = members[first] + members[second]
        if max_size is not None and len(joined) > max_size:
            continue
        if others and any(
            others.get(person, set()).intersection(members[second]) for person in members[first]
        ):
            continue
        parent[second] = first
        members[first] = joined
        weakest[first] = min(edge.score, weakest.get(first, 1.0), weakest.get(second, 1.0))
        del members[second]
    clusters = {
        node: Cluster(sorted(people), weakest[node], [])
        for node, people in members.items()
        if len(people) > 1
    }
    for edge in edges:
        node = root(edge.a)
        if node == root(edge.b) and node in clusters:
            clusters[node].edges.append(edge)
    return list(clusters.values())


def clusters(
    edges: Iterable[Edge],
    *,
    threshold: float,
    apart: Iterable[tuple[int, int]] = (),
    max_size: int = MAX_SIZE,
) -> list[Cluster]:
    """The clusters of the records that ``edges`` link at ``threshold`` or more, none
    larger than ``max_size``, none holding a pair of ``apart`` (as (lower id, higher id))."""
    apart = set(apart)
    kept = [edge for edge in edges if edge.score >= threshold and (edge.a, edge.b) not in apart]
    found = []
    for cluster in _grow(kept, apart=apart, max_size=None):
        if len(cluster.people) <= max_size:
            found.append(cluster)
        elif threshold < CERTAIN:
            stricter = 1 - (1 - threshold) / 10
            found.extend(
                clusters(cluster.edges, threshold=stricter, apart=apart, max_size=max_size)
            )
        else:
            found.extend(_grow(cluster.edges, apart=apart, max_size=max_size))
    return found
