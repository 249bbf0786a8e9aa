"""An English-speaking coordinator reads a case whose timeline was written by Russian-
speaking colleagues: the events read in English, the partner by its English name, and the
times in Almaty's time, whatever language and clock they were written in."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.utils import translation
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.accounts.models import User
from komek.cases.referrals import referral_send
from komek.cases.services import case_open
from komek.hotline import demo as hotline_demo
from komek.hotline.models import Topic
from komek.partners import demo as partners_demo
from komek.partners.models import Partner
from komek.people.services import consent_record, person_create
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# 05:30 UTC is 10:30 in Almaty (UTC+5).
SENT_AT = datetime(2026, 3, 2, 5, 30, tzinfo=UTC)
CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)


@pytest.fixture
def case():
    accounts_demo.seed()
    partners_demo.seed()
    hotline_demo.seed()
    lawyer = User.objects.get(username="lawyer")
    with time_machine.travel(SENT_AT, tick=False), translation.override("ru"):
        person = person_create(
            created_by=lawyer, office=lawyer.office, surname="Хусанов", given_name="Шерзод"
        )
        consent_record(
            person=person,
            recorded_by=lawyer,
            scope="sharing",
            given_on=date(2026, 3, 2),
            method="signed",
        )
        case = case_open(
            opened_by=lawyer,
            client=person,
            kind="legal",
            category=Topic.objects.first(),
            title="Passport",
        )
        referral_send(
            case=case,
            sent_by=lawyer,
            partner=Partner.objects.get(country="UZ"),
            request="consular",
            channel="letter",
            sent_on=None,
        )
    return case


def test_an_english_reader_sees_the_timeline_in_english_at_almaty_time(live_server, page, case):
    sign_in(page, live_server.url, "coordinator", demo_password("coordinator"))
    page.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    timeline = page.locator("#timeline ol > li")
    referral = timeline.filter(has_text="referral")
    expect(referral).to_contain_text(
        "Embassy of the Republic of Uzbekistan (consular reception in Almaty): "
        "consular assistance · being prepared"
    )
    expect(referral).to_contain_text("2 Mar 2026, 10:30")
    for event in timeline.all():
        author = event.locator("div").first.inner_text().split(" · ")[1]
        assert not CYRILLIC.search(event.inner_text().replace(author, "")), event.inner_text()
