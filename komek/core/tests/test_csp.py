"""The Content-Security-Policy allows no inline script or style, so no page Komek serves
may carry one: every route is walked as a coordinator (with the URL samples of
test_permissions), and the sign-in pages as the anonymous visitor and the new user see them.
"""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

from komek.conftest import make_user
from komek.core import url_samples
from komek.core.roles import Role
from komek.core.tests import test_permissions
from komek.core.tests.test_permissions import ROUTE_IDS, ROUTES, _url

# The permission test's sample objects, built once for this module too.
made = test_permissions.made
_media_in_tmp = test_permissions._media_in_tmp


class InlineCode(HTMLParser):
    """Collects what a strict policy refuses: a <script> without src, a <style> block, a
    style attribute, an on* event handler or htmx's hx-on (htmx evaluates it as code)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _value in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name in sorted(names):
            if name == "style" or name.startswith(("on", "hx-on", "data-hx-on")):
                self.found.append(f"<{tag} {name}=…>")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def assert_strict(response) -> None:
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy
    if response["Content-Type"].startswith("text/html"):
        assert inline_code(response.content.decode()) == []


def test_the_checker_finds_each_kind_of_inline_code():
    html = (
        '<script>alert(1)</script><script src="/static/a.js"></script><style>p{}</style>'
        '<div style="width: 5%"></div><button onclick="go()"></button>'
        '<form hx-on:submit="go()"></form><p>style="text" onclick= in text is harmless</p>'
    )
    assert inline_code(html) == [
        "<script> without src",
        "<style>",
        "<div style=…>",
        "<button onclick=…>",
        "<form hx-on:submit=…>",
    ]


@pytest.mark.parametrize("name,pattern", ROUTES, ids=ROUTE_IDS)
def test_no_page_a_coordinator_opens_has_inline_script_or_style(client_for, made, name, pattern):
    user = make_user("csp-coordinator", Role.COORDINATOR, made["office"])
    url_samples.grant(made, user)
    response = client_for(user).get(_url(name, pattern, made))
    assert_strict(response)


def test_the_sign_in_page_has_no_inline_script_or_style():
    assert_strict(Client().get(resolve_url(settings.LOGIN_URL)))
