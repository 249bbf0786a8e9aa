from django.db import models
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
