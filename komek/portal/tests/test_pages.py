"""The portal's layout in every language: public, the language from the address alone,
landmarks, the language switch, the hotline; and no staff page or record within reach."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from komek.people.services import person_create
from komek.portal.languages import LANGUAGES
from komek.portal.page import OFFLINE_CACHE
from komek.portal.situations import SITUATIONS

pytestmark = pytest.mark.django_db

CODES = [language.code for language in LANGUAGES]


@pytest.fixture
def client():
    # A browser that sends no Accept-Language, and no cookie: the address decides alone.
    return Client()


@pytest.mark.parametrize("language", LANGUAGES, ids=CODES)
def test_the_home_opens_without_signing_in_in_every_language(client, language):
    response = client.get(f"/m/{language.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language.tag}">' in html
    assert response["Content-Language"] == language.tag


def test_the_language_is_the_addresss_whatever_the_browser_asks(client):
    response = client.get("/m/tg/", HTTP_ACCEPT_LANGUAGE="ru-RU")
    assert '<html lang="tg">' in response.content.decode()


def test_the_address_is_the_only_memory_of_the_language(client):
    response = client.get("/m/ky/")
    assert response.cookies == {}
    assert "Set-Cookie" not in response


@pytest.mark.parametrize(
    "header,code", [("tg-TJ,ru;q=0.5", "tg"), ("uz-Cyrl", "uz-cyrl"), ("ru-RU", "ru")]
)
def test_m_sends_the_browser_to_its_language(client, header, code):
    response = client.get("/m/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] == f"/m/{code}/"
    assert "Accept-Language" in response["Vary"]


def test_m_offers_each_language_in_its_own_name_when_the_browser_speaks_none(client):
    response = client.get("/m/", HTTP_ACCEPT_LANGUAGE="de-DE")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Oʻzbekcha", "Ўзбекча", "Тоҷикӣ", "Кыргызча", "Русский", "Қазақша", "English"):
        assert name in html
    for language in LANGUAGES:
        assert f'lang="{language.tag}"><a href="/m/{language.code}/"' in html


def test_an_unknown_language_is_not_found(client):
    assert client.get("/m/de/").status_code == 404


def test_the_layout_has_its_landmarks_a_skip_link_and_the_switch(client):
    html = client.get("/m/tg/").content.decode()
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert 'class="skip" href="#main"' in html
    assert 'href="/m/ky/" lang="ky" hreflang="ky"' in html
    assert 'href="/m/tg/" lang="tg" hreflang="tg" aria-current="page"' in html


def test_the_hotline_is_a_number_to_call(client, settings):
    settings.KOMEK_HOTLINE = "8 800 080-80-00"
    html = client.get("/m/uz/").content.decode()
    assert 'href="tel:88000808000"' in html


def test_the_messengers_are_links_beside_the_hotline(client, settings):
    settings.KOMEK_HOTLINE = "8 800 080-80-00"
    settings.KOMEK_TELEGRAM = "komek_help"
    settings.KOMEK_WHATSAPP = "+7 701 234-56-78"
    html = client.get("/m/tg/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert 'href="https://t.me/komek_help"' in header
    assert 'href="https://wa.me/77012345678"' in header


def test_no_messenger_is_shown_when_none_is_configured(client, settings):
    settings.KOMEK_HOTLINE = "8 800 080-80-00"
    settings.KOMEK_TELEGRAM = ""
    settings.KOMEK_WHATSAPP = ""
    html = client.get("/m/tg/").content.decode()
    assert "t.me" not in html
    assert "wa.me" not in html
    assert "data-messenger" not in html


def test_the_browser_is_given_an_icon_and_asks_for_none(client):
    # Without it, every page costs a request for /favicon.ico that ends in a 404.
    html = client.get("/m/tg/").content.decode()
    assert '<link rel="icon" href="data:,">' in html


def test_the_pages_load_their_own_stylesheet_and_one_script_they_do_not_need(client):
    html = client.get("/m/tg/").content.decode()
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == [
        "/static/portal/portal.css"
    ]
    # The offline script is deferred: the page is read before, and without, it.
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/portal/offline.js" defer data-worker="/m/sw.js" data-scope="/m/"'
        f' data-cache="{OFFLINE_CACHE}">'
    ]


def test_security_headers_and_the_strict_policy_apply_to_the_portal(client):
    response = client.get("/m/tg/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


PUBLIC_PAGES = [
    "/m/",
    "/m/tg/",
    "/m/tg/about/",
    "/m/tg/offices/",
    "/m/tg/help/registration/",
    "/m/tg/booklets/",
    "/m/tg/booklets/pamyatka/",
    "/m/ky/booklets/pamyatka/",
    "/m/tg/navigator/",
    "/m/tg/help/nothing/",
]


@pytest.mark.usefixtures("published")
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_no_staff_address_is_linked(client, url):
    html = client.get(url).content.decode()
    staff = [reverse("core:home"), reverse("accounts:login")]
    links = re.findall(r'(?:href|src|action)="([^"]+)"', html)
    assert links
    assert [
        link
        for link in links
        if not link.startswith(("/m/", "/static/portal/", "tel:", "#", "data:,"))
    ] == []
    assert not set(links) & set(staff)


def test_each_situation_leads_to_the_booklets_of_its_topics(client, published):
    html = client.get("/m/tg/help/registration/").content.decode()
    assert 'href="/m/tg/booklets/pamyatka/"' in html
    other = client.get("/m/tg/help/health/").content.decode()
    assert "/booklets/pamyatka/" not in other


def test_the_home_lists_every_situation(client):
    html = client.get("/m/ru/").content.decode()
    for situation in SITUATIONS:
        assert f'href="/m/ru/help/{situation.slug}/"' in html


def test_an_unknown_situation_is_not_found_in_the_portals_own_page(client):
    response = client.get("/m/ky/help/nothing/")
    assert response.status_code == 404
    assert '<html lang="ky">' in response.content.decode()


@pytest.mark.parametrize("name", ["about", "offices", "booklets"])
@pytest.mark.parametrize("language", LANGUAGES, ids=CODES)
def test_every_page_opens_in_every_language(client, name, language):
    response = client.get(reverse(f"portal:{name}", kwargs={"lang": language.code}))
    assert response.status_code == 200
    assert f'<html lang="{language.tag}">' in response.content.decode()


def test_the_offices_show_their_addresses(client, office):
    office.address = "ул. Кенесары, 40"
    office.save()
    html = client.get("/m/tg/offices/").content.decode()
    assert "ул. Кенесары, 40" in html


def test_no_staff_record_reaches_a_public_page(client, published, make_staff):
    staff = make_staff()
    person = person_create(
        created_by=staff, office=staff.office, surname="Хусанов", given_name="Зафар"
    )
    for url in PUBLIC_PAGES:
        html = client.get(url).content.decode()
        assert person.surname not in html, url
        assert person.given_name not in html, url
        assert "coordinator" not in html, url
