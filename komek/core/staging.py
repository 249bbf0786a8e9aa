"""Imports that do not hold the database: rows written in bounded batches, each committed
on its own, marked with their import's batch and invisible to every reader until the
batch is switched in, in one short transaction. To the user the import is still all or
nothing; meanwhile page views (each writes an audit row) get the write lock between two
batches instead of waiting for the whole import, which SQLite cannot share.

A model whose rows an import writes extends ``Staged``; its default manager shows only
switched-in rows, ``with_staged`` all of them. The import runs inside ``staged_import``
and ends with ``switch_in``; a failure discards the batch, and ``discard_abandoned``
removes batches whose process died."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from komek.core.models import ImportBatch

# Rows written per committed batch: long enough to be efficient, short enough (well under
# a second on SQLite) for a page view waiting for the write lock.
BATCH_SIZE = 2000
# A batch not touched for this long lost its process (killed, out of memory).
ABANDONED_AFTER = timedelta(hours=1)


class SwitchedInManager(models.Manager):
    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(import_batch__isnull=True)


class Staged(models.Model):
    import_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = SwitchedInManager()
    with_staged = models.Manager()  # noqa: DJ012 (a manager: ruff takes it for a field)

    class Meta:
        abstract = True


def staged_models() -> list[type[Staged]]:
    return [model for model in apps.get_models() if issubclass(model, Staged)]


@contextmanager
def staged_import(*, kind: str, user) -> Iterator[ImportBatch]:
    """The batch that the import's rows carry; discarded if the import fails. Called
    inside a transaction, the batches are only savepoints and the import holds the write
    lock to its end: callers run it outside any."""
    batch = ImportBatch.objects.create(kind=kind, started_by=user)
    try:
        yield batch
    except BaseException:
        discard(batch)
        raise


def batches(items: list, size: int | None = None) -> Iterator[list]:
    size = size or BATCH_SIZE
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextmanager
def writing(batch: ImportBatch) -> Iterator[None]:
    """One batch of rows, committed on its own."""
    with transaction.atomic():
        yield
        ImportBatch.objects.filter(pk=batch.pk).update(touched_at=timezone.now())


@contextmanager
def switch_in(batch: ImportBatch) -> Iterator[None]:
    """The one short transaction that makes every row of the batch visible, with what the
    caller does inside it (numbering a version, the audit entry)."""
    with transaction.atomic():
        yield
        for model in staged_models():
            model.with_staged.filter(import_batch=batch).update(import_batch=None)
        batch.delete()


def discard(batch: ImportBatch) -> None:
    """Remove a batch's rows, a bounded batch of rows per transaction."""
    for model in staged_models():
        while True:
            with transaction.atomic():
                chunk = list(
                    model.with_staged.filter(import_batch=batch).values_list("pk", flat=True)[
                        :BATCH_SIZE
                    ]
                )
                if not chunk:
                    break
                model.with_staged.filter(pk__in=chunk).delete()
    ImportBatch.objects.filter(pk=batch.pk).delete()


def discard_abandoned(*, now=None) -> int:
    """Discard the batches whose import stopped without failing (its process died)."""
    cutoff = (now or timezone.now()) - ABANDONED_AFTER
    abandoned = list(ImportBatch.objects.filter(touched_at__lt=cutoff))
    for batch in abandoned:
        discard(batch)
    return len(abandoned)
