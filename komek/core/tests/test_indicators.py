"""The indicator and dimension registries: one definition per code, and figures that are
not parts of a whole."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from komek.core import dimensions, indicators
from komek.core.dimensions import Dimension
from komek.core.indicators import Indicator, Scope


def probe(compute=lambda scope, by: {"": 1}, **extra) -> Indicator:
    return Indicator(
        code="probe",
        name="probe",
        description="",
        computation="",
        breakdowns=extra.pop("breakdowns", ()),
        compute=compute,
        **extra,
    )


@pytest.fixture
def registered():
    indicator = probe()
    indicators.register(indicator)
    yield indicator
    indicators.unregister(indicator.code)


def test_another_indicator_under_a_taken_code_is_refused_by_name(registered):
    with pytest.raises(ImproperlyConfigured, match="'probe' is already registered"):
        indicators.register(probe(compute=lambda scope, by: {"": 2}))
    assert indicators.get("probe") is registered


def test_another_dimension_under_a_taken_code_is_refused_by_name():
    with pytest.raises(ImproperlyConfigured, match="'office' is already registered"):
        dimensions.register(Dimension("office", "branch"))
    assert dimensions.get("office") is dimensions.OFFICE


def test_the_shared_dimensions_are_known_before_any_module_counts_by_them():
    codes = {dimension.code for dimension in dimensions.SHARED}
    assert codes == {"office", "month", "citizenship", "sex", "age_group"}
    assert all(dimensions.get(code) in dimensions.SHARED for code in codes)


def test_a_figure_computed_again_for_each_part_has_no_shares():
    medians = {"": 10.0, "2026-01": 40.0, "2026-02": 5.0}
    median = probe(
        compute=lambda scope, by: {
            key: value for key, value in medians.items() if bool(key) == bool(by)
        },
        breakdowns=("month",),
        additive=False,
        proportional=False,
    )
    result = indicators.evaluate(median, Scope(), "month")
    assert result.total == 10.0
    assert [(part.key, part.value, part.share) for part in result.parts] == [
        ("2026-01", 40.0, None),
        ("2026-02", 5.0, None),
    ]


def test_a_total_is_computed_once_per_scope_however_many_splits_need_it():
    asked = []

    def people(scope, by):
        asked.append(by)
        return {"": 3} if by is None else {"M": 2, "F": 2}

    served = probe(compute=people, breakdowns=("sex", "office"), additive=False)
    scope = Scope()
    assert indicators.evaluate(served, scope).total == 3
    assert indicators.evaluate(served, scope, "sex").total == 3
    assert indicators.evaluate(served, scope, "office").total == 3
    assert asked == [None, "sex", "office"]
    # Another scope (the previous period) is computed on its own.
    assert indicators.evaluate(served, Scope()).total == 3
    assert asked == [None, "sex", "office", None]


@pytest.fixture
def themes():
    """A split whose parts overlap, as a contact about two topics counts under each."""
    dimensions.register(Dimension("probe_theme", "theme", overlapping=True))
    yield
    dimensions.unregister("probe_theme")


def test_a_total_is_the_sum_of_a_split_already_evaluated_whose_parts_add_up(themes):
    asked = []

    def contacts(scope, by):
        asked.append(by)
        return {"": 4} if by is None else {"M": 3, "F": 1}

    counted = probe(compute=contacts, breakdowns=("sex", "probe_theme"))
    scope = Scope()
    assert indicators.evaluate(counted, scope, "sex").total == 4
    assert indicators.evaluate(counted, scope).total == 4
    assert asked == ["sex"]
    overlapping = Scope()
    indicators.evaluate(counted, overlapping, "probe_theme")
    assert indicators.evaluate(counted, overlapping).total == 4
    assert asked == ["sex", "probe_theme", None]


def test_no_parts_are_not_taken_for_the_total_of_a_figure_that_is_not_a_count():
    def averages(scope, by):
        return {}

    average = probe(compute=averages, breakdowns=("sex",), proportional=False)
    scope = Scope()
    assert indicators.evaluate(average, scope, "sex").total == 0
    assert indicators.evaluate(average, scope).total is None


def test_the_dashboard_lists_placed_indicators_in_their_order():
    codes = [indicator.code for indicator in indicators.placed()]
    assert codes[:3] == ["contacts", "people_served", "repeat_contacts"]
    assert "median_days_to_answer" not in codes
