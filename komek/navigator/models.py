"""Migration rules as dated, sourced data, and the advice given from them.

A rule is kept in versions: a lawyer's edit writes a new version and retires the old one
(``replaced_by``), so that advice saved from the old version still names exactly what it
relied on, and the people it was given to can be called back. Whether a version applies
to a situation is data too: the citizenships and country groups it covers, the purpose on
the migration card, the documents held, the period it was in force (``valid_from`` /
``valid_to``) and the date it is judged by (the entry date or the day of evaluation).
Nothing here is certain until a lawyer has verified it (``verified_by``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from komek.accounts.models import Office
from komek.core.names import in_reader_language
from komek.people.models import Person


class RuleKind(models.TextChoices):
    STAY_UNREGISTERED = "stay_unregistered", _("stay without registration")
    MAX_STAY = "max_stay", _("maximum stay per entry")
    ROLLING_WINDOW = "rolling_window", _("days in a rolling window")
    REGISTRATION_DEADLINE = "registration_deadline", _("registration deadline")
    WORK_AUTHORISATION = "work_authorisation", _("work authorisation")
    PERMIT_FEE = "permit_fee", _("permit fee")
    QUOTA = "quota", _("quota")
    DOCUMENT_NEEDED = "document_needed", _("document needed")
    SANCTION = "sanction", _("sanction")


class Purpose(models.TextChoices):
    """The purpose of the trip as marked on the migration card."""

    WORK = "work", _("work")
    PRIVATE = "private", _("private visit")
    STUDY = "study", _("study")
    BUSINESS = "business", _("business")
    TOURISM = "tourism", _("tourism")
    TREATMENT = "treatment", _("medical treatment")
    TRANSIT = "transit", _("transit")
    OTHER = "other", _("other")


class Document(models.TextChoices):
    """What a person may hold; a rule may require or exclude any of them."""

    PASSPORT = "passport", _("passport")
    MIGRATION_CARD = "migration_card", _("migration card")
    REGISTRATION = "registration", _("registration")
    EMPLOYMENT_CONTRACT = "employment_contract", _("employment contract")
    WORK_PERMIT = "work_permit", _("work permit")
    RESIDENCE_PERMIT = "residence_permit", _("temporary residence permit")
    CERTIFICATE_OF_RETURN = "certificate_of_return", _("certificate of return")


class Counting(models.TextChoices):
    CALENDAR = "calendar", _("calendar days")
    WORKING = "working", _("working days")


class CountFrom(models.TextChoices):
    ENTRY = "entry", _("the day of entry")
    DAY_AFTER = "day_after", _("the day after entry")


class JudgedBy(models.TextChoices):
    """Which date decides whether a version is in force for a situation."""

    ENTRY = "entry", _("the date of entry")
    EVALUATION = "evaluation", _("the day of evaluation")


class Permit(models.TextChoices):
    """What a work-authorisation rule says is needed to work."""

    NONE = "none", _("no work permit needed")
    HOUSEHOLD = "household", _("permit to a labour immigrant (work for a household)")
    EMPLOYER = "employer", _("work permit obtained by the employer, within the quota")
    SEASONAL = "seasonal", _("seasonal work permit")


class Status(models.TextChoices):
    """A person's standing on the day of evaluation; a sanction names the one it punishes."""

    IN_ORDER = "in_order", _("in order")
    REGISTRATION_OVERDUE = "registration_overdue", _("registration overdue")
    OVERSTAYING = "overstaying", _("overstaying")
    WORKING_WITHOUT_PERMIT = "working_without_permit", _("working without a permit")


class Confidence(models.TextChoices):
    """How firmly the source says it (DOMAIN.md's tags)."""

    SOURCE = "S", _("the source says so")
    INFERRED = "I", _("inferred from sources")
    UNCERTAIN = "U", _("uncertain")


