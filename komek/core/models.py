"""Core's own rows: how long each category of personal data is kept, and what the task
workers and the staged imports need to stay correct when a process dies half-way."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RetentionPeriod(models.Model):
    """How long the rows of one category of personal data are kept (``personal_data``
    categories): data the data protection officer sets, not code. Each category's row is
    created with its default when Komek is migrated."""

    category = models.CharField(_("category"), max_length=80, unique=True)
    days = models.PositiveIntegerField(_("kept for, days"))
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        ordering = ["category"]
        constraints = [
            models.CheckConstraint(condition=models.Q(days__gt=0), name="retention_days_positive")
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.days}"


class WorkerHeartbeat(models.Model):
    """When a task worker last said it was alive: a task still marked running on a
    worker not seen for ``WORKER_LOST_AFTER`` seconds lost its worker (``core/worker.py``)."""

    worker_id = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.worker_id


class ImportBatch(models.Model):
    """An import being written in bounded, separately committed batches. Its rows carry
    the batch (``Staged``) and stay invisible until the batch is switched in, in one
    short transaction; a batch that fails, or whose process died, is discarded."""

    kind = models.CharField(max_length=40)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    # Refreshed by every batch written: a batch not touched for a while lost its process.
    touched_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
