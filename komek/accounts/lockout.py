"""Slowing down, then locking out, password and code guessing: by username and by address.

Failures are rows (``LoginFailure``) counted within a sliding window of
``LOGIN_LOCKOUT_MINUTES``. Past ``*_SLOWDOWN_AFTER`` failures the next attempt must wait
``LOGIN_DELAY_SECONDS``, doubled for each further failure; at ``*_FAILURE_LIMIT`` the
username (or address) is locked until enough failures leave the window. Nothing sleeps in
a request: an attempt that comes too soon is refused with the time left.

An attempt refused for waiting or for a lock counts against its address only: an address
that keeps hammering stays blocked, while a stranger cannot lengthen a user's lock. From a
known device (komek/accounts/devices.py) only that device's own failures count against the
username, so no one elsewhere can lock its user out; the address limit applies to all.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from komek.accounts.models import LoginFailure
from komek.audit.models import Action
from komek.audit.services import record


class Lock(StrEnum):
    USER = "user"
    ADDRESS = "address"
    WAIT = "wait"


@dataclass(frozen=True)
class Refusal:
    lock: Lock
    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


def _window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def _user_failures(username: str, device: str) -> QuerySet[LoginFailure]:
    failures = LoginFailure.objects.filter(
        username__iexact=username, at__gte=timezone.now() - _window()
    ).exclude(reason=LoginFailure.Reason.THROTTLED)
    return failures.filter(device=device) if device else failures


def _address_failures(ip: str | None) -> QuerySet[LoginFailure]:
    if not ip:
        return LoginFailure.objects.none()
    return LoginFailure.objects.filter(ip=ip, at__gte=timezone.now() - _window())


def _seconds_until(moment: datetime) -> int:
    return max(1, math.ceil((moment - timezone.now()).total_seconds()))


def _refusal(
    failures: QuerySet[LoginFailure], *, limit: int, slow_after: int, lock: Lock
) -> Refusal | None:
    count = failures.count()
    if count >= limit:
        times = failures.order_by("-at").values_list("at", flat=True)
        return Refusal(lock, _seconds_until(times[limit - 1] + _window()))
    if count >= slow_after:
        last = failures.latest("at").at
        ready = last + timedelta(seconds=settings.LOGIN_DELAY_SECONDS * 2 ** (count - slow_after))
        if ready > timezone.now():
            return Refusal(Lock.WAIT, _seconds_until(ready))
    return None


def signin_refusal(*, username: str, ip: str | None, known_device: str = "") -> Refusal | None:
    """Why an attempt for ``username`` from ``ip`` may not be checked now, or None.

    ``known_device`` is the id of the browser's device when it is known for this user."""
    refusals = [
        _refusal(
            _address_failures(ip),
            limit=settings.LOGIN_ADDRESS_FAILURE_LIMIT,
            slow_after=settings.LOGIN_ADDRESS_SLOWDOWN_AFTER,
            lock=Lock.ADDRESS,
        ),
        _refusal(
            _user_failures(username, known_device),
            limit=settings.LOGIN_FAILURE_LIMIT,
            slow_after=settings.LOGIN_SLOWDOWN_AFTER,
            lock=Lock.USER,
        ),
    ]
    found = [refusal for refusal in refusals if refusal is not None]
    # A lock outranks a wait; between equals, the longer one.
    return max(found, key=lambda r: (r.lock != Lock.WAIT, r.seconds), default=None)


def is_locked_out(*, username: str) -> bool:
    """Whether the username is locked for a browser it has not signed in from."""
    return _user_failures(username, "").count() >= settings.LOGIN_FAILURE_LIMIT


@transaction.atomic
def login_failure_record(
    *, username: str, ip: str | None, device: str, reason: LoginFailure.Reason
) -> None:
    """Note a refused attempt; audit a wrong password or code, and a lock when it starts."""
    username = username[:150]
    LoginFailure.objects.filter(at__lt=timezone.now() - 2 * _window()).delete()
    LoginFailure.objects.create(username=username, ip=ip, device=device, reason=reason)
    if reason != LoginFailure.Reason.THROTTLED:
        record(actor=None, action=Action.LOGIN_FAILED, username=username, detail=reason)
        if _user_failures(username, "").count() == settings.LOGIN_FAILURE_LIMIT:
            record(actor=None, action=Action.LOCKED_OUT, username=username)
    if _address_failures(ip).count() == settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        record(actor=None, action=Action.LOCKED_OUT, username=username, detail=f"address {ip}")


@transaction.atomic
def login_failures_clear(*, username: str, ip: str | None = None, device: str = "") -> None:
    """Forget a user's failures: all of them (an administrator's unlock), or, after a
    complete sign-in, those made from the same address or device (their own typing)."""
    failures = LoginFailure.objects.filter(username__iexact=username)
    if ip or device:
        same = Q(ip=ip) if ip else Q()
        if device:
            same |= Q(device=device)
        failures = failures.filter(same)
    failures.delete()