class CountryGroup(models.Model):
    """Countries a rule may name together: the EAEU members, the visa-free countries."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_kk = models.CharField(_("name in Kazakh"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("country group")
        verbose_name_plural = _("country groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return in_reader_language(self, "name")


class GroupMember(models.Model):
    """A country's membership of a group, dated: Kyrgyzstan is in the EAEU from 12 August
    2015."""

    group = models.ForeignKey(CountryGroup, on_delete=models.CASCADE, related_name="members")
    country = models.CharField(_("country"), max_length=2)
    valid_from = models.DateField(_("member from"), null=True, blank=True)
    valid_to = models.DateField(_("member until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "country", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="navigator_member_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group.code}: {self.country}"


class Rule(models.Model):
    """One version of a rule. ``code`` names the rule across its versions; a new version
    of the same code replaces this one (``replaced_by``), which is then kept as it was."""

    code = models.SlugField(_("code"), max_length=80)
    version = models.PositiveIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=30, choices=RuleKind.choices)
    name = models.CharField(_("name"), max_length=300)
    # How migrants read the name on the public portal (komek/core/names.py): translations
    # of ``name``, not part of what a version says (komek/navigator/editing.py).
    name_uz = models.CharField(_("name in Uzbek (Latin)"), max_length=300, blank=True)
    name_uz_cyrl = models.CharField(_("name in Uzbek (Cyrillic)"), max_length=300, blank=True)
    name_tg = models.CharField(_("name in Tajik"), max_length=300, blank=True)
    name_ky = models.CharField(_("name in Kyrgyz"), max_length=300, blank=True)
    # Who it applies to: citizenships (ISO 3166-1 alpha-2) and groups; both empty means
    # everyone.
    countries = models.JSONField(_("citizenships"), default=list, blank=True)
    groups = models.ManyToManyField(
        CountryGroup, verbose_name=_("country groups"), blank=True, related_name="rules"
    )
    # Conditions: the purposes it applies to (empty: any), the documents that must all be
    # held, and the documents any of which puts the person outside it.
    purposes = models.JSONField(_("purposes"), default=list, blank=True)
    requires = models.JSONField(_("applies only with"), default=list, blank=True)
    excludes = models.JSONField(_("does not apply with"), default=list, blank=True)
    # Where several versions of one obligation apply, the highest precedence is followed.
    precedence = models.IntegerField(_("precedence"), default=0)
    # Parameters.
    days = models.PositiveIntegerField(_("days"), null=True, blank=True)
    window_days = models.PositiveIntegerField(_("window length, days"), null=True, blank=True)
    counting = models.CharField(
        _("counting"), max_length=10, choices=Counting.choices, default=Counting.CALENDAR
    )
    count_from = models.CharField(
        _("counted from"), max_length=10, choices=CountFrom.choices, default=CountFrom.ENTRY
    )
    entry_day_counts = models.BooleanField(_("the day of entry counts"), default=True)
    exit_day_counts = models.BooleanField(_("the day of exit counts"), default=True)
    amount_mci = models.DecimalField(
        _("amount, MCI"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    amount_mci_max = models.DecimalField(
        _("up to, MCI"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    permit = models.CharField(_("permit"), max_length=20, choices=Permit.choices, blank=True)
    document = models.CharField(_("document"), max_length=30, choices=Document.choices, blank=True)
    # A sanction names the status it punishes.
    for_status = models.CharField(
        _("for the status"), max_length=30, choices=Status.choices, blank=True
    )
    # When it was in force, and by which date a situation is judged.
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    judged_by = models.CharField(
        _("judged by"), max_length=12, choices=JudgedBy.choices, default=JudgedBy.ENTRY
    )
    # The legal source, and who checked it.
    source_act = models.CharField(_("act"), max_length=500)
    source_article = models.CharField(_("article"), max_length=200, blank=True)
    source_url = models.URLField(_("link"), max_length=500, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=1, choices=Confidence.choices, default=Confidence.UNCERTAIN
    )
    note = models.TextField(_("note"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    # Its place among the versions of the code.
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    change_reason = models.CharField(_("reason for the change"), max_length=500, blank=True)
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
    )
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="navigator_rule_version"),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(replaced_by__isnull=True),
                name="navigator_rule_one_current",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="navigator_rule_period",
            ),
        ]
        indexes = [models.Index(fields=["kind", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def label(self) -> str:
        """The name in the reader's language where it has been translated."""
        return in_reader_language(self, "name")

    @property
    def verified(self) -> bool:
        return self.verified_by_id is not None

    @property
    def current(self) -> bool:
        return self.replaced_by_id is None


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("public holiday")
    DAY_OFF = "day_off", _("day off carried over")
    WORKING = "working", _("working day carried over")


class CalendarDay(models.Model):
    """A day that is not what its weekday says: a public holiday, a weekday off carried
    over, or a weekend day worked instead. Kept by year with the act that set it."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=500)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        # The audit log keeps this as it reads when written: no label of the writer's
        # language in it.
        return f"{self.date.isoformat()} {self.name}".strip()


class Advice(models.Model):
    """What a person was told: the situation as entered, the answer as given (kept as
    JSON, never recomputed) and the rule versions it came from."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    situation = models.JSONField(_("situation"))
    answer = models.JSONField(_("answer"))
    status = models.CharField(_("status"), max_length=30, choices=Status.choices)
    rules = models.ManyToManyField(Rule, related_name="advice", verbose_name=_("rules used"))
    note = models.TextField(_("note"), blank=True)
    given_at = models.DateTimeField(_("given"), auto_now_add=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Later advice to the same person, given after a rule it relied on changed.
    followed_up_by = models.ForeignKey(
        "self",
        verbose_name=_("followed up by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("advice")
        verbose_name_plural = _("advice")
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["person", "-given_at"])]

    def __str__(self) -> str:
        return str(self.person)
