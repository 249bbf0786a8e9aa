from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "komek.trainings"
    label = "trainings"
    verbose_name = _("Trainings for officials")

    def ready(self) -> None:
        from komek.core import url_samples

        for part in ("events", "tests", "certificates"):
            url_samples.register(f"komek.trainings.samples_{part}")
