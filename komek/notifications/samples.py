"""URL samples for the permission test (komek/core/url_samples.py): a notification."""

from komek.notifications.models import Notification


def build(made: dict) -> dict[str, dict]:
    notification = Notification.objects.create(user=made["user"], key="probe", text="Проверка")
    return {"notifications:open": {"pk": notification.pk}}
