"""From the hotline to a lawyer: the callers referred to a lawyer wait in their office's
queue until a case is opened from their contact; whoever is given a case is told."""

import uuid
from datetime import date, timedelta

import time_machine
from django.urls import reverse

from komek.audit.models import Action, AuditEntry
from komek.cases import handover, services
from komek.cases.models import Case
from komek.cases.referrals import referral_send
from komek.core.roles import Role
from komek.hotline.services import contact_log
from komek.notifications.models import Notification
from komek.partners.services import partner_create


def referred(operator, topic, **fields):
    return contact_log(
        operator=operator,
        submission_key=uuid.uuid4(),
        topics=[topic],
        channel="call",
        outcome=fields.pop("outcome", "lawyer"),
        question="Работодатель забрал паспорт",
        **fields,
    )


def test_a_caller_referred_to_a_lawyer_waits_in_the_queue_until_a_case_is_opened(
    make_staff, client_person, topic
):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    coordinator = make_staff(Role.COORDINATOR)
    contact = referred(operator, topic, person=client_person)
    referred(operator, topic, person=client_person, outcome="answered")
    assert handover.lawyer_queue(user=coordinator) == [contact]
    assert handover.lawyer_queue_count(coordinator) == 1
    services.case_open(
        opened_by=coordinator,
        client=client_person,
        kind="legal",
        category=topic,
        title="Паспорт",
        opened_from=contact,
    )
    assert handover.lawyer_queue(user=coordinator) == []
    assert handover.lawyer_queue_count(coordinator) == 0


def test_a_user_of_another_office_neither_sees_the_queue_nor_its_count(
    client_for, make_staff, client_person, topic, other_office
):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    referred(operator, topic, person=client_person)
    outsider = make_staff(Role.COORDINATOR, office=other_office)
    assert handover.lawyer_queue_count(outsider) == 0
    page = client_for(outsider).get(reverse("cases:lawyer_queue")).content.decode()
    assert "Хусанов" not in page
    assert "Работодатель забрал паспорт" not in page
    assert "Хусанов" not in client_for(outsider).get(reverse("core:home")).content.decode()


def test_the_queue_page_offers_to_open_the_case_from_the_contact_and_is_audited(
    client_for, make_staff, client_person, topic
):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    lawyer = make_staff(Role.LAWYER)
    contact = referred(operator, topic, person=client_person)
    unidentified = referred(operator, topic, caller_name="Бахром")
    page = client_for(lawyer).get(reverse("cases:lawyer_queue")).content.decode()
    opening = reverse("cases:open", args=[client_person.pk]) + f"?contact={contact.pk}"
    assert f'href="{opening}"' in page
    assert reverse("hotline:link_person", args=[unidentified.pk]) in page
    assert AuditEntry.objects.filter(
        actor=lawyer, action=Action.VIEW, detail="waiting for a lawyer: 2"
    ).exists()


def test_an_operator_has_no_queue(client_for, make_staff):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    assert client_for(operator).get(reverse("cases:lawyer_queue")).status_code == 403


def test_the_queue_is_on_the_home_page_of_coordinators_and_lawyers_and_counted_in_the_header(
    client_for, make_staff, client_person, topic
):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    referred(operator, topic, person=client_person)
    for role in (Role.COORDINATOR, Role.LAWYER):
        home = client_for(make_staff(role)).get(reverse("core:home")).content.decode()
        assert 'id="lawyer-queue"' in home
        assert "Хусанов Шерзод" in home
        assert f'href="{reverse("cases:lawyer_queue")}"' in home
    home = client_for(operator).get(reverse("core:home")).content.decode()
    assert 'id="lawyer-queue"' not in home


def test_an_empty_queue_leaves_no_panel_on_the_home_page(client_for, make_staff):
    home = client_for(make_staff(Role.COORDINATOR)).get(reverse("core:home")).content.decode()
    assert (
        "Юриста никто не ждёт" not in home
        and "Ожидают юриста" not in home.split("<main", 1)[1].split("</h1>", 1)[1]
    )


def test_a_case_opened_from_the_queue_is_legal_with_the_contacts_topic_and_client(
    client_for, make_staff, client_person, topic
):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    coordinator = make_staff(Role.COORDINATOR)
    contact = referred(operator, topic, person=client_person)
    page = client_for(coordinator).get(
        reverse("cases:open", args=[client_person.pk]), {"contact": contact.pk}
    )
    form = page.context["form"]
    assert form.initial["kind"] == "legal"
    assert form.initial["category"] == topic.pk


