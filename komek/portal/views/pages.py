"""The portal's pages: the language chooser and, in each language, the home, what the
centre does and does not do, its offices and the "I have a problem" situations."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from komek.portal import maps, selectors
from komek.portal.languages import LANGUAGES, PortalLanguage, from_accept_language
from komek.portal.page import OFFLINE_CACHE, portal_page, render_page, served
from komek.portal.situations import BY_SLUG, SITUATIONS


@served
def choose_language(request: HttpRequest) -> HttpResponse:
    """``/m/``: the home in the browser's language when the portal speaks it, else the
    chooser, each language named in itself and asked for in itself."""
    guess = from_accept_language(request.headers.get("Accept-Language", ""))
    if guess is not None:
        response = redirect("portal:home", lang=guess.code)
    else:
        choices = []
        for language in LANGUAGES:
            with translation.override(language.tag):
                choices.append({"language": language, "prompt": _("Choose your language")})
        response = render_page(request, "portal/choose.html", {"choices": choices}, language=None)
    patch_vary_headers(response, ["Accept-Language"])
    return response


@served
def worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from ``/m/`` so that its scope is the portal's pages
    (a script under ``/static/`` could serve only ``/static/``)."""
    context = {
        "cache": OFFLINE_CACHE,
        "scope": reverse("portal:choose"),
        "assets": [static("portal/portal.css"), static("portal/offline.js")],
    }
    return render(request, "portal/sw.js", context, content_type="text/javascript")


@portal_page
def home(request: HttpRequest, language: PortalLanguage) -> HttpResponse:
    return render_page(request, "portal/home.html", {"situations": SITUATIONS}, language=language)


@portal_page
def about(request: HttpRequest, language: PortalLanguage) -> HttpResponse:
    return render_page(request, "portal/about.html", language=language)


@portal_page
def offices(request: HttpRequest, language: PortalLanguage) -> HttpResponse:
    context = {"offices": selectors.office_list(), "outline": maps.outline()}
    return render_page(request, "portal/offices.html", context, language=language)


@portal_page
def situation(request: HttpRequest, language: PortalLanguage, slug: str) -> HttpResponse:
    found = BY_SLUG.get(slug)
    if found is None:
        raise Http404
    context = {
        "situation": found,
        "booklets": selectors.booklet_list(language=language.tag, topics=found.topics),
    }
    return render_page(request, "portal/situation.html", context, language=language)
