"""A migrant's whole way through the portal, on a cheap phone (a 360 × 740 screen) over a
slow 3G connection: they pick Tajik on /m/, find the "passport taken" situation, read the
booklet it leads to, ask the navigator how long they may stay, and ask for a callback.
Then, with no network at all, the same pages open again from what the service worker
kept. At the centre, the operator finds the request in the hotline's callback queue."""

import re

import pytest
from playwright.sync_api import expect

from komek.accounts.demo import demo_password
from komek.hotline.models import Contact
from komek.navigator.tests.conftest import situation
from komek.publications.models import Edition
from tests.e2e.conftest import open_page, sign_in
from tests.e2e.portal_site import LANG, person_filling_at_once, phone_tab, site  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Chrome DevTools' "Slow 3G": 2 s of latency, about 50 KB/s each way.
SLOW_3G = {
    "offline": False,
    "latency": 2000,
    "downloadThroughput": 500 * 1000 / 8 * 0.8,
    "uploadThroughput": 500 * 1000 / 8 * 0.8,
}
# What a page may take to arrive over it, with its stylesheet and script.
SLOW = 60_000


@pytest.fixture
def phone(browser):
    """A phone's tab on a slow 3G connection, whose browser asks for a language the portal
    does not speak (so that /m/ shows the chooser); the test fails if the browser refused
    anything under the Content-Security-Policy."""
    with phone_tab(browser, locale="de-DE", timeout=SLOW, network=SLOW_3G) as tab:
        yield tab


def arrive(tab, url: str, *, query: bool = False) -> None:
    """Waits until the page at ``url`` (with a query, when ``query``) has loaded and is
    saved for offline."""
    tab.wait_for_url(re.compile("^" + re.escape(url) + (r"\?.+$" if query else "$")))
    expect(tab.locator("#offline-state")).to_be_visible(timeout=SLOW)


@pytest.mark.usefixtures("site", "person_filling_at_once")
def test_a_migrant_on_slow_3g_reads_asks_and_reads_again_offline_and_the_operator_calls(
    live_server, page, phone
):
    asked = situation("TJ", stays=())
    title = Edition.objects.get(language=LANG).title
    site_url = live_server.url

    # The chooser names each language in itself: the person taps Tajik.
    phone.goto(f"{live_server.url}/m/")
    arrive(phone, f"{site_url}/m/")
    phone.locator("main").get_by_role("link", name="Тоҷикӣ").click()
    arrive(phone, f"{site_url}/m/tg/")
    expect(phone.locator("html")).to_have_attribute("lang", "tg")

    phone.locator('main a[href="/m/tg/help/passport-taken/"]').click()
    arrive(phone, f"{site_url}/m/tg/help/passport-taken/")
    situation_title = phone.locator("main h1").inner_text()

    phone.locator('main [data-booklets] a[href="/m/tg/booklets/pasport/"]').click()
    arrive(phone, f"{site_url}/m/tg/booklets/pasport/")
    booklet = phone.locator("main article#booklet")
    expect(booklet.locator("h1")).to_have_text(title)
    expect(booklet).to_contain_text("[tg]")

    phone.locator('header nav a[href="/m/tg/navigator/"]').click()
    arrive(phone, f"{site_url}/m/tg/navigator/")
    phone.locator("#id_citizenship").select_option(asked.citizenship)
    phone.locator("#id_entered").fill(asked.entered.isoformat())
    phone.locator("#id_purpose").select_option(asked.purpose)
    phone.locator("#id_on").fill(asked.on.isoformat())
    phone.locator("main form#check button[type=submit]").click()
    arrive(phone, f"{site_url}/m/tg/navigator/", query=True)
    answer_url = phone.url
    status = phone.locator("#result [data-status]").get_attribute("data-status")
    assert status

    phone.locator('header nav a[href="/m/tg/callback/"]').click()
    arrive(phone, f"{site_url}/m/tg/callback/")
    phone.locator("#id_caller_name").fill("Фарҳод")
    phone.locator("#id_caller_phone").fill("+992 93 555 12 34")
    phone.locator("#id_topic_0").check()
    phone.locator("#id_preferred_1").check()
    phone.locator("main form button[type=submit]").click()
    arrive(phone, f"{site_url}/m/tg/callback/sent/", query=True)
    reference = Contact.objects.get().reference
    expect(phone.locator("[data-reference]")).to_have_text(reference)
    sent_url = phone.url

    # No network: every page read opens again, as it was.
    phone.context.set_offline(True)
    phone.goto(f"{live_server.url}/m/tg/")
    expect(phone.locator('main a[href="/m/tg/help/passport-taken/"]')).to_be_visible()
    phone.goto(f"{live_server.url}/m/tg/help/passport-taken/")
    expect(phone.locator("main h1")).to_have_text(situation_title)
    phone.goto(f"{live_server.url}/m/tg/booklets/pasport/")
    expect(phone.locator("main article#booklet h1")).to_have_text(title)
    phone.goto(answer_url)
    expect(phone.locator(f'#result [data-status="{status}"]')).to_be_visible()
    phone.goto(sent_url)
    expect(phone.locator("[data-reference]")).to_have_text(reference)
    expect(phone.locator("#offline-state")).to_be_visible()

    # At the centre, the operator finds the request, marked as from the site.
    sign_in(page, live_server.url, "operator", demo_password("operator"))
    open_page(page, "Работа", "Перезвонить")
    card = page.locator("article", has_text="Фарҳод")
    expect(card.locator("[data-web-form]")).to_contain_text(reference)
