"""The staleness report: editions and languages out of step with their source text or
with the law they cite, how many segments and since when."""

from datetime import UTC, date, datetime

import pytest

from komek.navigator.models import Rule, RuleKind
from komek.navigator.tests.conftest import replace
from komek.publications import selectors, services
from komek.publications.tests.conftest import LAW_AS_OF, translate_all

# Their messages are read as the code writes them.
pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def published(booklet, coordinator):
    translate_all(coordinator, booklet, "tg")
    for language in ("ru", "tg"):
        services.edition_publish(
            user=coordinator, material=booklet, language=language, law_as_of=LAW_AS_OF
        )
    return booklet


def rows_of(user, reason):
    return {
        row["language"]: row
        for row in selectors.staleness_report(user=user)
        if row["reason"] == reason
    }


def test_nothing_is_stale_right_after_publication(published, coordinator):
    assert selectors.staleness_report(user=coordinator) == []


def test_a_source_edit_after_publication_makes_the_editions_stale_since_then(
    published, coordinator
):
    translate_all(coordinator, published, "ky")
    paragraph = published.segments.get(key="s0002")
    edited = services.segment_edit(user=coordinator, segment=paragraph, source="Новый текст.")
    services.segment_add(user=coordinator, material=published, kind="paragraph", source="Ещё.")
    rows = rows_of(coordinator, "source")
    assert set(rows) == {"ru", "tg", "ky"}
    assert rows["tg"]["segments"] == 2 and rows["tg"]["since"] == edited.changed_at
    assert rows["tg"]["edition"].number == 1 and rows["tg"]["detail"] == "s0002, s0005"
    # Kyrgyz has no edition: its one translation made outdated is what is out of step.
    assert rows["ky"]["edition"] is None and rows["ky"]["segments"] == 1


def test_a_deleted_segment_counts_too(published, coordinator):
    services.segment_delete(user=coordinator, segment=published.segments.get(key="s0003"))
    assert rows_of(coordinator, "source")["ru"]["detail"] == "s0003"


def test_a_newer_version_of_a_cited_rule_makes_the_editions_stale(published, coordinator):
    rule = Rule.objects.create(
        code="registration-3-days",
        kind=RuleKind.REGISTRATION_DEADLINE,
        name="Регистрация в течение 3 рабочих дней",
        source_act="Правила пребывания иммигрантов",
        days=3,
    )
    # Written long before the booklet was published.
    Rule.objects.filter(pk=rule.pk).update(created_at=datetime(2025, 6, 1, tzinfo=UTC))
    services.reference_add(
        user=coordinator,
        material=published,
        act="Правила пребывания иммигрантов",
        article="п. 5",
        rule_code=rule.code,
    )
    assert rows_of(coordinator, "law") == {}
    newer = replace(rule)
    rows = rows_of(coordinator, "law")
    assert set(rows) == {"ru", "tg"}
    assert rows["tg"]["since"] == newer.created_at and rows["tg"]["segments"] == 5
    assert "version 2" in rows["tg"]["detail"]


def test_an_article_in_force_after_the_law_date_makes_the_editions_stale(published, coordinator):
    services.reference_add(
        user=coordinator,
        material=published,
        act="Закон о миграции населения",
        article="ст. 49",
        effective_from=date(2026, 7, 1),
    )
    row = rows_of(coordinator, "law")["ru"]
    assert row["since"] == date(2026, 7, 1)
    assert row["detail"] == "Закон о миграции населения, ст. 49, in force from 2026-07-01"


def test_a_translator_sees_only_their_languages(published, coordinator, translator):
    services.segment_edit(
        user=coordinator, segment=published.segments.get(key="s0001"), source="Учёт"
    )
    assert {row["language"] for row in selectors.staleness_report(user=translator)} == {"tg"}
    assert {row["language"] for row in selectors.staleness_report(user=coordinator)} == {
        "ru",
        "tg",
    }
