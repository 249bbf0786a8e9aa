from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from komek.accounts.hours import Opening, openings, validate_hours
from komek.core.names import in_reader_language
from komek.core.roles import Capability, Role, role_has


class Office(models.Model):
    """A branch of the centre (Astana, Almaty, Shymkent...) that owns records."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_kk = models.CharField(_("name in Kazakh"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    # How the migrants read the office on the public portal, in their languages.
    name_uz = models.CharField(_("name in Uzbek (Latin)"), max_length=200, blank=True)
    name_uz_cyrl = models.CharField(_("name in Uzbek (Cyrillic)"), max_length=200, blank=True)
    name_tg = models.CharField(_("name in Tajik"), max_length=200, blank=True)
    name_ky = models.CharField(_("name in Kyrgyz"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    city_kk = models.CharField(_("city in Kazakh"), max_length=100, blank=True)
    city_en = models.CharField(_("city in English"), max_length=100, blank=True)
    city_uz = models.CharField(_("city in Uzbek (Latin)"), max_length=100, blank=True)
    city_uz_cyrl = models.CharField(_("city in Uzbek (Cyrillic)"), max_length=100, blank=True)
    city_tg = models.CharField(_("city in Tajik"), max_length=100, blank=True)
    city_ky = models.CharField(_("city in Kyrgyz"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # komek/accounts/hours.py: [[weekday, "HH:MM", "HH:MM"], ...], Monday is 0.
    hours = models.JSONField(
        _("opening hours"), default=list, blank=True, validators=[validate_hours]
    )
    # Where the office is, for the map picture and the map links of the public portal.
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]

    def __str__(self) -> str:
        return in_reader_language(self, "name")

    @property
    def city_label(self) -> str:
        return in_reader_language(self, "city")

    @property
    def openings(self) -> list[Opening]:
        return openings(self.hours)

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                _("Give both the latitude and the longitude of the office, or neither.")
            )


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    national_scope = models.BooleanField(
        _("works with every office"),
        default=False,
        help_text=_("A national coordinator sees the records of all offices."),
    )
    language = models.CharField(
        _("interface language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def spans_offices(self) -> bool:
        return self.national_scope or role_has(self.role, Capability.ALL_OFFICES)


class LoginFailure(models.Model):
    """One refused sign-in attempt, kept to slow down and lock out guessing: a wrong
    password or code, or an attempt made while told to wait (which counts against the
    address only, so that a stranger's hammering cannot lengthen a user's lock)."""

    class Reason(models.TextChoices):
        PASSWORD = "password", _("wrong password")
        CODE = "code", _("wrong code")
        THROTTLED = "throttled", _("attempt while told to wait")

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # The known-device cookie of the browser, if it had one (komek/accounts/devices.py).
    device = models.CharField(max_length=32, blank=True)
    reason = models.CharField(max_length=10, choices=Reason.choices, default=Reason.PASSWORD)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["username", "at"]), models.Index(fields=["ip", "at"])]

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"


class EnrolmentLink(models.Model):
    """A one-time, expiring link an administrator issues for a user to set up their
    authenticator: without a confirmed one, a password alone never enrols one. Only the
    hash of the link's token is kept."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="enrolment_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        User,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment link")
        verbose_name_plural = _("enrolment links")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.issued_at:%Y-%m-%d %H:%M}"


class AccessChange(models.Model):
    """A change of a staff member's role, office or national scope, kept with its outcome.

    One that opens personal data the user could not read before waits for a second
    administrator's approval (komek/accounts/access.py); the others apply at once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPLIED = "applied", _("applied")
        REJECTED = "rejected", _("rejected")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="access_changes"
    )
    role_before = models.CharField(max_length=20, choices=Role.choices, blank=True)
    office_before = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    national_scope_before = models.BooleanField(default=False)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    national_scope = models.BooleanField(_("works with every office"), default=False)
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("approved or rejected by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("access change")
        verbose_name_plural = _("access changes")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_access_change_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.role_before or '-'} -> {self.role or '-'}"
