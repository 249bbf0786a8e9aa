"""Fixtures for the status check and advice: an operator of the Astana office, a lawyer
of the Almaty office, and two callers, a Kyrgyz worker and an Uzbek one."""

from datetime import date

import pytest

from komek.core.roles import Role
from komek.navigator import shipped as shipped_data
from komek.navigator.evaluation import Situation, Stay
from komek.navigator.models import Document, Purpose, Rule
from komek.people.services import person_create

ON = date(2026, 3, 2)


@pytest.fixture
def operator(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR, username="operator")


@pytest.fixture
def outsider(make_staff, other_office):
    return make_staff(Role.LAWYER, username="almaty_lawyer", office=other_office)


@pytest.fixture
def kyrgyz(office):
    return person_create(
        created_by=None,
        office=office,
        surname="Турганбек уулу",
        given_name="Нурланбек",
        citizenship="KG",
        phones=["+996 555 123 456"],
    )


@pytest.fixture
def uzbek(office):
    return person_create(
        created_by=None, office=office, surname="Хусанов", given_name="Шерзод", citizenship="UZ"
    )


def situation(citizenship: str, **changes) -> Situation:
    """A worker who entered on 15 January 2026 after a stay last autumn, asked about on
    2 March 2026, not registered."""
    fields = {
        "citizenship": citizenship,
        "entered": date(2026, 1, 15),
        "on": ON,
        "stays": (Stay(entered=date(2025, 9, 1), left=date(2025, 10, 10)),),
        "purpose": Purpose.WORK,
        "documents": frozenset({Document.PASSPORT, Document.MIGRATION_CARD}),
    }
    return Situation(**{**fields, **changes})


def replace(rule: Rule) -> Rule:
    """A new version of ``rule``, written as a lawyer's revision writes it: the old one is
    kept, replaced."""
    groups = list(rule.groups.all())
    old_pk, code = rule.pk, rule.code
    newer = Rule.objects.get(pk=old_pk)
    newer.pk, newer.id = None, None
    newer.code, newer.version = f"{code}-next", rule.version + 1
    newer.verified_by, newer.verified_at = None, None
    newer.save()
    newer.groups.set(groups)
    Rule.objects.filter(pk=old_pk).update(replaced_by=newer)
    Rule.objects.filter(pk=newer.pk).update(code=code)
    return newer


@pytest.fixture
def shipped(db):
    """The shipped rules, groups and calendar: written by a data migration, they are gone
    from the test database once a transactional test has flushed it."""
    shipped_data.ensure()
