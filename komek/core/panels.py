"""Panels: how a higher app shows its data on a lower app's page.

The person page (people) shows contacts (hotline), cases, aid... without importing those
apps: each registers a panel for the page in ``AppConfig.ready()``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise


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
