"""What the rule pages plug into the rest of Komek: the menu entries of the migration rules
and of the advice to check again, and the permission test's URL samples. Called from
``NavigatorConfig.ready()``."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from komek.core import navigation, url_samples
    from komek.core.roles import Capability

    navigation.register(
        label=_("Advice to re-check"),
        url_name="navigator:affected",
        capability=Capability.NAVIGATOR_USE,
        order=88,
        group=navigation.Group.WORK,
    )
    navigation.register(
        label=_("Migration rules"),
        url_name="navigator:rules",
        capability=Capability.NAVIGATOR_USE,
        order=540,
        group=navigation.Group.REFERENCE,
    )
    url_samples.register("komek.navigator.samples_rules")
