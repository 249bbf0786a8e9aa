"""The administrator's part of the home page: access changes waiting for their decision."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from komek.accounts import access


def render_pending_approvals(request: HttpRequest, user) -> str:
    waiting = access.pending_for(user)
    if not waiting:
        return ""
    return render_to_string("accounts/home_approvals.html", {"waiting": waiting}, request=request)
