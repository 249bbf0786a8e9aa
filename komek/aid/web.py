"""What the aid pages plug into the rest of Komek: menu entries, the "Aid" panels of the
person and case pages, aid's events on a case's timeline, and the permission test's URL
samples. Called from
``AidConfig.ready()``."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from komek.aid import timeline
    from komek.aid.panels import render_case_aid, render_person_aid
    from komek.core import navigation, panels, url_samples
    from komek.core.roles import Capability

    entries = [
        (_("Distribution day"), "aid:day", Capability.AID_DISTRIBUTE, 84),
        (_("Aid to approve"), "aid:queue", Capability.AID_APPROVE, 85),
        (_("Aid stock"), "aid:stock", Capability.AID_VIEW, 86),
        (_("Aid budgets"), "aid:budgets", Capability.AID_VIEW, 520),
        (_("Aid kinds and rules"), "aid:kinds", Capability.AID_VIEW, 530),
    ]
    for label, url_name, capability, order in entries:
        navigation.register(
            label=label,
            url_name=url_name,
            capability=capability,
            order=order,
            group=navigation.Group.WORK if order < 500 else navigation.Group.REFERENCE,
        )
    panels.register(
        panels.Panel(
            page="people:detail",
            title=_("Aid"),
            capability=Capability.AID_VIEW,
            order=20,
            render=render_person_aid,
        )
    )
    panels.register(
        panels.Panel(
            page="cases:detail",
            title=_("Aid"),
            capability=Capability.AID_VIEW,
            order=30,
            render=render_case_aid,
        )
    )
    timeline.register()
    url_samples.register("komek.aid.samples")
