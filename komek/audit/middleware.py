from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from komek.audit.context import request_ip
from komek.audit.models import Action
from komek.audit.services import record


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: behind a trusted reverse proxy, the one the proxy appended to
    X-Forwarded-For (the last); the addresses before it are whatever the client sent."""
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR") or None


def refused(request: HttpRequest, response: HttpResponse) -> bool:
    """A request worth an audit entry for being refused: any 403, and a 404 for a signed-in
    user (someone trying record numbers; an anonymous 404 is a crawler's)."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return response.status_code == 403 or (response.status_code == 404 and signed_in)


class AuditContextMiddleware:
    """Makes the client's IP address known to ``audit.services.record`` for this request,
    and audits the request if it was refused (``refused``), whatever refused it: the
    permission middleware, a permission-aware getter, CSRF."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_ip.set(client_ip(request))
        try:
            response = self.get_response(request)
            if refused(request, response):
                record(
                    actor=getattr(request, "user", None),
                    action=Action.REFUSED,
                    detail=f"{response.status_code} {request.method} {request.path}",
                )
            return response
        finally:
            request_ip.reset(token)
