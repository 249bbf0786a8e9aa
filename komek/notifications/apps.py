from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "komek.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from komek.core import navigation, url_samples
        from komek.core.roles import Capability
        from komek.core.signals import notification_requested
        from komek.notifications.services import notify_requested, unread_count

        notification_requested.connect(notify_requested, dispatch_uid="notifications")

        navigation.register(
            label=_("Notifications"),
            url_name="notifications:list",
            capability=Capability.USE,
            order=100,
            menu=navigation.Menu.HEADER,
            count=unread_count,
            count_label=_("unread"),
        )

        url_samples.register("komek.notifications.samples")
