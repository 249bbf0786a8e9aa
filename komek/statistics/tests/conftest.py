"""Fixtures of the statistics tests: a coordinator, and a month of calls to report on."""

import uuid

import pytest

from komek.core.roles import Role
from komek.hotline.services import contact_log
from komek.people.services import person_create
from komek.statistics import demo


@pytest.fixture
def coordinator(make_staff):
    return make_staff(Role.COORDINATOR, username="gulnara")


@pytest.fixture
def activity(office, coordinator):
    """Twelve calls of Uzbek women and two of one Tajik man in January 2026."""
    demo.seed()
    aziza = person_create(
        created_by=None, office=office, given_name="Азиза", sex="F", citizenship="UZ"
    )
    bakhrom = person_create(
        created_by=None, office=office, given_name="Бахром", sex="M", citizenship="TJ"
    )
    for index in range(14):
        contact = contact_log(
            operator=coordinator,
            submission_key=uuid.uuid4(),
            person=aziza if index < 12 else bakhrom,
            channel="call",
            outcome="answered",
        )
        contact.at = contact.at.replace(year=2026, month=1, day=10 + index)
        contact.save(update_fields=["at"])
