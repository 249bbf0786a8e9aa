from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "komek.trainings"
    label = "trainings"
    verbose_name = _("Trainings for officials")

    def ready(self) -> None:
        from komek.core import demo, navigation, url_samples
        from komek.core.roles import Capability
        from komek.trainings import demo as trainings_demo
        from komek.trainings import indicators

        for part in ("events", "tests", "certificates"):
            url_samples.register(f"komek.trainings.samples_{part}")
        entries = [
            (_("Trainings"), "trainings:event_list", 92),
            (_("Trainings calendar"), "trainings:calendar", 93),
            (_("Map of trainings"), "trainings:map", 525),
            (_("Question bank"), "trainings:questions", 540),
        ]
        for label, url_name, order in entries:
            navigation.register(
                label=label,
                url_name=url_name,
                capability=Capability.TRAININGS_VIEW,
                order=order,
                group=navigation.Group.WORK if order < 500 else navigation.Group.REFERENCE,
            )
        indicators.register()
        demo.register(
            "trainings", trainings_demo.seed, order=95, describe="  {} training events".format
        )
