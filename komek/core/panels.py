"""Panels: how a higher app shows its data on a lower app's page.

The person page (people) shows contacts (hotline), cases, aid... and the case page shows
letters, without importing those apps: each registers a panel for the page in
``AppConfig.ready()``, and the page renders them with ``{% panels "page" object %}``
(``komek_extensions``).
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


_panels: list[Panel] = []


def register(panel: Panel) -> None:
    if panel not in _panels:
        _panels.append(panel)
        _panels.sort(key=lambda item: item.order)


def for_page(page: str) -> tuple[Panel, ...]:
    return tuple(panel for panel in _panels if panel.page == page)


def rendered(request: HttpRequest, page: str, obj: object) -> list[dict]:
    """The page's panels that this user may see, each with its title and HTML."""
    return [
        {"title": panel.title, "html": panel.render(request, obj)}
        for panel in for_page(page)
        if user_can(request.user, panel.capability)
    ]
