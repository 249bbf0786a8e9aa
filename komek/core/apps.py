from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "komek.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from komek.core import retention

        post_migrate.connect(
            retention.create_periods, sender=self, dispatch_uid="core.retention_periods"
        )
