"""Background file jobs: a file that the task worker writes (a case list, a donor report,
later certificates, receipts and booklets) while the user watches its progress, and that
only the staff member who asked for it may download.

A job's model extends ``FileJob``; its task is declared with ``@jobs.task(Model)``. The
request that creates it queues its task with ``enqueue``; the task does its work inside
``run``; the views fetch it with ``owned`` and answer with ``status_page`` (its page
includes ``core/includes/job_status.html`` in a ``job`` partial) and ``download``. A job
whose worker died is run again by another worker, or failed (``core/worker.py``).
"""

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import File
from django.db import models, transaction
from django.dispatch import Signal
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task as django_task
from django_tasks.base import Task

# A job's file was handed to its owner: ``sender`` is the job's model, with ``job``,
# ``user`` and ``detail``. The audit app records it as an export; core sits below audit
# and cannot call it.
downloaded = Signal()


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("being written")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


def job_upload_to(job: "FileJob", filename: str) -> str:
    return f"{job.folder}/{timezone.now():%Y/%m}/{filename}"


class FileJob(models.Model):
    """A file written in the background for the staff member who asked for it. A model
    may add more files with ``FileField(upload_to=job_upload_to, blank=True)``: ``run``
    looks after every file field."""

    # Where the model's files are stored, under MEDIA_ROOT.
    folder = "jobs"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=job_upload_to, blank=True)
    error = models.CharField(max_length=300, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at"]

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status == JobStatus.DONE else 0
        return round(100 * self.progress_done / self.progress_total)

    @property
    def in_progress(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    def set_progress(self, done: int) -> None:
        """Show ``done`` at once: the work runs outside a transaction for this."""
        type(self).objects.filter(pk=self.pk).update(progress_done=done)
        self.progress_done = done

    def write(self, content: File, *, suffix: str, field: str = "file") -> None:
        """Store a file under a name nobody can guess; ``run`` records it when done."""
        getattr(self, field).save(f"{uuid.uuid4().hex}{suffix}", content, save=False)

    def file_fields(self) -> list[models.FileField]:
        fields = self._meta.concrete_fields
        return [field for field in fields if isinstance(field, models.FileField)]


Job = TypeVar("Job", bound=FileJob)

# Each job task's path (as the task queue stores it) and the model of its jobs.
_models_of_tasks: dict[str, type[FileJob]] = {}


def task(model: type[FileJob]) -> Callable[[Callable[[int], str]], Task]:
    """Declare the task that writes the jobs of ``model``, given a job's id."""

    def register(function: Callable[[int], str]) -> Task:
        declared = django_task()(function)
        _models_of_tasks[declared.module_path] = model
        return declared

    return register


def fail_lost(task_path: str, args: list, error: str) -> None:
    """The job of a task that the workers gave up on (they died running it each time):
    failed, where its owner sees it, instead of being written forever."""
    model = _models_of_tasks.get(task_path)
    if model is None or not args:
        return
    model.objects.filter(pk=args[0], status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        status=JobStatus.FAILED, error=error[:300], finished_at=timezone.now()
    )


def enqueue(task: Task, job: FileJob) -> None:
    """Queue the job's task once the transaction that created the job commits, so that a
    worker, whatever the queue's backend, never looks for a job that is not there."""
    transaction.on_commit(lambda: task.enqueue(job.pk))


@contextmanager
def run(model: type[Job], pk: int) -> Iterator[Job]:
    """Where a job's task does its work: the job is marked running, then done with its
    files, or failed with its error and without any file it had written: a job whose
    work fails, or whose final transaction rolls back, leaves no file behind."""
    job = model.objects.get(pk=pk)
    # From the start again when the worker of an earlier attempt died half-way.
    model.objects.filter(pk=pk).update(status=JobStatus.RUNNING, progress_done=0)
    job.status, job.progress_done = JobStatus.RUNNING, 0
    before = {field.attname: getattr(job, field.attname).name for field in job.file_fields()}
    try:
        yield job
        with transaction.atomic():
            job.status = JobStatus.DONE
            job.progress_done = job.progress_total
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "progress_done", "finished_at", *before])
    # BaseException: WeasyPrint's fatal errors and a worker's shutdown are not Exceptions.
    except BaseException as error:
        for attname, name in before.items():
            written = getattr(job, attname)
            if written and written.name != name:
                written.delete(save=False)
        model.objects.filter(pk=pk).update(
            status=JobStatus.FAILED,
            error=(str(error) or type(error).__name__)[:300],
            finished_at=timezone.now(),
        )
        raise


def owned(model: type[Job], *, pk: int, user) -> Job:
    """The user's own job; another user's job is not found, as if it did not exist."""
    return get_object_or_404(model, pk=pk, requested_by=user)


def status_page(request: HttpRequest, job: FileJob, *, template: str, **context) -> HttpResponse:
    """The job's page; for htmx's polling, only the page's ``job`` partial."""
    name = f"{template}#job" if request.htmx else template
    return render(request, name, {"job": job, **context})


def download(
    request: HttpRequest, job: FileJob, *, filename: str, detail: str, field: str = "file"
) -> FileResponse:
    """A finished job's file for the user who asked for it, recorded as an export and
    kept out of every cache (a shared computer's browser, a proxy)."""
    if job.requested_by_id != request.user.pk or job.status != JobStatus.DONE:
        raise Http404
    if not downloaded.has_listeners(type(job)):
        raise ImproperlyConfigured("Nothing records job downloads: is komek.audit installed?")
    downloaded.send(type(job), job=job, user=request.user, detail=detail[:500])
    response = FileResponse(getattr(job, field).open("rb"), as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response
