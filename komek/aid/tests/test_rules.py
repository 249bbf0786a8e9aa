"""The rules read from data: who qualifies for a kind, limits by value over a rolling
year, when the next one is possible, approval bands, the budget's warning."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import formats, timezone, translation

from komek.aid import rules, services
from komek.aid.models import AidKind, ApprovalBand, EntitlementRule
from komek.cases.services import case_move, case_open
from komek.hotline.services import topic_create


@pytest.fixture
def medical(line):
    kind = AidKind.objects.create(
        code="medical",
        name="Оплата лечения",
        unit="kzt",
        unit_value=Decimal(1),
        is_cash=True,
        stocked=False,
    )
    line.kinds.add(kind)
    return kind


@pytest.fixture
def yearly_medical(medical):
    rule = EntitlementRule.objects.create(
        max_value=Decimal("200000"),
        period_days=365,
        qualifies_vulnerabilities=["serious_illness", "pregnant"],
        qualifies_case_categories=["health"],
        source="Положение о гуманитарной помощи, п. 7",
    )
    rule.kinds.set([medical])
    return rule


def test_only_people_with_a_vulnerability_or_an_open_case_of_the_category_qualify(
    person, medical, yearly_medical, social
):
    verdict = services.check(person=person, kind=medical, quantity=1000)
    assert not verdict.ok and verdict.rule == yearly_medical
    assert "Хусанов" in verdict.message
    person.vulnerabilities = ["pregnant"]
    assert services.check(person=person, kind=medical, quantity=1000).ok
    person.vulnerabilities = []
    health = topic_create(created_by=None, code="health", name_ru="Здоровье")
    case = case_open(opened_by=social, client=person, kind="social", category=health, title="Ж")
    assert services.check(person=person, kind=medical, quantity=1000).ok
    case_move(case=case, moved_by=social, to="unresolved", assigned=True, outcome="other")
    assert not services.check(person=person, kind=medical, quantity=1000).ok


def test_payments_are_limited_by_their_sum_over_a_rolling_year(
    office, person, medical, yearly_medical, line, social, coordinator
):
    person.vulnerabilities = ["serious_illness"]
    person.save()
    ago = timezone.now() - timedelta(days=300)
    with time_machine.travel(ago):
        services.request(
            person=person,
            office=office,
            kind=medical,
            quantity=150000,
            by=social,
            budget_line=line,
        )
    assert services.check(person=person, kind=medical, quantity=50000).ok
    verdict = services.check(person=person, kind=medical, quantity=60000)
    assert not verdict.ok
    assert verdict.received == [(timezone.localdate(ago), medical, 150000)]
    assert verdict.next_possible == timezone.localdate(ago + timedelta(days=365))
    too_much = services.check(person=person, kind=medical, quantity=250000)
    assert not too_much.ok and too_much.next_possible is None
    assert "превышает лимит" in too_much.message


def test_the_next_date_waits_for_enough_of_the_old_ones(office, food, line, social, person, stock):
    EntitlementRule.objects.create(max_quantity=3, period_days=30, source="п. 4").kinds.set([food])
    for days_ago in (20, 10, 5):
        with time_machine.travel(timezone.now() - timedelta(days=days_ago)):
            services.distribute(person=person, office=office, items=[(food, 1)], by=social)
    verdict = services.check(person=person, kind=food, quantity=2)
    assert [quantity for _day, _kind, quantity in verdict.received] == [1, 1, 1]
    # Two more fit once the packages of 20 and 10 days ago are out of the period.
    assert verdict.next_possible == timezone.localdate(timezone.now() + timedelta(days=20))


def test_an_inactive_rule_does_not_limit(person, food, monthly_food):
    monthly_food.active = False
    monthly_food.save()
    assert services.check(person=person, kind=food, quantity=5).ok


def test_the_rule_is_described_with_its_limit(monthly_food, yearly_medical):
    assert rules.describe(monthly_food) == "Продуктовый набор: лимит — 1 пакет за 30 дней, на семью"
    assert rules.describe(yearly_medical) == (
        "Оплата лечения: лимит — 200\xa0000 тенге за 365 дней, на человека"
    )


def test_the_lowest_band_holding_the_value_decides(bands):
    assert rules.approvers_needed(Decimal("20000")) == 0
    assert rules.approvers_needed(Decimal("20000.01")) == 1
    assert rules.approvers_needed(Decimal("100000")) == 1
    assert rules.approvers_needed(Decimal("1000000")) == 2


def test_without_bands_nobody_approves(db):
    assert not ApprovalBand.objects.exists()
    assert rules.approvers_needed(Decimal("1000000")) == 0


def test_a_line_warns_at_80_percent(office, food, line, social, make_person, stock):
    line.amount = Decimal("75000")
    line.save()
    services.distribute(person=make_person(), office=office, items=[(food, 3)], by=social)
    state = services.budget_state(line)
    assert (state.share, state.warn, state.refused) == (Decimal("0.6"), False, False)
    services.distribute(person=make_person(), office=office, items=[(food, 1)], by=social)
    state = services.budget_state(line)
    assert (state.share, state.warn, state.refused) == (Decimal("0.8"), True, False)


def test_a_check_is_three_reads_whatever_was_given_before(
    office, food, line, social, person, make_person, stock, monthly_food, django_assert_num_queries
):
    from komek.people.services import family_link_add

    family_link_add(person=make_person(), relative=person, kind="spouse", added_by=None)
    services.distribute(person=person, office=office, items=[(food, 1)], by=social)
    # The rules of the kind, the household, the items of the kind in the period.
    with django_assert_num_queries(3):
        assert not services.check(person=person, kind=food, quantity=1).ok


@pytest.fixture
def rail(line):
    kind = AidKind.objects.create(
        code="ticket-rail",
        name="Билет домой (поезд)",
        name_en="Ticket home (rail)",
        unit="ticket",
        unit_value=Decimal("50000"),
        stocked=False,
        needs_approval=True,
    )
    line.kinds.add(kind)
    return kind


@pytest.fixture
def one_ticket_a_year(ticket, rail):
    rule = EntitlementRule.objects.create(
        max_quantity=1, period_days=365, source="Положение о гуманитарной помощи, п. 9"
    )
    rule.kinds.set([ticket, rail])
    return rule


def test_one_ticket_home_a_year_whether_by_bus_or_by_rail(
    office, person, ticket, rail, one_ticket_a_year, line, social
):
    ago = timezone.now() - timedelta(days=100)
    with time_machine.travel(ago):
        services.request(
            person=person, office=office, kind=ticket, quantity=1, by=social, budget_line=line
        )
    with pytest.raises(services.AidRefused) as caught:
        services.request(
            person=person, office=office, kind=rail, quantity=1, by=social, budget_line=line
        )
    refusal = caught.value
    then = timezone.localdate(ago)
    next_possible = timezone.localdate(ago + timedelta(days=365))
    assert (refusal.rule, refusal.entitlement) == ("entitlement", one_ticket_a_year)
    assert refusal.received == [(then, ticket, 1)]
    assert refusal.next_possible == next_possible
    shown = formats.date_format(next_possible, "SHORT_DATE_FORMAT")
    assert refusal.message == (
        "Отказ по норме «Билет домой (автобус), Билет домой (поезд): лимит — 1 билет за 365 "
        f"дней, на человека». Уже получено: {formats.date_format(then, 'SHORT_DATE_FORMAT')}: "
        f"Билет домой (автобус) × 1. Следующая выдача возможна {shown}."
    )
    with time_machine.travel(ago + timedelta(days=366)):
        assert services.check(person=person, kind=rail, quantity=1).ok


def test_a_rule_of_one_kind_does_not_count_the_others(
    office, person, ticket, rail, line, social, food
):
    EntitlementRule.objects.create(max_quantity=1, period_days=365, source="п. 9").kinds.set(
        [ticket]
    )
    services.request(
        person=person, office=office, kind=ticket, quantity=1, by=social, budget_line=line
    )
    assert services.check(person=person, kind=rail, quantity=1).ok
    assert not services.check(person=person, kind=ticket, quantity=1).ok


def test_the_check_of_a_kind_counted_with_others_reads_its_rules_in_one_go(
    office, person, ticket, rail, one_ticket_a_year, line, social, django_assert_num_queries
):
    services.request(
        person=person, office=office, kind=ticket, quantity=1, by=social, budget_line=line
    )
    # The rules covering the kind with all their kinds, then the items of those kinds (a
    # rule per person reads no household).
    with django_assert_num_queries(2):
        assert not services.check(person=person, kind=rail, quantity=1).ok


def test_a_quantity_agrees_with_its_unit_in_each_language(food, ticket):
    assert [food.in_units(n) for n in (1, 2, 5, 11, 21, 22)] == [
        "1 пакет",
        "2 пакета",
        "5 пакетов",
        "11 пакетов",
        "21 пакет",
        "22 пакета",
    ]
    with translation.override("en"):
        assert (food.in_units(1), ticket.in_units(3)) == ("1 package", "3 tickets")
    with translation.override("kk"):
        assert ticket.in_units(3) == "3 билет"


def test_a_rule_of_several_units_names_them_in_agreement(food):
    rule = EntitlementRule.objects.create(max_quantity=2, period_days=30, source="п. 4")
    rule.kinds.set([food])
    assert rules.describe(rule) == "Продуктовый набор: лимит — 2 пакета за 30 дней, на человека"
