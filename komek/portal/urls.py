from django.urls import path, register_converter

from komek.portal import callback, views
from komek.portal.languages import URL_PATTERN


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
    path("", views.choose_language, name="choose"),
    path("<portal_lang:lang>/", views.home, name="home"),
    path("<portal_lang:lang>/callback/", callback.request_callback, name="callback"),
    path("<portal_lang:lang>/callback/sent/", callback.callback_sent, name="callback_sent"),
]
