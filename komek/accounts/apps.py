from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "komek.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from komek.accounts import access
        from komek.accounts import demo as accounts_demo
        from komek.accounts.home import render_pending_approvals
        from komek.core import demo, navigation, panels, url_samples
        from komek.core.roles import Capability

        navigation.register(
            label=_("Users"),
            url_name="accounts:user_list",
            capability=Capability.ACCOUNTS_MANAGE,
            order=900,
            group=navigation.Group.ADMINISTRATION,
        )
        navigation.register(
            label=_("Offices"),
            url_name="accounts:office_list",
            capability=Capability.ACCOUNTS_MANAGE,
            order=910,
            group=navigation.Group.ADMINISTRATION,
        )
        navigation.register(
            label=_("Access changes"),
            url_name="accounts:access_change_list",
            capability=Capability.ACCOUNTS_MANAGE,
            order=100,
            menu=navigation.Menu.HEADER,
            count=access.pending_for,
            count_label=_("waiting for your approval"),
        )
        navigation.register(
            label=_("Change password"),
            url_name="accounts:password_change",
            capability=Capability.USE,
            order=100,
            menu=navigation.Menu.USER,
        )
        navigation.register(
            label=_("Sign out"),
            url_name="accounts:logout",
            capability=Capability.USE,
            order=900,
            menu=navigation.Menu.USER,
            post=True,
        )
        panels.register(
            panels.Panel(
                page="home",
                title=_("Approvals"),
                capability=Capability.ACCOUNTS_MANAGE,
                order=5,
                render=render_pending_approvals,
            )
        )
        demo.register("accounts", accounts_demo.seed, order=10, describe=accounts_demo.describe)
        url_samples.register("komek.accounts.samples")
