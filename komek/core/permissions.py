"""Declared permissions: every view states what it needs, one middleware enforces it.

A view is decorated with ``@requires(Capability.X)``, ``@signed_in`` (password given,
second factor still to come: the two-factor pages themselves) or ``@public``. The
middleware refuses any view that declares nothing, so a forgotten declaration fails
closed, and the role × URL test in ``komek/core/tests/test_permissions.py`` fails loudly.
A view that shows a person's data is also marked ``@shows_personal_data``: the same test
checks that opening it leaves an audit entry.

API requests (a bearer token, or a path under ``/api/``) are refused with a JSON body
naming the missing capability, 401 or 403, instead of a redirect to the sign-in page.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from komek.core.roles import role_has

logger = logging.getLogger(__name__)

PUBLIC = "public"
SIGNED_IN = "signed_in"

# Views that are not Komek's own and carry their own checks: the Django admin
# (administrators with a verified second factor only, see komek/urls.py) and the static
# files server.
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


def shows_personal_data(view: View) -> View:
    """Mark a view whose page shows a person's data: its selector must audit the read."""
    view.komek_personal_data = True  # type: ignore[attr-defined]
    return view


def declared_permission(view_func: Callable) -> str | None:
    return getattr(view_func, "komek_permission", None)


def declares_personal_data(view_func: Callable) -> bool:
    return getattr(view_func, "komek_personal_data", False)


def role_can(user, capability: str) -> bool:
    """What the user's role allows, whether or not this request passed the second factor."""
    return bool(user.is_authenticated and user.is_active and role_has(user.role, capability))


def user_can(user, capability: str) -> bool:
    """What the user may do in this request: their role allows it and they are verified."""
    return role_can(user, capability) and user.is_verified()


API_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX) or request.headers.get(
        "Authorization", ""
    ).startswith("Bearer ")


def _api_refusal(status: int, error: str, capability: str = "") -> JsonResponse:
    """A refusal a program can act on: a stable error code and the capability it lacks."""
    return JsonResponse({"error": error, "capability": capability}, status=status)


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
            if is_api_request(request):
                return _api_refusal(403, "undeclared_permission")
            raise PermissionDenied
        if permission == PUBLIC:
            return None
        if is_api_request(request):
            return self._refuse_api(request.user, permission)
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

    @staticmethod
    def _refuse_api(user, permission: str) -> JsonResponse | None:
        """The same map for a program. A token authenticator marks its user verified: the
        token stands in for the second factor, which a program cannot type."""
        if not user.is_authenticated or not user.is_active:
            return _api_refusal(401, "authentication_required", permission)
        if permission == SIGNED_IN:
            return None
        if not user.is_verified():
            return _api_refusal(401, "second_factor_required", permission)
        if not role_has(user.role, permission):
            return _api_refusal(403, "permission_denied", permission)
        return None
