"""A callback asked for on the public site, in a real browser on a phone's screen: the
person, in Tajik, fills in the form that asks a proof of work (as it does once abuse is
seen), the vendored ALTCHA widget solves it under the strict policy, the person reads
the reference; the operator finds the request in the callback queue, marked as from the
site."""

import re

import pytest
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.hotline.models import Contact
from komek.hotline.services import topic_create
from tests.e2e.conftest import open_page, sign_in
from tests.e2e.portal_site import phone_tab

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    accounts_demo.seed()
    topic_create(created_by=None, code="wages", name_ru="Зарплата")


@pytest.fixture
def abuse_seen(settings):
    # Every form asks the proof of work, and a person filling it in a second is no robot:
    # the browser test waits for the widget, not for the clock.
    settings.PORTAL_CALLBACK_PROOF_AFTER = 0
    settings.PORTAL_CALLBACK_MIN_FILL_SECONDS = 0


def test_a_person_asks_in_tajik_and_the_operator_sees_the_request(
    live_server, browser, page, demo, abuse_seen
):
    with phone_tab(browser, locale="tg-TJ") as person:
        person.goto(f"{live_server.url}/m/tg/callback/")
        expect(person.locator("html")).to_have_attribute("lang", "tg")
        person.locator("#id_caller_name").fill("Фарҳод")
        person.locator("#id_caller_phone").fill("+992 93 555 12 34")
        person.locator("#id_topic_0").check()
        person.locator("#id_preferred_1").check()
        # The widget solves the challenge in its worker and leaves the proof in the form.
        expect(person.locator("altcha-widget input[name=altcha]")).to_have_value(re.compile(".+"))
        person.locator("main form button[type=submit]").click()

        reference = person.locator("[data-reference]")
        expect(reference).to_have_text(Contact.objects.get().reference)
        width = person.evaluate("document.documentElement.scrollWidth")
        assert width <= 360

    sign_in(page, live_server.url, "operator", demo_password("operator"))
    open_page(page, "Работа", "Перезвонить")
    card = page.locator("article", has_text="Фарҳод")
    expect(card.locator("[data-web-form]")).to_contain_text(Contact.objects.get().reference)
