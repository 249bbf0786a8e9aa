from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from komek.accounts.scoping import OfficeOwned
from komek.core.countries import country_name
from komek.core.dimensions import Sex
from komek.core.languages import language_names
from komek.core.staging import Staged
from komek.people.names import visible_name

NAME_FIELDS = ("surname", "given_name", "patronymic", "latin_surname", "latin_given_name")
INVISIBLE_NAME = _(
    "This name is made only of invisible characters (zero-width spaces or text-direction "
    "marks). Type the name in letters."
)


class RegistrationStatus(models.TextChoices):
    UNKNOWN = "unknown", _("unknown")
    WITHIN_FREE_PERIOD = "free_period", _("within the period without registration")
    REGISTERED = "registered", _("registered")
    EXPIRED = "expired", _("registration expired")
    NOT_REGISTERED = "not_registered", _("not registered")
    RESIDENCE_PERMIT = "residence_permit", _("residence permit")


class Vulnerability(models.TextChoices):
    PREGNANT = "pregnant", _("pregnant")
    MINOR = "minor", _("minor")
    UNACCOMPANIED_CHILD = "unaccompanied_child", _("unaccompanied or separated child")
    DISABILITY = "disability", _("disability")
    ELDERLY = "elderly", _("elderly")
    SERIOUS_ILLNESS = "serious_illness", _("serious illness")
    UNDOCUMENTED = "undocumented", _("without documents")
    DETAINED = "detained", _("detained")
    STRANDED = "stranded", _("stranded without means")
    TRAFFICKING_VICTIM = "trafficking", _("victim of trafficking or forced labour")
    GBV_SURVIVOR = "gbv", _("survivor of gender-based violence")


# Shown only to the staff assigned to the person and to coordinators.
SENSITIVE_VULNERABILITIES = frozenset(
    {Vulnerability.TRAFFICKING_VICTIM, Vulnerability.GBV_SURVIVOR, Vulnerability.SERIOUS_ILLNESS}
)


