"""The menus of every page, filled by the apps that provide each module.

Each app registers its entries in ``AppConfig.ready()``, so core never imports a higher
app and a module appears in a menu only when it is installed and the user may use it.
An entry of the main menu may name a ``Group``: the group's entries are gathered under one
dropdown, so that the menu fits one row on a laptop in every language.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Menu(StrEnum):
    MAIN = "main"  # the modules, across the top
    HEADER = "header"  # buttons beside the search, each with a count of what waits there
    USER = "user"  # under the user's name: their own account


class Group(StrEnum):
    """A dropdown of the main menu, shown where its first entry would be."""

    WORK = "work"
    REFERENCE = "reference"
    ADMINISTRATION = "administration"

    @property
    def label(self) -> Promise:
        return GROUP_LABELS[self]


GROUP_LABELS = {
    Group.WORK: _("Work"),
    Group.REFERENCE: _("Reference"),
    Group.ADMINISTRATION: _("Administration"),
}


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    capability: str
    order: int
    menu: Menu = Menu.MAIN
    # A button posting to the URL instead of a link, for actions such as signing out.
    post: bool = False
    # How many things wait for the user there (shown when not zero), and what they are,
    # for screen readers ("3 unread").
    count: Callable[[Any], int] | None = None
    count_label: str | Promise = ""
    # The dropdown of the main menu it is gathered under; None: a link of its own.
    group: Group | None = None


_entries: list[NavEntry] = []


def register(
    *,
    label: str | Promise,
    url_name: str,
    capability: str,
    order: int,
    menu: Menu = Menu.MAIN,
    post: bool = False,
    count: Callable[[Any], int] | None = None,
    count_label: str | Promise = "",
    group: Group | None = None,
) -> None:
    entry = NavEntry(
        label=label,
        url_name=url_name,
        capability=capability,
        order=order,
        menu=menu,
        post=post,
        count=count,
        count_label=count_label,
        group=group,
    )
    if entry not in _entries:
        _entries.append(entry)
        _entries.sort(key=lambda item: item.order)


def entries(menu: Menu = Menu.MAIN) -> tuple[NavEntry, ...]:
    return tuple(entry for entry in _entries if entry.menu == menu)