def test_a_caseworker_given_a_case_by_someone_else_is_notified_but_not_who_takes_it(
    make_staff, client_person, topic
):
    coordinator = make_staff(Role.COORDINATOR)
    lawyer = make_staff(Role.LAWYER)
    case = services.case_open(
        opened_by=coordinator,
        client=client_person,
        kind="legal",
        category=topic,
        title="Паспорт",
        assign=[lawyer],
    )
    notification = Notification.objects.get(user=lawyer)
    assert f"дело №{case.pk}" in notification.text
    assert notification.url == reverse("cases:detail", args=[case.pk])
    services.case_open(
        opened_by=lawyer, client=client_person, kind="legal", category=topic, title="Другое"
    )
    assert Notification.objects.filter(user=lawyer).count() == 1
    assert not Notification.objects.filter(user=coordinator).exists()


def test_opening_a_second_case_for_a_client_warns_and_needs_confirming(
    client_for, make_staff, client_person, topic, case
):
    coordinator = make_staff(Role.COORDINATOR)
    client = client_for(coordinator)
    url = reverse("cases:open", args=[client_person.pk])
    page = client.get(url).content.decode()
    assert 'id="open-cases"' in page
    assert reverse("cases:detail", args=[case.pk]) in page
    form = {"title": "Зарплата", "kind": "legal", "category": topic.pk, "priority": "normal"}
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "уже есть открытое дело" in refused.content.decode()
    assert Case.objects.count() == 1
    client.post(url, {**form, "open_new_anyway": "on"})
    assert Case.objects.count() == 2


def test_a_client_whose_cases_are_closed_or_unseen_opens_a_case_without_warning(
    client_for, make_staff, client_person, topic, other_office
):
    outsider = make_staff(Role.COORDINATOR, office=other_office)
    services.case_open(
        opened_by=outsider, client=client_person, kind="legal", category=topic, title="Там"
    )
    coordinator = make_staff(Role.COORDINATOR)
    page = client_for(coordinator).get(reverse("cases:open", args=[client_person.pk]))
    assert 'id="open-cases"' not in page.content.decode()


def test_a_case_cannot_be_given_to_someone_of_another_office(
    client_for, make_staff, client_person, topic, other_office
):
    coordinator = make_staff(Role.COORDINATOR)
    outsider = make_staff(Role.LAWYER, office=other_office)
    response = client_for(coordinator).post(
        reverse("cases:open", args=[client_person.pk]),
        {
            "title": "Паспорт",
            "kind": "legal",
            "category": topic.pk,
            "priority": "normal",
            "assign": [outsider.pk],
        },
    )
    assert response.status_code == 200
    assert not Case.objects.exists()
    assert not Notification.objects.filter(user=outsider).exists()


def test_a_lawyers_home_shows_their_cases_overdue_tasks_awaited_answers_and_new_assignments(
    client_for, make_staff, client_person, topic
):
    coordinator = make_staff(Role.COORDINATOR)
    lawyer = make_staff(Role.LAWYER)
    other = make_staff(Role.LAWYER)
    given = services.case_open(
        opened_by=coordinator,
        client=client_person,
        kind="legal",
        category=topic,
        title="Свидетельство на возвращение",
        assign=[lawyer],
    )
    services.case_open(
        opened_by=other, client=client_person, kind="legal", category=topic, title="Чужое дело"
    )
    today = date.today()
    with time_machine.travel(today - timedelta(days=3)):
        services.task_add(
            case=given,
            created_by=lawyer,
            title="Позвонить в посольство",
            assignee=lawyer,
            due_on=today - timedelta(days=1),
        )
    embassy = partner_create(
        created_by=None,
        office=lawyer.office,
        name="Посольство Узбекистана",
        kind="embassy",
        country="UZ",
        city="Алматы",
    )
    referral_send(
        case=given,
        sent_by=coordinator,
        partner=embassy,
        request="consular",
        channel="letter",
        sent_on=today,
        without_consent_reason="detained",
    )
    home = client_for(lawyer).get(reverse("core:home")).content.decode()
    desk = home.split('id="my-work"', 1)[1]
    assert "Свидетельство на возвращение" in desk.split('id="new-assignments"', 1)[1]
    assert "Позвонить в посольство" in desk
    assert "Посольство Узбекистана" in desk
    assert "Чужое дело" not in desk
    assert AuditEntry.objects.filter(actor=lawyer, detail="home: own cases").exists()


def test_a_coordinators_home_shows_the_cases_nobody_works_on(
    client_for, make_staff, client_person, topic, other_office
):
    coordinator = make_staff(Role.COORDINATOR)
    services.case_open(
        opened_by=coordinator, client=client_person, kind="legal", category=topic, title="Ничьё"
    )
    outsider = make_staff(Role.COORDINATOR, office=other_office)
    assert (
        'id="unassigned-cases"'
        in client_for(coordinator).get(reverse("core:home")).content.decode()
    )
    assert "Ничьё" not in client_for(outsider).get(reverse("core:home")).content.decode()
