"""Sending and reading in-app notifications (and, when configured, the same by email)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from komek.notifications.models import Notification


def notify(*, user, key: str, message, params=None, url: str = "") -> Notification | None:
    """Notify ``user`` once per ``key``; None if they were already notified.

    ``message`` (lazy) is translated into the recipient's interface language, then
    filled with ``params``."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        rendered = str(message) % (params or {})
    notification, created = Notification.objects.get_or_create(
        user=user, key=key, defaults={"text": rendered[:300], "url": url}
    )
    if not created:
        return None
    if settings.KOMEK_REMINDER_EMAILS and user.email:
        transaction.on_commit(
            lambda: send_mail(
                subject=f"Komek: {rendered}"[:120],
                message=rendered + (f"\n\n{url}" if url else ""),
                from_email=None,
                recipient_list=[user.email],
                fail_silently=True,
            )
        )
    return notification


def notify_requested(*, users, key: str, message, params=None, url: str = "", **kwargs) -> None:
    """Receiver of ``core.signals.notification_requested``: an app of the same layer asks."""
    for user in users:
        notify(user=user, key=key, message=message, params=params, url=url)


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(*, user, pks=None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if pks is not None:
        unread = unread.filter(pk__in=pks)
    return unread.update(read_at=timezone.now())
