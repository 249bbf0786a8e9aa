"""The map of officials trained: every region a square, shaded and labelled, the figures in
the table beside it, filtered by year and agency, within the reader's office."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from komek.core import regions
from komek.core.roles import Role
from komek.trainings import maps
from komek.trainings.tests import small_case

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def case(office, other_office, coordinator):
    small_case.build(office=office, other_office=other_office, user=coordinator)


def svg_of(page: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg.*?</svg>", page, re.S).group(0))  # noqa: S314


def by_region(figures: list[maps.RegionFigures]) -> dict[str, tuple[int, int, int, int]]:
    return {
        row.code: (row.events, row.trained, row.men, row.women)
        for row in figures
        if row.events or row.trained
    }


def test_the_map_page_draws_a_square_for_each_of_the_20_regions(client_for, coordinator, case):
    response = client_for(coordinator).get(reverse("trainings:map"), {"year": "2026"})
    assert response.status_code == 200
    svg = svg_of(response.content.decode())
    assert svg.get("role") == "img" and svg.get("aria-label")
    assert svg.find(f"{SVG}title").text == "Officials trained by region, 2026"
    tiles = svg.findall(f"{SVG}g[@class='tile']")
    assert len(tiles) == len(regions.regions()) == 20
    karaganda = next(tile for tile in tiles if tile.get("data-region") == "KZ-35")
    assert [text.text for text in karaganda.findall(f"{SVG}text")] == ["Karaganda", "2"]
    assert karaganda.find(f"{SVG}title").text.endswith(": 2")
    fills = {tile.get("data-region"): tile.find(f"{SVG}rect").get("fill") for tile in tiles}
    # The most officials, the darkest; nobody trained, the lightest.
    assert fills["KZ-35"] == maps.SHADES[-1] and fills["KZ-75"] == maps.SHADES[0]
    assert fills["KZ-71"] not in (maps.SHADES[0], maps.SHADES[-1])


def test_the_table_beside_the_map_has_the_same_figures(client_for, coordinator, case):
    page = client_for(coordinator).get(reverse("trainings:map"), {"year": "2026"}).content
    rows = re.findall(
        r'<tr><th scope="row" class="fw-normal">([^<]+)</th>((?:<td class="text-end">\d+</td>)+)',
        page.decode(),
    )
    assert len(rows) == 20
    figures = {name: re.findall(r"\d+", cells) for name, cells in rows}
    assert figures["Karaganda Region"] == ["1", "2", "0", "2"]
    assert figures["Astana"] == ["1", "1", "1", "0"]
    # Another office's seminar in Shymkent is not this office's to count.
    assert figures["Shymkent"] == ["0", "0", "0", "0"]


def test_the_figures_follow_the_year_and_the_agency(case, coordinator):
    ours = maps.scope_of(user=coordinator, year=2026)
    assert by_region(maps.region_figures(ours)) == {"KZ-71": (1, 1, 1, 0), "KZ-35": (1, 2, 0, 2)}
    assert by_region(maps.region_figures(ours, agency="labour_inspection")) == {
        "KZ-71": (1, 0, 0, 0),
        "KZ-35": (1, 2, 0, 2),
    }
    assert by_region(maps.region_figures(maps.scope_of(user=coordinator, year=2025))) == {}


def test_a_national_reader_sees_every_office_s_trainings(case, make_staff):
    administrator = make_staff(Role.ADMINISTRATOR, username="admin")
    everywhere = maps.scope_of(user=administrator, year=None)
    assert by_region(maps.region_figures(everywhere))["KZ-79"] == (1, 1, 1, 0)


def test_a_wrong_filter_is_named(client_for, coordinator):
    response = client_for(coordinator).get(reverse("trainings:map"), {"agency": "spies"})
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()
