"""Background file jobs: queued on commit, running, then done with their file or failed
without one; downloaded only by their owner, never cached, always recorded."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import IntegrityError, connection, models
from django.http import Http404
from django.test import RequestFactory
from django_tasks_db.models import DBTaskResult

from komek.core import jobs, worker
from komek.core.jobs import FileJob, JobStatus

pytestmark = pytest.mark.django_db


class Probe(FileJob):
    """A job of core's tests, whose table ``probe_table`` creates: core has no job model
    of its own, and its tests may not borrow a higher app's job."""

    folder = "probes"
    second = models.FileField(upload_to=jobs.job_upload_to, blank=True)


@pytest.fixture(scope="module", autouse=True)
def probe_table(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.create_model(Probe)
    yield
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.delete_model(Probe)


class Broken(Exception):
    pass


@jobs.task(Probe)
def write_probe(pk: int) -> str:
    with jobs.run(Probe, pk) as job:
        job.write(ContentFile(b"rows"), suffix=".xlsx")
    return job.file.name


def files_in(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


@pytest.fixture
def owner(make_staff):
    return make_staff(username="owner")


@pytest.fixture
def probe(owner):
    return Probe.objects.create(requested_by=owner, progress_total=3)


def test_a_job_is_running_while_it_works_then_done_with_its_file(probe, settings):
    with jobs.run(Probe, probe.pk) as job:
        assert Probe.objects.get(pk=probe.pk).status == JobStatus.RUNNING
        job.set_progress(2)
        assert Probe.objects.get(pk=probe.pk).percent == 67
        job.write(ContentFile(b"rows"), suffix=".xlsx")
    probe.refresh_from_db()
    assert (probe.status, probe.progress_done, probe.percent) == ("done", 3, 100)
    assert probe.finished_at is not None
    assert probe.file.name.startswith("probes/") and probe.file.read() == b"rows"


def test_a_failed_job_keeps_its_error_and_leaves_no_file(probe, settings):
    with pytest.raises(Broken), jobs.run(Probe, probe.pk) as job:
        job.write(ContentFile(b"half"), suffix=".xlsx")
        job.write(ContentFile(b"other"), suffix=".pdf", field="second")
        raise Broken("disk full")
    probe.refresh_from_db()
    assert (probe.status, probe.error, probe.file.name) == ("failed", "disk full", "")
    assert probe.finished_at is not None
    assert files_in(settings) == []


def test_a_job_whose_final_transaction_rolls_back_leaves_no_file(probe, settings):
    with pytest.raises(IntegrityError), jobs.run(Probe, probe.pk) as job:
        job.write(ContentFile(b"rows"), suffix=".xlsx")
        # A count the database refuses: the save that marks the job done rolls back.
        job.progress_total = -1
    probe.refresh_from_db()
    assert (probe.status, probe.file.name) == ("failed", "")
    assert files_in(settings) == []


def test_a_fatal_error_that_is_no_exception_fails_the_job_too(probe, settings):
    class Fatal(BaseException):
        pass

    with pytest.raises(Fatal), jobs.run(Probe, probe.pk) as job:
        job.write(ContentFile(b"rows"), suffix=".pdf")
        raise Fatal
    probe.refresh_from_db()
    assert (probe.status, probe.error) == ("failed", "Fatal")
    assert files_in(settings) == []


def test_a_job_is_queued_only_when_its_transaction_commits(
    probe, django_capture_on_commit_callbacks
):
    queued = []

    class Task:
        def enqueue(self, pk):
            queued.append(pk)

    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue(Task(), probe)
        assert queued == []
    assert queued == [probe.pk]


@pytest.mark.django_db(transaction=True)  # the worker commits, as it does in production
def test_a_job_whose_worker_died_is_written_from_the_start_by_the_next_one(probe, settings):
    result = write_probe.enqueue(probe.pk)
    lost = DBTaskResult.objects.get(pk=result.id)
    lost.claim("killed-worker")
    Probe.objects.filter(pk=probe.pk).update(status=JobStatus.RUNNING, progress_done=2)

    later = lost.started_at + timedelta(seconds=settings.WORKER_LOST_AFTER_SECONDS + 1)
    assert worker.sweep(now=later) == [str(result.id)]
    call_command("worker", batch=True, startup_delay=False, verbosity=0)

    probe.refresh_from_db()
    assert (probe.status, probe.progress_done, probe.file.read()) == ("done", 3, b"rows")


def test_a_job_whose_workers_kept_dying_is_failed_where_its_owner_sees_it(probe, settings):
    result = write_probe.enqueue(probe.pk)
    lost = DBTaskResult.objects.get(pk=result.id)
    for attempt in range(worker.MAX_ATTEMPTS):
        lost.claim(f"killed-worker-{attempt}")
        later = lost.started_at + timedelta(seconds=settings.WORKER_LOST_AFTER_SECONDS + 1)
        worker.sweep(now=later)
        lost.refresh_from_db()

    assert lost.status == "FAILED"
    assert lost.exception_class_path == "komek.core.worker.WorkerLost"
    probe.refresh_from_db()
    assert probe.status == JobStatus.FAILED
    assert probe.error == "The task worker stopped 3 times running it."
    assert probe.finished_at is not None


def test_another_user_does_not_find_a_job(probe, make_staff):
    with pytest.raises(Http404):
        jobs.owned(Probe, pk=probe.pk, user=make_staff(username="outsider"))
    assert jobs.owned(Probe, pk=probe.pk, user=probe.requested_by) == probe


def a_download(job, user, **extra):
    request = RequestFactory().get("/")
    request.user = user
    return jobs.download(request, job, filename="komek.xlsx", detail="probe downloaded", **extra)


@pytest.fixture
def done(probe):
    with jobs.run(Probe, probe.pk) as job:
        job.write(ContentFile(b"rows"), suffix=".xlsx")
        job.write(ContentFile(b"%PDF"), suffix=".pdf", field="second")
    return job


@pytest.fixture
def recorded():
    seen = []

    def receiver(sender, **kwargs):
        seen.append((sender, kwargs["job"], kwargs["user"], kwargs["detail"]))

    jobs.downloaded.connect(receiver)
    yield seen
    jobs.downloaded.disconnect(receiver)


def test_the_owner_downloads_a_done_job_uncached_and_recorded(done, owner, recorded):
    response = a_download(done, owner)
    assert b"".join(response.streaming_content) == b"rows"
    assert response["Cache-Control"] == "private, no-store"
    assert 'filename="komek.xlsx"' in response["Content-Disposition"]
    assert recorded == [(Probe, done, owner, "probe downloaded")]
    second = a_download(done, owner, field="second")
    assert b"".join(second.streaming_content) == b"%PDF"


def test_another_user_is_refused_the_download_with_404(done, make_staff, recorded):
    with pytest.raises(Http404):
        a_download(done, make_staff(username="outsider"))
    assert recorded == []


def test_a_job_not_done_is_not_downloaded(probe, owner, recorded):
    with pytest.raises(Http404):
        a_download(probe, owner)
    assert recorded == []
