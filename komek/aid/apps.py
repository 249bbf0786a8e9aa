from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "komek.aid"
    label = "aid"
    verbose_name = _("Humanitarian aid")

    def ready(self) -> None:
        from komek.aid import demo as aid_demo
        from komek.aid import indicators, merging, web
        from komek.aid.personal_data import declare_personal_data
        from komek.core import demo
        from komek.people import hooks

        indicators.register()
        hooks.register_merge_handler("aid", merging.distributions_move)
        hooks.register_count("aid", _("Aid handed out"), merging.distributions_count)
        declare_personal_data()
        demo.register("aid", aid_demo.seed, order=80, describe="  {} aid distributions".format)
        web.register()
