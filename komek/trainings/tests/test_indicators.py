"""The trainings' indicators on a small case whose figures are known (small_case.py)."""

import datetime

import pytest
from django.utils import translation

from komek.core import indicators
from komek.core.indicators import Scope
from komek.trainings.tests import small_case


def year() -> Scope:
    """A new scope each time: a scope keeps the figures computed over it (its memo)."""
    return Scope(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))


@pytest.fixture
def case(office, other_office, coordinator):
    small_case.build(office=office, other_office=other_office, user=coordinator)


def figures(code: str, by: str | None = None, scope: Scope | None = None) -> dict:
    result = indicators.evaluate(indicators.get(code), scope or year(), by)
    return {part.key: part.value for part in result.parts} if by else result.total


def test_events_held_count_by_region_and_format(case, office):
    assert figures("trainings_events") == 3
    assert figures("trainings_events", "region") == {"KZ-71": 1, "KZ-35": 1, "KZ-79": 1}
    assert figures("trainings_events", "training_format") == {"seminar": 2, "round_table": 1}
    only_ours = Scope(start=year().start, end=year().end, offices=(office.pk,))
    assert figures("trainings_events", scope=only_ours) == 2


def test_officials_trained_count_each_official_once_by_agency_region_and_sex(case):
    assert figures("trainings_officials_trained") == 4
    assert figures("trainings_officials_trained", "agency") == {
        "migration_police": 2,
        "labour_inspection": 2,
    }
    assert figures("trainings_officials_trained", "sex") == {"M": 2, "F": 2}
    assert figures("trainings_officials_trained", "region") == {
        "KZ-35": 2,
        "KZ-71": 1,
        "KZ-79": 1,
    }
    october = Scope(start=datetime.date(2026, 10, 1), end=datetime.date(2026, 10, 31))
    assert figures("trainings_officials_trained", scope=october) == 3


def test_knowledge_gain_is_the_mean_of_post_less_pre_of_those_who_took_both(case):
    assert figures("trainings_knowledge_gain") == 25.0
    assert figures("trainings_knowledge_gain", "sex") == {"M": 40.0, "F": 10.0}
    assert figures("trainings_knowledge_gain", "agency") == {
        "migration_police": 40.0,
        "labour_inspection": 10.0,
    }


def test_a_period_without_tests_has_no_knowledge_gain_where_its_counts_are_0(case):
    before = Scope(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))
    assert figures("trainings_knowledge_gain", scope=before) is None
    assert figures("trainings_officials_trained", scope=before) == 0
    gain = indicators.get("trainings_knowledge_gain")
    assert gain.absent() == "—"
    assert indicators.get("trainings_officials_trained").absent() == "< 5"


def test_the_dimensions_name_regions_agencies_and_formats(case):
    with translation.override("en"):
        regions = indicators.evaluate(indicators.get("trainings_events"), year(), "region")
        agencies = indicators.evaluate(
            indicators.get("trainings_officials_trained"), year(), "agency"
        )
        formats = indicators.evaluate(indicators.get("trainings_events"), year(), "training_format")
        assert {part.key: part.label for part in regions.parts}["KZ-35"] == "Karaganda Region"
        assert {part.label for part in agencies.parts} == {"migration police", "labour inspection"}
        assert {part.label for part in formats.parts} == {"seminar", "round table"}


def test_the_indicators_are_on_the_dashboard():
    placed = {indicator.code for indicator in indicators.placed()}
    assert {
        "trainings_events",
        "trainings_officials_trained",
        "trainings_knowledge_gain",
    } <= placed
