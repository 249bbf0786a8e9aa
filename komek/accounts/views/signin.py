"""Sign-in with a password, then a TOTP code; enrolment of the authenticator."""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from komek.accounts import services
from komek.accounts.forms import LoginForm, TokenForm
from komek.audit.middleware import client_ip
from komek.audit.models import Action
from komek.audit.services import record
from komek.core.permissions import public, signed_in


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _locked_message() -> str:
    return _(
        "Too many failed attempts. Sign-in for this user is locked for %(minutes)d minutes; "
        "an administrator can unlock it sooner."
    ) % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}


@public
@never_cache
@sensitive_post_parameters("password")
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(_next_url(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        if services.is_locked_out(username=username):
            form.add_error(None, _locked_message())
        else:
            user = auth.authenticate(
                request, username=username, password=form.cleaned_data["password"]
            )
            if user is None:
                locked = services.login_failure_record(
                    username=username, ip=client_ip(request), reason="password"
                )
                form.add_error(
                    None,
                    _locked_message()
                    if locked
                    else _("The username or password is wrong. Check both and try again."),
                )
            else:
                auth.login(request, user)
                return redirect(
                    f"{resolve_url('accounts:second_factor')}?next={_next_url(request)}"
                )
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


def _enrolment(request: HttpRequest) -> TOTPDevice:
    device_id = request.session.get("otp_enrolment_device")
    device = TOTPDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first()
    if device is None:
        device = services.second_factor_start(user=request.user)
        request.session["otp_enrolment_device"] = device.pk
    return device


@signed_in
@never_cache
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code of the confirmed authenticator, or enrol one if there is none."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = confirmed or _enrolment(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.is_locked_out(username=user.username):
            auth.logout(request)
            messages.error(request, _locked_message())
            return redirect("accounts:login")
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            if confirmed is None:
                services.second_factor_confirm(device=device)
                request.session.pop("otp_enrolment_device", None)
            otp_login(request, device)
            services.login_failures_clear(username=user.username)
            record(actor=user, action=Action.LOGIN, obj=user)
            return redirect(_next_url(request))
        services.login_failure_record(username=user.username, ip=client_ip(request), reason="code")
        form.add_error(
            "token",
            _("This code is not right. Check the clock of your phone and enter the new code."),
        )
    context = {"form": form, "next": _next_url(request), "enrolling": confirmed is None}
    if confirmed is None:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=5)
        context["secret"] = b32encode(device.bin_key).decode("ascii")
    return render(request, "accounts/second_factor.html", context)


@signed_in
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    record(actor=request.user, action=Action.LOGOUT, obj=request.user)
    auth.logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)
