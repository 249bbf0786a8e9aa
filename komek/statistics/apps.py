from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "komek.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from komek.core import demo, navigation, url_samples
        from komek.core.roles import Capability
        from komek.statistics import demo as statistics_demo
        from komek.statistics import indicators

        navigation.register(
            label=_("Dashboard"),
            url_name="statistics:dashboard",
            capability=Capability.STATISTICS_VIEW,
            order=520,
            group=navigation.Group.REFERENCE,
        )
        navigation.register(
            label=_("Reports"),
            url_name="statistics:reports",
            capability=Capability.STATISTICS_MANAGE,
            order=530,
            group=navigation.Group.REFERENCE,
        )
        indicators.register()
        demo.register(
            "statistics", statistics_demo.seed, order=70, describe="  {} official tables".format
        )
        url_samples.register("komek.statistics.samples")
