"""How a portal page is served: public, in the language its address names (no cookie, no
session), with the layout's shared context: the language switch, the hotline, the centre."""

import re
from collections.abc import Callable
from functools import wraps
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import conditional_page

from komek.core.permissions import public
from komek.portal.languages import BY_CODE, LANGUAGES, PortalLanguage

PortalView = Callable[..., HttpResponse]

# A page changes when a booklet is published or a rule revised: a browser or a proxy may
# keep it this long, then asks again with its ETag.
MAX_AGE = 5 * 60
# What may be kept: a page, a redirect to the browser's language (which varies by
# Accept-Language), and "not in this language" (until an edition is published).
CACHEABLE = (200, 302, 404)
# The name of the service worker's cache of opened pages and PDFs: a new name (after a
# change of what is kept) makes the worker drop the old cache.
OFFLINE_CACHE = "komek-portal-1"


def served(view: PortalView, *, compress: bool = True) -> PortalView:
    """A public view served for a slow, paid connection: compressed, with an ETag (an
    unchanged page costs a 304), and kept by browsers and proxies for ``MAX_AGE``
    unless the view said otherwise. A signed-in user's pages are never kept (core's
    SecurityHeadersMiddleware makes them private and no-store, whatever is set here)."""

    @wraps(view)
    def cached(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if not response.has_header("Cache-Control"):
            if response.status_code in CACHEABLE:
                patch_cache_control(response, public=True, max_age=MAX_AGE)
            else:
                patch_cache_control(response, no_cache=True)
        return response

    return public(conditional_page(gzip_page(cached) if compress else cached))


def portal_page(view: PortalView, *, compress: bool = True) -> PortalView:
    """A public view whose address carries the language (``lang``): it runs, and its page
    is written, in that language; the view receives the ``PortalLanguage``."""

    @wraps(view)
    def in_language(request: HttpRequest, lang: str, **kwargs) -> HttpResponse:
        language = BY_CODE[lang]
        with translation.override(language.tag):
            request.LANGUAGE_CODE = language.tag
            try:
                response = view(request, language, **kwargs)
            except Http404:
                # The portal's own page, in the language: the project's leads to staff.
                response = render_page(
                    request, "portal/not_found.html", language=language, status=404
                )
        response.headers["Content-Language"] = language.tag
        return response

    return served(in_language, compress=compress)


def portal_file(view: PortalView) -> PortalView:
    """A file in a language (a booklet's PDF): served as a page is, but not compressed
    again, which would only cost time (a PDF is compressed inside) and its length."""
    return portal_page(view, compress=False)


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


def messenger_links() -> list[dict]:
    """The centre's messengers as configured (``KOMEK_TELEGRAM``, ``KOMEK_WHATSAPP``):
    plain links that open the application, none when not configured."""
    links = []
    if settings.KOMEK_TELEGRAM:
        links.append({"name": "Telegram", "url": f"https://t.me/{quote(settings.KOMEK_TELEGRAM)}"})
    whatsapp = re.sub(r"\D", "", settings.KOMEK_WHATSAPP)
    if whatsapp:
        links.append({"name": "WhatsApp", "url": f"https://wa.me/{whatsapp}"})
    return links


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
        "messengers": messenger_links(),
        "contacts": settings.KOMEK_CENTRE_CONTACTS,
        "offline_cache": OFFLINE_CACHE,
    }
    return render(request, template, {"portal": portal, **(context or {})}, status=status)
