from functools import partial

from django.http import HttpRequest
from django.urls import reverse

from komek.core import navigation
from komek.core.permissions import user_can


def navigation_entries(request: HttpRequest) -> list[dict]:
    user = request.user
    return [
        {
            "label": entry.label,
            "url": reverse(entry.url_name),
            "active": request.path.startswith(reverse(entry.url_name)),
        }
        for entry in navigation.entries()
        if user_can(user, entry.capability)
    ]


def nav(request: HttpRequest) -> dict:
    # A callable: templates call it only when they show the menu, so htmx partials
    # (the caller lookup runs on every keystroke) do not pay for it.
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_entries": []}
    return {"nav_entries": partial(navigation_entries, request)}
