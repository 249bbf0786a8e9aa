"""Finding the people registered more than once: across scripts, apart from namesakes,
in one office, obeying the reviewers' decisions, through `komek find_duplicates`."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from komek.accounts import demo as accounts_demo
from komek.audit.models import Action, AuditEntry
from komek.people import demo as people_demo
from komek.people.linkage import model
from komek.people.linkage.records import load, registry_records
from komek.people.linkage.services import duplicate_decide, duplicates_find
from komek.people.models import (
    DuplicateDecision,
    DuplicatePair,
    DuplicateRun,
    LinkageModel,
    Person,
)
from komek.people.tests.crowd import GENERATED, person, sherzod_registry


@pytest.fixture
def registry(office, other_office):
    sherzod_registry(office, other_office)


def _clusters(**options) -> list[dict]:
    out = StringIO()
    call_command("find_duplicates", json=True, stdout=out, **options)
    return json.loads(out.getvalue())


def _with(ref: str, clusters: list[dict]) -> list[dict]:
    return [cluster for cluster in clusters if ref in cluster["refs"]]


@pytest.mark.django_db
def test_the_same_man_in_three_spellings_is_one_cluster_without_his_namesakes(registry):
    clusters = _clusters()

    assert [cluster["refs"] for cluster in _with("SH-1", clusters)] == [["SH-1", "SH-2", "SH-3"]]
    assert not _with("NS-1", clusters)
    assert not _with("NS-2", clusters)


@pytest.mark.django_db
def test_the_command_prints_refs_and_the_weakest_link_of_each_cluster(registry):
    clusters = _clusters()

    assert clusters
    for cluster in clusters:
        assert set(cluster) == {"refs", "score"}
        assert len(cluster["refs"]) >= 2
        assert all(isinstance(ref, str) for ref in cluster["refs"])
        assert 0.8 <= cluster["score"] <= 1
    run_pairs = DuplicatePair.objects.filter(person_a__ref="SH-1")
    assert min(pair.cluster_score for pair in run_pairs) == pytest.approx(
        _with("SH-1", clusters)[0]["score"], abs=1e-4
    )


@pytest.mark.django_db
def test_generated_people_registered_twice_are_mostly_found(registry):
    clusters = _clusters()

    found = sum(1 for index in range(0, GENERATED, 5) if _with(f"GEN-{index}-again", clusters))
    assert found >= 0.9 * GENERATED / 5


@pytest.mark.django_db
def test_one_office_is_searched_alone(registry):
    clusters = _clusters(office="astana")

    assert [cluster["refs"] for cluster in _with("SH-1", clusters)] == [["SH-1", "SH-2"]]
    assert not _with("SH-3", clusters)


@pytest.mark.django_db
def test_a_pair_decided_not_the_same_is_not_reported_again_nor_chained(registry):
    first, third = Person.objects.get(ref="SH-1"), Person.objects.get(ref="SH-3")
    assert [cluster["refs"] for cluster in _with("SH-1", _clusters())] == [["SH-1", "SH-2", "SH-3"]]
    duplicate_decide(person_a=third, person_b=first, same=False, decided_by=None)

    clusters = _clusters()

    assert DuplicateDecision.objects.get().person_a == first
    assert AuditEntry.objects.filter(
        action=Action.CHANGE, object_id=str(first.pk), changes__has_key="duplicate"
    ).exists()
    together = [cluster for cluster in clusters if {"SH-1", "SH-3"} <= set(cluster["refs"])]
    assert not together
    assert not DuplicatePair.objects.filter(person_a=first, person_b=third).exists()
    assert _with("SH-2", clusters)


@pytest.mark.django_db
def test_the_trained_model_is_kept_and_retrained_on_demand(registry):
    _clusters()
    _clusters()
    assert LinkageModel.objects.count() == 1

    _clusters(retrain=True)

    assert list(LinkageModel.objects.values_list("version", flat=True)) == [2, 1]


@pytest.mark.django_db
def test_a_model_trained_on_a_registry_since_grown_past_twice_its_size_is_trained_again(
    registry,
):
    first = duplicates_find()
    half = (first.people_count + 1) // 2
    LinkageModel.objects.update(people_count=half)
    duplicates_find()
    assert LinkageModel.objects.count() == 1

    LinkageModel.objects.update(people_count=half - 1)
    again = duplicates_find()

    assert again.model.version == 2
    assert again.model.people_count == first.people_count


@pytest.mark.django_db
def test_a_model_defined_otherwise_is_trained_again(registry):
    duplicates_find()
    kept = LinkageModel.objects.get()
    # A model from before a level was added to the dates.
    born = next(
        comparison
        for comparison in kept.settings["comparisons"]
        if comparison["output_column_name"] == "born"
    )
    del born["comparison_levels"][3]
    kept.save()

    again = duplicates_find()

    assert again.model.version == 2


@pytest.mark.django_db
def test_a_rerun_replaces_the_pairs_of_the_same_scope_only(registry):
    duplicates_find(office=None)
    astana = duplicates_find(office=registry_office("astana"))
    everything = duplicates_find(office=None)

    assert set(DuplicatePair.objects.values_list("run", flat=True).distinct()) == {
        astana.pk,
        everything.pk,
    }


def registry_office(code: str):
    from komek.accounts.models import Office

    return Office.objects.get(code=code)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"office": "nowhere"}, "--office nowhere: no such office"),
        ({"min_score": 1.5}, "--min-score 1.5: give a score from 0.0 to 1.0"),
        ({"min_score": -0.1}, "--min-score -0.1: give a score from 0.0 to 1.0"),
    ],
)
def test_bad_arguments_are_refused_and_nothing_is_run(office, options, message):
    with pytest.raises(CommandError, match=message):
        _clusters(**options)

    assert not DuplicatePair.objects.exists()
    assert not LinkageModel.objects.exists()


@pytest.mark.django_db
def test_the_text_output_says_which_clusters_are_probably_the_same(registry, settings):
    settings.DUPLICATE_SAME_SCORE = 0.95
    out = StringIO()

    call_command("find_duplicates", stdout=out)

    lines = out.getvalue().splitlines()
    assert any(line.endswith("same    SH-1 SH-2 SH-3") for line in lines)
    for line in lines:
        score, verdict, *refs = line.split()
        assert verdict == ("same" if float(score) >= 0.95 else "review")
        assert len(refs) >= 2


@pytest.mark.django_db
def test_a_registry_too_small_to_learn_from_is_scored_by_the_reference_model(
    office, other_office, settings
):
    """A registry the size of the demo: each man again in the other script, one with his
    full date and another phone, one with the year alone and his phone. A namesake born
    the same year on another day is to be reviewed (how common the name is, a few records
    cannot tell); another man of the same given name and year is someone else."""
    person(office, "A-1", "Хусанов", "Шерзод", (1991, 3, 14), "+998901234567")
    person(other_office, "A-2", "Xusanov", "Sherzod", (1991, 3, 14), "+77015550011")
    person(office, "A-3", "Хусанов", "Шерзод", (1991, 11, 23), "+998935551122")
    person(office, "B-1", "Саидов", "Фирӯз", (1979, None, None), "+77479001020")
    person(other_office, "B-2", "Saidov", "Firuz", (1979, None, None), "+77479001020")
    person(office, "C-1", "Каримов", "Фирӯз", (1979, None, None), "+77021112233")

    clusters = _clusters()

    assert sorted(cluster["refs"] for cluster in clusters) == [
        ["A-1", "A-2", "A-3"],
        ["B-1", "B-2"],
    ]
    scores = {
        (pair.person_a.ref, pair.person_b.ref): pair.score for pair in DuplicatePair.objects.all()
    }
    same = settings.DUPLICATE_SAME_SCORE
    assert scores[("A-1", "A-2")] >= same
    assert scores[("B-1", "B-2")] >= same
    assert settings.DUPLICATE_REVIEW_SCORE <= scores[("A-1", "A-3")] < same
    assert DuplicateRun.objects.get().model is None
    assert not LinkageModel.objects.exists()


def test_the_reference_model_is_the_model_komek_defines_today():
    """Changing a comparison or a blocking rule asks for the reference to be trained again
    (``bench/dedup.py --reference``)."""
    kept = json.loads(model.REFERENCE.read_text(encoding="utf-8"))

    assert kept["people_count"] >= 100_000
    assert not model.outdated(
        kept["settings"], trained_on=kept["people_count"], people_count=kept["people_count"]
    )


def test_the_reference_prior_grows_as_the_registry_shrinks():
    small, tiny = model.reference(1_001), model.reference(2)

    assert small["probability_two_random_records_match"] == pytest.approx(0.1 / 500)
    assert tiny["probability_two_random_records_match"] == pytest.approx(0.2)
    names = [comparison["output_column_name"] for comparison in small["comparisons"]]
    assert "patronymic" not in names
    for comparison in small["comparisons"]:
        for level in comparison["comparison_levels"]:
            assert "tf_adjustment_column" not in level
            assert level.get("is_null_level") or level["u_probability"] > 0


def test_the_reference_weighs_a_name_agreeing_as_the_most_common_name():
    kept = json.loads(model.REFERENCE.read_text(encoding="utf-8"))
    most_common = kept["most_common_frequencies"]

    assert set(most_common) == {"born_date", "given_key", "name_key", "surname_key"}
    assert all(0 < share < 0.1 for share in most_common.values())
    levels = {
        level["label_for_charts"]: level
        for comparison in model.reference(10)["comparisons"]
        for level in comparison["comparison_levels"]
    }
    assert levels["same name"]["u_probability"] >= most_common["name_key"]
    assert levels["same date"]["u_probability"] >= most_common["born_date"]


@pytest.mark.django_db
def test_duckdb_never_fetches_an_extension(registry, tmp_path):
    con = model.connect(str(tmp_path))
    settings = dict(
        con.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name IN "
            "('autoinstall_known_extensions', 'autoload_known_extensions')"
        ).fetchall()
    )
    load(con, registry_records())

    edges = list(model.predict(con, model.train(con), threshold=0.9))

    assert settings == {
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
    }
    assert edges


def test_duckdb_keeps_to_the_memory_it_is_allowed(settings, tmp_path):
    settings.DUPLICATE_MEMORY_MB = 300
    con = model.connect(str(tmp_path))

    # DuckDB shows the limit in mebibytes: 300 MB is 286.1 MiB.
    assert con.execute("SELECT current_setting('memory_limit')").fetchone() == ("286.1 MiB",)


@pytest.mark.django_db
def test_the_demo_s_registry_has_saidov_twice_to_review():
    accounts_demo.seed()
    people_demo.seed()

    (cluster,) = _clusters()

    assert cluster["refs"] == ["ALA-0001", "AST-0006"]
