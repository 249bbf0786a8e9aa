"""Actions: the buttons a higher app puts on a lower app's page.

The hotline contact page offers "Open a case", a referral offers "Write the letter",
without hotline naming cases or cases naming letters: the higher app registers the
action for the page in ``AppConfig.ready()``, and the page renders whatever is registered
with ``{% actions "page" object %}`` (``komek_extensions``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise

from komek.core.permissions import user_can


@dataclass(frozen=True)
class Action:
    page: str
    label: str | Promise
    capability: str
    order: int
    # The URL the button leads to for the page's object, or None where it does not apply
    # (a contact with no person cannot open a case).
    url: Callable[[HttpRequest, object], str | None]


@dataclass(frozen=True)
class Shown:
    label: str | Promise
    url: str


_actions: list[Action] = []


def register(action: Action) -> None:
    if action not in _actions:
        _actions.append(action)
        _actions.sort(key=lambda item: item.order)


def for_page(page: str) -> tuple[Action, ...]:
    return tuple(action for action in _actions if action.page == page)


def shown(request: HttpRequest, page: str, obj: object) -> list[Shown]:
    """The page's actions that this user may take on ``obj``, in order."""
    buttons = []
    for action in for_page(page):
        if not user_can(request.user, action.capability):
            continue
        url = action.url(request, obj)
        if url is not None:
            buttons.append(Shown(label=action.label, url=url))
    return buttons
