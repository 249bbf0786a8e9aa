from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "komek.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from komek.cases import indicators
        from komek.cases.panels import render_person_cases
        from komek.core import navigation, panels, url_samples
        from komek.core.roles import Capability

        navigation.register(
            label=_("Cases"), url_name="cases:list", capability=Capability.CASES_VIEW, order=80
        )
        navigation.register(
            label=_("Tasks"), url_name="cases:tasks", capability=Capability.CASES_VIEW, order=82
        )
        navigation.register(
            label=_("Response times"),
            url_name="cases:evidence",
            capability=Capability.CASES_VIEW,
            order=85,
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
        indicators.register()
        url_samples.register("komek.cases.samples")
