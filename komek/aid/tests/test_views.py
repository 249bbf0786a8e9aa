"""The aid pages: the distribution day (entitlement shown, refusals with their rule and
date, overrides only by a coordinator, a double submit recording once), the approval
chain, the stock forms, and what users of another office or of another role get."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from komek.aid import services
from komek.aid.models import Distribution, Status
from komek.aid.views.day import SESSION_KEY
from komek.cases.services import case_open
from komek.conftest import pdf_text
from komek.core.roles import Role
from komek.core.tests import files
from komek.hotline.services import topic_create
from komek.people.services import person_assign

DAY = reverse("aid:day")
GIVE = reverse("aid:give")


@pytest.fixture
def day_client(client_for, food, line, stock, monthly_food, office):
    """A signed-in client whose distribution day hands out one food package."""

    def start(user, person):
        person_assign(person=person, staff=user, assigned_by=None)
        client = client_for(user)
        response = client.post(
            DAY, {"office": office.pk, "kind": food.pk, "quantity": 1, "budget_line": line.pk}
        )
        assert response.status_code == 302
        assert client.session[SESSION_KEY]["kind"] == food.pk
        return client

    return start


def give(client, person, **extra):
    return client.post(GIVE, {"person": person.pk, "key": str(uuid.uuid4()), **extra})


def test_the_day_page_finds_a_person_by_registry_number_and_shows_them_entitled(
    day_client, social, make_person
):
    person = make_person(ref="AST-0042", surname="Каримов")
    response = day_client(social, person).get(DAY, {"q": "AST-0042"})
    assert response.context["person"] == person
    assert response.context["outcome"].ok is True
    assert b'type="submit" autofocus' in response.content


@pytest.mark.parametrize("typed", ["ast-0042", "Ast-0042", " AST-0042 "])
def test_a_registry_number_typed_in_any_case_finds_the_person(
    day_client, social, make_person, typed
):
    person = make_person(ref="AST-0042", surname="Каримов")
    make_person(ref="AST-00421", surname="Каримов")
    response = day_client(social, person).get(DAY, {"q": typed})
    assert response.context["person"] == person
    assert response.context["outcome"].ok is True


def test_a_double_submit_of_one_form_records_one_distribution(day_client, social, person):
    client = day_client(social, person)
    form = {"person": person.pk, "key": str(uuid.uuid4())}
    first = client.post(GIVE, form)
    second = client.post(GIVE, form)
    assert first.status_code == second.status_code == 302
    assert Distribution.objects.filter(person=person).count() == 1


def test_a_second_package_within_the_month_is_refused_with_the_rule_and_the_next_date(
    day_client, social, person
):
    client = day_client(social, person)
    give(client, person)
    response = client.get(DAY, {"person": person.pk})
    outcome = response.context["outcome"]
    assert outcome.rule == "entitlement"
    assert outcome.next_possible == timezone.localdate() + timedelta(days=30)
    assert outcome.entitlement.source in response.content.decode()
    assert b'name="override_reason"' not in response.content

    refused = give(client, person)
    assert refused.status_code == 200
    assert refused.context["outcome"].rule == "entitlement"
    assert Distribution.objects.filter(person=person).count() == 1


def test_a_social_worker_cannot_override_a_refusal(day_client, social, person):
    client = day_client(social, person)
    give(client, person)
    give(client, person, override_reason="Голодает семья")
    assert Distribution.objects.filter(person=person).count() == 1


def test_a_coordinator_overrides_a_refusal_with_a_reason(day_client, coordinator, person):
    client = day_client(coordinator, person)
    give(client, person)
    page = client.get(DAY, {"person": person.pk})
    assert b'name="override_reason"' in page.content
    response = give(client, person, override_reason="Семья с ребёнком")
    assert response.status_code == 302
    overridden = Distribution.objects.get(person=person, override_reason="Семья с ребёнком")
    assert overridden.overridden_by == coordinator
    assert overridden.overridden_rules == ["entitlement"]


def test_out_of_stock_is_refused_on_the_day_page_and_nothing_is_written(
    day_client, social, make_person, office, food, coordinator
):
    services.write_off(office=office, kind=food, quantity=10, reason="damaged", by=coordinator)
    person = make_person()
    response = give(day_client(social, person), person)
    assert response.context["outcome"].rule == "stock"
    assert not Distribution.objects.exists()


@pytest.fixture
def requested(person, ticket, line, social, office):
    return services.request(
        person=person, office=office, kind=ticket, quantity=1, by=social, budget_line=line
    )


def test_a_ticket_home_goes_from_request_to_hand_over(client_for, coordinator, requested):
    client = client_for(coordinator)
    queue = client.get(reverse("aid:queue"))
    assert [waiting.distribution for waiting in queue.context["waiting"]] == [requested]
    client.post(reverse("aid:approve", args=[requested.pk]))
    document = SimpleUploadedFile("билет.pdf", files.pdf(), content_type="application/pdf")
    client.post(
        reverse("aid:purchase", args=[requested.pk]), {"document": document, "amount": "38000"}
    )
    client.post(reverse("aid:hand_over", args=[requested.pk]))
    requested.refresh_from_db()
    assert requested.status == Status.HANDED_OVER
    assert requested.purchases.get().document.name.endswith(".pdf")
    assert "билет" not in requested.purchases.get().document.name


def test_the_queue_shows_each_stage_with_its_next_step(
    client_for, coordinator, social, office, ticket, line, make_person
):
    def ask():
        return services.request(
            person=make_person(), office=office, kind=ticket, quantity=1, by=social,
            budget_line=line,
        )  # fmt: skip

    to_approve, to_buy, to_hand_over = ask(), ask(), ask()
    services.approve(distribution=to_buy, by=coordinator)
    services.approve(distribution=to_hand_over, by=coordinator)
    services.record_purchase(
        distribution=to_hand_over,
        document=SimpleUploadedFile("t.pdf", files.pdf(), content_type="application/pdf"),
        amount=Decimal("38000"),
        by=coordinator,
    )
    client = client_for(coordinator)
    page = client.get(reverse("aid:queue")).content.decode()
    sections = [
        page.index(f'id="stage-{stage}"') for stage in ("approval", "purchase", "hand_over")
    ]
    assert sections == sorted(sections)
    approve = f'action="{reverse("aid:approve", args=[to_approve.pk])}"'
    buy = f'href="{reverse("aid:detail", args=[to_buy.pk])}#purchase"'
    hand_over = f'action="{reverse("aid:hand_over", args=[to_hand_over.pk])}"'
    assert sections[0] < page.index(approve) < sections[1] < page.index(buy) < sections[2]
    assert sections[2] < page.index(hand_over)
    for label in ("ждёт одобрения", "одобрено, ждёт покупки", "ждёт выдачи"):
        assert label in page
    assert 'id="purchase"' in client.get(reverse("aid:detail", args=[to_buy.pk])).content.decode()
    client.post(reverse("aid:hand_over", args=[to_hand_over.pk]))
    to_hand_over.refresh_from_db()
    assert to_hand_over.status == Status.HANDED_OVER
    assert hand_over not in client.get(reverse("aid:queue")).content.decode()


def test_a_purchase_document_that_is_neither_a_pdf_nor_a_picture_is_refused(
    client_for, coordinator, requested
):
    client = client_for(coordinator)
    client.post(reverse("aid:approve", args=[requested.pk]))
    page = SimpleUploadedFile("ticket.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    client.post(reverse("aid:purchase", args=[requested.pk]), {"document": page, "amount": "1"})
    requested.refresh_from_db()
    assert requested.status == Status.APPROVED
    assert not requested.purchases.exists()


def test_a_lawyer_requests_a_ticket_home_from_the_persons_page(
    client_for, make_staff, person, ticket, line
):
    lawyer = make_staff(Role.LAWYER)
    person_assign(person=person, staff=lawyer, assigned_by=None)
    client = client_for(lawyer)
    url = reverse("aid:request", args=[person.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"kind": ticket.pk, "quantity": 1, "budget_line": line.pk, "key": str(uuid.uuid4())}
    )
    made = Distribution.objects.get(person=person)
    assert response["Location"] == reverse("aid:detail", args=[made.pk])
    assert made.status == Status.REQUESTED


def test_a_hotline_operator_cannot_approve(client_for, make_staff, requested):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    response = client_for(operator).post(reverse("aid:approve", args=[requested.pk]))
    assert response.status_code == 403
    assert requested.approvals.count() == 0


def test_the_persons_page_shows_their_aid_to_an_operator_and_not_to_an_administrator(
    client_for, make_staff, day_client, social, person
):
    give(day_client(social, person), person)
    operator = make_staff(Role.HOTLINE_OPERATOR)
    page = client_for(operator).get(reverse("people:detail", args=[person.pk]))
    assert b'id="person-aid"' in page.content
    administrator = make_staff(Role.ADMINISTRATOR)
    distribution = Distribution.objects.get()
    assert (
        client_for(administrator).get(reverse("aid:detail", args=[distribution.pk])).status_code
        == 403
    )
    assert client_for(administrator).get(reverse("aid:stock")).status_code == 403


def test_a_user_of_another_office_finds_no_distribution_nor_person(
    client_for, make_staff, other_office, day_client, social, person
):
    give(day_client(social, person), person)
    distribution = Distribution.objects.get()
    outsider = make_staff(Role.COORDINATOR, office=other_office)
    client = client_for(outsider)
    for name in ("aid:detail", "aid:receipt"):
        assert client.get(reverse(name, args=[distribution.pk])).status_code == 404
    for name in ("aid:acknowledge", "aid:reverse"):
        assert (
            client.post(reverse(name, args=[distribution.pk]), {"reason": "x"}).status_code == 404
        )
    assert client.get(DAY, {"person": person.pk}).status_code == 404
    assert client.get(reverse("aid:request", args=[person.pk])).status_code == 404
    distribution.refresh_from_db()
    assert distribution.acknowledged_at is None
    assert not hasattr(distribution, "reversed_by")


def test_the_stock_forms_record_a_receipt_and_refuse_a_write_off_beyond_the_stock(
    client_for, coordinator, social, office, food, stock
):
    client = client_for(coordinator)
    change = reverse("aid:stock_change")
    client.post(
        change,
        {
            "action": "receive",
            "receive-office": office.pk,
            "receive-kind": food.pk,
            "receive-quantity": 5,
        },
    )
    page = client.get(reverse("aid:stock"))
    assert [level.quantity for level in page.context["levels"]] == [15]
    assert "15 пакетов" in page.content.decode()
    refused = client.post(
        change,
        {
            "action": "write_off",
            "write_off-office": office.pk,
            "write_off-kind": food.pk,
            "write_off-quantity": 99,
            "write_off-reason": "damaged",
        },
    )
    assert refused.status_code == 200
    assert refused.context["forms"]["write_off"].non_field_errors()
    assert client_for(social).post(change, {"action": "count"}).status_code == 403


@pytest.mark.usefixtures("needs_pdf_tools")
def test_the_receipt_is_a_pdf_naming_the_person(day_client, social, person, tmp_path):
    client = day_client(social, person)
    give(client, person)
    response = client.get(reverse("aid:receipt", args=[Distribution.objects.get().pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(response.content)
    text = " ".join(pdf_text(pdf).split())
    assert "Хусанов Шерзод" in text
    assert "Продуктовый набор" in text
    assert "1 пакет" in text


def test_a_person_sent_from_their_record_is_shown_once_the_day_is_set_up(
    client_for, social, person, food, line, stock, office
):
    person_assign(person=person, staff=social, assigned_by=None)
    client = client_for(social)
    url = f"{DAY}?person={person.pk}"
    assert client.get(url).context["setup_form"] is not None
    setup = {"office": office.pk, "kind": food.pk, "quantity": 1, "budget_line": ""}
    response = client.post(url, setup)
    assert response["Location"] == url
    assert client.get(url).context["person"] == person
    changed = client.post(f"{DAY}?change=1", setup)
    assert changed["Location"] == DAY


def test_a_ticket_requested_from_a_case_is_linked_to_it_and_shown_on_the_case_page(
    client_for, social, person, ticket, line
):
    case = case_open(
        opened_by=social,
        client=person,
        kind="legal",
        category=topic_create(created_by=None, code="documents", name_ru="Документы"),
        title="Свидетельство на возвращение",
    )
    client = client_for(social)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    url = reverse("aid:request", args=[person.pk]) + f"?case={case.pk}"
    assert url.encode() in page.content.replace(b"&amp;", b"&")
    form = client.get(url).context["form"]
    assert form["case"].value() == str(case.pk)
    client.post(
        url,
        {
            "kind": ticket.pk,
            "quantity": 1,
            "budget_line": line.pk,
            "case": case.pk,
            "key": str(uuid.uuid4()),
        },
    )
    assert Distribution.objects.get().case == case
    assert "Билет домой" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_the_budget_page_warns_at_80_percent_and_draws_the_spending(
    client_for, coordinator, person, line, food, stock, office
):
    line.amount = Decimal("18000")
    line.save()
    services.distribute(person=person, office=office, items=[(food, 1)], by=coordinator)
    page = client_for(coordinator).get(reverse("aid:budgets"))
    [shown] = page.context["lines"]
    assert shown["state"].warn is True
    assert [bar.value for bar in shown["chart"].bars] == [15.0]
    assert b'class="komek-chart"' in page.content


def test_a_day_set_up_for_households_records_household_packages(
    client_for, social, person, food, line, stock, office
):
    person_assign(person=person, staff=social, assigned_by=None)
    client = client_for(social)
    client.post(DAY, {"office": office.pk, "kind": food.pk, "quantity": 1, "household": "on"})
    give(client, person)
    assert Distribution.objects.get().household is True
