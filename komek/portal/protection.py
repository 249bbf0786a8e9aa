"""The callback form's protection against abuse, with no third-party service.

- **Limits** (``Limits``, from the settings ``PORTAL_CALLBACK_*``). Each submission leaves
  a row (``hotline.WebRequestMark``) with keyed hashes of its address and, once accepted,
  of its number: rows, not a process's memory, so that every server process counts the
  same. The ``address + 1``-th submission from one address within ``address_window`` is
  refused, and so is a request for a number that already asked ``phone`` times within
  ``phone_window`` (someone making the centre call a stranger again and again). The row
  is written before the count, so that two submissions at once both count each other.
- **A honeypot,** a field that people do not see and robots fill in.
- **A signed form time.** The form carries the moment it was served, signed: sent sooner
  than ``min_fill`` (a robot) or later than ``max_age`` (a form replayed), or with the
  signature broken, it is refused and the person is given a fresh form.
- **A proof of work,** once an address has sent ``proof_after`` submissions in the window:
  an ALTCHA challenge that the browser solves in a second or two (the widget and its
  worker are vendored in ``portal/static/portal/vendor/altcha``). A proof is accepted once.
"""

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

import altcha
from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from komek.audit.middleware import client_ip
from komek.hotline.models import WebRequestMark


@dataclass(frozen=True)
class Limits:
    address: int
    address_window: timedelta
    phone: int
    phone_window: timedelta
    proof_after: int
    min_fill: timedelta
    max_age: timedelta

    @property
    def kept(self) -> timedelta:
        """Rows are kept as long as the longer window counts them."""
        return max(self.address_window, self.phone_window)


def limits() -> Limits:
    """The limits as configured now (read on each use, so that a test may change them)."""
    return Limits(
        address=settings.PORTAL_CALLBACK_ADDRESS_LIMIT,
        address_window=timedelta(minutes=settings.PORTAL_CALLBACK_ADDRESS_WINDOW_MINUTES),
        phone=settings.PORTAL_CALLBACK_PHONE_LIMIT,
        phone_window=timedelta(hours=settings.PORTAL_CALLBACK_PHONE_WINDOW_HOURS),
        proof_after=settings.PORTAL_CALLBACK_PROOF_AFTER,
        min_fill=timedelta(seconds=settings.PORTAL_CALLBACK_MIN_FILL_SECONDS),
        max_age=timedelta(minutes=settings.PORTAL_CALLBACK_FORM_MAX_AGE_MINUTES),
    )


HONEYPOT = "website"
SERVED_AT = "served_at"
PROOF = "altcha"
SERVED_AT_SALT = "komek.portal.callback.form"
HASH_SALT = "komek.portal.callback.marks"
PROOF_SALT = "komek.portal.callback.proof"
# PBKDF2 rounds per try; a phone tries a few hundred times (a key beginning with a zero
# byte), which takes it a second or two and a robot the same for every request.
PROOF_ALGORITHM = "PBKDF2/SHA-256"
PROOF_COST = 2_000
PROOF_LIFETIME = timedelta(minutes=20)


class Refusal(StrEnum):
    ADDRESS_LIMIT = "address_limit"
    PHONE_LIMIT = "phone_limit"
    HONEYPOT = "honeypot"
    TOO_FAST = "too_fast"
    TOO_OLD = "too_old"
    FORGED = "forged"
    PROOF_MISSING = "proof_missing"
    PROOF_INVALID = "proof_invalid"

    @property
    def message(self) -> str:
        if self is Refusal.ADDRESS_LIMIT:
            return _address_limit_message(limits().address_window)
        if self is Refusal.PHONE_LIMIT:
            return _phone_limit_message(limits().phone_window)
        return str(MESSAGES[self])

    @property
    def status(self) -> int:
        """Too many requests for the limits, a bad request for the rest."""
        return 429 if self in (Refusal.ADDRESS_LIMIT, Refusal.PHONE_LIMIT) else 400


