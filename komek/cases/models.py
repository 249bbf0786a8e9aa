from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from komek.accounts.scoping import OfficeOwned
from komek.cases import timeline
from komek.core.jobs import FileJob


class CaseKind(models.TextChoices):
    LEGAL = "legal", _("legal")
    SOCIAL = "social", _("social")


class Priority(models.TextChoices):
    LOW = "low", _("low")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    URGENT = "urgent", _("urgent")


class Status(models.TextChoices):
    NEW = "new", _("new")
    IN_PROGRESS = "in_progress", _("in progress")
    WAITING = "waiting", _("waiting for a partner")
    RESOLVED = "resolved", _("resolved")
    UNRESOLVED = "unresolved", _("closed unresolved")
    TRANSFERRED = "transferred", _("transferred")


CLOSED = frozenset({Status.RESOLVED, Status.UNRESOLVED, Status.TRANSFERRED})


class Outcome(models.TextChoices):
    DOCUMENTS_RESTORED = "documents", _("documents restored")
    RETURNED_HOME = "returned", _("returned home")
    WAGES_RECOVERED = "wages", _("wages recovered")
    REGULARISED = "regularised", _("regularised")
    RELEASED = "released", _("released from detention")
    REFERRED = "referred", _("referred elsewhere")
    LOST_CONTACT = "lost_contact", _("client lost contact")
    OTHER = "other", _("other")


