"""Known devices: a browser where a user completed the whole sign-in (password and code)
keeps a signed cookie naming it and that user. From a known device a user's sign-in is
not stopped by the failures of other browsers, so a stranger cannot lock them out."""

import json
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE = "komek_device"
SALT = "komek.accounts.known-device"
MAX_AGE = timedelta(days=180)
# A shared office computer knows its last few users.
MAX_USERS = 10


@dataclass(frozen=True)
class KnownDevice:
    id: str
    user_ids: tuple[int, ...]

    def knows(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.user_ids


def known_device(request: HttpRequest) -> KnownDevice | None:
    """The device named by the browser's cookie, if the cookie is Komek's and not expired."""
    raw = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=MAX_AGE)
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        return KnownDevice(id=str(data["id"]), user_ids=tuple(int(pk) for pk in data["users"]))
    except (ValueError, KeyError, TypeError):
        return None


def device_id(request: HttpRequest) -> str:
    device = known_device(request)
    return device.id if device else ""


def remember_device(request: HttpRequest, response: HttpResponse, user_id: int) -> None:
    device = known_device(request)
    device_id = device.id if device else secrets.token_hex(16)
    others = [pk for pk in (device.user_ids if device else ()) if pk != user_id]
    value = json.dumps({"id": device_id, "users": [user_id, *others][:MAX_USERS]})
    response.set_signed_cookie(
        COOKIE,
        value,
        salt=SALT,
        max_age=int(MAX_AGE.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
