from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "komek.letters"
    label = "letters"
    verbose_name = _("Letters")

    def ready(self) -> None:
        from komek.core import actions, demo, navigation, panels, url_samples
        from komek.core.roles import Capability
        from komek.letters import demo as letters_demo
        from komek.letters import timeline
        from komek.letters.panels import render_case_letters, write_for_referral
        from komek.letters.personal_data import declare_personal_data

        navigation.register(
            label=_("Letter templates"),
            url_name="letters:templates",
            capability=Capability.LETTERS_MANAGE,
            order=820,
            group=navigation.Group.ADMINISTRATION,
        )
        panels.register(
            panels.Panel(
                page="cases:detail",
                title=_("Letters"),
                capability=Capability.CASES_VIEW,
                order=10,
                render=render_case_letters,
            )
        )
        actions.register(
            actions.Action(
                page="cases:referral",
                label=_("Write the letter"),
                capability=Capability.CASES_WORK,
                order=10,
                url=write_for_referral,
            )
        )
        timeline.register()
        declare_personal_data()
        demo.register(
            "letters", letters_demo.seed, order=60, describe="  {} letter templates".format
        )
        url_samples.register("komek.letters.samples")
