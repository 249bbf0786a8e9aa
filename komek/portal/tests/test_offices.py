"""The offices page: each office's hours in the reader's language, grouped, and its place
as a picture drawn on the server and as links to the phone's map and to OpenStreetMap."""

import re
from decimal import Decimal

import pytest

from komek.accounts import services
from komek.portal import maps

pytestmark = pytest.mark.django_db

WEEK = [*([day, "09:00", "18:00"] for day in range(5)), [5, "10:00", "14:00"]]


@pytest.fixture
def located(office):
    return services.office_update(
        office=office,
        updated_by=None,
        address="ул. Кенесары, 40",
        hours=WEEK,
        latitude=Decimal("51.16940"),
        longitude=Decimal("71.44910"),
    )


def hours_of(html: str) -> list[str]:
    found = re.search(r"<ul class=\"hours\" data-hours>(.*?)</ul>", html, re.S)
    assert found
    items = re.findall(r"<li>(.*?)</li>", found.group(1), re.S)
    return [re.sub(r"<[^>]+>", "", item) for item in items]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", ["Monday–Friday 09:00–18:00", "Saturday 10:00–14:00"]),
        ("ru", ["Понедельник–Пятница 09:00–18:00", "Суббота 10:00–14:00"]),
        ("tg", ["Душанбе–Ҷумъа 09:00–18:00", "Шанбе 10:00–14:00"]),
        ("ky", ["Дүйшөмбү–Жума 09:00–18:00", "Ишемби 10:00–14:00"]),
        ("kk", ["Дүйсенбі–Жума 09:00–18:00", "Сенбі 10:00–14:00"]),
        ("uz", ["Dushanba–Juma 09:00–18:00", "Shanba 10:00–14:00"]),
        ("uz-cyrl", ["Душанба–Жума 09:00–18:00", "Шанба 10:00–14:00"]),
    ],
)
def test_the_hours_are_grouped_and_named_in_the_pages_language(client, located, code, expected):
    html = client.get(f"/m/{code}/offices/").content.decode()
    assert hours_of(html) == expected


@pytest.mark.parametrize(
    ("code", "name", "city"),
    [
        ("uz", "Ostona filiali", "Ostona"),
        ("uz-cyrl", "Остона филиали", "Остона"),
        ("tg", "Шуъбаи Остона", "Остона"),
        ("ky", "Астана филиалы", "Астана"),
        ("ru", "Офис в Астане", "Астана"),
    ],
)
def test_the_office_is_named_in_the_pages_language(client, office, code, name, city):
    services.office_update(
        office=office,
        updated_by=None,
        name="Офис в Астане",
        name_uz="Ostona filiali",
        name_uz_cyrl="Остона филиали",
        name_tg="Шуъбаи Остона",
        name_ky="Астана филиалы",
        city_uz="Ostona",
        city_uz_cyrl="Остона",
        city_tg="Остона",
    )
    html = client.get(f"/m/{code}/offices/").content.decode()
    heading = re.search(rf'<h2 id="office-{office.code}">(.*?)</h2>\s*<p>(.*?)[,<]', html, re.S)
    assert heading.groups() == (name, city)


def test_an_office_without_hours_or_place_shows_neither(client, office):
    html = client.get("/m/tg/offices/").content.decode()
    assert "data-hours" not in html
    assert "<svg" not in html
    assert "geo:" not in html


def test_the_map_picture_is_drawn_on_the_page_with_a_name_for_screen_readers(client, located):
    html = client.get("/m/en/offices/").content.decode()
    svg = re.search(r"<svg .*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    labelled = re.search(r'aria-labelledby="([^"]+)"', svg).group(1)
    assert re.search(rf'<title id="{labelled}">[^<]*Kazakhstan[^<]*</title>', svg)
    assert "style" not in svg  # the policy refuses inline styles: attributes only
    assert len(svg.encode()) < 4_000


def test_the_marker_stands_where_the_office_is():
    frame = maps.outline().frame
    astana = maps.Place(latitude=Decimal("51.1694"), longitude=Decimal("71.4491"), address="")
    almaty = maps.Place(latitude=Decimal("43.238"), longitude=Decimal("76.945"), address="")
    shymkent = maps.Place(latitude=Decimal("42.3417"), longitude=Decimal("69.5901"), address="")
    assert almaty.marker[0] > astana.marker[0] > shymkent.marker[0]  # east of
    assert astana.marker[1] < almaty.marker[1] < shymkent.marker[1]  # north of
    assert all(place.pictured for place in (astana, almaty, shymkent))
    assert 0 < astana.marker[1] < frame.height


def test_a_place_outside_kazakhstans_picture_is_not_drawn():
    moscow = maps.Place(latitude=Decimal("55.75"), longitude=Decimal("37.62"), address="")
    assert not moscow.pictured


def test_the_place_opens_in_the_phones_map_and_on_openstreetmap(client, located):
    html = client.get("/m/ru/offices/").content.decode()
    geo = re.search(r'href="(geo:[^"]+)"', html).group(1)
    assert geo.startswith("geo:51.16940,71.44910?q=")
    assert "%D1%83%D0%BB." in geo  # the address, escaped: "ул."
    assert (
        'href="https://www.openstreetmap.org/?mlat=51.16940&amp;mlon=71.44910'
        '#map=17/51.16940/71.44910"' in html
    )