def _address_limit_message(window: timedelta) -> str:
    """When the address may ask again: in whole hours where the window is, else minutes."""
    minutes = int(window.total_seconds() // 60)
    if minutes % 60:
        return ngettext(
            "Many requests have been sent from this connection. Please try again in "
            "%(count)d minute, or call the hotline.",
            "Many requests have been sent from this connection. Please try again in "
            "%(count)d minutes, or call the hotline.",
            minutes,
        ) % {"count": minutes}
    return ngettext(
        "Many requests have been sent from this connection. Please try again in %(count)d "
        "hour, or call the hotline.",
        "Many requests have been sent from this connection. Please try again in %(count)d "
        "hours, or call the hotline.",
        minutes // 60,
    ) % {"count": minutes // 60}


def _phone_limit_message(window: timedelta) -> str:
    hours = int(window.total_seconds() // 3600)
    return ngettext(
        "This number has already asked for a callback several times in the last %(count)d "
        "hour. The centre will call it back; please wait for the call, or call the hotline.",
        "This number has already asked for a callback several times in the last %(count)d "
        "hours. The centre will call it back; please wait for the call, or call the hotline.",
        hours,
    ) % {"count": hours}


MESSAGES = {
    Refusal.HONEYPOT: _("The form could not be sent. Please try again, or call the hotline."),
    Refusal.TOO_FAST: _(
        "The form was sent too quickly after it opened. Please check it and send it again."
    ),
    Refusal.TOO_OLD: _(
        "The form was open for too long and has been renewed. Please check it and send it again."
    ),
    Refusal.FORGED: _("The form has been renewed. Please check it and send it again."),
    Refusal.PROOF_MISSING: _(
        "Please wait until the check that you are not a robot is done, then send the form "
        "again. It needs JavaScript; without it, please call the hotline."
    ),
    Refusal.PROOF_INVALID: _(
        "The check that you are not a robot failed or expired. Please send the form again."
    ),
}


def _hashed(kind: str, value: str) -> str:
    return salted_hmac(HASH_SALT, f"{kind}:{value}", algorithm="sha256").hexdigest()


def _address(request: HttpRequest) -> str:
    return _hashed("address", client_ip(request) or "")


def _window_marks(*, since: timedelta, **hashes: str):
    return WebRequestMark.objects.filter(at__gte=timezone.now() - since, **hashes)


def served_at_token() -> str:
    """The signed moment the form is served."""
    return signing.dumps({"at": time.time()}, salt=SERVED_AT_SALT)


def _served_at_refusal(token: str) -> Refusal | None:
    try:
        served = signing.loads(token, salt=SERVED_AT_SALT, max_age=limits().max_age)
    except signing.SignatureExpired:
        return Refusal.TOO_OLD
    except signing.BadSignature:
        return Refusal.FORGED
    if not isinstance(served, dict) or not isinstance(served.get("at"), int | float):
        return Refusal.FORGED
    if time.time() - served["at"] < limits().min_fill.total_seconds():
        return Refusal.TOO_FAST
    return None


def proof_required(request: HttpRequest) -> bool:
    """Whether the address has sent enough in the window that a proof of work is asked."""
    configured = limits()
    marks = _window_marks(since=configured.address_window, address=_address(request))
    return marks.count() >= configured.proof_after


def _proof_secret() -> str:
    return salted_hmac(PROOF_SALT, "challenge", algorithm="sha256").hexdigest()


def proof_challenge() -> str:
    """A new ALTCHA challenge, signed, as the widget reads it (JSON)."""
    challenge = altcha.create_challenge(
        algorithm=PROOF_ALGORITHM,
        cost=PROOF_COST,
        expires_at=timezone.now() + PROOF_LIFETIME,
        hmac_secret=_proof_secret(),
    )
    return json.dumps(challenge.to_dict())


def _proof_key(payload: str) -> str | None:
    """What identifies the challenge a proof solves (its signature), hashed; None when the
    proof does not verify."""
    if not payload or not altcha.verify_solution(payload, _proof_secret()).verified:
        return None
    signature = altcha.Payload.from_base64(payload).challenge.signature or ""
    return hashlib.sha256(signature.encode()).hexdigest()


@dataclass(frozen=True)
class Submission:
    """A submission of the form as the protection saw it: its row, and why it is refused
    (None: it may go on to be validated)."""

    mark: WebRequestMark
    refusal: Refusal | None

    def accept(self, *, phone: str) -> None:
        """Count the submission against the number it was accepted for."""
        self.mark.phone = _hashed("phone", phone)
        self.mark.save(update_fields=["phone"])


def admit(request: HttpRequest) -> Submission:
    """Note a submission of the form, then judge it by everything but its number."""
    configured = limits()
    address = _address(request)
    earlier = _window_marks(since=configured.address_window, address=address).count()
    WebRequestMark.objects.filter(at__lt=timezone.now() - configured.kept).delete()
    payload = request.POST.get(PROOF, "")
    proof = _proof_key(payload) if earlier >= configured.proof_after else None
    mark = WebRequestMark.objects.create(address=address, proof=proof or "")
    refusal = _refusal(request, mark, configured, earlier, payload, proof)
    return Submission(mark=mark, refusal=refusal)


def _refusal(
    request: HttpRequest,
    mark: WebRequestMark,
    configured: Limits,
    earlier: int,
    payload: str,
    proof: str | None,
) -> Refusal | None:
    sent = _window_marks(since=configured.address_window, address=mark.address).count()
    if sent > configured.address:
        return Refusal.ADDRESS_LIMIT
    if request.POST.get(HONEYPOT):
        return Refusal.HONEYPOT
    refusal = _served_at_refusal(request.POST.get(SERVED_AT, ""))
    if refusal is not None:
        return refusal
    if earlier >= configured.proof_after:
        if not payload:
            return Refusal.PROOF_MISSING
        used = WebRequestMark.objects.filter(proof=proof).exclude(pk=mark.pk).exists()
        if proof is None or used:
            return Refusal.PROOF_INVALID
    return None


def phone_refusal(phone: str) -> Refusal | None:
    """Refused when the number (E.164) has asked ``phone`` times within the window."""
    configured = limits()
    asked = _window_marks(since=configured.phone_window, phone=_hashed("phone", phone)).count()
    return Refusal.PHONE_LIMIT if asked >= configured.phone else None
