from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NavigatorConfig(AppConfig):
    name = "komek.navigator"
    label = "navigator"
    verbose_name = _("Legal-status navigator")

    def ready(self) -> None:
        from komek.navigator import web_advice, web_rules
        from komek.navigator.personal_data import advice_move, declare_personal_data
        from komek.people import hooks

        declare_personal_data()
        hooks.register_merge_handler("navigator", advice_move)
        web_advice.register()
        web_rules.register()
