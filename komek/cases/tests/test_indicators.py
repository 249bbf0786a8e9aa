"""Partners' response times as indicators: the figures of the response-times page, by
partner and by country, over a scope."""

from datetime import date, timedelta

import pytest

from komek.cases.referrals import referral_answer
from komek.cases.tests.conftest import send
from komek.core import indicators
from komek.core.indicators import Scope


def first_half(**extra) -> Scope:
    # A scope memoises what its indicators computed: each test needs a fresh one.
    return Scope(start=date(2026, 1, 1), end=date(2026, 6, 30), **extra)


@pytest.fixture
def answered(case, lawyer, embassy, consented):
    """Three referrals to the embassy, sent on 1–3 January 2026: answered in 40 and 50
    days, and never."""
    for index, delay in enumerate([40, 50, None]):
        referral = send(case, lawyer, embassy, sent_on=date(2026, 1, 1) + timedelta(days=index))
        if delay is not None:
            referral_answer(
                referral=referral,
                recorded_by=lawyer,
                outcome="done",
                answer="ok",
                answered_on=referral.sent_on + timedelta(days=delay),
            )
    return embassy


def figures(code: str, scope: Scope, by: str):
    result = indicators.evaluate(indicators.get(code), scope, by)
    return {part.label: part.value for part in result.parts}, result.total


def test_the_median_days_to_answer_are_figures_by_partner_and_by_country(answered):
    by_partner = figures("median_days_to_answer", first_half(), "partner")
    assert by_partner == ({"Посольство Республики Узбекистан": 45.0}, 45.0)
    assert figures("median_days_to_answer", first_half(), "partner_country")[0] == {
        "Узбекистан": 45.0
    }


def test_the_share_unanswered_in_30_days_counts_only_referrals_due(answered):
    assert figures("unanswered_in_30_days", first_half(), "partner")[0] == {
        "Посольство Республики Узбекистан": 1.0
    }
    too_early = Scope(start=date(2026, 1, 1), end=date(2026, 1, 20))
    assert figures("unanswered_in_30_days", too_early, "partner") == ({}, None)


def test_response_times_count_only_the_offices_of_the_scope(answered, other_office):
    elsewhere = first_half(offices=(other_office.pk,))
    assert figures("median_days_to_answer", elsewhere, "partner") == ({}, None)


@pytest.mark.django_db
def test_an_app_registering_its_indicators_again_changes_nothing():
    from komek.cases import indicators as cases_indicators
    from komek.hotline import indicators as hotline_indicators

    before = indicators.indicators()
    hotline_indicators.register()
    cases_indicators.register()
    assert indicators.indicators() == before
