"""Aid on the case timeline: each step of a distribution linked to a case is an event of
the case, kept as codes and ids, and the case page shows it in the reader's language."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from komek.aid import services
from komek.aid.timeline import AID
from komek.cases.models import CaseEvent
from komek.cases.services import case_open
from komek.core.roles import Role
from komek.hotline.services import topic_create


@pytest.fixture
def case(social, person):
    return case_open(
        opened_by=social,
        client=person,
        kind="legal",
        category=topic_create(created_by=None, code="documents", name_ru="Документы"),
        title="Свидетельство на возвращение",
    )


@pytest.fixture
def named_ticket(ticket):
    ticket.name_en = "Ticket home (bus)"
    ticket.save()
    return ticket


def aid_events(case) -> list[dict]:
    return list(CaseEvent.objects.filter(case=case, kind=AID).order_by("pk").values("data", "text"))


def test_each_step_of_a_ticket_home_goes_on_the_case_timeline(
    office, named_ticket, line, social, coordinator, person, case, bands
):
    request = services.request(
        person=person,
        office=office,
        kind=named_ticket,
        quantity=1,
        by=social,
        budget_line=line,
        case=case,
    )
    services.approve(distribution=request, by=coordinator)
    services.record_purchase(
        distribution=request,
        document=ContentFile(b"%PDF", name="ticket.pdf"),
        amount=Decimal("38500"),
        by=social,
    )
    services.hand_over(distribution=request, by=social)
    reversal = services.reverse(distribution=request, by=coordinator, reason="Билет не нужен")
    items = [[named_ticket.pk, 1]]
    assert aid_events(case) == [
        {"data": {"distribution": request.pk, "status": status, "items": items}, "text": ""}
        for status in ("requested", "approved", "purchased", "handed_over")
    ] + [
        {
            "data": {
                "distribution": reversal.pk,
                "status": "reversed",
                "items": items,
                "reverses": request.pk,
            },
            "text": "Билет не нужен",
        }
    ]
    assert set(CaseEvent.objects.filter(kind=AID).values_list("author", flat=True)) == {
        social.pk,
        coordinator.pk,
    }


def test_goods_handed_out_within_a_case_are_one_event_and_without_a_case_none(
    office, food, line, social, person, case, stock
):
    services.distribute(person=person, office=office, items=[(food, 2)], by=social)
    assert aid_events(case) == []
    given = services.distribute(
        person=person, office=office, items=[(food, 1)], by=social, case=case
    )
    assert aid_events(case) == [
        {
            "data": {"distribution": given.pk, "status": "handed_over", "items": [[food.pk, 1]]},
            "text": "",
        }
    ]


def test_the_case_page_shows_the_aid_events_in_the_readers_language(
    client_for, make_staff, office, named_ticket, line, social, coordinator, person, case, bands
):
    request = services.request(
        person=person,
        office=office,
        kind=named_ticket,
        quantity=1,
        by=social,
        budget_line=line,
        case=case,
    )
    services.approve(distribution=request, by=coordinator)
    url = reverse("cases:detail", args=[case.pk])
    link = reverse("aid:detail", args=[request.pk])
    russian = client_for(make_staff(Role.COORDINATOR, language="ru")).get(url)
    page = russian.content.decode()
    assert "<strong>запрошено</strong>: Билет домой (автобус) × 1" in page
    assert "<strong>согласовано</strong>: Билет домой (автобус) × 1" in page
    assert f'href="{link}"' in page
    english = client_for(make_staff(Role.COORDINATOR, language="en")).get(url)
    page = english.content.decode()
    assert "<strong>requested</strong>: Ticket home (bus) × 1" in page
    assert "<strong>approved</strong>: Ticket home (bus) × 1" in page
    assert "запрошено" not in page
