from functools import partial

from django.http import HttpRequest
from django.urls import reverse

from komek.core import navigation
from komek.core.permissions import user_can


def navigation_entries(request: HttpRequest) -> list[dict]:
    """The user's menu; the entry whose address is the longest start of the page's is the
    current one (on /cases/tasks/, Tasks rather than Cases)."""
    user = request.user
    entries = [
        {"label": entry.label, "url": reverse(entry.url_name)}
        for entry in navigation.entries()
        if user_can(user, entry.capability)
    ]
    current = max(
        (entry["url"] for entry in entries if request.path.startswith(entry["url"])),
        key=len,
        default=None,
    )
    return [{**entry, "active": entry["url"] == current} for entry in entries]


def nav(request: HttpRequest) -> dict:
    # A callable: templates call it only when they show the menu, so htmx partials
    # (the caller lookup runs on every keystroke) do not pay for it.
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_entries": []}
    return {"nav_entries": partial(navigation_entries, request)}
