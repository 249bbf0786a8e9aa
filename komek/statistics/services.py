"""Writes of the statistics module: staged tables, report templates. Imports themselves
are in importing.py, reports in reporting.py."""

import hashlib
import json
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import record
from komek.core import jobs
from komek.core.tables import ImportRejected, read_table
from komek.statistics import importing
from komek.statistics.models import Dataset, DatasetVersion, StagedTable, TableImport

# An uploaded table not imported within a day is discarded at the user's next upload.
STAGED_FOR = timedelta(days=1)


@transaction.atomic
def stage_table(
    *, user, upload, dataset_code: str, title: str, source: str, measure: str
) -> StagedTable:
    """Reads the uploaded table once (bounded, see core/tables.py) and keeps it as read, in
    JSON, for the preview; a table that cannot be read raises ImportRejected and nothing
    is kept."""
    stale = StagedTable.objects.filter(
        uploaded_by=user, uploaded_at__lt=timezone.now() - STAGED_FOR
    )
    for old in stale:
        discard_staged(old)
    digest = hashlib.sha256()
    suffix = Path(upload.name).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        for chunk in upload.chunks():
            digest.update(chunk)
            copy.write(chunk)
        copy.flush()
        headers, rows = read_table(Path(copy.name))
    staged = StagedTable(
        original_name=Path(upload.name).name[:200],
        sha256=digest.hexdigest(),
        uploaded_by=user,
        dataset_code=dataset_code,
        title=title,
        source=source,
        measure=measure,
    )
    table = json.dumps({"headers": headers, "rows": rows}, ensure_ascii=False)
    staged.file.save(f"{uuid.uuid4().hex}.json", ContentFile(table.encode()), save=False)
    staged.save()
    return staged


def staged_rows(staged: StagedTable) -> tuple[list[str], list[list[str]]]:
    """The staged table's header and rows, as read at the upload."""
    with staged.file.open("rb") as stored:
        table = json.load(stored)
    return table["headers"], table["rows"]


def discard_staged(staged: StagedTable) -> None:
    # The file goes once the row's deletion is committed: a rolled-back import keeps both.
    storage, name = staged.file.storage, staged.file.name
    staged.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def similar_datasets(staged: StagedTable, headers: list[str]) -> list[Dataset]:
    """The datasets this table may be a new version of, when its code names none: the same
    title, or the same source with the same further columns. Offered, never assumed: an
    upload under a new code would otherwise make a twin of a dataset already imported."""
    if Dataset.objects.filter(code=staged.dataset_code).exists():
        return []
    title, source = staged.title.strip().casefold(), staged.source.strip().casefold()
    mapping = importing.guess_mapping(headers)
    columns = sorted(
        importing.dimension_name(header)
        for header, role in mapping.items()
        if role == importing.DIMENSION
    )
    similar = []
    for dataset in Dataset.objects.filter(withdrawn_at__isnull=True).prefetch_related("versions"):
        current = next((v for v in dataset.versions.all() if v.is_current), None)
        same_title = bool(title) and dataset.title.strip().casefold() == title
        same_source = bool(source) and dataset.source.strip().casefold() == source
        same_columns = current is not None and sorted(current.dimensions) == columns
        if same_title or (same_source and same_columns):
            similar.append(dataset)
    return similar


@transaction.atomic
def import_in_background(
    *, staged: StagedTable, mapping: dict[str, str], user, dataset_code: str = ""
) -> TableImport:
    """Queue the import of a table the user checked in its preview, into the dataset they
    chose (``dataset_code``) when the table looked like one already imported."""
    if dataset_code and dataset_code != staged.dataset_code:
        staged.dataset_code = dataset_code
        staged.save(update_fields=["dataset_code"])
    job = TableImport.objects.create(
        requested_by=user, staged=staged, file_name=staged.original_name, mapping=mapping
    )
    jobs.enqueue(import_table, job)
    return job


@jobs.task(TableImport)
def import_table(job_pk: int) -> str:
    with (
        jobs.run(TableImport, job_pk) as job,
        translation.override(job.requested_by.language or settings.LANGUAGE_CODE),
    ):
        staged = job.staged
        if staged is None:
            raise ImportRejected([_("This table was already imported or discarded.")])
        headers, rows = staged_rows(staged)
        parsed = importing.parse(headers, rows, job.mapping)
        job.progress_total = len(parsed.observations)
        TableImport.objects.filter(pk=job.pk).update(progress_total=job.progress_total)
        job.version = staged_import(
            staged=staged,
            parsed=parsed,
            imported_by=job.requested_by,
            progress=lambda done, total: job.set_progress(done),
        )
        # The staged table is gone with the import (the row's link set to null).
        job.staged = None
        TableImport.objects.filter(pk=job.pk).update(version=job.version)
    return str(job.version)


def staged_import(
    *,
    staged: StagedTable,
    parsed: importing.Parsed,
    imported_by,
    progress: importing.Progress = importing.no_progress,
) -> DatasetVersion:
    """Import a staged table as the next version of its dataset, and discard the staged copy:
    both or neither (in the import's final transaction), so a table is never imported twice
    nor lost."""
    return importing.write(
        parsed,
        code=staged.dataset_code,
        title=staged.title,
        source=staged.source,
        measure=staged.measure,
        file_name=staged.original_name,
        sha256=staged.sha256,
        imported_by=imported_by,
        progress=progress,
        then=lambda: discard_staged(staged),
    )


@transaction.atomic
def withdraw_dataset(*, user, dataset: Dataset, reason: str) -> None:
    """Takes a dataset out of every statement, dashboard and report; its versions and
    figures stay, viewable, with who withdrew it, when and why."""
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    if dataset.is_withdrawn:
        return
    dataset.withdrawn_at = timezone.now()
    dataset.withdrawn_by = user
    dataset.withdrawal_reason = reason
    dataset.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    record(
        actor=user,
        action=Action.CHANGE,
        obj=dataset,
        changes={"withdrawal_reason": ["", reason]},
        detail="dataset withdrawn",
    )


@transaction.atomic
def save_template(*, user, form, sections) -> None:
    template = form.save()
    sections.instance = template
    sections.save()
    record(actor=user, action=Action.CHANGE, obj=template, detail="report template saved")
