from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "komek.trainings"
    label = "trainings"
    verbose_name = _("Trainings for officials")

    def ready(self) -> None:
        from komek.core import navigation, url_samples
        from komek.core.roles import Capability
        from komek.trainings import indicators

        for part in ("events", "tests", "certificates"):
            url_samples.register(f"komek.trainings.samples_{part}")
        navigation.register(
            label=_("Map of trainings"),
            url_name="trainings:map",
            capability=Capability.TRAININGS_VIEW,
            order=520,
            group=navigation.Group.REFERENCE,
        )
        indicators.register()
