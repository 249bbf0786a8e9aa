"""Fixtures for case tests: a lawyer's case for an Uzbek client, and the Uzbek embassy."""

from datetime import date

import pytest
import time_machine

from komek.cases import services
from komek.core.roles import Role
from komek.hotline.services import topic_create
from komek.partners.services import partner_create
from komek.people.services import consent_record, person_create


@pytest.fixture
def topic(db):
    return topic_create(created_by=None, code="documents", name_ru="Документы")


@pytest.fixture
def client_person(office):
    return person_create(
        created_by=None, office=office, surname="Хусанов", given_name="Шерзод", citizenship="UZ"
    )


@pytest.fixture
def lawyer(make_staff):
    return make_staff(Role.LAWYER, username="erzhan")


@pytest.fixture
def case(lawyer, client_person, topic):
    return services.case_open(
        opened_by=lawyer, client=client_person, kind="legal", category=topic, title="Паспорт"
    )


@pytest.fixture
def embassy(office):
    return partner_create(
        created_by=None,
        office=office,
        name="Посольство Республики Узбекистан",
        kind="embassy",
        country="UZ",
        city="Алматы",
    )


@pytest.fixture
def consented(case, lawyer):
    """The client agreed in writing to their data being shared with partners, and it was
    recorded the same day."""
    with time_machine.travel(date(2026, 1, 1), tick=False):
        return consent_record(
            person=case.client,
            recorded_by=lawyer,
            scope="sharing",
            given_on=date(2026, 1, 1),
            method="signed",
        )


def send(case, user, partner, **extra):
    """A letter asking ``partner`` for a certificate of return, sent on 10 January 2026
    unless ``extra`` says otherwise (``sent_on=None``: only prepared)."""
    from komek.cases.referrals import referral_send

    return referral_send(
        case=case,
        sent_by=user,
        partner=partner,
        request=extra.pop("request", "return_certificate"),
        channel="letter",
        sent_on=extra.pop("sent_on", date(2026, 1, 10)),
        **extra,
    )
