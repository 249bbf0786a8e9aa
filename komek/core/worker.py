"""The task worker that keeps going: django-tasks-db's worker loop, started again after a
locked or lost database instead of exiting, and a heartbeat so that a task whose worker
died (killed, out of memory, its machine gone) is run again by another worker, or failed
where its owner sees it, never left "running" forever.

Every worker writes its heartbeat every ``WORKER_HEARTBEAT_SECONDS`` from a thread of its
own, so a long task does not silence it, and then sweeps: a task still running on a
worker not heard from for ``WORKER_LOST_AFTER_SECONDS`` goes back to the queue, or fails
after ``MAX_ATTEMPTS`` workers died running it (with its file job, ``jobs.fail_lost``).
The same sweep discards imports whose process died (``staging.discard_abandoned``)."""

import logging
import threading
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from komek.core import jobs, staging
from komek.core.models import WorkerHeartbeat

logger = logging.getLogger("komek.worker")

# A database that is locked, restarting or out of reach.
DATABASE_ERRORS = (OperationalError, InterfaceError)
# How many workers may die running one task before it is failed.
MAX_ATTEMPTS = 3
# The longest wait between two attempts to reach the database.
MAX_BACKOFF_SECONDS = 30


class WorkerLost(Exception):
    """Recorded as a task's failure when its workers kept dying while running it."""


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": timezone.now()}
    )


def sweep(*, now: datetime | None = None) -> list[str]:
    """Put back in the queue, or fail, each task whose worker was lost; the ids of the
    tasks swept."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.WORKER_LOST_AFTER_SECONDS)
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    swept = []
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        )
        for result in running:
            if result.worker_ids and result.worker_ids[-1] in alive:
                continue
            release(result)
            swept.append(str(result.id))
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    staging.discard_abandoned(now=now)
    return swept


def release(result: DBTaskResult) -> None:
    """A task whose worker stopped running it: queued again, or failed at the last try."""
    if len(result.worker_ids) < MAX_ATTEMPTS:
        logger.warning("Task %s lost its worker: queued again.", result.id)
        result.status = TaskResultStatus.READY
        result.started_at = None
        result.save(update_fields=["status", "started_at"])
        return
    error = WorkerLost(f"The task worker stopped {len(result.worker_ids)} times running it.")
    logger.error("Task %s failed: %s", result.id, error)
    result.set_failed(error)
    try:
        import_string(result.task_path)  # declares the task's job model, if it has one
    except ImportError:
        return
    jobs.fail_lost(result.task_path, result.args_kwargs.get("args", []), str(error))


class Worker(db_worker.Worker):
    """django-tasks-db's worker, which exits at the first database error but a lock met
    while claiming a task; this one waits, longer each time, and goes on."""

    def run(self) -> None:
        stopped = threading.Event()
        heart = threading.Thread(target=self.keep_beating, args=[stopped], daemon=True)
        heart.start()
        try:
            self.run_through_database_errors()
        finally:
            stopped.set()
            heart.join()

    def run_through_database_errors(self) -> None:
        backoff = 0.0
        while True:
            started = time.monotonic()
            try:
                if backoff:
                    self.release_own_tasks()
                super().run()
                return
            except DATABASE_ERRORS as error:
                connections.close_all()
                if time.monotonic() - started > MAX_BACKOFF_SECONDS:
                    backoff = 0
                backoff = min(max(2 * backoff, 1.0), MAX_BACKOFF_SECONDS)
                logger.warning("Database unavailable (%s): trying again in %.0f s.", error, backoff)
                time.sleep(backoff)

    def release_own_tasks(self) -> None:
        """The task this worker was running when the database went away: its result
        could not be written, so it is still marked as running here."""
        with transaction.atomic():
            running = DBTaskResult.objects.select_for_update().filter(
                status=TaskResultStatus.RUNNING
            )
            for result in running:
                if result.worker_ids and result.worker_ids[-1] == self.worker_id:
                    release(result)

    def keep_beating(self, stopped: threading.Event) -> None:
        while True:
            try:
                beat(self.worker_id)
                sweep()
            except DATABASE_ERRORS as error:
                logger.warning("Heartbeat not written: %s", error)
            except Exception:
                # A silent heart would get this worker's running task run twice.
                logger.exception("Heartbeat not written")
            finally:
                connections.close_all()
            if stopped.wait(settings.WORKER_HEARTBEAT_SECONDS):
                return
