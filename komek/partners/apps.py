from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "komek.partners"
    label = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from komek.core import demo, navigation, url_samples
        from komek.core.roles import Capability
        from komek.partners import demo as partners_demo

        navigation.register(
            label=_("Partners"),
            url_name="partners:list",
            capability=Capability.PARTNERS_VIEW,
            order=500,
            group=navigation.Group.REFERENCE,
        )
        demo.register("partners", partners_demo.seed, order=20, describe="  {} partners".format)
        url_samples.register("komek.partners.samples")
