"""The menus: filled by the apps, each entry shown to the users who may use it; the main
menu marks one entry as the current page, the most specific one."""

import pytest
from django.test import RequestFactory

from komek.conftest import make_user
from komek.core import navigation
from komek.core.context_processors import menu_entries, navigation_entries, navigation_menu
from komek.core.navigation import Group, Menu
from komek.core.roles import Capability, Role


def current(path: str, user) -> list[str]:
    request = RequestFactory().get(path)
    request.user = user
    request.user.is_verified = lambda: True
    return [str(entry["url"]) for entry in navigation_entries(request) if entry["active"]]


def test_the_most_specific_entry_is_current(office):
    coordinator = make_user("menu", Role.COORDINATOR, office)
    assert current("/cases/tasks/", coordinator) == ["/cases/tasks/"]
    assert current("/cases/12/", coordinator) == ["/cases/"]
    assert current("/statistics/reports/7/", coordinator) == ["/statistics/reports/"]
    assert current("/statistics/advocacy/", coordinator) == ["/statistics/"]
    assert current("/", coordinator) == []


@pytest.fixture
def only_these_entries(monkeypatch):
    """The registry emptied for the test, so entries are the test's own."""
    monkeypatch.setattr(navigation, "_entries", [])


def header_and_user_menu(path: str, user) -> tuple[list[dict], list[dict]]:
    request = RequestFactory().get(path)
    request.user = user
    request.user.is_verified = lambda: True
    return menu_entries(request, Menu.HEADER), menu_entries(request, Menu.USER)


def test_each_menu_holds_only_the_entries_registered_for_it(only_these_entries):
    navigation.register(label="Home", url_name="core:home", capability="c", order=1)
    navigation.register(
        label="Search", url_name="core:search", capability="c", order=2, menu=Menu.USER
    )
    assert [entry.label for entry in navigation.entries()] == ["Home"]
    assert [entry.label for entry in navigation.entries(Menu.USER)] == ["Search"]
    assert navigation.entries(Menu.HEADER) == ()


def test_a_group_is_one_dropdown_where_its_first_entry_would_be(only_these_entries, office):
    coordinator = make_user("grouped", Role.COORDINATOR, office)
    coordinator.is_verified = lambda: True
    use = Capability.USE
    navigation.register(label="Cases", url_name="core:home", capability=use, order=1)
    for label, order, group in (
        ("Search", 2, Group.REFERENCE),
        ("Manage", 3, Group.ADMINISTRATION),
        ("Find", 4, Group.REFERENCE),
    ):
        navigation.register(
            label=label, url_name="core:search", capability=use, order=order, group=group
        )
    request = RequestFactory().get("/search/")
    request.user = coordinator
    menu = navigation_menu(request)
    assert [item["label"] for item in menu] == ["Cases", Group.REFERENCE.label, "Manage"]
    assert [entry["label"] for entry in menu[1]["entries"]] == ["Search", "Find"]
    # The group of the current page is marked current; a group of one entry is its link.
    assert [item["active"] for item in menu] == [False, True, True]
    assert "entries" not in menu[2]


def test_a_header_entry_counts_what_waits_for_the_user(only_these_entries, office):
    operator = make_user("counted", Role.HOTLINE_OPERATOR, office)
    navigation.register(
        label="Inbox",
        url_name="core:search",
        capability=Capability.USE,
        order=1,
        menu=Menu.HEADER,
        count=lambda user: len(user.username),
        count_label="waiting",
    )
    header, user_menu = header_and_user_menu("/", operator)
    assert header == [
        {"label": "Inbox", "url": "/search/", "post": False, "count": 7, "count_label": "waiting"}
    ]
    assert user_menu == []


def test_an_entry_is_left_out_for_a_user_without_its_capability(only_these_entries, office):
    operator = make_user("plain", Role.HOTLINE_OPERATOR, office)
    navigation.register(
        label="Manage",
        url_name="core:search",
        capability=Capability.ACCOUNTS_MANAGE,
        order=1,
        menu=Menu.USER,
    )
    assert header_and_user_menu("/", operator) == ([], [])


def test_the_page_shows_the_user_menu_as_links_and_forms_in_order(
    only_these_entries, client_for, office
):
    navigation.register(
        label="Leave",
        url_name="core:home",
        capability=Capability.USE,
        order=2,
        menu=Menu.USER,
        post=True,
    )
    navigation.register(
        label="Look",
        url_name="core:search",
        capability=Capability.USE,
        order=1,
        menu=Menu.USER,
    )
    html = client_for(make_user("menus", Role.HOTLINE_OPERATOR, office)).get("/").content.decode()
    look = '<li><a class="dropdown-item" href="/search/">Look</a></li>'
    leave = '<li><form method="post" action="/">'
    assert look in html
    assert leave in html
    assert html.index(look) < html.index(leave)
    assert '<button class="dropdown-item" type="submit">Leave</button></form></li>' in html


def test_the_language_switch_posts_where_the_setting_names(client, settings):
    settings.KOMEK_SET_LANGUAGE_URL = "core:search"
    html = client.get("/", follow=True).content.decode()
    assert '<form method="post" action="/search/" class="ms-lg-3 d-flex gap-1"' in html
