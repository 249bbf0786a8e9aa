"""Sending and reading in-app notifications (and, when configured, the same by email)."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.functional import Promise

from komek.notifications.models import Notification


def _in_words(value: Any) -> Any:
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Promise):
        return str(value)
    return value


def notify(*, user, key: str, message, params=None, url: str = "") -> Notification | None:
    """Notify ``user`` once per ``key``; None if they were already notified.

    ``message`` (lazy) is translated into the recipient's interface language, then
    filled with ``params``: a date in the recipient's date format, a lazy label (a
    choice's) in their language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        rendered = str(message) % {name: _in_words(value) for name, value in (params or {}).items()}
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
