"""Served for a slow, paid connection: compressed, cacheable for a while, revalidated by
ETag; never a signed-in user's page kept; small pages."""

import gzip

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from komek.portal.page import MAX_AGE
from komek.portal.tests.test_navigator import QUERY

pytestmark = pytest.mark.django_db

# The budget for a page and everything it loads, on the wire.
PAGE_BUDGET = 150 * 1024


def cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_page_is_compressed_for_a_browser_that_accepts_it(client):
    response = client.get("/m/tg/about/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b'<html lang="tg">' in gzip.decompress(response.content)
    assert "Accept-Encoding" in response["Vary"]


def test_a_page_is_kept_a_while_then_revalidated_by_its_etag(client):
    response = client.get("/m/tg/")
    assert cache_control(response) == {"public", f"max-age={MAX_AGE}"}
    again = client.get("/m/tg/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_the_language_redirect_is_kept_per_browser_language(client):
    response = client.get("/m/", HTTP_ACCEPT_LANGUAGE="tg")
    assert "public" in cache_control(response)
    assert "Accept-Language" in response["Vary"]


def test_a_signed_in_users_page_is_never_kept(client_for, make_staff):
    response = client_for(make_staff()).get("/m/tg/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)
    assert "public" not in cache_control(response)


def test_a_navigator_answer_is_kept_by_the_browser_only(client, shipped):
    response = client.get("/m/tg/navigator/", QUERY)
    assert "private" in cache_control(response)
    assert "public" not in cache_control(response)


def test_a_form_with_mistakes_is_not_kept(client, shipped):
    response = client.get("/m/tg/navigator/", {"entered": "soon"})
    assert response.status_code == 400
    assert "no-cache" in cache_control(response)


def test_a_booklet_says_when_it_was_published(client, published):
    response = client.get("/m/tg/booklets/pamyatka/")
    assert response["Last-Modified"]
    assert "public" in cache_control(response)


def test_the_pdf_is_revalidated_by_its_edition_and_file(client, booklet_pdf):
    response = client.get("/m/tg/booklets/pamyatka/pdf/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in response
    assert response["ETag"] == f'"{booklet_pdf.edition.pk}-{booklet_pdf.pk}"'
    assert response["Last-Modified"]
    again = client.get("/m/tg/booklets/pamyatka/pdf/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("portal:home", {}),
        ("portal:about", {}),
        ("portal:offices", {}),
        ("portal:booklets", {}),
        ("portal:booklet", {"slug": "pamyatka"}),
        ("portal:situation", {"slug": "passport-taken"}),
        ("portal:navigator", {}),
    ],
)
def test_each_page_with_what_it_loads_is_within_the_budget(client, published, name, kwargs):
    response = client.get(reverse(name, kwargs={"lang": "tg", **kwargs}))
    assert response.status_code == 200
    loaded = 0
    for asset in ("portal/portal.css", "portal/offline.js"):
        found = finders.find(asset)
        assert found is not None
        with open(found, "rb") as file:
            loaded += len(file.read())
    assert len(response.content) + loaded < PAGE_BUDGET
