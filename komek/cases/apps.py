from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "komek.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from komek.cases import actions as case_actions
        from komek.cases import demo as cases_demo
        from komek.cases import handover, indicators, merging, timeline
        from komek.cases.panels import (
            render_caller_cases,
            render_callers_cases,
            render_desk,
            render_lawyer_queue,
            render_person_cases,
            render_unassigned,
        )
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
        navigation.register(
            label=_("Waiting for a lawyer"),
            url_name="cases:lawyer_queue",
            capability=Capability.CASES_WORK,
            order=50,
            menu=navigation.Menu.HEADER,
            count=handover.lawyer_queue_count,
            count_label=_("callers waiting"),
        )
        panels.register(
            panels.Panel(
                page="home",
                title=_("My work"),
                capability=Capability.CASES_WORK,
                order=20,
                render=render_desk,
            )
        )
        panels.register(
            panels.Panel(
                page="home",
                title=_("Waiting for a lawyer"),
                capability=Capability.CASES_WORK,
                order=30,
                render=render_lawyer_queue,
            )
        )
        panels.register(
            panels.Panel(
                page="home",
                title=_("Open cases nobody is assigned to"),
                capability=Capability.CASES_MOVE_ANY,
                order=40,
                render=render_unassigned,
            )
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
        panels.register(
            panels.Panel(
                page="hotline:caller",
                title=_("Cases in progress"),
                capability=Capability.CASES_VIEW,
                order=5,
                render=render_caller_cases,
                render_each=render_callers_cases,
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
        hooks.register_count("cases", _("Cases"), merging.cases_count)
        declare_personal_data()
        demo.register("cases", cases_demo.seed, order=50, describe="  {} cases".format)
        url_samples.register("komek.cases.samples")
