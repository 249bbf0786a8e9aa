from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "komek.letters"
    label = "letters"
    verbose_name = _("Letters")

    def ready(self) -> None:
        from komek.core import demo, navigation
        from komek.core.roles import Capability
        from komek.letters import demo as letters_demo
        from komek.letters.personal_data import declare_personal_data

        navigation.register(
            label=_("Letter templates"),
            url_name="letters:templates",
            capability=Capability.LETTERS_MANAGE,
            order=88,
        )
        declare_personal_data()
        demo.register(
            "letters", letters_demo.seed, order=60, describe="  {} letter templates".format
        )
