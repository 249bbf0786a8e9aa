"""The layout on a laptop and on a phone: the menu in one row in every language, lists that
do not push the page sideways at 390 px, a focus ring that shows on the dark navbar."""

import pytest
from playwright.sync_api import expect

from komek.accounts.demo import demo_password
from komek.core import demo
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def centre():
    demo.load("accounts", "partners", "people", "hotline", "cases")


def switch_language(page, code: str) -> None:
    page.locator(f"nav button[name=language][value={code}]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def tops(page) -> set[float]:
    """The top of each item of the navbar's row: the brand, the menu's entries, the search,
    the header buttons, the user's menu and the language switch."""
    return set(
        page.locator(
            "nav.navbar .navbar-brand, nav.navbar .navbar-nav > .nav-item, "
            "nav.navbar form[role=search], nav.navbar .navbar-collapse > a.btn, "
            "nav.navbar .navbar-collapse > .dropdown, nav.navbar form:has([name=language])"
        ).evaluate_all(
            "items => items.map(item => Math.round(item.getBoundingClientRect().top"
            " + item.getBoundingClientRect().height / 2))"
        )
    )


@pytest.mark.parametrize("username", ["coordinator", "admin"])
def test_the_menu_fits_one_row_at_1366_px_in_every_language(live_server, page, centre, username):
    page.set_viewport_size(LAPTOP)
    sign_in(page, live_server.url, username, demo_password(username))
    for language in ("ru", "kk", "en"):
        switch_language(page, language)
        assert len(tops(page)) == 1, language
        assert page.locator("nav.navbar").bounding_box()["height"] < 70, language
    # What did not fit in the row is one click away, under its group.
    menu = page.locator("nav.navbar .navbar-nav")
    menu.get_by_role("button", name="Reference").click()
    menu.get_by_role("link", name="Partners").click()
    expect(page.locator("h1")).to_have_text("Partners")
    expect(menu.get_by_role("button", name="Reference")).to_have_class(
        "nav-link dropdown-toggle active"
    )


@pytest.mark.parametrize("path", ["/cases/", "/hotline/contacts/"])
def test_the_lists_do_not_scroll_sideways_on_a_phone(live_server, page, centre, path):
    sign_in(page, live_server.url, "coordinator", demo_password("coordinator"))
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{path}")
    rows = page.locator("main table tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() > 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The table keeps its columns and scrolls inside its own box.
    box = page.locator("main .table-responsive").first
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")


def test_the_keyboard_focus_shows_on_the_dark_navbar(live_server, page, centre):
    page.set_viewport_size(LAPTOP)
    sign_in(page, live_server.url, "coordinator", demo_password("coordinator"))
    link = page.locator("nav.navbar .navbar-nav .nav-link").first
    for _press in range(10):
        page.keyboard.press("Tab")
        if link.evaluate("link => link === document.activeElement"):
            break
    expect(link).to_be_focused()
    ring = link.evaluate(
        "link => { const style = getComputedStyle(link);"
        " return [style.outlineStyle, style.outlineWidth, style.outlineColor]; }"
    )
    assert ring[0] == "solid"
    assert ring[1] == "3px"
    assert ring[2] == "rgb(255, 193, 7)"
