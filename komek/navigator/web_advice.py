"""What the status check plugs into the rest of Komek: its menu entry, the "Legal status"
panels of the person page and of a caller on the call log, its demo advice and the
permission test's URL samples. Called from ``NavigatorConfig.ready()``."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from komek.core import demo as core_demo
    from komek.core import navigation, panels, url_samples
    from komek.core.roles import Capability
    from komek.navigator import demo
    from komek.navigator.panels import (
        render_caller_advice,
        render_callers_advice,
        render_person_advice,
    )

    navigation.register(
        label=_("Status check"),
        url_name="navigator:check",
        capability=Capability.NAVIGATOR_USE,
        order=88,
        group=navigation.Group.WORK,
    )
    panels.register(
        panels.Panel(
            page="people:detail",
            title=_("Legal status"),
            capability=Capability.NAVIGATOR_USE,
            order=8,
            render=render_person_advice,
        )
    )
    panels.register(
        panels.Panel(
            page="hotline:caller",
            title=_("Legal status"),
            capability=Capability.NAVIGATOR_USE,
            order=10,
            render=render_caller_advice,
            render_each=render_callers_advice,
        )
    )
    core_demo.register("navigator", demo.load, order=90, describe="  {} advice given".format)
    url_samples.register("komek.navigator.samples")
