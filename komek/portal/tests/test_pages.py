"""The portal's layout in every language: public, the language from the address alone,
landmarks, the language switch, the hotline; and no staff page or record within reach."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from komek.portal.languages import LANGUAGES

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


def test_the_pages_load_only_their_own_stylesheet_and_no_script(client):
    html = client.get("/m/tg/").content.decode()
    assert "<script" not in html
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == [
        "/static/portal/portal.css"
    ]


def test_security_headers_and_the_strict_policy_apply_to_the_portal(client):
    response = client.get("/m/tg/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_no_staff_address_is_linked(client):
    html = client.get("/m/tg/").content.decode()
    staff = [reverse("core:home"), reverse("accounts:login")]
    links = re.findall(r'href="([^"]+)"', html)
    assert [
        link for link in links if not link.startswith(("/m/", "/static/portal/", "tel:", "#"))
    ] == []
    assert not set(links) & set(staff)
