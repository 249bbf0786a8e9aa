"""Humanitarian aid: what is given (kinds), who pays (donors, projects, budget lines), the
stock of each office as a ledger with its batches, the distributions to people and the
rules that limit them (entitlements, approval bands). Rules are data with their source."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from simple_history.models import HistoricalRecords

from komek.aid.display import category_names, vulnerability_names
from komek.core.jobs import FileJob
from komek.core.names import in_reader_language, named

MONEY = {"max_digits": 14, "decimal_places": 2}


def items_in_words(items: list) -> str:
    """The items of a distribution kept in an audit entry as ``[kind id, quantity]``
    pairs: "Food package × 1", the kind in the reader's language. (Entries written before
    kept "code × quantity" text: shown as kept.)"""
    kinds = AidKind.objects.in_bulk([item[0] for item in items if isinstance(item, list)])
    return ", ".join(
        f"{kinds.get(item[0], item[0])} × {item[1]}" if isinstance(item, list) else str(item)
        for item in items
    )


class Unit(models.TextChoices):
    PACKAGE = "package", _("package")
    KIT = "kit", _("kit")
    SET = "set", _("set")
    TICKET = "ticket", _("ticket")
    KZT = "kzt", _("KZT")


# A quantity with its unit agreeing with the number: "1 пакет", "2 пакета", "5 пакетов".
UNIT_COUNTS = {
    Unit.PACKAGE: ngettext_lazy("%(count)s package", "%(count)s packages", "count"),
    Unit.KIT: ngettext_lazy("%(count)s kit", "%(count)s kits", "count"),
    Unit.SET: ngettext_lazy("%(count)s set", "%(count)s sets", "count"),
    Unit.TICKET: ngettext_lazy("%(count)s ticket", "%(count)s tickets", "count"),
    Unit.KZT: ngettext_lazy("%(count)s KZT", "%(count)s KZT", "count"),
}


class Named(models.Model):
    """A record named in Russian, Kazakh and English."""

    name = models.CharField(_("name"), max_length=200)
    name_kk = models.CharField(_("name in Kazakh"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return in_reader_language(self, "name")

    def name_in(self, language: str) -> str:
        """The name in ``language`` (ru, kk, en), or the Russian one where none is given."""
        return getattr(self, f"name_{language[:2]}", "") or self.name


class AidKind(Named):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    unit_value = models.DecimalField(_("value of one unit, KZT"), **MONEY)
    is_cash = models.BooleanField(_("cash"), default=False)
    # Goods kept in an office's stock (a ticket home is bought for the person, not stocked).
    stocked = models.BooleanField(_("kept in stock"), default=True)
    needs_approval = models.BooleanField(_("needs a coordinator's approval"), default=False)
    approval_above = models.DecimalField(
        _("needs approval above, KZT"), null=True, blank=True, **MONEY
    )
    tracks_expiry = models.BooleanField(_("has an expiry date"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aid kind")
        verbose_name_plural = _("aid kinds")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_cash=False) | Q(stocked=False), name="aid_kind_cash_not_stocked"
            ),
        ]

    def in_units(self, quantity: int) -> str:
        """``quantity`` of the kind with its unit, agreeing with it: "5 пакетов"."""
        return str(UNIT_COUNTS[Unit(self.unit)] % {"count": quantity})


class Donor(Named):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["code"]


class Project(models.Model):
    donor = models.ForeignKey(
        Donor, verbose_name=_("donor"), on_delete=models.PROTECT, related_name="projects"
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    currency = models.CharField(_("currency"), max_length=3, default="KZT")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gte=models.F("starts")), name="project_period")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"


class BudgetLine(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="lines"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kinds = models.ManyToManyField(AidKind, verbose_name=_("aid kinds"), related_name="lines")
    amount = models.DecimalField(_("amount, KZT"), **MONEY)
    # Kept by the services in the transaction of each change, the line's row locked:
    # requested or approved, not yet bought or handed over; bought or handed over.
    # ``komek.aid.services.line_recount`` computes them again from the distributions.
    committed = models.DecimalField(_("committed, KZT"), default=0, **MONEY)
    spent = models.DecimalField(_("spent, KZT"), default=0, **MONEY)
    history = HistoricalRecords(m2m_fields=[kinds], excluded_fields=["committed", "spent"])

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["project__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="budget_line_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code}/{self.code}: {self.name}"


class LineMonth(models.Model):
    """What a budget line spent in one month (by the day the aid was handed over or bought),
    kept by the services in the transaction of each change, the line's row locked: the
    budget page's chart reads these rows, not every distribution charged to the line.
    ``komek.aid.services.line_recount`` computes them again."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="months")
    month = models.DateField(_("month"))
    spent = models.DecimalField(_("spent, KZT"), default=0, **MONEY)

    class Meta:
        verbose_name = _("month of a budget line")
        verbose_name_plural = _("months of budget lines")
        ordering = ["line", "month"]
        constraints = [
            models.UniqueConstraint(fields=["line", "month"], name="line_month_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.month:%Y-%m}"


class Batch(models.Model):
    """Units of one kind received together in one office. ``quantity`` is what is left of
    it: changed only by the services, in the transaction that writes the ledger row."""

    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.ForeignKey(
        AidKind, verbose_name=_("aid kind"), on_delete=models.PROTECT, related_name="batches"
    )
    code = models.CharField(_("batch"), max_length=60, blank=True)
    expires = models.DateField(_("expires"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    quantity = models.IntegerField(_("quantity left"), default=0)

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        constraints = [
            # The last guard: stock never goes below zero, whatever a bug lets through.
            models.CheckConstraint(
                condition=Q(quantity__gte=0), name="batch_quantity_not_negative"
            ),
            models.UniqueConstraint(
                fields=["office", "kind", "code"], condition=~Q(code=""), name="batch_code_unique"
            ),
        ]
        indexes = [models.Index(fields=["office", "kind", "expires"])]

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"


class Movement(models.TextChoices):
    RECEIPT = "receipt", _("receipt")
    ISSUE = "issue", _("issue")
    TRANSFER_OUT = "transfer_out", _("transfer out")
    TRANSFER_IN = "transfer_in", _("transfer in")
    WRITE_OFF = "write_off", _("write-off")
    COUNT = "count", _("stock count")
    REVERSAL = "reversal", _("reversal")


class WriteOffReason(models.TextChoices):
    EXPIRED = "expired", _("expired")
    DAMAGED = "damaged", _("damaged")
    LOST = "lost", _("lost")


class StockMovement(models.Model):
    """The stock ledger: one row per change of a batch, never updated or deleted. The
    balance of an office in a kind is the sum of its rows."""

    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.ForeignKey(
        AidKind, verbose_name=_("aid kind"), on_delete=models.PROTECT, related_name="movements"
    )
    batch = models.ForeignKey(
        Batch,
        verbose_name=_("batch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
    )
    quantity = models.IntegerField(_("quantity"))
    reason = models.CharField(_("movement"), max_length=15, choices=Movement.choices)
    write_off_reason = models.CharField(
        _("reason for the write-off"), max_length=10, choices=WriteOffReason.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    budget_line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("budget line"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
    )
    distribution = models.ForeignKey(
        "Distribution",
        verbose_name=_("distribution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
    )
    pair = models.ForeignKey(
        "self",
        verbose_name=_("other half of the transfer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        indexes = [models.Index(fields=["office", "kind", "at"])]

    # The audit entry of a movement keeps the ids of its office, kind and batch.
    history_display = {
        "office": named("accounts.Office"),
        "kind": named("aid.AidKind"),
        "batch": named("aid.Batch"),
    }

    def __str__(self) -> str:
        # Kept as the audit entry's name of the record: no words of one language.
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.quantity:+d}"


class Status(models.TextChoices):
    REQUESTED = "requested", _("requested")
    APPROVED = "approved", _("approved")
    PURCHASED = "purchased", _("purchased")
    HANDED_OVER = "handed_over", _("handed over")
    REVERSED = "reversed", _("reversal")


class Distribution(models.Model):
    """Aid given (or requested) for a person. A correction is another distribution in
    status ``reversed`` that ``reverses`` this one with the opposite quantities."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="aid_distributions",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aid_distributions",
    )
    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed out by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handed_at = models.DateTimeField(_("handed out"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("receipt acknowledged"), null=True, blank=True)
    household = models.BooleanField(_("for the household"), default=False)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    override_reason = models.CharField(_("reason for the override"), max_length=300, blank=True)
    # The rules the override set aside: "entitlement", "budget".
    overridden_rules = models.JSONField(_("rules overridden"), default=list, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overridden by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approvals_needed = models.PositiveSmallIntegerField(_("approvals needed"), default=0)
    key = models.CharField(_("submission key"), max_length=64, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["person", "created_at"]),
            models.Index(fields=["office", "status", "created_at"]),
            # The approval queue: the few requests on their way (to be approved, bought,
            # handed over) among millions handed over.
            models.Index(
                fields=["created_at"],
                condition=Q(status__in=["requested", "approved", "purchased"]),
                name="aid_distribution_on_its_way",
            ),
        ]

    # Its audit entries keep the items as [kind id, quantity] pairs.
    history_display = {"items": items_in_words}

    def __str__(self) -> str:
        return f"№{self.pk}"


class DistributionItem(models.Model):
    """One kind in a distribution. ``person`` and ``at`` repeat the distribution's person
    and date so that an entitlement check is one read of one index."""

    distribution = models.ForeignKey(
        Distribution, verbose_name=_("distribution"), on_delete=models.PROTECT, related_name="items"
    )
    kind = models.ForeignKey(AidKind, verbose_name=_("aid kind"), on_delete=models.PROTECT)
    quantity = models.IntegerField(_("quantity"))
    value = models.DecimalField(_("value, KZT"), **MONEY)
    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), on_delete=models.PROTECT, related_name="items"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("item given")
        verbose_name_plural = _("items given")
        indexes = [models.Index(fields=["kind", "person", "at"])]

    def __str__(self) -> str:
        return f"{self.kind_id} × {self.quantity}"


class Approval(models.Model):
    distribution = models.ForeignKey(
        Distribution,
        verbose_name=_("distribution"),
        on_delete=models.PROTECT,
        related_name="approvals",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(fields=["distribution", "by"], name="approval_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.distribution_id} ✓ {self.by_id}"


class Purchase(models.Model):
    distribution = models.ForeignKey(
        Distribution,
        verbose_name=_("distribution"),
        on_delete=models.PROTECT,
        related_name="purchases",
    )
    document = models.FileField(_("purchase document"), upload_to="aid/%Y/%m/")
    amount = models.DecimalField(_("amount, KZT"), **MONEY)
    budget_line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("budget line"),
        on_delete=models.PROTECT,
        related_name="purchases",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="purchase_amount")]

    def __str__(self) -> str:
        return f"{self.distribution_id}: {self.amount}"


class Per(models.TextChoices):
    PERSON = "person", _("per person")
    HOUSEHOLD = "household", _("per household")


class EntitlementRule(models.Model):
    """How much of its kinds, counted together, one person (or household) may receive in
    a rolling period, counted across every office and project, and who qualifies for it:
    a rule of one kind (a food package a month), or of kinds that are one entitlement
    (one ticket home a year, by bus, rail or air)."""

    kinds = models.ManyToManyField(AidKind, verbose_name=_("aid kinds"), related_name="rules")
    per = models.CharField(_("counted"), max_length=10, choices=Per.choices, default=Per.PERSON)
    max_quantity = models.PositiveIntegerField(_("at most, units"), null=True, blank=True)
    max_value = models.DecimalField(_("at most, KZT"), null=True, blank=True, **MONEY)
    period_days = models.PositiveIntegerField(_("in a rolling period of, days"))
    qualifies_vulnerabilities = models.JSONField(
        _("for people with one of these vulnerabilities"), default=list, blank=True
    )
    qualifies_case_categories = models.JSONField(
        _("or with an open case of one of these categories"), default=list, blank=True
    )
    source = models.CharField(_("source"), max_length=300)
    to_be_verified = models.BooleanField(_("to be verified"), default=True)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[kinds])
    history_display = {
        "qualifies_vulnerabilities": vulnerability_names,
        "qualifies_case_categories": category_names,
    }

    class Meta:
        verbose_name = _("entitlement rule")
        verbose_name_plural = _("entitlement rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_quantity__isnull=False) | Q(max_value__isnull=False),
                name="entitlement_rule_has_a_limit",
            ),
            models.CheckConstraint(condition=Q(period_days__gt=0), name="entitlement_period"),
        ]

    def __str__(self) -> str:
        return f"№{self.pk}: {self.max_quantity or self.max_value} / {self.period_days}"


class ApprovalBand(models.Model):
    """Who must approve aid of a value up to ``up_to`` KZT (the lowest band that holds it):
    0 the social worker alone, 1 a coordinator, 2 two coordinators."""

    up_to = models.DecimalField(_("value up to, KZT"), null=True, blank=True, **MONEY)
    approvers = models.PositiveSmallIntegerField(_("approvers"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval band")
        verbose_name_plural = _("approval bands")
        ordering = [models.F("up_to").asc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(fields=["up_to"], name="approval_band_unique"),
            models.CheckConstraint(condition=Q(approvers__lte=2), name="approval_band_approvers"),
        ]

    def __str__(self) -> str:
        return f"≤ {self.up_to}: {self.approvers}"


class DistributionExport(FileJob):
    """The distributions (one row per item) written to XLSX by the task worker, with the
    filters they were chosen by."""

    folder = "exports"

    filters = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"aid.xlsx {self.requested_at:%Y-%m-%d %H:%M}"
