"""The Django admin behind Komek's own sign-in (only mounted when KOMEK_DJANGO_ADMIN=1).

The admin's login form would check a password with none of Komek's lockout, second factor
or audit, and answer differently for a right and a wrong one. So it has no login of its
own: its login page sends the browser to Komek's sign-in, and only a signed-in, two-factor
verified, active staff user whose role manages accounts (the administrator) gets in.
"""

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from komek.accounts.views import signin
from komek.core.permissions import public, signed_in, user_can
from komek.core.roles import Capability


class KomekAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user_can(user, Capability.ACCOUNTS_MANAGE) and user.is_staff and user.is_verified()
        )

    @public
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """Never reads the posted credentials: the same redirect answers every request."""
        if self.has_permission(request):
            return redirect(reverse("admin:index", current_app=self.name))
        if request.user.is_authenticated and request.user.is_verified():
            raise PermissionDenied
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("admin:index", current_app=self.name)
        if request.user.is_authenticated:
            return redirect_to_login(next_url, settings.KOMEK_SECOND_FACTOR_URL)
        return redirect_to_login(next_url, settings.LOGIN_URL)

    @signed_in
    def logout(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        return signin.logout(request)

    @signed_in
    def password_change(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        return redirect("accounts:password_change")
