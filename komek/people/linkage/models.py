"""What the search for duplicate people keeps: the trained model, the runs and the pairs
they found (the review items), and the reviewers' decisions, which every later run obeys.

Imported by ``komek.people.models``, so the models belong to the people app.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.people.models import Person


def probably_same(score: float) -> bool:
    """Above DUPLICATE_SAME_SCORE; below it, for a reviewer to decide."""
    return score >= settings.DUPLICATE_SAME_SCORE


class LinkageModel(models.Model):
    """Splink's settings with the parameters trained on the registry (EM, without labels):
    the latest version serves every run until a retraining writes a new one."""

    version = models.PositiveIntegerField(unique=True)
    trained_at = models.DateTimeField(auto_now_add=True)
    settings = models.JSONField()
    people_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version}"


class DuplicateDecision(models.Model):
    """A reviewer's word on two records: the same person or not. ``person_a`` is always
    the lower id, so a pair has one decision however it was shown."""

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    same = models.BooleanField(_("the same person"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person_a", "person_b"], name="duplicate_decision_pair"
            ),
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="duplicate_decision_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} {'=' if self.same else '≠'} {self.person_b_id}"


class RunStep(models.TextChoices):
    QUEUED = "queued", _("waiting for the worker")
    READ = "read", _("reading the records")
    TRAIN = "train", _("training the model")
    PREDICT = "predict", _("comparing the records")
    CLUSTER = "cluster", _("grouping the pairs")
    STORE = "store", _("keeping the pairs")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class DuplicateRun(models.Model):
    """One search for duplicates, over the whole registry (no office) or one office: run
    by the command, or in the background (``tasks``), its step shown while it runs."""

    office = models.ForeignKey(
        "accounts.Office", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # None when there were fewer than two people to compare.
    model = models.ForeignKey(
        LinkageModel, on_delete=models.PROTECT, null=True, blank=True, related_name="runs"
    )
    # The lowest score of a pair the run kept.
    threshold = models.FloatField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    people_count = models.PositiveIntegerField(default=0)
    pairs_count = models.PositiveIntegerField(default=0)
    clusters_count = models.PositiveIntegerField(default=0)
    step = models.CharField(max_length=10, choices=RunStep.choices, default=RunStep.QUEUED)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.office_id or 'all'} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def under_way(self) -> bool:
        return self.step not in (RunStep.DONE, RunStep.FAILED)


class DuplicatePair(models.Model):
    """Two records a run found alike, in the cluster ``cluster`` of that run, with the
    model's reasons: for each comparison, its level and the weight it added (bits)."""

    run = models.ForeignKey(DuplicateRun, on_delete=models.CASCADE, related_name="pairs")
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=dict)
    cluster = models.PositiveIntegerField()
    # The cluster's weakest link, the same on each of its pairs.
    cluster_score = models.FloatField()

    class Meta:
        ordering = ["run", "cluster", "-score"]
        indexes = [models.Index(fields=["run", "cluster"])]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id} ({self.score:.3f})"

    @property
    def people(self) -> tuple[Person, Person]:
        return self.person_a, self.person_b

    @property
    def probably_same(self) -> bool:
        return probably_same(self.score)
