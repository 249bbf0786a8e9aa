"""The portal's pages: the language chooser and, in each language, the home."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from komek.core.permissions import public
from komek.portal.languages import LANGUAGES, PortalLanguage, from_accept_language
from komek.portal.page import portal_page, render_page


@public
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


@portal_page
def home(request: HttpRequest, language: PortalLanguage) -> HttpResponse:
    return render_page(request, "portal/home.html", language=language)
