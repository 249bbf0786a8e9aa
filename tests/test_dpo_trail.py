"""The DPO's question, across the apps: who looked at or changed this person's data?

The audit app finds a person's records through the apps' personal-data declarations, so
this test needs people, the hotline and cases together (a cross-app test)."""

from datetime import timedelta
from io import BytesIO
from uuid import uuid4

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from komek.accounts.services import office_create
from komek.audit.models import Action, AuditEntry
from komek.cases.services import case_open
from komek.conftest import make_user, verified_client
from komek.core.roles import Role
from komek.hotline.services import contact_log, topic_create
from komek.people.services import person_create


@pytest.fixture
def office(db):
    return office_create(created_by=None, code="astana", name="Астана", city="Астана")


@pytest.fixture
def make_staff(office):
    def factory(role: str, username: str, **extra):
        return make_user(username, role, office, **extra)

    return factory


@pytest.fixture
def client_for():
    return verified_client


@pytest.fixture
def topic(db):
    return topic_create(created_by=None, code="documents", name_ru="Документы")


@pytest.fixture
def person(office):
    return person_create(
        created_by=None,
        office=office,
        ref="KM-0042",
        surname="Хусанов",
        given_name="Шерзод",
        phones=["+998901234567"],
    )


@pytest.fixture
def someone_else(office):
    return person_create(
        created_by=None,
        office=office,
        surname="Каримов",
        given_name="Рустам",
        phones=["+77011234567"],
    )


@pytest.fixture
def operator(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR, "aigerim")


@pytest.fixture
def lawyer(make_staff):
    return make_staff(Role.LAWYER, "erzhan")


@pytest.fixture
def dpo(make_staff):
    return make_staff(Role.DATA_PROTECTION_OFFICER, "asel")


def open_case(lawyer, client, topic):
    return case_open(opened_by=lawyer, client=client, kind="legal", category=topic, title="Паспорт")


def log_contact(operator, person):
    return contact_log(
        operator=operator,
        submission_key=uuid4(),
        person=person,
        channel="call",
        outcome="answered",
        question="Паспорт",
    )


@pytest.fixture
def seen(client_for, operator, lawyer, person, someone_else, topic):
    """The operator looks the caller up by a local form of their number and opens their
    contact; the lawyer opens their case, and another client's case."""
    case = open_case(lawyer, person, topic)
    other_case = open_case(lawyer, someone_else, topic)
    contact = log_contact(operator, person)
    as_operator = client_for(operator)
    as_operator.get(reverse("hotline:lookup"), {"caller_phone": "+998 90 123 45 67"})
    as_operator.get(reverse("hotline:contact_detail", args=[contact.pk]))
    as_lawyer = client_for(lawyer)
    as_lawyer.get(reverse("cases:detail", args=[case.pk]))
    as_lawyer.get(reverse("cases:detail", args=[other_case.pk]))
    return {"case": case, "other_case": other_case, "contact": contact}


def trail(client, person, **period) -> list[AuditEntry]:
    response = client.get(reverse("audit:person_trail", args=[person.pk]), period)
    assert response.status_code == 200
    return list(response.context["page"])


def views(entries, actor) -> set[tuple[str, str]]:
    return {
        (entry.object_type, entry.object_id)
        for entry in entries
        if entry.actor == actor and entry.action == Action.VIEW
    }


def test_the_dpo_finds_the_views_of_the_persons_case_and_contact_and_a_lookup_of_their_number(
    client_for, dpo, operator, lawyer, person, seen
):
    entries = trail(client_for(dpo), person)
    assert ("cases.Case", str(seen["case"].pk)) in views(entries, lawyer)
    assert ("cases.Case", str(seen["other_case"].pk)) not in views(entries, lawyer)
    assert ("hotline.Contact", str(seen["contact"].pk)) in views(entries, operator)
    [lookup] = [entry for entry in entries if entry.detail.startswith("caller lookup")]
    assert lookup.actor == operator


