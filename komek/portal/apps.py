from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "komek.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from komek.core import url_samples
        from komek.portal.selectors import booklet_path
        from komek.publications import pdf

        url_samples.register("komek.portal.samples")
        # A printed booklet's QR code opens it on the portal, in its language.
        pdf.register_public_path(booklet_path)
