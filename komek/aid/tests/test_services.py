"""The aid services: the stock ledger and its batches, distributions with their
entitlement, budget and approval checks, the request chain, idempotency and reversal.
Every refusal names its rule and leaves nothing written."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from komek.aid import services
from komek.aid.models import (
    AidKind,
    Batch,
    BudgetLine,
    Distribution,
    DistributionItem,
    Movement,
    Purchase,
    Status,
    StockMovement,
)
from komek.aid.rules import line_months, line_usage
from komek.aid.services import AidRefused
from komek.audit.models import AuditEntry
from komek.people.services import family_link_add


@pytest.fixture(autouse=True)
def _line_totals_follow_the_distributions(db):
    """After each test, whatever it did, every line's stored totals and months are what
    its distributions and purchases add up to."""
    yield
    for line in BudgetLine.objects.all():
        assert (line.committed, line.spent) == line_usage(line), line
        kept = dict(line.months.exclude(spent=0).values_list("month", "spent"))
        assert kept == line_months(line), line


def written() -> tuple[int, int, int, int, list[int]]:
    """Everything a refused service must have left as it was."""
    return (
        Distribution.objects.count(),
        DistributionItem.objects.count(),
        StockMovement.objects.count(),
        AuditEntry.objects.count(),
        list(Batch.objects.order_by("pk").values_list("quantity", flat=True)),
    )


def refused(rule: str, call, **kwargs) -> AidRefused:
    before = written()
    with pytest.raises(AidRefused) as caught:
        call(**kwargs)
    assert caught.value.rule == rule
    assert written() == before
    return caught.value


def batches_total(office, kind) -> int:
    return sum(Batch.objects.filter(office=office, kind=kind).values_list("quantity", flat=True))


def balances_agree(office, kind) -> int:
    balance = services.ledger_balance(office, kind)
    assert balance == batches_total(office, kind)
    return balance


# Stock -----------------------------------------------------------------------------------


def test_a_receipt_is_a_ledger_row_and_a_batch(office, food, line, coordinator):
    movement = services.receive(
        office=office, kind=food, quantity=40, by=coordinator, budget_line=line, batch="B-1"
    )
    services.receive(office=office, kind=food, quantity=10, by=coordinator, batch="B-1")
    assert movement.reason == Movement.RECEIPT
    assert movement.budget_line == line
    assert Batch.objects.get(code="B-1").quantity == 50
    assert balances_agree(office, food) == 50
    assert AuditEntry.objects.filter(object_type="aid.StockMovement").count() == 2


def test_a_receipt_into_a_batch_with_another_expiry_date_is_refused(office, food, coordinator):
    services.receive(
        office=office, kind=food, quantity=5, by=coordinator, batch="B-1", expires=date(2027, 1, 1)
    )
    error = refused(
        "input",
        services.receive,
        office=office,
        kind=food,
        quantity=5,
        by=coordinator,
        batch="B-1",
        expires=date(2027, 6, 1),
    )
    assert "B-1" in error.message


@pytest.mark.parametrize("quantity", [0, -3, 1.5, "2", True])
def test_a_quantity_is_a_whole_number_above_zero(office, food, coordinator, quantity):
    error = refused(
        "input", services.receive, office=office, kind=food, quantity=quantity, by=coordinator
    )
    assert f"«{quantity}»" in error.message


def test_a_ticket_is_not_kept_in_stock(office, ticket, coordinator):
    refused("input", services.receive, office=office, kind=ticket, quantity=1, by=coordinator)


def test_the_batch_expiring_first_is_issued_first(office, food, line, social, coordinator, person):
    today = timezone.localdate()
    services.receive(office=office, kind=food, quantity=5, by=coordinator, batch="none")
    services.receive(
        office=office,
        kind=food,
        quantity=5,
        by=coordinator,
        batch="late",
        expires=today + timedelta(days=90),
    )
    services.receive(
        office=office,
        kind=food,
        quantity=2,
        by=coordinator,
        batch="soon",
        expires=today + timedelta(days=3),
    )
    distribution = services.distribute(
        person=person, office=office, items=[(food, 4)], by=social, budget_line=line
    )
    issued = {
        movement.batch.code: movement.quantity
        for movement in distribution.movements.select_related("batch")
    }
    assert issued == {"soon": -2, "late": -2}
    assert balances_agree(office, food) == 8


def test_out_of_stock_is_refused_with_what_there_is(office, food, line, social, person, stock):
    error = refused(
        "stock",
        services.distribute,
        person=person,
        office=office,
        items=[(food, 11)],
        by=social,
        budget_line=line,
    )
    assert "10" in error.message and "11" in error.message


def test_a_transfer_is_one_movement_out_and_its_pair_in(
    office, other_office, food, coordinator, stock
):
    out, into = services.transfer(
        from_office=office, to_office=other_office, kind=food, quantity=4, by=coordinator
    )
    assert (out.office, out.quantity, out.reason) == (office, -4, Movement.TRANSFER_OUT)
    assert (into.office, into.quantity, into.reason) == (other_office, 4, Movement.TRANSFER_IN)
    assert out.pair == into and into.pair == out
    assert StockMovement.objects.get(pk=out.pk).pair == into
    assert balances_agree(office, food) == 6
    assert balances_agree(other_office, food) == 4


def test_a_transfer_beyond_the_stock_moves_nothing(office, other_office, food, coordinator, stock):
    refused(
        "stock",
        services.transfer,
        from_office=office,
        to_office=other_office,
        kind=food,
        quantity=11,
        by=coordinator,
    )
    refused(
        "input",
        services.transfer,
        from_office=office,
        to_office=office,
        kind=food,
        quantity=1,
        by=coordinator,
    )


def test_a_write_off_keeps_its_reason(office, food, coordinator, stock):
    movement = services.write_off(
        office=office, kind=food, quantity=3, reason="damaged", by=coordinator
    )
    assert (movement.quantity, movement.reason, movement.write_off_reason) == (
        -3,
        Movement.WRITE_OFF,
        "damaged",
    )
    assert balances_agree(office, food) == 7
    error = refused(
        "input",
        services.write_off,
        office=office,
        kind=food,
        quantity=1,
        reason="eaten",
        by=coordinator,
    )
    assert "expired" in error.message


def test_a_count_records_the_difference(office, food, coordinator, stock):
    assert services.count(office=office, kind=food, counted=10, by=coordinator) is None
    missing = services.count(office=office, kind=food, counted=7, by=coordinator)
    assert (missing.quantity, missing.reason) == (-3, Movement.COUNT)
    found = services.count(office=office, kind=food, counted=9, by=coordinator)
    assert found.quantity == 2
    assert balances_agree(office, food) == 9
    refused("input", services.count, office=office, kind=food, counted=-1, by=coordinator)


# Handing out -----------------------------------------------------------------------------


def test_a_distribution_is_charged_taken_from_stock_and_audited(
    office, food, line, social, person, stock
):
    distribution = services.distribute(
        person=person, office=office, items=[(food, 2)], by=social, place="Выездной пункт"
    )
    item = distribution.items.get()
    assert (item.quantity, item.value, item.budget_line, item.person) == (
        2,
        Decimal("30000"),
        line,
        person,
    )
    assert distribution.status == Status.HANDED_OVER
    assert distribution.handed_by == social
    assert balances_agree(office, food) == 8
    entry = AuditEntry.objects.get(object_type="aid.Distribution", object_id=str(distribution.pk))
    assert entry.actor == social and entry.people == f",{person.pk},"


def test_a_double_submit_gives_one_distribution(office, food, line, social, person, stock):
    first = services.distribute(
        person=person, office=office, items=[(food, 1)], by=social, key="q-1"
    )
    again = services.distribute(
        person=person, office=office, items=[(food, 1)], by=social, key="q-1"
    )
    assert again == first
    assert Distribution.objects.count() == 1
    assert balances_agree(office, food) == 9


def test_a_second_package_within_30_days_is_refused_with_the_next_date(
    office, food, line, social, person, stock, monthly_food
):
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        services.distribute(person=person, office=office, items=[(food, 1)], by=social)
    error = refused(
        "entitlement",
        services.distribute,
        person=person,
        office=office,
        items=[(food, 1)],
        by=social,
    )
    given_on = timezone.localdate() - timedelta(days=10)
    assert error.received == [(given_on, food, 1)]
    assert error.next_possible == given_on + timedelta(days=30)
    assert error.entitlement == monthly_food
    assert given_on.strftime("%d.%m.%Y") in error.message
    assert error.next_possible.strftime("%d.%m.%Y") in error.message


def test_the_period_rolls(office, food, line, social, person, stock, monthly_food):
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        services.distribute(person=person, office=office, items=[(food, 1)], by=social)
    services.distribute(person=person, office=office, items=[(food, 1)], by=social)


def test_a_package_from_another_office_and_project_counts(
    office, other_office, food, line, social, coordinator, person, stock, monthly_food, make_staff
):
    from komek.aid.models import BudgetLine, Donor, Project
    from komek.core.roles import Role

    unicef = Project.objects.create(
        donor=Donor.objects.create(code="unicef", name="ЮНИСЕФ"),
        code="unicef-1",
        name="Дети",
        starts=date(2020, 1, 1),
        ends=date(2099, 1, 1),
    )
    other_line = BudgetLine.objects.create(project=unicef, code="food", name="Еда", amount=10**6)
    other_line.kinds.set([food])
    services.receive(office=other_office, kind=food, quantity=3, by=coordinator)
    almaty_worker = make_staff(Role.SOCIAL_WORKER, office=other_office)
    services.distribute(
        person=person,
        office=other_office,
        items=[(food, 1)],
        by=almaty_worker,
        budget_line=other_line,
    )
    refused(
        "entitlement",
        services.distribute,
        person=person,
        office=office,
        items=[(food, 1)],
        by=social,
        budget_line=line,
    )


def test_a_household_shares_its_packages(
    office, food, line, social, person, make_person, stock, monthly_food
):
    wife = make_person("Дилноза")
    family_link_add(person=wife, relative=person, kind="spouse", added_by=None)
    services.distribute(person=person, office=office, items=[(food, 1)], by=social)
    refused(
        "entitlement", services.distribute, person=wife, office=office, items=[(food, 1)], by=social
    )
    monthly_food.per = "person"
    monthly_food.save()
    services.distribute(person=wife, office=office, items=[(food, 1)], by=social)


def test_a_coordinator_overrides_with_a_reason_that_is_kept(
    office, food, line, social, coordinator, person, stock, monthly_food
):
    services.distribute(person=person, office=office, items=[(food, 1)], by=social)
    refused(
        "entitlement",
        services.distribute,
        person=person,
        office=office,
        items=[(food, 1)],
        by=social,
        override_reason="Большая семья",
    )
    refused(
        "entitlement",
        services.distribute,
        person=person,
        office=office,
        items=[(food, 1)],
        by=coordinator,
        override_reason="  ",
    )
    second = services.distribute(
        person=person,
        office=office,
        items=[(food, 1)],
        by=coordinator,
        override_reason="Большая семья",
    )
    assert (second.override_reason, second.overridden_by, second.overridden_rules) == (
        "Большая семья",
        coordinator,
        ["entitlement"],
    )
    entry = AuditEntry.objects.get(object_type="aid.Distribution", object_id=str(second.pk))
    assert entry.detail == "override (entitlement): Большая семья"


def test_a_kind_that_needs_approval_is_requested_not_handed_out(
    office, ticket, line, social, person
):
    refused(
        "approval",
        services.distribute,
        person=person,
        office=office,
        items=[(ticket, 1)],
        by=social,
    )


def test_a_value_above_the_social_workers_band_needs_a_coordinator(
    office, food, line, social, coordinator, person, stock, bands
):
    refused(
        "approval",
        services.distribute,
        person=person,
        office=office,
        items=[(food, 2)],
        by=social,
    )
    given = services.distribute(person=person, office=office, items=[(food, 2)], by=coordinator)
    assert list(given.approvals.values_list("by", flat=True)) == [coordinator.pk]


def test_a_budget_is_never_silently_exceeded(
    office, food, line, social, coordinator, person, make_person, stock
):
    line.amount = Decimal("40000")
    line.save()
    services.distribute(person=person, office=office, items=[(food, 2)], by=social)
    state = services.budget_state(line)
    assert (state.spent, state.remaining, state.warn, state.refused) == (
        Decimal("30000"),
        Decimal("10000"),
        False,
        False,
    )
    assert state.share == Decimal("0.75")
    error = refused(
        "budget",
        services.distribute,
        person=make_person(),
        office=office,
        items=[(food, 1)],
        by=social,
    )
    assert str(line) in error.message
    over = services.distribute(
        person=make_person(),
        office=office,
        items=[(food, 1)],
        by=coordinator,
        override_reason="Донор согласовал перерасход",
    )
    assert over.overridden_rules == ["budget"]
    state = services.budget_state(line)
    assert (state.warn, state.refused, state.remaining) == (True, True, Decimal("-5000"))


def test_no_running_project_pays_for_the_kind(office, food, social, person, coordinator):
    services.receive(office=office, kind=food, quantity=1, by=coordinator)
    error = refused(
        "budget", services.distribute, person=person, office=office, items=[(food, 1)], by=social
    )
    assert str(food) in error.message


def test_a_case_of_someone_else_is_refused(office, food, line, social, person, make_person, stock):
    from komek.cases.services import case_open
    from komek.hotline.services import topic_create

    case = case_open(
        opened_by=social,
        client=make_person(),
        kind="social",
        category=topic_create(created_by=None, code="social", name_ru="Соц"),
        title="Помощь",
    )
    refused(
        "input",
        services.distribute,
        person=person,
        office=office,
        items=[(food, 1)],
        by=social,
        case=case,
    )


# The request chain -------------------------------------------------------------------------


def test_a_ticket_home_is_requested_approved_purchased_and_handed_over(
    office, ticket, line, social, coordinator, person, bands
):
    request = services.request(
        person=person, office=office, kind=ticket, quantity=1, by=social, budget_line=line
    )
    assert (request.status, request.approvals_needed) == (Status.REQUESTED, 1)
    assert services.budget_state(line).committed == Decimal("40000")
    refused("approval", services.approve, distribution=request, by=social)
    refused("approval", services.hand_over, distribution=request, by=social)
    approved = services.approve(distribution=request, by=coordinator)
    assert approved.status == Status.APPROVED
    refused("approval", services.hand_over, distribution=request, by=social)
    purchase = services.record_purchase(
        distribution=request,
        document=ContentFile(b"%PDF", name="ticket.pdf"),
        amount=Decimal("38500"),
        by=social,
    )
    assert purchase.budget_line == line
    state = services.budget_state(line)
    assert (state.committed, state.spent) == (Decimal("0"), Decimal("38500"))
    handed = services.hand_over(distribution=request, by=social)
    assert (handed.status, handed.handed_by) == (Status.HANDED_OVER, social)
    assert services.budget_state(line).spent == Decimal("38500")
    acknowledged = services.acknowledge(distribution=handed, by=social)
    assert acknowledged.acknowledged_at is not None
    assert services.acknowledge(distribution=handed, by=social).acknowledged_at == (
        acknowledged.acknowledged_at
    )
    statuses = (
        AuditEntry.objects.filter(object_type="aid.Distribution", object_id=str(request.pk))
        .order_by("pk")
        .values_list("changes__status", flat=True)
    )
    assert [status for status in statuses if status] == [
        [None, "requested"],
        ["requested", "approved"],
        ["approved", "purchased"],
        ["purchased", "handed_over"],
    ]


def test_an_expensive_request_needs_two_coordinators(
    office, ticket, line, social, coordinator, person, bands, make_staff
):
    from komek.core.roles import Role

    ticket.unit_value = Decimal("150000")
    ticket.save()
    request = services.request(
        person=person, office=office, kind=ticket, quantity=1, by=social, budget_line=line
    )
    assert request.approvals_needed == 2
    assert services.approve(distribution=request, by=coordinator).status == Status.REQUESTED
    refused("approval", services.approve, distribution=request, by=coordinator)
    second = make_staff(Role.COORDINATOR)
    assert services.approve(distribution=request, by=second).status == Status.APPROVED


def test_a_request_itself_is_idempotent(office, ticket, line, social, person):
    first = services.request(
        person=person, office=office, kind=ticket, quantity=1, by=social, budget_line=line, key="t"
    )
    again = services.request(
        person=person, office=office, kind=ticket, quantity=1, by=social, budget_line=line, key="t"
    )
    assert first == again and Distribution.objects.count() == 1


def test_a_purchase_above_what_the_line_has_left_is_refused(
    office, ticket, line, social, coordinator, person
):
    line.amount = Decimal("45000")
    line.save()
    request = services.request(
        person=person, office=office, kind=ticket, quantity=1, by=social, budget_line=line
    )
    services.approve(distribution=request, by=coordinator)
    before = Purchase.objects.count()
    with pytest.raises(AidRefused) as caught:
        services.record_purchase(
            distribution=request,
            document=ContentFile(b"x", name="t.pdf"),
            amount=Decimal("46000"),
            by=social,
        )
    assert caught.value.rule == "budget"
    assert Purchase.objects.count() == before


# Reversal ---------------------------------------------------------------------------------


def test_a_reversal_is_a_second_entry_that_gives_everything_back(
    office, food, line, social, coordinator, person, stock, monthly_food
):
    given = services.distribute(person=person, office=office, items=[(food, 1)], by=social)
    refused("input", services.reverse, distribution=given, by=coordinator, reason=" ")
    reversal = services.reverse(distribution=given, by=coordinator, reason="Записали не тому")
    assert (reversal.status, reversal.reverses, reversal.reason) == (
        Status.REVERSED,
        given,
        "Записали не тому",
    )
    assert list(reversal.items.values_list("quantity", "value")) == [(-1, Decimal("-15000"))]
    assert Distribution.objects.get(pk=given.pk).status == Status.HANDED_OVER
    assert balances_agree(office, food) == 10
    assert services.budget_state(line).spent == 0
    assert services.check(person=person, kind=food, quantity=1).ok
    refused("input", services.reverse, distribution=given, by=coordinator, reason="ещё раз")
    refused("input", services.reverse, distribution=reversal, by=coordinator, reason="назад")


def test_a_reversed_request_is_no_longer_approved(
    office, ticket, line, social, coordinator, person
):
    request = services.request(
        person=person, office=office, kind=ticket, quantity=1, by=social, budget_line=line
    )
    services.reverse(distribution=request, by=social, reason="Передумал")
    assert services.budget_state(line).committed == 0
    refused("approval", services.approve, distribution=request, by=coordinator)


def test_kinds_are_named_in_each_language(food):
    food.name_kk = "Азық-түлік жиынтығы"
    assert food.name_in("kk") == "Азық-түлік жиынтығы"
    assert food.name_in("en") == "Продуктовый набор"
    assert isinstance(AidKind.objects.get(pk=food.pk).name_in("ru"), str)


def test_a_kind_with_an_expiry_date_is_received_with_it(office, food, coordinator):
    food.tracks_expiry = True
    food.save()
    error = refused("input", services.receive, office=office, kind=food, quantity=5, by=coordinator)
    assert "срок годности" in error.message
    services.receive(office=office, kind=food, quantity=5, by=coordinator, expires=date(2027, 1, 1))


def test_a_line_is_recounted_from_its_distributions(
    office, food, ticket, line, social, coordinator, person, make_person, stock
):
    services.distribute(person=person, office=office, items=[(food, 2)], by=social)
    services.request(
        person=make_person(), office=office, kind=ticket, quantity=1, by=social, budget_line=line
    )
    BudgetLine.objects.filter(pk=line.pk).update(committed=0, spent=0)
    line.months.all().delete()
    recounted = services.line_recount(line)
    assert (recounted.committed, recounted.spent) == (Decimal("40000"), Decimal("30000"))
    assert list(recounted.months.values_list("spent", flat=True)) == [Decimal("30000")]


def test_a_cash_grant_is_handed_over_once_approved_without_a_purchase(
    office, line, social, coordinator, person
):
    grant = AidKind.objects.create(
        code="cash",
        name="Денежная помощь",
        unit="kzt",
        unit_value=Decimal(1),
        is_cash=True,
        stocked=False,
        needs_approval=True,
    )
    line.kinds.add(grant)
    request = services.request(
        person=person, office=office, kind=grant, quantity=25000, by=social, budget_line=line
    )
    services.approve(distribution=request, by=coordinator)
    handed = services.hand_over(distribution=request, by=social)
    assert handed.status == Status.HANDED_OVER
    state = services.budget_state(line)
    assert (state.committed, state.spent) == (0, Decimal("25000"))
    services.reverse(distribution=handed, by=coordinator, reason="Выдано дважды")
    assert services.budget_state(line).spent == 0