class Person(OfficeOwned, Staged):
    """A beneficiary: a migrant the centre serves. Names are kept as written. People being
    imported are invisible (``Person.objects``) until their import is switched in."""

    ref = models.CharField(_("registry number"), max_length=32, blank=True)
    surname = models.CharField(_("surname"), max_length=100, blank=True)
    given_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(
        _("patronymic"),
        max_length=100,
        blank=True,
        help_text=_("Any form: -ovich/-ovna, o‘g‘li/qizi, uulu/kyzy, ұлы/қызы."),
    )
    latin_surname = models.CharField(_("surname as in the passport"), max_length=100, blank=True)
    latin_given_name = models.CharField(
        _("given name as in the passport"), max_length=100, blank=True
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    born_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    born_month = models.PositiveSmallIntegerField(_("month of birth"), null=True, blank=True)
    born_day = models.PositiveSmallIntegerField(_("day of birth"), null=True, blank=True)
    citizenship = models.CharField(_("citizenship"), max_length=2, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    address = models.CharField(_("address in Kazakhstan"), max_length=300, blank=True)
    registration_status = models.CharField(
        _("registration in Kazakhstan"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.UNKNOWN,
    )
    registration_until = models.DateField(_("registered until"), null=True, blank=True)
    vulnerabilities = models.JSONField(_("vulnerabilities"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    assigned_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned staff"),
        blank=True,
        related_name="assigned_people",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    # Raised by every edit: an edit based on an older version is refused, not lost. The
    # database default serves the rows the generator of synthetic people writes by COPY.
    version = models.PositiveIntegerField(default=1, db_default=1)
    # Set when this record was a duplicate: it is kept (a merge can be undone) but its
    # references now belong to the other person.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["last_contact_at", "updated_at", "import_batch"])
    history_display = {"citizenship": country_name, "languages": language_names}

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["surname", "given_name"]
        constraints = [
            models.UniqueConstraint(fields=["ref"], condition=~Q(ref=""), name="person_ref_unique"),
            models.CheckConstraint(
                condition=Q(born_month__isnull=True) | Q(born_month__gte=1, born_month__lte=12),
                name="person_born_month_range",
            ),
            models.CheckConstraint(
                condition=Q(born_day__isnull=True) | Q(born_month__isnull=False),
                name="person_born_day_needs_month",
            ),
        ]
        indexes = [models.Index(fields=["office", "surname"])]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        """Names lose the characters that draw nothing; one made only of them is refused."""
        errors = {}
        for field in NAME_FIELDS:
            try:
                setattr(self, field, visible_name(getattr(self, field)))
            except ValueError:
                errors[field] = INVISIBLE_NAME
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.given_name, self.patronymic) if part)

    @property
    def born(self) -> str:
        """The date of birth as far as it is known: YYYY-MM-DD, YYYY-MM, YYYY or ''."""
        if self.born_year is None:
            return ""
        parts = [f"{self.born_year:04d}"]
        if self.born_month:
            parts.append(f"{self.born_month:02d}")
            if self.born_day:
                parts.append(f"{self.born_day:02d}")
        return "-".join(parts)

    @property
    def born_display(self) -> str:
        """The known part of the date of birth as documents write it: 14.03.1991, 03.1991."""
        return ".".join(reversed(self.born.split("-")))


class PersonName(models.Model):
    """One spelling of a person's name with its folded search key.

    A person has one row per spelling they are known by (local Cyrillic, passport Latin,
    aliases), so one trigram index serves every script.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    key = models.CharField(max_length=200)
    # The person's date of birth, copied so a search with a date reads one table.
    born_year = models.PositiveSmallIntegerField(null=True, blank=True)
    born_month = models.PositiveSmallIntegerField(null=True, blank=True)
    born_day = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["born_year", "born_month", "born_day"]),
            # A name search reads the people of its candidate keys (and year) from this
            # index alone; PostgreSQL would otherwise answer ``key IN (...)`` through the
            # trigram index, which serves equality too but some forty times slower.
            models.Index(fields=["key", "born_year", "person"], name="people_name_key_year_person"),
        ]

    def __str__(self) -> str:
        return self.key


class NameToken(models.Model):
    """Every folded word that occurs in a name key: the vocabulary a misspelt word of a
    query is corrected against before the keys are looked up."""

    token = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.token


class Phone(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("phone"), max_length=20, db_index=True, help_text="E.164")
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")
        # The caller lookup matches a number typed in part by its beginning (LIKE '+99890%'),
        # which PostgreSQL reads from a B-tree only with the pattern operators.
        indexes = [
            models.Index(
                fields=["number"], name="phone_number_prefix", opclasses=["varchar_pattern_ops"]
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["person", "number"], name="phone_unique_per_person")
        ]

    def __str__(self) -> str:
        return self.number


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("passport")
    ID_CARD = "id_card", _("identity card")
    BIRTH_CERTIFICATE = "birth_certificate", _("birth certificate")
    RETURN_CERTIFICATE = "return_certificate", _("certificate of return")
    MIGRATION_CARD = "migration_card", _("migration card")
    RESIDENCE_PERMIT = "residence_permit", _("residence permit")
    WORK_PERMIT = "work_permit", _("work permit")
    IIN = "iin", _("IIN (individual identification number)")
    OTHER = "other", _("other document")


class DocumentStatus(models.TextChoices):
    HELD = "held", _("held by the person")
    LOST = "lost", _("lost or stolen")
    CONFISCATED = "confiscated", _("withheld by an employer or intermediary")
    SEIZED = "seized", _("seized by authorities")
    EXPIRED = "expired", _("expired")


class IdentityDocument(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=50)
    number_key = models.CharField(max_length=50, db_index=True, editable=False)
    issuing_country = models.CharField(_("issuing country"), max_length=2, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.HELD
    )
    history = HistoricalRecords()
    history_display = {"issuing_country": country_name}

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class RelationKind(models.TextChoices):
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    SIBLING = "sibling", _("brother or sister")
    OTHER = "other", _("other relative")


class FamilyLink(models.Model):
    """``relative`` is the ``kind`` of ``person`` (the relative is the person's child...)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="family_links")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "relative"], name="family_link_unique"),
            models.CheckConstraint(
                condition=~Q(person=models.F("relative")), name="family_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.relative_id} ({self.kind})"


class ConsentScope(models.TextChoices):
    PROCESSING = "processing", _("processing by the centre")
    SHARING_PARTNERS = "sharing", _("sharing with partners for their case")
    CONTACT = "contact", _("being contacted by the centre")


class ConsentMethod(models.TextChoices):
    SIGNED = "signed", _("signed form")
    ORAL_RECORDED = "oral", _("oral, recorded by staff")
    ELECTRONIC = "electronic", _("electronic")


# How long after a consent was given it may still be recorded: paper forms signed at an
# outreach meeting are typed in later, but a consent dated years back (to pass the
# referral gate) is refused.
CONSENT_RECORDING_DAYS = 30


class Consent(models.Model):
    """A person's consent, dated by what they gave it on (``given_on``, entered by staff)
    and by when and by whom it was recorded (``recorded_at``, the server's clock)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("scope"), max_length=20, choices=ConsentScope.choices)
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how given"), max_length=20, choices=ConsentMethod.choices)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.given_on}"

    def clean(self) -> None:
        recorded_on = timezone.localdate(self.recorded_at)
        if self.given_on is None:
            return
        if self.given_on > recorded_on:
            raise ValidationError({"given_on": _("The consent date is in the future.")})
        if self.given_on < recorded_on - timedelta(days=CONSENT_RECORDING_DAYS):
            raise ValidationError(
                {
                    "given_on": _(
                        "A consent is recorded within %(days)s days of being given: "
                        "%(date)s is too long ago. Ask the person for their consent again."
                    )
                    % {
                        "days": CONSENT_RECORDING_DAYS,
                        "date": formats.date_format(self.given_on, "SHORT_DATE_FORMAT"),
                    }
                }
            )


class PersonMerge(models.Model):
    """A duplicate record merged into the kept one, with what every app moved (as the
    merge handlers reported it), so that the merge can be undone."""

    source = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("why they are one person"), blank=True)
    # Both records' fields as they were before the merge (``merging.snapshot``).
    snapshot = models.JSONField(default=dict)
    report = models.JSONField(default=dict)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"


# The duplicate search's models, kept in their own module, belong to this app.
from komek.people.linkage.models import (  # noqa: E402, F401
    DuplicateDecision,
    DuplicatePair,
    DuplicateRun,
    LinkageModel,
)
