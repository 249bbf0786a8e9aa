"""The public portal as the accessibility and size tests visit it: a site with a booklet
published in Tajik (on documents, so that the "passport taken" situation leads to it), the
navigator's shipped rules, a callback topic, a hotline number, and every public page in
each of the states a person sees it in."""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.core import signing
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.models import User
from komek.hotline.services import topic_create
from komek.hotline.web_requests import PreferredTime
from komek.navigator import shipped as shipped_rules
from komek.navigator.tests.conftest import situation
from komek.portal import callback
from komek.portal.languages import LANGUAGES
from komek.portal.situations import SITUATIONS
from komek.publications import services
from komek.publications.models import Edition
from komek.publications.tests.conftest import LAW_AS_OF, make_booklet, translate_all

HOTLINE = "+7 727 300 00 00"
BOOKLET = "pasport"
# The pages other than the homes are visited in Tajik.
LANG = "tg"


def publish_tajik_booklet() -> Edition:
    """The booklet on documents, translated into Tajik and published in Tajik."""
    coordinator = User.objects.get(username="coordinator")
    material = make_booklet(coordinator, slug=BOOKLET, targets=[LANG])
    services.material_update(user=coordinator, material=material, topic="documents")
    translate_all(coordinator, material, LANG)
    return services.edition_publish(
        user=coordinator, material=material, language=LANG, law_as_of=LAW_AS_OF
    )


@pytest.fixture
def site(settings) -> Edition:
    """The demo staff and offices (with their hours and places), the Tajik booklet, the
    navigator's rules, a topic to ask a callback on, and the centre's hotline, messengers
    and contacts shown on every page."""
    settings.KOMEK_HOTLINE = HOTLINE
    settings.KOMEK_CENTRE_CONTACTS = "Telegram, WhatsApp: " + HOTLINE
    settings.KOMEK_TELEGRAM = "komek_help"
    settings.KOMEK_WHATSAPP = HOTLINE
    accounts_demo.seed()
    shipped_rules.ensure()
    topic_create(created_by=None, code="documents", name_ru="Документы")
    return publish_tajik_booklet()


@pytest.fixture
def person_filling_at_once(settings):
    # A person filling the form in a second is no robot: the browser sends the form as
    # soon as it is filled, not after the minimum time a person takes.
    settings.PORTAL_CALLBACK_MIN_FILL_SECONDS = 0


def navigator_query() -> str:
    asked = situation("TJ", stays=())
    return urlencode(
        {
            "citizenship": asked.citizenship,
            "entered": asked.entered.isoformat(),
            "on": asked.on.isoformat(),
            "purpose": asked.purpose,
            "documents": sorted(asked.documents),
        },
        doseq=True,
    )


PHONE = {"width": 360, "height": 740}


@contextmanager
def phone_tab(
    browser, *, locale: str, timeout: int = 10_000, network: dict | None = None
) -> Iterator:
    """A tab of a phone's browser that asks for ``locale`` (with ``network``: the CDP
    conditions of a slow connection); fails, once closed, if the browser refused anything
    under the Content-Security-Policy."""
    context = browser.new_context(viewport=PHONE, locale=locale, is_mobile=True)
    tab = context.new_page()
    tab.set_default_timeout(timeout)
    if network is not None:
        conditions = context.new_cdp_session(tab)
        conditions.send("Network.enable")
        conditions.send("Network.emulateNetworkConditions", network)
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


def sent_query() -> str:
    """The address of the page a person is sent to once a request is received."""
    sent = signing.dumps({"ref": "W-0001", "when": PreferredTime.choices[0][0]}, callback.SENT_SALT)
    return urlencode({"r": sent})


def proof_solved(page) -> None:
    """The proof-of-work widget has solved its challenge and left the proof in the form."""
    expect(page.locator("altcha-widget input[name=altcha]")).to_have_value(re.compile(".+"))


def submit_empty_form(page) -> None:
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#errors")


def submit_refused_form(page) -> None:
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("[data-refusal]")


@dataclass(frozen=True)
class PortalPage:
    """A public page in one state: its address (with the query, made when the page is
    opened), what a person does on it first, and the callback form's protection as the
    state needs it (the ``PORTAL_CALLBACK_*`` settings, by name)."""

    name: str
    path: str
    query: Callable[[], str] | None = None
    then: Callable | None = None
    protection: tuple[tuple[str, object], ...] = ()

    def open(self, page, base_url: str) -> None:
        query = f"?{self.query()}" if self.query is not None else ""
        page.goto(f"{base_url}{self.path}{query}")
        if self.then is not None:
            self.then(page)


PAGES = (
    PortalPage("chooser", "/m/"),
    *(PortalPage(f"home-{language.code}", f"/m/{language.code}/") for language in LANGUAGES),
    PortalPage("about", f"/m/{LANG}/about/"),
    PortalPage("offices", f"/m/{LANG}/offices/"),
    *(PortalPage(f"situation-{item.slug}", f"/m/{LANG}/help/{item.slug}/") for item in SITUATIONS),
    PortalPage("booklets", f"/m/{LANG}/booklets/"),
    PortalPage("booklet", f"/m/{LANG}/booklets/{BOOKLET}/"),
    PortalPage("booklet-elsewhere", f"/m/ky/booklets/{BOOKLET}/"),
    PortalPage("navigator", f"/m/{LANG}/navigator/"),
    PortalPage("navigator-answer", f"/m/{LANG}/navigator/", query=navigator_query),
    PortalPage("navigator-errors", f"/m/{LANG}/navigator/", query=lambda: "entered=not-a-date"),
    PortalPage("callback", f"/m/{LANG}/callback/"),
    PortalPage("callback-errors", f"/m/{LANG}/callback/", then=submit_empty_form),
    # Abuse seen: the form asks a proof of work.
    PortalPage(
        "callback-proof",
        f"/m/{LANG}/callback/",
        then=proof_solved,
        protection=(("PORTAL_CALLBACK_PROOF_AFTER", 0),),
    ),
    # Sent sooner than a person could fill it in: refused, with a fresh form.
    PortalPage(
        "callback-refused",
        f"/m/{LANG}/callback/",
        then=submit_refused_form,
        protection=(("PORTAL_CALLBACK_MIN_FILL_SECONDS", 24 * 60 * 60),),
    ),
    PortalPage("callback-sent", f"/m/{LANG}/callback/sent/", query=sent_query),
)


@pytest.fixture(name="portal_page", params=PAGES, ids=[page.name for page in PAGES])
def each_portal_page(request, settings, site, person_filling_at_once) -> PortalPage:
    """Each public page in each state, on the site, in turn."""
    for name, value in request.param.protection:
        setattr(settings, name, value)
    return request.param
