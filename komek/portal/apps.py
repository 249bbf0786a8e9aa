from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "komek.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from komek.core import url_samples

        url_samples.register("komek.portal.samples")