def test_a_lookup_of_another_number_or_of_a_few_digits_is_not_theirs(
    client_for, dpo, operator, person, someone_else
):
    as_operator = client_for(operator)
    as_operator.get(reverse("hotline:lookup"), {"caller_phone": "87011234567"})
    assert AuditEntry.objects.filter(detail="caller lookup +77011234567").exists()
    entries = trail(client_for(dpo), person)
    assert not [entry for entry in entries if entry.detail.startswith("caller lookup")]
    assert [entry for entry in trail(client_for(dpo), someone_else) if entry.actor == operator]


def test_the_trail_is_filtered_by_period_and_its_reading_audited(
    client_for, dpo, operator, person, topic
):
    with time_machine.travel(timezone.now() - timedelta(days=62)):
        old = log_contact(operator, person)
        client_for(operator).get(reverse("hotline:contact_detail", args=[old.pk]))
    recent = log_contact(operator, person)
    client_for(operator).get(reverse("hotline:contact_detail", args=[recent.pk]))
    today = timezone.localdate()
    entries = trail(client_for(dpo), person, date_from=today.replace(day=1), date_to=today)
    seen = views(entries, operator)
    assert ("hotline.Contact", str(recent.pk)) in seen
    assert ("hotline.Contact", str(old.pk)) not in seen
    read = AuditEntry.objects.get(actor=dpo, action=Action.VIEW, object_type="people.Person")
    assert read.object_id == str(person.pk)
    assert read.detail.startswith("who saw this record: date_from=")


def test_a_non_dpo_is_refused_the_trail_and_the_refusal_audited(client_for, make_staff, person):
    coordinator = make_staff(Role.COORDINATOR, "gulnara")
    for name in ("audit:person_trail", "audit:person_trail_export"):
        response = client_for(coordinator).get(reverse(name, args=[person.pk]))
        assert response.status_code == 403
    refused = AuditEntry.objects.filter(actor=coordinator, action=Action.REFUSED)
    assert refused.count() == 2


def test_only_the_dpo_sees_the_link_on_the_persons_page(client_for, dpo, operator, person):
    link = reverse("audit:person_trail", args=[person.pk])
    page = reverse("people:detail", args=[person.pk])
    assert link in client_for(dpo).get(page).content.decode()
    assert link not in client_for(operator).get(page).content.decode()


def test_an_export_that_included_them_is_in_their_trail(
    client_for, make_staff, dpo, person, someone_else, lawyer, topic
):
    open_case(lawyer, person, topic)
    open_case(lawyer, someone_else, topic)
    coordinator = make_staff(Role.COORDINATOR, "gulnara")
    as_coordinator = client_for(coordinator)
    assert as_coordinator.get(reverse("cases:export", args=["csv"])).status_code == 200
    exported = AuditEntry.objects.get(actor=coordinator, action=Action.EXPORT)
    assert exported.people == f",{person.pk},{someone_else.pk},"
    assert exported in trail(client_for(dpo), person)


def test_the_trail_downloads_as_xlsx_and_the_export_is_audited(
    client_for, dpo, operator, lawyer, person, seen
):
    response = client_for(dpo).get(reverse("audit:person_trail_export", args=[person.pk]))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    who = {row[1] for row in rows[1:]}
    assert {operator.username, lawyer.username} <= who
    exported = AuditEntry.objects.get(actor=dpo, action=Action.EXPORT)
    assert (exported.object_type, exported.object_id) == ("people.Person", str(person.pk))
    assert exported.people == f",{person.pk},"


def test_the_log_search_takes_a_reference_or_a_name(client_for, dpo, person):
    as_dpo = client_for(dpo)
    link = reverse("audit:person_trail", args=[person.pk])
    for asked in ("KM-0042", "Хусанов Шерзод"):
        assert link in as_dpo.get(reverse("audit:entry_list"), {"person": asked}).content.decode()
    nobody = as_dpo.get(reverse("audit:entry_list"), {"person": "Никтоев"})
    assert nobody.context["filters"].errors["person"]
