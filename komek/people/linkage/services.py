"""Every write of the duplicate search: a run over the registry or one office (by the
command, or requested and run by the task worker), and a reviewer's decision on a pair,
which every later run obeys."""

import tempfile
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from komek.audit.models import Action
from komek.audit.services import record
from komek.people.linkage import model as linkage_model
from komek.people.linkage.clusters import Cluster, clusters
from komek.people.linkage.models import (
    DuplicateDecision,
    DuplicatePair,
    DuplicateRun,
    LinkageModel,
    RunStep,
)
from komek.people.linkage.records import load, registry_records
from komek.people.models import Person


def linkage_model_train(*, con, people_count: int) -> LinkageModel:
    """Train the model on the records loaded in ``con`` and keep it as the next version."""
    trained = linkage_model.train(con)
    last = LinkageModel.objects.order_by("-version").values_list("version", flat=True).first()
    return LinkageModel.objects.create(
        version=(last or 0) + 1, settings=trained, people_count=people_count
    )


def _model(con, *, people_count: int, retrain: bool, progress: Callable) -> LinkageModel:
    model = None if retrain else LinkageModel.objects.first()
    if model is None or linkage_model.outdated(
        model.settings, trained_on=model.people_count, people_count=people_count
    ):
        progress("train")
        model = linkage_model_train(con=con, people_count=people_count)
    return model


def _apart() -> set[tuple[int, int]]:
    return set(DuplicateDecision.objects.filter(same=False).values_list("person_a", "person_b"))


@transaction.atomic
def _store(*, run: DuplicateRun, found: list[Cluster]) -> DuplicateRun:
    """Keep the run and its pairs in place of the pairs of earlier runs over its scope."""
    run.pairs_count = sum(len(cluster.edges) for cluster in found)
    run.clusters_count = len(found)
    run.finished_at = timezone.now()
    run.step = RunStep.DONE
    run.save()
    earlier = DuplicateRun.objects.filter(office=run.office).exclude(pk=run.pk)
    DuplicatePair.objects.filter(run__in=earlier).delete()
    DuplicatePair.objects.bulk_create(
        (
            DuplicatePair(
                run=run,
                person_a_id=edge.a,
                person_b_id=edge.b,
                score=edge.score,
                reasons=edge.reasons,
                cluster=number,
                cluster_score=cluster.score,
            )
            for number, cluster in enumerate(found, start=1)
            for edge in cluster.edges
        ),
        batch_size=2_000,
    )
    return run


def duplicates_find(
    *,
    started_by=None,
    office=None,
    threshold: float | None = None,
    retrain: bool = False,
    progress: Callable[[str], None] = lambda step: None,
    run: DuplicateRun | None = None,
) -> DuplicateRun:
    """Look for the same people registered more than once, over the registry or in
    ``office``, keeping the pairs scored ``threshold`` or more (DUPLICATE_REVIEW_SCORE by
    default) as review items in place of the earlier run's over the same scope. A run
    that fails keeps nothing.

    Fewer records than ``linkage_model.LEARN_FROM`` are scored by the reference model
    (``run.model`` stays empty). More are scored by the latest trained model, unless
    ``retrain``, there is none yet, or it is outdated (defined otherwise since, or trained
    on a registry less than half the size of the records searched:
    ``linkage_model.outdated``). ``run`` is one requested for the background
    (``duplicate_search_request``), which the search fills in instead of a new one.
    """
    if run is None:
        run = DuplicateRun(
            office=office,
            started_by=started_by,
            started_at=timezone.now(),
            threshold=settings.DUPLICATE_REVIEW_SCORE if threshold is None else threshold,
        )
    office, started_by, threshold = run.office, run.started_by, run.threshold
    record(
        actor=started_by,
        action=Action.VIEW,
        username="command line",
        detail=f"duplicates_find {office.code if office else 'all'}",
    )
    found: list[Cluster] = []
    with tempfile.TemporaryDirectory(prefix="komek-linkage-") as spill:
        con = linkage_model.connect(spill)
        try:
            progress("read")
            run.people_count = load(con, registry_records(office=office))
            if run.people_count > 1:
                if run.people_count < linkage_model.LEARN_FROM:
                    trained = linkage_model.reference(run.people_count)
                else:
                    run.model = _model(
                        con, people_count=run.people_count, retrain=retrain, progress=progress
                    )
                    trained = run.model.settings
                progress("predict")
                edges = list(linkage_model.predict(con, trained, threshold=threshold))
                progress("cluster")
                found = clusters(edges, threshold=threshold, apart=_apart())
        finally:
            con.close()
    progress("store")
    return _store(run=run, found=found)


@transaction.atomic
def duplicate_decide(
    *, person_a: Person, person_b: Person, same: bool, decided_by
) -> DuplicateDecision:
    """Remember whether two records are the same person. "Not the same" keeps the pair
    out of every later run, and out of one cluster."""
    if person_a.pk == person_b.pk:
        raise ValidationError(_("A record is always the same person as itself."))
    first, second = sorted((person_a, person_b), key=lambda person: person.pk)
    decision, _created = DuplicateDecision.objects.update_or_create(
        person_a=first, person_b=second, defaults={"same": same, "decided_by": decided_by}
    )
    record(
        actor=decided_by,
        action=Action.CHANGE,
        obj=first,
        changes={"duplicate": ["", f"{'same' if same else 'not same'}: #{second.pk}"]},
        people=[first.pk, second.pk],
    )
    return decision


def duplicate_search_request(*, office, requested_by) -> DuplicateRun:
    """A search over ``office`` (None: the registry) for the task worker to run; refused
    while one over the same scope is still under way."""
    under_way = DuplicateRun.objects.filter(office=office).exclude(
        step__in=[RunStep.DONE, RunStep.FAILED]
    )
    if under_way.exists():
        raise ValidationError(_("A search for duplicates there is already under way."))
    run = DuplicateRun.objects.create(
        office=office, started_by=requested_by, threshold=settings.DUPLICATE_REVIEW_SCORE
    )
    transaction.on_commit(lambda: find_duplicates_task.enqueue(run.pk))
    return run


@task()
def find_duplicates_task(run_pk: int) -> int:
    """A requested search, run by the task worker: its step kept on the run as it goes,
    so the review queue shows it. A worker lost half-way is replaced (``core.worker``) and
    the search starts again from the records; one that fails says why and keeps no pair."""
    run = DuplicateRun.objects.get(pk=run_pk)

    def progress(step: str) -> None:
        DuplicateRun.objects.filter(pk=run_pk).update(step=step)

    try:
        duplicates_find(run=run, progress=progress)
    # BaseException: a worker's shutdown is not an Exception, and the run must not stay
    # under way for ever.
    except BaseException as error:
        DuplicateRun.objects.filter(pk=run_pk).update(
            step=RunStep.FAILED, error=(str(error) or type(error).__name__)[:300]
        )
        raise
    return run.pairs_count
