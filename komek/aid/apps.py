from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "komek.aid"
    label = "aid"
    verbose_name = _("Humanitarian aid")

    def ready(self) -> None:
        from komek.aid import web

        web.register()
