from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "komek.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from komek.cases import actions as case_actions
        from komek.cases import demo as cases_demo
        from komek.cases import indicators, merging, timeline
        from komek.cases.panels import render_person_cases
        from komek.cases.personal_data import declare_personal_data
        from komek.core import actions, demo, navigation, panels, url_samples
        from komek.core.roles import Capability
        from komek.people import hooks

        navigation.register(
            label=_("Cases"),
            url_name="cases:list",
            capability=Capability.CASES_VIEW,
            order=80,
            group=navigation.Group.WORK,
        )
        navigation.register(
            label=_("Tasks"),
            url_name="cases:tasks",
            capability=Capability.CASES_VIEW,
            order=82,
            group=navigation.Group.WORK,
        )
        navigation.register(
            label=_("Response times"),
            url_name="cases:evidence",
            capability=Capability.CASES_VIEW,
            order=510,
            group=navigation.Group.REFERENCE,
        )
        panels.register(
            panels.Panel(
                page="people:detail",
                title=_("Cases"),
                capability=Capability.CASES_VIEW,
                order=5,
                render=render_person_cases,
            )
        )
        actions.register(
            actions.Action(
                page="hotline:contact_detail",
                label=_("Open a case"),
                capability=Capability.CASES_OPEN,
                order=10,
                url=case_actions.open_case_from_contact,
            )
        )
        actions.register(
            actions.Action(
                page="hotline:contact_logged",
                label=_("Open a case"),
                capability=Capability.CASES_OPEN,
                order=10,
                url=case_actions.open_case_after_referral_to_lawyer,
            )
        )
        timeline.register_case_kinds()
        indicators.register()
        hooks.register_merge_handler("cases", merging.cases_move)
        declare_personal_data()
        demo.register("cases", cases_demo.seed, order=50, describe="  {} cases".format)
        url_samples.register("komek.cases.samples")
