"""Panels: how a higher app shows its data on a lower app's page.

The person page (people) shows contacts (hotline), cases, aid... and the case page shows
letters, without importing those apps: each registers a panel for the page in
``AppConfig.ready()``, and the page renders them with ``{% panels "page" object %}``
(``komek_extensions``). The home page is the page "home", its object the signed-in user:
what waits for them today (callbacks, their cases, the queue), each app its own panel.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise

from komek.core.permissions import user_can


@dataclass(frozen=True)
class Panel:
    page: str
    title: str | Promise
    capability: str
    order: int
    # Renders the panel's HTML for the page's object.
    render: Callable[[HttpRequest, object], str]
    # Renders it for several objects at once, {object's pk: HTML}, reading what it shows
    # of all of them in one query: for a page listing objects, such as the people who
    # share the number of a caller. Without it, each object is rendered alone.
    render_each: Callable[[HttpRequest, list], dict[object, str]] | None = None


_panels: list[Panel] = []


def register(panel: Panel) -> None:
    if panel not in _panels:
        _panels.append(panel)
        _panels.sort(key=lambda item: item.order)


def for_page(page: str) -> tuple[Panel, ...]:
    return tuple(panel for panel in _panels if panel.page == page)


def rendered(request: HttpRequest, page: str, obj: object) -> list[dict]:
    """The page's panels that this user may see, each with its title and HTML; a panel
    that renders nothing (nothing waits, or not for this user's role) is left out."""
    return rendered_each(request, page, [obj])[0]


def rendered_each(request: HttpRequest, page: str, objects: list) -> list[list[dict]]:
    """``rendered`` for each of ``objects`` (which have a ``pk``), in their order; a panel
    that can render them all at once (``render_each``) does."""
    shown: list[list[dict]] = [[] for _ in objects]
    for panel in for_page(page):
        if not user_can(request.user, panel.capability):
            continue
        if panel.render_each is None:
            htmls = [panel.render(request, obj) for obj in objects]
        else:
            each = panel.render_each(request, objects) if objects else {}
            htmls = [each.get(obj.pk, "") for obj in objects]
        for panels, html in zip(shown, htmls, strict=True):
            if html:
                panels.append({"title": panel.title, "html": html})
    return shown
