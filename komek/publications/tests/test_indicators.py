"""The publications' figures: copies printed and handed out, by language, material, office
and month, counted on the day they were printed or handed out."""

from datetime import date

import pytest

from komek.core import indicators
from komek.core.indicators import Scope
from komek.core.roles import Role
from komek.publications import indicators as publication_indicators
from komek.publications.tests.printed import an_edition, hand_out, print_copies


def october() -> Scope:
    """A new scope each time: a scope keeps the figures computed over it (its memo)."""
    return Scope(start=date(2026, 10, 1), end=date(2026, 10, 31))


@pytest.fixture
def operator(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR, username="operator")


@pytest.fixture
def edition(coordinator):
    return an_edition(coordinator)


@pytest.fixture(autouse=True)
def _registered():
    # Registering again is harmless: the app registers them when it is ready.
    publication_indicators.register()


def figure(code: str, by: str | None = None, scope: Scope | None = None):
    result = indicators.evaluate(indicators.get(code), scope or october(), by)
    return {part.key: part.value for part in result.parts} if by else result.total


def test_copies_printed_and_handed_out_count_by_language_material_office_and_month(
    edition, office, coordinator, operator
):
    uzbek = an_edition(coordinator, language="uz", material=edition.material)
    print_copies(edition, office, coordinator, quantity=100)
    print_copies(uzbek, office, coordinator, quantity=60)
    print_copies(uzbek, office, coordinator, quantity=500, printed_on=date(2026, 11, 2))
    hand_out(edition, office, operator, 30)
    hand_out(uzbek, office, operator, 12)
    assert figure("publications_copies_printed") == 160
    assert figure("publications_copies_handed_out") == 42
    assert figure("publications_copies_printed", "publication_language") == {"ru": 100, "uz": 60}
    assert figure("publications_copies_handed_out", "publication") == {str(edition.material_id): 42}
    assert figure("publications_copies_handed_out", "office") == {str(office.pk): 42}
    assert figure("publications_copies_printed", "month", Scope()) == {
        "2026-10": 160,
        "2026-11": 500,
    }
    parts = indicators.evaluate(
        indicators.get("publications_copies_printed"), october(), "publication_language"
    ).parts
    assert [part.label for part in parts] == ["Русский", "Oʻzbekcha"]


def test_an_office_scope_counts_that_offices_copies_only(
    edition, office, other_office, coordinator, operator
):
    print_copies(edition, office, coordinator, quantity=100)
    elsewhere = Scope(start=october().start, end=october().end, offices=(other_office.pk,))
    assert figure("publications_copies_printed", scope=elsewhere) == 0
