"""How a portal page is served: public, in the language its address names (no cookie, no
session), with the layout's shared context: the language switch, the hotline, the centre."""

import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from komek.core.permissions import public
from komek.portal.languages import BY_CODE, LANGUAGES, PortalLanguage

PortalView = Callable[..., HttpResponse]


def portal_page(view: PortalView) -> PortalView:
    """A public view whose address carries the language (``lang``): it runs, and its page
    is written, in that language; the view receives the ``PortalLanguage``."""

    @wraps(view)
    def in_language(request: HttpRequest, lang: str, **kwargs) -> HttpResponse:
        language = BY_CODE[lang]
        with translation.override(language.tag):
            request.LANGUAGE_CODE = language.tag
            response = view(request, language, **kwargs)
        response.headers["Content-Language"] = language.tag
        return response

    return public(in_language)


def _switch(request: HttpRequest, current: PortalLanguage | None) -> list[dict]:
    """The same page in each language (the query kept: a navigator's answer is asked
    again in the other language); the homes, from a page that has no language."""
    match = request.resolver_match
    query = request.GET.urlencode()
    links = []
    for language in LANGUAGES:
        if current is None or match is None:
            url = reverse("portal:home", kwargs={"lang": language.code})
        else:
            url = reverse(match.view_name, kwargs={**match.kwargs, "lang": language.code})
            url = f"{url}?{query}" if query else url
        links.append({"language": language, "url": url, "current": language == current})
    return links


def hotline_tel(number: str) -> str:
    """The number as a ``tel:`` address wants it: the digits and a leading plus."""
    return re.sub(r"[^\d+]", "", number)


def render_page(
    request: HttpRequest,
    template: str,
    context: dict | None = None,
    *,
    language: PortalLanguage | None,
    status: int = 200,
) -> HttpResponse:
    """``template`` in the layout of the portal. ``language`` is the page's; ``None`` for
    the language chooser, which is written in the default language and names no current."""
    shown = language or BY_CODE[settings.LANGUAGE_CODE]
    portal = {
        "language": shown,
        "chooser": language is None,
        "home": reverse("portal:home", kwargs={"lang": language.code})
        if language
        else reverse("portal:choose"),
        "switch": _switch(request, language),
        "centre": settings.KOMEK_CENTRE_NAME,
        "hotline": settings.KOMEK_HOTLINE,
        "hotline_tel": hotline_tel(settings.KOMEK_HOTLINE),
        "contacts": settings.KOMEK_CENTRE_CONTACTS,
    }
    return render(request, template, {"portal": portal, **(context or {})}, status=status)
