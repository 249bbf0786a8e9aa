"""The search for duplicates requested from the review queue and run by the task worker:
its step shown while it runs, its pairs in the queue when it ends, one at a time per
scope, a failure kept with its reason; only coordinators start one, over what they see."""

import pytest

from komek.core.roles import Role
from komek.core.tests.worker import run_worker, worker_runs
from komek.people.linkage import services
from komek.people.linkage.models import DuplicatePair, DuplicateRun, RunStep
from komek.people.tests.crowd import sherzod_registry


@worker_runs
def test_a_coordinator_starts_a_search_the_worker_runs_it_and_its_pairs_wait(
    client_for, make_staff, office, other_office
):
    sherzod_registry(office, other_office)
    coordinator = make_staff(Role.COORDINATOR, national_scope=True)
    client = client_for(coordinator)
    assert client.post("/people/duplicates/search/", {"search-office": ""}).status_code == 302
    run = DuplicateRun.objects.get()
    assert (run.office, run.step, run.started_by) == (None, RunStep.QUEUED, coordinator)
    page = client.get("/people/duplicates/").content.decode()
    assert 'data-run="queued"' in page and 'hx-trigger="every 2s"' in page
    polled = client.get("/people/duplicates/", headers={"HX-Request": "true"}).content.decode()
    assert polled.lstrip().startswith('<section id="searches"') and "data-pair" not in polled

    client.post("/people/duplicates/search/", {"search-office": ""})
    assert DuplicateRun.objects.count() == 1

    run_worker()
    run.refresh_from_db()
    assert run.step == RunStep.DONE and run.finished_at is not None
    assert DuplicatePair.objects.filter(run=run, person_a__ref="SH-1", person_b__ref="SH-2")
    page = client.get("/people/duplicates/").content.decode()
    assert 'data-run="done"' in page and "every 2s" not in page
    assert "data-pair=" in page


@worker_runs
def test_a_search_that_fails_says_why_and_keeps_nothing(
    client_for, make_staff, office, monkeypatch
):
    def broken(**options):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(services, "duplicates_find", broken)
    client = client_for(make_staff(Role.COORDINATOR))
    client.post("/people/duplicates/search/", {"search-office": office.pk})
    run_worker()
    run = DuplicateRun.objects.get()
    assert (run.step, run.error, run.finished_at) == (RunStep.FAILED, "out of memory", None)
    assert "out of memory" in client.get("/people/duplicates/").content.decode()


@pytest.mark.django_db
def test_only_a_coordinator_searches_and_only_where_they_work(
    client_for, make_staff, office, other_office
):
    operator = client_for(make_staff(Role.HOTLINE_OPERATOR))
    assert (
        operator.post("/people/duplicates/search/", {"search-office": office.pk}).status_code == 403
    )
    coordinator = client_for(make_staff(Role.COORDINATOR))
    coordinator.post("/people/duplicates/search/", {"search-office": ""})
    coordinator.post("/people/duplicates/search/", {"search-office": other_office.pk})
    assert not DuplicateRun.objects.exists()
    coordinator.post("/people/duplicates/search/", {"search-office": office.pk})
    assert DuplicateRun.objects.get().office == office
