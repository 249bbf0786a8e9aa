from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from komek.core.jobs import FileJob, job_upload_to
from komek.core.staging import Staged


class Measure(models.TextChoices):
    REGISTERED = "registered", _("foreign citizens registered")
    OTHER = "other", _("other figures")


class Dataset(Staged):
    """An official table (say, temporary registrations of foreign citizens by citizenship),
    kept in versions: a corrected table becomes the current version, the earlier ones stay.
    A dataset or a version being imported is invisible until its import is switched in."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=300)
    source = models.CharField(_("source"), max_length=300, blank=True)
    measure = models.CharField(
        _("what it counts"), max_length=20, choices=Measure.choices, default=Measure.OTHER
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # A dataset found wrong or superseded is withdrawn, not deleted: it stays viewable, but
    # no statement, dashboard or report figure is computed from it any more.
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return self.title

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class DatasetVersion(Staged):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    is_current = models.BooleanField(_("current"), default=True)
    file_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    totals_skipped = models.PositiveIntegerField(_("total rows skipped"), default=0)
    dimensions = models.JSONField(_("further dimensions"), default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        ordering = ["dataset", "-number"]
        constraints = [
            # A version being imported is numbered when it is switched in.
            models.UniqueConstraint(
                fields=["dataset", "number"],
                condition=models.Q(import_batch__isnull=True),
                name="dataset_version_number",
            ),
            models.UniqueConstraint(
                fields=["dataset"],
                condition=models.Q(is_current=True),
                name="dataset_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset.code} v{self.number}"


class Observation(models.Model):
    """One cell of an official table: a figure for a period, a territory, a citizenship and
    any further dimensions (sex, purpose of stay...)."""

    version = models.ForeignKey(
        DatasetVersion, on_delete=models.CASCADE, related_name="observations"
    )
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    territory = models.CharField(_("territory"), max_length=100)
    # The territory folded for matching ("г. Астана" and "Астана" are one city).
    territory_key = models.CharField(max_length=100)
    citizenship = models.CharField(_("citizenship"), max_length=2, blank=True)
    dimensions = models.JSONField(default=dict, blank=True)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)

    class Meta:
        indexes = [
            models.Index(fields=["version", "territory_key"], name="observation_territory"),
            models.Index(fields=["version", "citizenship"], name="observation_citizenship"),
        ]

    def __str__(self) -> str:
        return f"{self.territory} {self.citizenship} {self.period_from}: {self.value}"


class StagedTable(models.Model):
    """An uploaded table waiting for its columns to be confirmed; nothing of it is in a
    dataset until then. Kept outside the web root like every upload."""

    file = models.FileField(upload_to="statistics/staged/")
    original_name = models.CharField(max_length=200)
    # The dataset it is for, as given with the upload.
    dataset_code = models.SlugField(max_length=50)
    title = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=300, blank=True)
    measure = models.CharField(max_length=20, choices=Measure.choices, default=Measure.OTHER)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.original_name


class ReportLanguage(models.TextChoices):
    RU = "ru", _("Russian")
    EN = "en", _("English")


class ReportTemplate(models.Model):
    """A donor report's outline: sections with their text and the indicators they show.
    Edited by the coordinator; each change is kept in its history."""

    name = models.CharField(_("name"), max_length=200)
    title_ru = models.CharField(_("title in Russian"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("report template")

    def __str__(self) -> str:
        return self.name

    def title(self, language: str) -> str:
        return self.title_en if language == ReportLanguage.EN else self.title_ru


class ReportSection(models.Model):
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("order"), default=10)
    heading_ru = models.CharField(_("heading in Russian"), max_length=200)
    heading_en = models.CharField(_("heading in English"), max_length=200)
    text_ru = models.TextField(_("text in Russian"), blank=True)
    text_en = models.TextField(_("text in English"), blank=True)
    indicator = models.CharField(_("indicator"), max_length=60, blank=True)
    breakdown = models.CharField(_("broken down by"), max_length=40, blank=True)
    chart = models.BooleanField(_("with a chart"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "order", "pk"]

    def __str__(self) -> str:
        return self.heading_ru

    def heading(self, language: str) -> str:
        return self.heading_en if language == ReportLanguage.EN else self.heading_ru

    def text(self, language: str) -> str:
        return self.text_en if language == ReportLanguage.EN else self.text_ru


class Report(FileJob):
    """A report generated from a template for a period, written by the task worker as PDF
    (its ``file``) and as XLSX, one step per section and one per file."""

    folder = "reports"

    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(
        _("language"), max_length=2, choices=ReportLanguage.choices, default=ReportLanguage.RU
    )
    external = models.BooleanField(_("for sharing outside the centre"), default=True)
    xlsx = models.FileField(upload_to=job_upload_to, blank=True)

    def __str__(self) -> str:
        return f"{self.template} {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"


class TableImport(FileJob):
    """A staged table imported by the task worker (in committed batches, switched in at
    the end: ``importing.write``), so that a large table holds neither a request nor the
    database. It writes no file: when done, it names the version it made."""

    folder = "imports"

    staged = models.ForeignKey(StagedTable, null=True, on_delete=models.SET_NULL, related_name="+")
    file_name = models.CharField(_("file"), max_length=200)
    mapping = models.JSONField(default=dict)
    version = models.ForeignKey(
        DatasetVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.file_name
