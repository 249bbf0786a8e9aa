"""Pairs cut into clusters: no chain of namesakes past ten records, no pair kept apart."""

from komek.people.linkage.clusters import clusters
from komek.people.linkage.model import Edge


def _chain(count: int, score) -> list[Edge]:
    return [Edge(index, index + 1, score(index), {}) for index in range(count - 1)]


def test_a_chain_of_similar_names_never_makes_a_cluster_past_ten():
    for score in (lambda index: 0.95, lambda index: 0.9 + (index % 7) / 100):
        found = clusters(_chain(100, score), threshold=0.8)

        assert all(len(cluster.people) <= 10 for cluster in found)


def test_a_chain_no_score_can_split_is_cut_into_clusters_of_ten_at_most():
    found = clusters(_chain(100, lambda index: 1.0), threshold=0.8)

    assert sorted(len(cluster.people) for cluster in found) == [10] * 10


def test_a_weak_link_is_cut_before_the_strong_ones():
    strong = [Edge(1, 2, 0.999, {}), Edge(2, 3, 0.999, {}), Edge(4, 5, 0.9995, {})]
    chain = [Edge(index, index + 1, 0.85, {}) for index in range(5, 20)]

    found = clusters([*strong, Edge(3, 4, 0.85, {}), *chain], threshold=0.8)

    assert sorted(cluster.people for cluster in found) == [[1, 2, 3], [4, 5]]


def test_the_score_of_a_cluster_is_its_weakest_link():
    found = clusters(
        [Edge(1, 2, 0.99, {}), Edge(2, 3, 0.9, {}), Edge(1, 3, 0.85, {})], threshold=0.8
    )

    assert [(cluster.people, cluster.score) for cluster in found] == [([1, 2, 3], 0.9)]


def test_records_kept_apart_are_not_chained_through_a_third():
    edges = [Edge(1, 2, 0.99, {}), Edge(2, 3, 0.95, {}), Edge(1, 3, 0.97, {})]

    found = clusters(edges, threshold=0.8, apart={(1, 3)})

    assert [cluster.people for cluster in found] == [[1, 2]]
