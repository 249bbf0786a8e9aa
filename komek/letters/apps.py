from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "komek.letters"
    label = "letters"
    verbose_name = _("Letters")

    def ready(self) -> None:
        from komek.core import navigation, url_samples
        from komek.core.roles import Capability

        navigation.register(
            label=_("Letter templates"),
            url_name="letters:templates",
            capability=Capability.LETTERS_MANAGE,
            order=88,
        )
        url_samples.register("komek.letters.samples")
