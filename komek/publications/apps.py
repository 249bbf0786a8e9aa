from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "komek.publications"
    label = "publications"
    verbose_name = _("Publications")

    def ready(self) -> None:
        # Imported here: models and the registries are ready only once apps are loaded.
        from komek.core import demo as core_demo
        from komek.publications import demo, printing, web

        web.register()
        printing.register()
        core_demo.register("publications", demo.load, order=80, describe="  {} publications".format)
        core_demo.register(
            "publications_print",
            printing.demo_load,
            order=81,
            describe="  {} printed booklets in stock".format,
        )
