from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from komek.notifications.services import unread_count


def notifications(request: HttpRequest) -> dict:
    # Lazy: counted only when a full page shows the header, not for htmx partials.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
