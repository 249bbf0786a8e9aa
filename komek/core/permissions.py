"""Declared permissions: every view states what it needs, one middleware enforces it.

A view is decorated with ``@requires(Capability.X)``, ``@signed_in`` (password given,
second factor still to come: the two-factor pages themselves) or ``@public``. The
middleware refuses any view that declares nothing, so a forgotten declaration fails
closed, and the role × URL test in ``komek/core/tests/test_permissions.py`` fails loudly.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from komek.core.roles import role_has

logger = logging.getLogger(__name__)

PUBLIC = "public"
SIGNED_IN = "signed_in"

# Views that are not Komek's own and carry their own checks: the Django admin (superusers
# with a verified second factor only, see komek/urls.py) and the static files server.
EXEMPT_MODULE_PREFIXES = ("django.contrib.admin.", "django.contrib.staticfiles.")

View = Callable[..., HttpResponse]


def _declare(permission: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        view.komek_permission = permission  # type: ignore[attr-defined]
        return view

    return decorator


def requires(capability: str) -> Callable[[View], View]:
    """Declare that a view needs a signed-in, two-factor verified user with ``capability``."""
    return _declare(capability)


public = _declare(PUBLIC)
signed_in = _declare(SIGNED_IN)


def declared_permission(view_func: Callable) -> str | None:
    return getattr(view_func, "komek_permission", None)


def role_can(user, capability: str) -> bool:
    """What the user's role allows, whether or not this request passed the second factor."""
    return bool(user.is_authenticated and user.is_active and role_has(user.role, capability))


def user_can(user, capability: str) -> bool:
    """What the user may do in this request: their role allows it and they are verified."""
    return role_can(user, capability) and user.is_verified()


class PermissionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        permission = declared_permission(view_func)
        if permission is None:
            if view_func.__module__.startswith(EXEMPT_MODULE_PREFIXES):
                return None
            logger.error("View %s.%s declares no permission", view_func.__module__, view_func)
            raise PermissionDenied
        if permission == PUBLIC:
            return None
        user = request.user
        if not user.is_authenticated or not user.is_active:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if permission == SIGNED_IN:
            return None
        if not user.is_verified():
            return redirect(settings.KOMEK_SECOND_FACTOR_URL)
        if not role_has(user.role, permission):
            raise PermissionDenied
        return None
