from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "komek.partners"
    label = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from komek.core import navigation, url_samples
        from komek.core.roles import Capability

        navigation.register(
            label=_("Partners"),
            url_name="partners:list",
            capability=Capability.PARTNERS_VIEW,
            order=500,
        )
        url_samples.register("komek.partners.samples")
