"""The public portal in a real browser, as a migrant opens it on a cheap phone: a screen
360 px wide, a browser set to Tajik, no account. /m/ opens the Tajik home, which fits the
screen; the "passport taken" situation leads to the booklet on documents, which reads in
Tajik with its dates, and to the navigator, which answers how long the person may stay;
once opened, the booklet opens again
without a network."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.models import User
from komek.navigator import shipped as shipped_data
from komek.publications import services
from komek.publications.tests.conftest import LAW_AS_OF, make_booklet, translate_all
from tests.e2e.portal_site import phone_tab

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Ten days ago: the person is within the days of a stay, their registration due soon.
ENTERED = timezone.localdate() - timedelta(days=10)


@pytest.fixture
def booklet():
    accounts_demo.seed()
    coordinator = User.objects.get(username="coordinator")
    material = make_booklet(coordinator, slug="pasport", targets=["tg"])
    services.material_update(user=coordinator, material=material, topic="documents")
    translate_all(coordinator, material, "tg")
    return services.edition_publish(
        user=coordinator, material=material, language="tg", law_as_of=LAW_AS_OF
    )


@pytest.fixture
def shipped():
    """The navigator's shipped rules: a transactional test's flush removed them."""
    shipped_data.ensure()


@pytest.fixture
def phone(browser):
    """A phone's tab whose browser asks for Tajik; the test fails if the browser refused
    anything under the Content-Security-Policy."""
    with phone_tab(browser, locale="tg-TJ") as tab:
        yield tab


def fits_the_screen(tab) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.usefixtures("shipped")
def test_a_migrant_follows_the_passport_situation_to_the_booklet_on_a_phone(
    live_server, phone, booklet
):
    phone.goto(f"{live_server.url}/m/")
    expect(phone).to_have_url(f"{live_server.url}/m/tg/")
    expect(phone.locator("html")).to_have_attribute("lang", "tg")
    assert fits_the_screen(phone)

    # The skip link is the first stop of the keyboard and leads to the content.
    phone.keyboard.press("Tab")
    expect(phone.locator("a.skip")).to_be_focused()

    phone.locator('main a[href="/m/tg/help/passport-taken/"]').click()
    expect(phone).to_have_url(f"{live_server.url}/m/tg/help/passport-taken/")
    assert fits_the_screen(phone)
    expect(phone.locator("main [data-navigator]")).to_be_visible()

    phone.locator('main [data-booklets] a[href="/m/tg/booklets/pasport/"]').click()
    article = phone.locator("main article#booklet")
    expect(article.locator("h1")).to_have_text(booklet.title)
    expect(article).to_contain_text("[tg]")
    expect(article.locator("[data-dates]")).to_contain_text(str(LAW_AS_OF.year))
    assert fits_the_screen(phone)

    # The same booklet in Russian is one tap away, and is not published: it says where
    # the booklet is.
    phone.locator('header nav a[hreflang="ru"]').click()
    expect(phone.locator("html")).to_have_attribute("lang", "ru")
    expect(phone.locator('main [data-languages] a[hreflang="tg"]')).to_be_visible()

    # Back in Tajik, the navigator answers how long the person may stay.
    phone.go_back()
    phone.go_back()
    expect(phone).to_have_url(f"{live_server.url}/m/tg/help/passport-taken/")
    phone.locator("main [data-navigator]").click()
    phone.locator("#id_citizenship").select_option("TJ")
    phone.locator("#id_entered").fill(ENTERED.isoformat())
    phone.locator("#id_purpose").select_option("work")
    phone.locator("#check button[type=submit]").click()
    result = phone.locator("#result")
    expect(result.locator("[data-status]")).to_be_visible()
    expect(result.locator("[data-notice]")).to_be_visible()
    expect(result.locator("[data-obligations] li").first).to_be_visible()
    assert f"entered={ENTERED.isoformat()}" in phone.url
    assert fits_the_screen(phone)


def test_a_booklet_opened_once_opens_again_without_a_network(live_server, phone, booklet):
    url = f"{live_server.url}/m/tg/booklets/pasport/"
    phone.goto(url)
    # Shown by the offline script once the service worker keeps the page.
    expect(phone.locator("#offline-state")).to_be_visible()

    phone.context.set_offline(True)
    phone.reload()
    expect(phone.locator("main article#booklet h1")).to_have_text(booklet.title)
    expect(phone.locator("#offline-state")).to_be_visible()
