from functools import partial

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.functional import lazy

from komek.core import navigation
from komek.core.navigation import Menu
from komek.core.permissions import user_can
from komek.core.roles import Capability


def navigation_entries(request: HttpRequest) -> list[dict]:
    """The user's menu; the entry whose address is the longest start of the page's is the
    current one (on /cases/tasks/, Tasks rather than Cases)."""
    user = request.user
    entries = [
        {"label": entry.label, "url": reverse(entry.url_name), "group": entry.group}
        for entry in navigation.entries()
        if user_can(user, entry.capability)
    ]
    current = max(
        (entry["url"] for entry in entries if request.path.startswith(entry["url"])),
        key=len,
        default=None,
    )
    return [{**entry, "active": entry["url"] == current} for entry in entries]


def navigation_menu(request: HttpRequest) -> list[dict]:
    """The main menu as shown: the entries of a group gathered under one dropdown where
    its first entry would be (current when one of its entries is); a group of which the
    user has a single entry is shown as that entry's link."""
    items: list[dict] = []
    groups: dict[str, list[dict]] = {}
    for entry in navigation_entries(request):
        group = entry["group"]
        if group is None:
            items.append(entry)
        elif group in groups:
            groups[group].append(entry)
        else:
            groups[group] = [entry]
            items.append({"label": group.label, "entries": groups[group]})
    return [_shown(item) for item in items]


def _shown(item: dict) -> dict:
    entries = item.get("entries")
    if entries is None:
        return item
    if len(entries) == 1:
        return entries[0]
    return {**item, "active": any(entry["active"] for entry in entries)}


def menu_entries(request: HttpRequest, menu: Menu) -> list[dict]:
    """The entries of the header or the user's menu that the user may use, with their counts."""
    user = request.user
    return [
        {
            "label": entry.label,
            "url": reverse(entry.url_name),
            "post": entry.post,
            "count": entry.count(user) if entry.count else 0,
            "count_label": entry.count_label,
        }
        for entry in navigation.entries(menu)
        if user_can(user, entry.capability)
    ]


# Made once: ``lazy`` builds a class.
_lazy_url = lazy(resolve_url, str)


def nav(request: HttpRequest) -> dict:
    # The language switch is on every page, the sign-in page too; the app that switches
    # the language is named by a setting (like LOGIN_URL), so core names no app.
    context = {"set_language_url": _lazy_url(settings.KOMEK_SET_LANGUAGE_URL)}
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {**context, "nav_entries": [], "header_entries": [], "user_entries": []}
    # Callables: templates call them only when they show the menus, so htmx partials
    # (the caller lookup runs on every keystroke) do not pay for them.
    return {
        **context,
        "nav_entries": partial(navigation_menu, request),
        "header_entries": partial(menu_entries, request, Menu.HEADER),
        "user_entries": partial(menu_entries, request, Menu.USER),
        # An outside translator has the translation pages and no search of people.
        "can_search": partial(user_can, request.user, Capability.USE),
    }
