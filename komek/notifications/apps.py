from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "komek.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from komek.core import url_samples

        url_samples.register("komek.notifications.samples")
