"""What the publication pages plug into the rest of Komek: the menu entries (the
publications for staff, the translations to do for anyone who translates, an external
translator's only page) and the permission test's URL samples. Called from
``PublicationsConfig.ready()``."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from komek.core import navigation, url_samples
    from komek.core.roles import Capability

    navigation.register(
        label=_("Translations to do"),
        url_name="publications:work",
        capability=Capability.PUBLICATIONS_TRANSLATE,
        order=90,
        group=navigation.Group.WORK,
    )
    navigation.register(
        label=_("Publications"),
        url_name="publications:list",
        capability=Capability.PUBLICATIONS_VIEW,
        order=550,
        group=navigation.Group.REFERENCE,
    )
    url_samples.register("komek.publications.samples")