class Case(OfficeOwned):
    """A lawyer's or social worker's case, from opening to its outcome."""

    kind = models.CharField(_("kind"), max_length=10, choices=CaseKind.choices)
    category = models.ForeignKey(
        "hotline.Topic", verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    client = models.ForeignKey(
        "people.Person", verbose_name=_("client"), on_delete=models.PROTECT, related_name="cases"
    )
    people = models.ManyToManyField(
        "people.Person", verbose_name=_("people involved"), blank=True, related_name="+"
    )
    assigned_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned staff"), related_name="cases"
    )
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_(
            "Trafficking, gender-based violence…: only assigned staff and coordinators see it."
        ),
    )
    # Computed by the database so that sorting by priority reads an index: low 0 … urgent 3.
    priority_rank = models.GeneratedField(
        expression=models.Case(
            *(
                models.When(priority=value, then=models.Value(rank))
                for rank, value in enumerate(Priority.values)
            ),
            default=models.Value(1),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices, blank=True)
    amount_recovered = models.DecimalField(
        _("amount recovered, KZT"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    opened_from = models.ForeignKey(
        "hotline.Contact",
        verbose_name=_("opened from contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Raised by every save: an edit based on an older version is refused, not lost.
    version = models.PositiveIntegerField(default=1)
    # The earliest date an open task or a sent referral's answer is due, kept by
    # ``deadlines.refresh``: a case is overdue when it is before today.
    next_due_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["priority_rank", "next_due_on"])

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["-opened_at"]),
            models.Index(fields=["office", "-opened_at"]),
            models.Index(fields=["office", "-priority_rank", "-opened_at"]),
            models.Index(fields=["office", "status", "-opened_at"]),
            models.Index(fields=["category", "status"]),
            # "My open cases": the office's open cases, joined with the user's assignments
            # without reading the table.
            models.Index(
                fields=["office", "-opened_at", "-id"],
                condition=~models.Q(status__in=sorted(CLOSED)),
                name="case_open_by_office",
            ),
            models.Index(
                fields=["office", "next_due_on"],
                condition=models.Q(next_due_on__isnull=False),
                name="case_due_by_office",
            ),
        ]

    def __str__(self) -> str:
        return f"№{self.pk} {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED


class CaseEvent(models.Model):
    """One entry of the case's timeline, written by ``services.case_event_add``; its kinds
    are registered by the apps that write them (``komek/cases/timeline.py``)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField(max_length=30, validators=[timeline.validate_event_kind])
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d}"

    def get_kind_display(self) -> str:
        return str(timeline.event_kind(self.kind).label)

    @property
    def kind_template(self) -> str:
        return timeline.event_kind(self.kind).template

    @property
    def status_change(self) -> tuple[str, str, str]:
        """The old and new status and the outcome, in the interface language."""
        outcome = self.data.get("outcome")
        return (
            Status(self.data["old"]).label,
            Status(self.data["new"]).label,
            Outcome(outcome).label if outcome else "",
        )

    @property
    def status_because(self) -> str:
        """What moved the case, when the work did, in the interface language."""
        because = timeline.BECAUSE.get(self.data.get("because", ""))
        # The partner is kept by id and named in the reader's language (``prepare``).
        return str(because) % {"partner": getattr(self, "partner", "") or ""} if because else ""

    def referral_change(self) -> list[str]:
        """What happened to a referral, in the interface language: what was requested (when
        it was recorded), its new status, and the outcome of the partner's answer."""
        data = self.data
        if "status" not in data:
            return []
        return [
            label
            for label in (
                Request(data["request"]).label if data.get("request") else "",
                ReferralStatus(data["status"]).label,
                ReferralOutcome(data["outcome"]).label if data.get("outcome") else "",
            )
            if label
        ]

    @property
    def task_due_on(self) -> date | None:
        due_on = self.data.get("due_on")
        return date.fromisoformat(due_on) if due_on else None


class CaseDocument(models.Model):
    """A scan or photo attached to a case. Stored outside the web root under a random
    name; served only through a permission-checked, audited view."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="cases/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Request(models.TextChoices):
    RETURN_CERTIFICATE = "return_certificate", _("certificate of return")
    PASSPORT = "passport", _("passport replacement")
    CONSULAR = "consular", _("consular assistance")
    RELEASE = "release", _("release from detention")
    WAGE_CLAIM = "wage_claim", _("wage claim")
    SHELTER = "shelter", _("shelter")
    MEDICAL = "medical", _("medical care")
    OTHER = "other", _("other")


class Channel(models.TextChoices):
    LETTER = "letter", _("letter")
    EMAIL = "email", _("email")
    VISIT = "visit", _("visit")
    PHONE = "phone", _("phone")


class ReferralOutcome(models.TextChoices):
    DONE = "done", _("request fulfilled")
    PARTLY = "partly", _("partly fulfilled")
    REFUSED = "refused", _("refused")
    REDIRECTED = "redirected", _("sent elsewhere")


class ReferralStatus(models.TextChoices):
    PREPARED = "prepared", _("being prepared")
    SENT = "sent", _("sent, awaiting an answer")
    ANSWERED = "answered", _("answered")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Referral(models.Model):
    """A request sent to a partner for a case, and the partner's answer.

    Prepared (the letter is being written) → sent → answered; or withdrawn before the
    answer. Only sent and answered referrals count in the response-time evidence."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    request = models.CharField(_("what is requested"), max_length=20, choices=Request.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    details = models.TextField(_("details"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    response_days = models.PositiveSmallIntegerField(_("answer expected within, days"), default=14)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    expected_by = models.DateField(_("answer expected by"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    without_consent_reason = models.CharField(
        _("reason for sharing without consent"), max_length=300, blank=True
    )
    # The consent that let it through was recorded by the sender: flagged to coordinators.
    consent_recorded_by_sender = models.BooleanField(
        _("on a consent the sender recorded"), default=False
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=ReferralOutcome.choices, blank=True
    )
    # The partner's reply as a file, kept with the case's documents.
    reply = models.ForeignKey(
        CaseDocument,
        verbose_name=_("reply"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on"]
        indexes = [
            models.Index(fields=["partner", "sent_on"]),
            # "Overdue" asks, case by case, for an answer awaited past its date.
            models.Index(
                fields=["case", "expected_by"],
                condition=models.Q(status=ReferralStatus.SENT),
                name="referral_awaited_by_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.get_request_display()}"

    @property
    def days_to_answer(self) -> int | None:
        return (self.answered_on - self.sent_on).days if self.answered_on else None

    @property
    def is_overdue(self) -> bool:
        return self.status == ReferralStatus.SENT and self.expected_by < timezone.localdate()


class Task(models.Model):
    """Something to do on a case by a date: call the client back, chase the embassy."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="case_tasks",
    )
    due_on = models.DateField(_("due"))
    referral = models.ForeignKey(
        Referral,
        verbose_name=_("follow-up of referral"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    # Empty for the follow-ups Komek creates itself.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["assignee", "due_on"],
                condition=models.Q(done_at__isnull=True),
                name="task_open_by_assignee",
            ),
            models.Index(
                fields=["due_on"], condition=models.Q(done_at__isnull=True), name="task_open_due"
            ),
            # "Overdue" asks, case by case, for an open task past its date.
            models.Index(
                fields=["case", "due_on"],
                condition=models.Q(done_at__isnull=True),
                name="task_open_by_case",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_on < timezone.localdate()


class CaseExport(FileJob):
    """A case list written to XLSX by the task worker, with its progress counted in rows."""

    folder = "exports"

    filters = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"cases.xlsx {self.requested_at:%Y-%m-%d %H:%M}"
