"""Sign-in with a password, then a TOTP code; enrolment of the authenticator through a
one-time link an administrator issued."""

import math
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from komek.accounts import enrolment, lockout, services
from komek.accounts.devices import device_id, known_device, remember_device
from komek.accounts.forms import EnrolmentForm, LoginForm, TokenForm
from komek.accounts.models import LoginFailure, User
from komek.audit.middleware import client_ip
from komek.audit.models import Action
from komek.audit.services import record
from komek.core.permissions import public, signed_in

ENROLMENT_LINK = "enrolment_link"
ENROLMENT_DEVICE = "enrolment_device"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _refusal_message(refusal: lockout.Refusal) -> str:
    if refusal.lock == lockout.Lock.USER:
        return _(
            "Too many failed attempts. Sign-in for this user is locked for %(minutes)d minutes; "
            "an administrator can unlock it sooner."
        ) % {"minutes": refusal.minutes}
    if refusal.lock == lockout.Lock.ADDRESS:
        return ngettext(
            "Too many failed sign-ins from this network address. Try again in %(minutes)d minute.",
            "Too many failed sign-ins from this network address. Try again in %(minutes)d minutes.",
            refusal.minutes,
        ) % {"minutes": refusal.minutes}
    return _wait_message(refusal.seconds)


def _wait_message(seconds: int) -> str:
    return ngettext(
        "Too many failed attempts. Try again in %(seconds)d second.",
        "Too many failed attempts. Try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def _known_device_of(request: HttpRequest, user_id: int | None) -> str:
    """The browser's device id if it is known for this user, else ""."""
    device = known_device(request)
    return device.id if device is not None and device.knows(user_id) else ""


def _user_id(username: str) -> int | None:
    return User.objects.filter(username__iexact=username).values_list("pk", flat=True).first()


def _refused(request: HttpRequest, username: str, user_id: int | None) -> lockout.Refusal | None:
    """Why this attempt may not be checked now, or None; a refused attempt counts against
    the address."""
    refusal = lockout.signin_refusal(
        username=username, ip=client_ip(request), known_device=_known_device_of(request, user_id)
    )
    if refusal is not None:
        _failed(request, username, LoginFailure.Reason.THROTTLED)
    return refusal


def _refusal_after_failure(request: HttpRequest, username: str) -> str:
    """After a failure: the lock or wait it started, if any, to say so at once."""
    refusal = lockout.signin_refusal(
        username=username,
        ip=client_ip(request),
        known_device=_known_device_of(request, _user_id(username)),
    )
    return _refusal_message(refusal) if refusal else ""


def _failed(request: HttpRequest, username: str, reason: LoginFailure.Reason) -> None:
    lockout.login_failure_record(
        username=username, ip=client_ip(request), device=device_id(request), reason=reason
    )


def _signed_in(request: HttpRequest, user: User, device: TOTPDevice) -> HttpResponse:
    """Both factors passed: the session is verified, the browser becomes a known device."""
    otp_login(request, device)
    lockout.login_failures_clear(
        username=user.username, ip=client_ip(request), device=device_id(request)
    )
    record(actor=user, action=Action.LOGIN, obj=user)
    response = redirect(_next_url(request))
    remember_device(request, response, user.pk)
    return response


@public
@never_cache
@sensitive_post_parameters("password")
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(_next_url(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        refusal = _refused(request, username, _user_id(username))
        if refusal is not None:
            form.add_error(None, _refusal_message(refusal))
        else:
            user = auth.authenticate(
                request, username=username, password=form.cleaned_data["password"]
            )
            if user is None:
                _failed(request, username, LoginFailure.Reason.PASSWORD)
                form.add_error(
                    None,
                    _refusal_after_failure(request, username)
                    or _("The username or password is wrong. Check both and try again."),
                )
            else:
                auth.login(request, user)
                return redirect(
                    f"{resolve_url('accounts:second_factor')}?next={_next_url(request)}"
                )
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


def _verify(request: HttpRequest, user: User, device: TOTPDevice, token: str) -> str:
    """Check a code: "" when right, else what to tell the user. A code arriving during the
    authenticator's own back-off is not checked, and so not counted as a failure."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        locked_until = (details or {}).get("locked_until") or timezone.now()
        return _wait_message(max(1, math.ceil((locked_until - timezone.now()).total_seconds())))
    if device.verify_token(token):
        return ""
    _failed(request, user.username, LoginFailure.Reason.CODE)
    return _refusal_after_failure(request, user.username) or _(
        "This code is not right. Check the clock of your phone and enter the new code."
    )


@signed_in
@never_cache
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code of the confirmed authenticator. Without one, a password does not
    let anyone enrol: the page says to ask an administrator for an enrolment link."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return render(request, "accounts/second_factor.html", {"no_authenticator": True})
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = _refused(request, user.username, user.pk)
        if refusal is not None and refusal.lock != lockout.Lock.WAIT:
            auth.logout(request)
            messages.error(request, _refusal_message(refusal))
            return redirect("accounts:login")
        problem = (
            _refusal_message(refusal)
            if refusal is not None
            else _verify(request, user, device, form.cleaned_data["token"])
        )
        if not problem:
            return _signed_in(request, user, device)
        form.add_error("token", problem)
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/second_factor.html", context)


@public
@never_cache
@sensitive_post_parameters("password", "new_password1", "new_password2")
def enrol(request: HttpRequest) -> HttpResponse:
    """The page of an enrolment link: ``?token=`` is exchanged for a mark in the session and
    dropped from the address, so that it leaks into no history or Referer header."""
    token = request.GET.get("token", "")
    if token:
        link = enrolment.enrolment_link_find(token=token)
        if request.user.is_authenticated:
            auth.logout(request)
        if link is None:
            return _link_not_usable(request)
        request.session[ENROLMENT_LINK] = link.pk
        return redirect("accounts:enrol")
    link = enrolment.enrolment_link_find(pk=request.session.get(ENROLMENT_LINK))
    if link is None:
        return _link_not_usable(request)
    user = link.user
    device = _enrolment_device(request, user)
    form = EnrolmentForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = _refused(request, user.username, user.pk)
        problem = _refusal_message(refusal) if refusal is not None else ""
        if not problem and "password" in form.cleaned_data:
            checked = auth.authenticate(
                request, username=user.username, password=form.cleaned_data["password"]
            )
            if checked is None:
                _failed(request, user.username, LoginFailure.Reason.PASSWORD)
                problem = _refusal_after_failure(request, user.username) or _(
                    "The password is wrong. Enter the password of your account."
                )
        problem = problem or _verify(request, user, device, form.cleaned_data["token"])
        if not problem:
            enrolment.enrolment_complete(
                link=link, device=device, password=form.cleaned_data.get("new_password2", "")
            )
            request.session.pop(ENROLMENT_LINK, None)
            request.session.pop(ENROLMENT_DEVICE, None)
            auth.login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            return _signed_in(request, user, device)
        form.add_error(None, problem)
    context = {
        "form": form,
        "enrolled": user,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5),
        "secret": b32encode(device.bin_key).decode("ascii"),
    }
    return render(request, "accounts/enrol.html", context)


def _link_not_usable(request: HttpRequest) -> HttpResponse:
    request.session.pop(ENROLMENT_LINK, None)
    messages.error(
        request,
        _(
            "This enrolment link cannot be used: it has expired, was used already, or was "
            "replaced by a newer one. Ask an administrator for a new link."
        ),
    )
    return redirect("accounts:login")


def _enrolment_device(request: HttpRequest, user: User) -> TOTPDevice:
    device_pk = request.session.get(ENROLMENT_DEVICE)
    device = TOTPDevice.objects.filter(pk=device_pk, user=user, confirmed=False).first()
    if device is None:
        device = services.second_factor_start(user=user)
        request.session[ENROLMENT_DEVICE] = device.pk
    return device


@signed_in
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    record(actor=request.user, action=Action.LOGOUT, obj=request.user)
    auth.logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)
