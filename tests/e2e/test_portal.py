"""The public portal in a real browser, as a migrant opens it on a cheap phone: a screen
360 px wide, a browser set to Tajik, no account. /m/ opens the Tajik home, which fits the
screen; the "passport taken" situation leads to the booklet on documents, which reads in
Tajik with its dates, and on to the navigator; once opened, the booklet opens again
without a network."""

import pytest
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.models import User
from komek.publications import services
from komek.publications.tests.conftest import LAW_AS_OF, make_booklet, translate_all

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


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
def phone(browser):
    """A phone's tab whose browser asks for Tajik; the test fails if the browser refused
    anything under the Content-Security-Policy."""
    context = browser.new_context(viewport=PHONE, locale="tg-TJ", is_mobile=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    refused: list[str] = []
    tab.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield tab
    context.close()
    assert refused == []


def fits_the_screen(tab) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


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


def test_a_booklet_opened_once_opens_again_without_a_network(live_server, phone, booklet):
    url = f"{live_server.url}/m/tg/booklets/pasport/"
    phone.goto(url)
    # Shown by the offline script once the service worker keeps the page.
    expect(phone.locator("#offline-state")).to_be_visible()

    phone.context.set_offline(True)
    phone.reload()
    expect(phone.locator("main article#booklet h1")).to_have_text(booklet.title)
    expect(phone.locator("#offline-state")).to_be_visible()
