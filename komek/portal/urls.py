from django.urls import path, register_converter

from komek.portal import callback
from komek.portal.languages import URL_PATTERN
from komek.portal.views import booklets, navigator, pages


class PortalLanguageConverter:
    """One of the portal's languages as it appears in the address (``uz-cyrl``)."""

    regex = URL_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PortalLanguageConverter, "portal_lang")

app_name = "portal"

urlpatterns = [
    path("", pages.choose_language, name="choose"),
    path("sw.js", pages.worker, name="worker"),
    path("<portal_lang:lang>/", pages.home, name="home"),
    path("<portal_lang:lang>/about/", pages.about, name="about"),
    path("<portal_lang:lang>/offices/", pages.offices, name="offices"),
    path("<portal_lang:lang>/help/<slug:slug>/", pages.situation, name="situation"),
    path("<portal_lang:lang>/booklets/", booklets.booklet_list, name="booklets"),
    path("<portal_lang:lang>/booklets/<slug:slug>/", booklets.booklet, name="booklet"),
    path("<portal_lang:lang>/navigator/", navigator.navigator, name="navigator"),
    path("<portal_lang:lang>/booklets/<slug:slug>/pdf/", booklets.booklet_pdf, name="booklet_pdf"),
    path("<portal_lang:lang>/callback/", callback.request_callback, name="callback"),
    path("<portal_lang:lang>/callback/sent/", callback.callback_sent, name="callback_sent"),
]
