"""Enrolment links: an account without a confirmed authenticator enrols one only through a
one-time, expiring link an administrator issues (never with the password alone). Only the
SHA-256 of the link's token is stored; issuing and using a link are audited."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from komek.accounts.models import EnrolmentLink, User
from komek.accounts.services import enrolment_links_end, second_factor_confirm
from komek.audit.models import Action
from komek.audit.services import record


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def enrolment_link_issue(*, user: User, issued_by: User | None) -> tuple[str, EnrolmentLink]:
    """A new link and its token (shown once, never stored); earlier unused links end."""
    if issued_by is not None and issued_by.pk == user.pk:
        raise ValidationError(
            _("You cannot issue an enrolment link for yourself: ask another administrator.")
        )
    if not user.is_active:
        raise ValidationError(
            _("%(name)s is not active: activate the account first.") % {"name": user.username}
        )
    if has_authenticator(user):
        raise ValidationError(
            _(
                "%(name)s already has an authenticator. Reset their two-factor sign-in first "
                "if they lost it."
            )
            % {"name": user.username}
        )
    now = timezone.now()
    enrolment_links_end(user=user)
    token = secrets.token_urlsafe(32)
    link = EnrolmentLink.objects.create(
        user=user,
        token_hash=_hash(token),
        issued_by=issued_by,
        expires_at=now + timedelta(hours=settings.ENROLMENT_LINK_HOURS),
    )
    record(actor=issued_by, action=Action.CHANGE, obj=user, detail="enrolment link issued")
    return token, link


def enrolment_path(token: str) -> str:
    return f"{reverse('accounts:enrol')}?{urlencode({'token': token})}"


def _usable() -> QuerySet[EnrolmentLink]:
    return EnrolmentLink.objects.filter(
        used_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True
    ).exclude(user__totpdevice__confirmed=True)


def enrolment_link_find(*, token: str = "", pk: int | None = None) -> EnrolmentLink | None:
    """The usable link with this token (or id): unused, unexpired, its user active and
    still without an authenticator."""
    links = _usable().select_related("user")
    if token:
        return links.filter(token_hash=_hash(token)).first()
    if pk is not None:
        return links.filter(pk=pk).first()
    return None


@transaction.atomic
def enrolment_complete(*, link: EnrolmentLink, device: TOTPDevice, password: str = "") -> User:
    """Use the link once: confirm the authenticator whose code the user entered, and set
    the password when the account had none."""
    locked = _usable().select_for_update().filter(pk=link.pk, user=device.user).first()
    if locked is None:
        raise ValidationError(_("This enrolment link has expired or was used already."))
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    user = locked.user
    changes = {}
    if password:
        user.set_password(password)
        user.save(update_fields=["password"])
        changes["password"] = ["***", "***"]
    record(
        actor=user, action=Action.CHANGE, obj=user, changes=changes, detail="enrolment link used"
    )
    second_factor_confirm(device=device)
    return user
