from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "komek.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from komek.core import navigation, url_samples
        from komek.core.roles import Capability

        navigation.register(
            label=_("Users"),
            url_name="accounts:user_list",
            capability=Capability.ACCOUNTS_MANAGE,
            order=900,
        )
        navigation.register(
            label=_("Offices"),
            url_name="accounts:office_list",
            capability=Capability.ACCOUNTS_MANAGE,
            order=910,
        )
        url_samples.register("komek.accounts.samples")
