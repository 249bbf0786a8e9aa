"""The task worker keeps going when the database is locked or lost, and a task is never
left running on a worker that died: it is queued again, then failed."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import InterfaceError, OperationalError
from django_tasks import task
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from komek.core import worker
from komek.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db
# The worker commits, and closes its connection after a database error, as in production.
worker_runs = pytest.mark.django_db(transaction=True)


@task()
def probe_task() -> str:
    return "done"


def lost_after(result: DBTaskResult, settings):
    return result.started_at + timedelta(seconds=settings.WORKER_LOST_AFTER_SECONDS + 1)


def a_worker(**extra) -> worker.Worker:
    options = {
        "queue_names": ["default"],
        "excluded_queue_names": [],
        "interval": 0,
        "batch": True,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "worker-1",
    }
    return worker.Worker(**(options | extra))


@pytest.fixture
def waits(monkeypatch):
    """The worker's waits between two attempts, without waiting."""
    seen: list[float] = []
    monkeypatch.setattr(worker.time, "sleep", seen.append)
    # The heartbeat's own thread and connection are tested through the sweep.
    monkeypatch.setattr(worker.Worker, "keep_beating", lambda self, stopped: None)
    return seen


@worker_runs
def test_the_worker_waits_longer_each_time_the_database_is_unavailable_and_goes_on(
    monkeypatch, waits
):
    outcomes = iter(
        [
            OperationalError("database is locked"),
            InterfaceError("connection already closed"),
            OperationalError("server closed the connection unexpectedly"),
            None,
        ]
    )

    def upstream_run(self):
        outcome = next(outcomes)
        if outcome is not None:
            raise outcome

    monkeypatch.setattr(db_worker.Worker, "run", upstream_run)
    a_worker().run()
    assert waits == [1.0, 2.0, 4.0]


@worker_runs
def test_the_task_running_when_the_database_went_away_is_run_again(monkeypatch, waits):
    result = DBTaskResult.objects.get(pk=probe_task.enqueue().id)
    upstream_run = db_worker.Worker.run
    calls = []

    def run_once_broken(self):
        calls.append(self)
        if len(calls) == 1:
            # Claimed, then the connection dropped before its outcome could be written.
            DBTaskResult.objects.get(pk=result.pk).claim(self.worker_id)
            raise OperationalError("server closed the connection unexpectedly")
        upstream_run(self)

    monkeypatch.setattr(db_worker.Worker, "run", run_once_broken)
    a_worker().run()
    result.refresh_from_db()
    assert (result.status, result.return_value) == ("SUCCESSFUL", "done")
    assert result.worker_ids == ["worker-1", "worker-1"]


@worker_runs
def test_a_task_on_a_worker_not_heard_from_is_queued_again_and_run(settings):
    result = DBTaskResult.objects.get(pk=probe_task.enqueue().id)
    result.claim("killed")
    assert worker.sweep(now=result.started_at) == []
    assert worker.sweep(now=lost_after(result, settings)) == [str(result.id)]
    result.refresh_from_db()
    assert (result.status, result.started_at) == ("READY", None)

    call_command("worker", batch=True, startup_delay=False, verbosity=0)
    result.refresh_from_db()
    assert result.status == "SUCCESSFUL"


def test_a_long_task_of_a_worker_that_still_beats_is_left_alone(settings):
    result = DBTaskResult.objects.get(pk=probe_task.enqueue().id)
    result.claim("busy")
    later = lost_after(result, settings)
    WorkerHeartbeat.objects.create(worker_id="busy", seen_at=later)
    assert worker.sweep(now=later) == []
    result.refresh_from_db()
    assert result.status == "RUNNING"


def test_a_task_whose_workers_kept_dying_fails(settings):
    result = DBTaskResult.objects.get(pk=probe_task.enqueue().id)
    for attempt in range(worker.MAX_ATTEMPTS):
        result.claim(f"killed-{attempt}")
        worker.sweep(now=lost_after(result, settings))
        result.refresh_from_db()
    assert result.status == "FAILED"
    assert "stopped 3 times" in result.traceback
