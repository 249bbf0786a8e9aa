"""The demo's aid, made through the services: stock in two offices with a batch near its
expiry date, a distribution day, a refusal turned into an override, a ticket home through
the whole chain for the client of case AST-0001, and the indicators counting them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from komek.accounts.models import Office
from komek.aid import services
from komek.aid.models import AidKind, Distribution, EntitlementRule, Status
from komek.aid.selectors import expiring_batches, stock_levels
from komek.core import demo, indicators
from komek.core.indicators import Scope
from komek.people.models import Person


@pytest.fixture
def loaded(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load("accounts", "partners", "people", "hotline", "cases", "aid")


def test_the_demo_has_stock_in_two_offices_and_a_batch_near_expiry(loaded):
    held = {(level.office.code, level.kind.code): level.quantity for level in stock_levels()}
    assert held[("almaty", "food")] == 50
    # Five packages went on the distribution day and by the override, from the batch
    # expiring first.
    assert held[("astana", "food")] == 140 - 5
    (soon,) = expiring_batches(within_days=30)
    assert (soon.code, soon.quantity) == ("IOM-2025-11", 20 - 5)
    for office in Office.objects.filter(code__in=["astana", "almaty"]):
        for kind in AidKind.objects.filter(stocked=True):
            assert services.ledger_balance(office, kind) == held.get((office.code, kind.code), 0)


def test_the_rules_are_data_with_their_source_to_be_verified(loaded):
    assert EntitlementRule.objects.count() == 3
    tickets = EntitlementRule.objects.get(kinds__code="ticket-rail")
    assert sorted(tickets.kinds.values_list("code", flat=True)) == [
        "ticket-air",
        "ticket-bus",
        "ticket-rail",
    ]
    assert (tickets.max_quantity, tickets.period_days) == (1, 365)
    assert all(rule.source and rule.to_be_verified for rule in EntitlementRule.objects.all())


def test_a_second_package_was_refused_then_given_by_an_override(loaded):
    person = Person.objects.get(ref="AST-0003")
    given = list(Distribution.objects.filter(person=person).order_by("created_at"))
    assert len(given) == 2
    assert timezone.localdate() - timezone.localdate(given[0].handed_at) == timedelta(days=12)
    assert given[1].overridden_rules == ["entitlement"]
    assert given[1].overridden_by.username == "coordinator"
    verdict = services.check(person=person, kind=AidKind.objects.get(code="food"), quantity=1)
    assert not verdict.ok and len(verdict.received) == 2


def test_the_uzbek_client_got_a_ticket_home_through_the_chain(loaded):
    (ticket,) = Distribution.objects.filter(person__ref="AST-0001")
    assert ticket.status == Status.HANDED_OVER
    assert ticket.case.client == ticket.person
    assert ticket.approvals.get().by.username == "coordinator"
    assert ticket.purchases.get().amount == 33500
    assert ticket.created_at < ticket.approvals.get().at < ticket.handed_at
    assert ticket.acknowledged_at == ticket.handed_at
    # The ticket by bus was the one ticket home of the year: by air it is refused too.
    verdict = services.check(
        person=ticket.person, kind=AidKind.objects.get(code="ticket-air"), quantity=1
    )
    assert not verdict.ok and "ticket-bus" in verdict.rule.kinds.values_list("code", flat=True)
    assert verdict.next_possible == timezone.localdate(ticket.created_at + timedelta(days=365))


def test_the_indicators_count_the_demo(loaded):
    scope = Scope(start=timezone.localdate() - timedelta(days=400), end=timezone.localdate())
    people = indicators.evaluate(indicators.get("aid_people_assisted"), scope)
    assert people.total == 5
    by_kind = indicators.evaluate(indicators.get("aid_value"), scope, "aid_kind")
    values = {part.label: part.value for part in by_kind.parts}
    assert values["Продуктовый набор"] == 5 * 15000
    assert values["Билет домой (автобус)"] == 35000
    overrides = indicators.evaluate(indicators.get("aid_overrides"), scope)
    assert overrides.total == 1
    by_donor = indicators.evaluate(indicators.get("aid_value"), scope, "donor")
    assert sum(part.value for part in by_donor.parts) == by_kind.total


def test_loading_again_adds_nothing(loaded):
    before = Distribution.objects.count()
    demo.load("aid")
    assert Distribution.objects.count() == before == 6
