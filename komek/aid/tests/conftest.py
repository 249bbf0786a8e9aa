"""Fixtures for aid tests: a food package and a ticket home, an IOM project paying for
both, a social worker and a coordinator of the Astana office, a client with stock."""

from datetime import date
from decimal import Decimal

import pytest

from komek.aid import services
from komek.aid.models import AidKind, ApprovalBand, BudgetLine, Donor, EntitlementRule, Project
from komek.core.roles import Role
from komek.people.services import person_create


@pytest.fixture
def food(db):
    return AidKind.objects.create(
        code="food", name="Продуктовый набор", unit="package", unit_value=Decimal("15000")
    )


@pytest.fixture
def ticket(db):
    return AidKind.objects.create(
        code="ticket-bus",
        name="Билет домой (автобус)",
        unit="ticket",
        unit_value=Decimal("40000"),
        stocked=False,
        needs_approval=True,
    )


@pytest.fixture
def project(db):
    donor = Donor.objects.create(code="iom", name="МОМ", name_en="IOM")
    return Project.objects.create(
        donor=donor,
        code="iom-2026",
        name="Помощь мигрантам",
        starts=date(2020, 1, 1),
        ends=date(2099, 12, 31),
    )


@pytest.fixture
def line(project, food, ticket):
    made = BudgetLine.objects.create(
        project=project, code="relief", name="Помощь", amount=Decimal("1000000")
    )
    made.kinds.set([food, ticket])
    return made


@pytest.fixture
def social(make_staff):
    return make_staff(Role.SOCIAL_WORKER, username="social")


@pytest.fixture
def coordinator(make_staff):
    return make_staff(Role.COORDINATOR, username="coordinator")


@pytest.fixture
def person(office):
    return person_create(
        created_by=None, office=office, surname="Хусанов", given_name="Шерзод", citizenship="UZ"
    )


@pytest.fixture
def make_person(office):
    def factory(given_name: str = "Бахтиёр", **extra):
        return person_create(created_by=None, office=office, given_name=given_name, **extra)

    return factory


@pytest.fixture
def stock(office, food, line, coordinator):
    return services.receive(office=office, kind=food, quantity=10, by=coordinator, budget_line=line)


@pytest.fixture
def monthly_food(food):
    rule = EntitlementRule.objects.create(
        per="household",
        max_quantity=1,
        period_days=30,
        source="Положение о гуманитарной помощи, п. 4",
    )
    rule.kinds.set([food])
    return rule


@pytest.fixture
def bands(db):
    ApprovalBand.objects.create(up_to=Decimal("20000"), approvers=0)
    ApprovalBand.objects.create(up_to=Decimal("100000"), approvers=1)
    ApprovalBand.objects.create(up_to=None, approvers=2)
