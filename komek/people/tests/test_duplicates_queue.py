"""The review queue of the duplicate search: the latest run's pairs a reviewer may act
on, surest first, with the model's reasons in the reader's language; "not the same"
takes a pair out for good; another office's or a sensitive pair is not revealed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.people.linkage.models import DuplicateDecision, DuplicatePair, DuplicateRun
from komek.people.linkage.selectors import review_queue
from komek.people.merging import person_merge
from komek.people.services import person_assign, person_create

pytestmark = pytest.mark.django_db

REASONS = {
    "name": {"level": "same name in the passport spelling", "weight": 9.4},
    "born": {"level": "day and month swapped", "weight": 3.1},
    "phones": {"level": "different", "weight": -1.2},
    "sex": {"level": "unknown", "weight": 0.0},
}


def found(a, b, score: float, *, office=None) -> DuplicatePair:
    run, _created = DuplicateRun.objects.get_or_create(
        office=office, defaults={"threshold": 0.8, "finished_at": timezone.now()}
    )
    a, b = sorted((a, b), key=lambda person: person.pk)
    return DuplicatePair.objects.create(
        run=run,
        person_a=a,
        person_b=b,
        score=score,
        reasons=REASONS,
        cluster=1,
        cluster_score=score,
    )


@pytest.fixture
def sherzod(office):
    return person_create(created_by=None, office=office, surname="Хусанов", given_name="Шерзод")


@pytest.fixture
def xusanov(office):
    return person_create(created_by=None, office=office, surname="Xusanov", given_name="Sherzod")


@pytest.fixture
def operator(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR)


def shown(client) -> list[str]:
    html = client.get("/people/duplicates/").content.decode()
    return re.findall(r'data-pair="(\d+)"', html)


def test_a_pair_is_shown_with_its_reasons_and_the_read_is_audited(
    client_for, operator, sherzod, xusanov
):
    pair = found(sherzod, xusanov, 0.995)
    html = client_for(operator).get("/people/duplicates/").content.decode()
    assert f'data-pair="{pair.pk}"' in html
    assert "Хусанов Шерзод" in html and "Xusanov Sherzod" in html
    assert "вероятно, один человек" in html
    assert "то же имя в паспортном написании (+9.4)" in html.replace(",", ".")
    assert "(−1.2)" in html.replace(",", ".").replace("-", "−")
    assert f'href="/people/{pair.person_a_id}/merge/?other={pair.person_b_id}"' in html
    entry = AuditEntry.objects.get(actor=operator, action=Action.VIEW, detail="duplicates queue")
    assert entry.people == ",{},{},".format(*sorted([sherzod.pk, xusanov.pk]))


def test_not_the_same_takes_the_pair_out_for_good(client_for, operator, sherzod, xusanov):
    pair = found(sherzod, xusanov, 0.9)
    client = client_for(operator)
    response = client.post(
        f"/people/duplicates/{pair.pk}/apart/", {"next": "/people/duplicates/?min_score=0.5"}
    )
    assert response["Location"] == "/people/duplicates/?min_score=0.5"
    decision = DuplicateDecision.objects.get()
    assert (decision.same, decision.decided_by) == (False, operator)
    assert shown(client) == []


def test_a_merged_pair_leaves_the_queue(client_for, operator, sherzod, xusanov):
    found(sherzod, xusanov, 0.9)
    person_merge(source=xusanov, target=sherzod, merged_by=operator)
    assert shown(client_for(operator)) == []


def test_the_surest_pairs_come_first_and_the_lowest_score_filters(
    client_for, operator, office, sherzod, xusanov
):
    other = person_create(created_by=None, office=office, surname="Husanov", given_name="Sherzot")
    weak, sure = found(sherzod, other, 0.82), found(sherzod, xusanov, 0.97)
    client = client_for(operator)
    assert shown(client) == [str(sure.pk), str(weak.pk)]
    html = client.get("/people/duplicates/?min_score=0.9").content.decode()
    assert re.findall(r'data-pair="(\d+)"', html) == [str(sure.pk)]


def test_another_offices_pairs_are_neither_shown_nor_decided(
    client_for, make_staff, other_office, sherzod, xusanov
):
    pair = found(sherzod, xusanov, 0.9)
    stranger = make_staff(Role.HOTLINE_OPERATOR, office=other_office)
    client = client_for(stranger)
    assert shown(client) == []
    assert client.post(f"/people/duplicates/{pair.pk}/apart/").status_code == 404
    assert not DuplicateDecision.objects.exists()


def test_a_pair_with_sensitive_data_waits_for_a_coordinator(
    client_for, make_staff, operator, sherzod, xusanov
):
    xusanov.vulnerabilities = ["trafficking"]
    xusanov.save()
    pair = found(sherzod, xusanov, 0.9)
    assert shown(client_for(operator)) == []
    assert client_for(operator).post(f"/people/duplicates/{pair.pk}/apart/").status_code == 404
    assert shown(client_for(make_staff(Role.COORDINATOR))) == [str(pair.pk)]


def test_an_office_is_chosen_by_those_who_work_with_several(
    client_for, make_staff, other_office, sherzod, xusanov
):
    almaty = person_create(
        created_by=None, office=other_office, surname="Каримов", given_name="Рустам"
    )
    karimov = person_create(
        created_by=None, office=other_office, surname="Karimov", given_name="Rustam"
    )
    here, there = found(sherzod, xusanov, 0.9), found(almaty, karimov, 0.9)
    national = client_for(make_staff(Role.COORDINATOR, national_scope=True))
    assert sorted(shown(national)) == sorted([str(here.pk), str(there.pk)])
    html = national.get(f"/people/duplicates/?office={other_office.pk}").content.decode()
    assert re.findall(r'data-pair="(\d+)"', html) == [str(there.pk)]


def test_the_queue_reads_as_many_queries_for_many_pairs_as_for_one(make_staff, office):
    lawyer = make_staff(Role.LAWYER)

    def queries_for(pairs: int) -> int:
        DuplicatePair.objects.all().delete()
        for index in range(pairs):
            a, b = (
                person_create(created_by=None, office=office, given_name=f"{name}{index}")
                for name in ("Шерзод", "Sherzod")
            )
            for person in (a, b):
                person_assign(person=person, staff=lawyer, assigned_by=None)
            found(a, b, 0.9)
        with CaptureQueriesContext(connection) as queries:
            assert len(review_queue(user=lawyer).pairs) == pairs
        return len(queries)

    assert queries_for(5) == queries_for(1)
