from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "komek.hotline"
    label = "hotline"
    verbose_name = _("Hotline")

    def ready(self) -> None:
        from komek.core import demo, navigation, panels, url_samples
        from komek.core.roles import Capability
        from komek.hotline import demo as hotline_demo
        from komek.hotline import indicators, merging, tallies
        from komek.hotline.personal_data import declare_personal_data
        from komek.hotline.views.contacts import render_home_work, render_person_contacts
        from komek.people import hooks

        navigation.register(
            label=_("Hotline"),
            url_name="hotline:log",
            capability=Capability.HOTLINE_LOG,
            order=50,
            group=navigation.Group.WORK,
        )
        navigation.register(
            label=_("Contacts"),
            url_name="hotline:contact_list",
            capability=Capability.HOTLINE_LOG,
            order=60,
            group=navigation.Group.WORK,
        )
        navigation.register(
            label=_("Callbacks"),
            url_name="hotline:callbacks",
            capability=Capability.HOTLINE_LOG,
            order=70,
            group=navigation.Group.WORK,
        )
        navigation.register(
            label=_("Topics"),
            url_name="hotline:topic_list",
            capability=Capability.TOPICS_MANAGE,
            order=800,
            group=navigation.Group.ADMINISTRATION,
        )
        panels.register(
            panels.Panel(
                page="people:detail",
                title=_("Contacts"),
                capability=Capability.HOTLINE_LOG,
                order=10,
                render=render_person_contacts,
            )
        )
        panels.register(
            panels.Panel(
                page="home",
                title=_("Today's callbacks and recent calls"),
                capability=Capability.HOTLINE_LOG,
                order=10,
                render=render_home_work,
            )
        )
        indicators.register()
        tallies.connect()
        hooks.register_change_handler("hotline.tallies", tallies.forget_people)
        hooks.register_merge_handler("hotline", merging.contacts_move)
        hooks.register_count("hotline", _("Contacts"), merging.contacts_count)
        declare_personal_data()
        demo.register("hotline", hotline_demo.seed, order=40, describe="  {} contacts".format)
        url_samples.register("komek.hotline.samples")
