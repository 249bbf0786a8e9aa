from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from komek.audit.context import request_ip


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: behind a trusted reverse proxy, the one the proxy appended to
    X-Forwarded-For (the last); the addresses before it are whatever the client sent."""
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Makes the client's IP address known to ``audit.services.record`` for this request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            request_ip.reset(token)
