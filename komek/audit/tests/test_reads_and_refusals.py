"""Refused requests, the DPO's own browsing and the pages that show a whole record are
audited."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from komek.audit.models import Action, AuditEntry
from komek.cases import services as cases
from komek.core.roles import Role
from komek.hotline.services import topic_create
from komek.people import services as people


@pytest.fixture
def person(office):
    return people.person_create(
        created_by=None, office=office, surname="Хусанов", given_name="Шерзод"
    )


def refusals() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=Action.REFUSED))


def test_a_signed_in_user_refused_a_page_is_audited(client_for, make_staff):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    assert client_for(operator).get(reverse("audit:entry_list")).status_code == 403
    [entry] = refusals()
    assert entry.actor == operator
    assert entry.detail == "403 GET /audit/"


def test_a_record_of_another_office_looked_for_is_audited(
    client_for, make_staff, person, other_office
):
    outsider = make_staff(Role.HOTLINE_OPERATOR, office=other_office)
    url = reverse("people:detail", args=[person.pk])
    assert client_for(outsider).get(url).status_code == 404
    [entry] = refusals()
    assert entry.actor == outsider
    assert entry.detail == f"404 GET {url}"


def test_an_anonymous_refusal_is_audited_but_not_an_anonymous_missing_page(client, db):
    client.get("/no-such-page/")
    assert refusals() == []
    csrf_checked = client.__class__(enforce_csrf_checks=True)
    assert csrf_checked.post(reverse("accounts:login"), {"username": "x"}).status_code == 403
    [entry] = refusals()
    assert entry.actor is None
    assert entry.detail == f"403 POST {reverse('accounts:login')}"


def test_the_dpo_browsing_the_log_is_audited_with_the_filters(client_for, make_staff):
    dpo = make_staff(Role.DATA_PROTECTION_OFFICER)
    client_for(dpo).get(reverse("audit:entry_list"), {"actor": "erzhan"})
    entry = AuditEntry.objects.get(actor=dpo, action=Action.VIEW)
    assert entry.detail == "audit log: actor=erzhan"


def test_opening_a_persons_edit_page_is_audited_as_a_read(client_for, make_staff, person):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    response = client_for(operator).get(reverse("people:edit", args=[person.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(actor=operator, action=Action.VIEW)
    assert (entry.object_type, entry.object_id) == ("people.Person", str(person.pk))


@pytest.fixture
def case(make_staff, person):
    lawyer = make_staff(Role.LAWYER, username="erzhan")
    topic = topic_create(created_by=None, code="documents", name_ru="Документы")
    opened = cases.case_open(
        opened_by=lawyer, client=person, kind="legal", category=topic, title="Паспорт"
    )
    return opened, lawyer


def test_opening_a_cases_edit_page_is_audited_as_a_read(client_for, case):
    opened, lawyer = case
    response = client_for(lawyer).get(reverse("cases:edit", args=[opened.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(actor=lawyer, action=Action.VIEW)
    assert (entry.object_type, entry.object_id) == ("cases.Case", str(opened.pk))


def test_the_overdue_task_list_is_audited_as_a_read(client_for, make_staff, case):
    opened, lawyer = case
    cases.task_add(
        case=opened,
        created_by=lawyer,
        title="Запрос в посольство",
        due_on=timezone.localdate() - timedelta(days=2),
        assignee=lawyer,
    )
    coordinator = make_staff(Role.COORDINATOR)
    response = client_for(coordinator).get(reverse("cases:tasks"), {"show": "overdue"})
    assert "Запрос в посольство" in response.content.decode()
    entry = AuditEntry.objects.get(actor=coordinator, action=Action.VIEW)
    assert entry.detail == "task list: overdue"
