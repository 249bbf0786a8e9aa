"""URL samples for the permission test (komek/core/url_samples.py): a person."""

from django.utils import timezone

from komek.people.linkage.models import DuplicatePair, DuplicateRun, RunStep
from komek.people.merging import person_merge
from komek.people.services import person_assign, person_create


def build(made: dict) -> dict[str, dict]:
    made["person"] = person_create(
        created_by=None, office=made["office"], surname="Хусанов", given_name="Шерзод"
    )
    person = {"pk": made["person"].pk}
    duplicate = person_create(
        created_by=None, office=made["office"], surname="Xusanov", given_name="Sherzod"
    )
    merge = person_merge(source=duplicate, target=made["person"], merged_by=None)
    alike = made["alike"] = person_create(
        created_by=None, office=made["office"], surname="Khusanov", given_name="Sherzot"
    )
    run = DuplicateRun.objects.create(threshold=0.8, finished_at=timezone.now(), step=RunStep.DONE)
    pair = DuplicatePair.objects.create(
        run=run,
        person_a=made["person"],
        person_b=alike,
        score=0.9,
        cluster=1,
        cluster_score=0.9,
    )
    return {
        "people:duplicates": {},
        "people:duplicate_search": {},
        "people:duplicate_apart": {"pk": pair.pk},
        "people:merge": person,
        "people:merge_undo": {"pk": merge.pk},
        "people:detail": person,
        "people:edit": person,
        "people:document_add": person,
        "people:consent_add": person,
        "people:family_add": person,
        "audit:person_trail": person,
        "audit:person_trail_export": person,
    }


def grant(made: dict, user) -> None:
    for person in (made["person"], made["alike"]):
        person_assign(person=person, staff=user, assigned_by=None)
