"""Writes for users, offices, sign-in and the second factor."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from komek.accounts.lockout import login_failures_clear
from komek.accounts.models import EnrolmentLink, Office, User
from komek.audit.models import Action
from komek.audit.services import create_audited, diff, record, update_audited, values_of

USER_AUDITED_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "office",
    "national_scope",
    "language",
    "is_active",
)
OFFICE_AUDITED_FIELDS = (
    "code",
    "name",
    "name_kk",
    "name_en",
    "name_uz",
    "name_uz_cyrl",
    "name_tg",
    "name_ky",
    "city",
    "city_kk",
    "city_en",
    "city_uz",
    "city_uz_cyrl",
    "city_tg",
    "city_ky",
    "address",
    "hours",
    "latitude",
    "longitude",
    "is_active",
)


@transaction.atomic
def user_unlock(*, user: User, unlocked_by: User) -> None:
    login_failures_clear(username=user.username)
    record(actor=unlocked_by, action=Action.CHANGE, obj=user, detail="unlocked")


@transaction.atomic
def user_create(*, created_by: User | None, password: str, **fields) -> User:
    user = User(**fields)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record(
        actor=created_by,
        action=Action.CREATE,
        obj=user,
        changes=diff({}, values_of(user, USER_AUDITED_FIELDS)),
    )
    return user


@transaction.atomic
def user_update(*, user: User, updated_by: User, password: str = "", **fields) -> User:
    before = values_of(User.objects.select_for_update().get(pk=user.pk), USER_AUDITED_FIELDS)
    for field, value in fields.items():
        setattr(user, field, value)
    if password:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    changes = diff(before, values_of(user, USER_AUDITED_FIELDS))
    if password:
        changes["password"] = ["***", "***"]
    record(actor=updated_by, action=Action.CHANGE, obj=user, changes=changes)
    return user


@transaction.atomic
def user_set_language(*, user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


@transaction.atomic
def second_factor_reset(*, user: User, reset_by: User) -> None:
    """Remove the user's authenticator and end their unused enrolment links: they enrol a
    new one only through a link issued after the reset."""
    if reset_by.pk == user.pk:
        raise ValidationError(
            _("You cannot reset your own two-factor sign-in: ask another administrator.")
        )
    TOTPDevice.objects.filter(user=user).delete()
    enrolment_links_end(user=user)
    record(actor=reset_by, action=Action.SECOND_FACTOR_RESET, obj=user)


def enrolment_links_end(*, user: User) -> None:
    """End the user's unused enrolment links. Call inside the caller's transaction."""
    now = timezone.now()
    EnrolmentLink.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )


@transaction.atomic
def second_factor_start(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator for the user to scan; replaces any earlier one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def second_factor_confirm(*, device: TOTPDevice) -> None:
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(actor=device.user, action=Action.SECOND_FACTOR_ENROLLED, obj=device.user)


@transaction.atomic
def office_create(*, created_by: User | None, **fields) -> Office:
    return create_audited(obj=Office(**fields), actor=created_by, fields=OFFICE_AUDITED_FIELDS)


@transaction.atomic
def office_update(*, office: Office, updated_by: User | None, **fields) -> Office:
    return update_audited(
        obj=office, actor=updated_by, changes=fields, fields=OFFICE_AUDITED_FIELDS
    )
