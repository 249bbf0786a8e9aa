from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "komek.trainings"
    label = "trainings"
    verbose_name = _("Trainings for officials")

    def ready(self) -> None:
        from komek.core import navigation, url_samples
        from komek.core.roles import Capability

        for part in ("events", "tests", "certificates"):
            url_samples.register(f"komek.trainings.samples_{part}")
        navigation.register(
            label=_("Trainings"),
            url_name="trainings:event_list",
            capability=Capability.TRAININGS_VIEW,
            order=92,
            group=navigation.Group.WORK,
        )
        navigation.register(
            label=_("Trainings calendar"),
            url_name="trainings:calendar",
            capability=Capability.TRAININGS_VIEW,
            order=93,
            group=navigation.Group.WORK,
        )
        navigation.register(
            label=_("Question bank"),
            url_name="trainings:questions",
            capability=Capability.TRAININGS_VIEW,
            order=540,
            group=navigation.Group.REFERENCE,
        )
