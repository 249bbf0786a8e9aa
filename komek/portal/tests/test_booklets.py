"""The booklets on the portal: only current published editions, in the page's language,
as HTML and as the PDF the publications wrote; a booklet missing in a language names the
languages it is in."""

import re

import pytest

from komek.portal.tests.conftest import PDF_BYTES, TAJIK_MARK
from komek.publications import services

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_booklets_published_in_the_language(client, published, unpublished):
    html = client.get("/m/tg/booklets/").content.decode()
    assert 'href="/m/tg/booklets/pamyatka/"' in html
    assert published["tg"].title in html
    assert "vozvrashchenie" not in html


def test_a_booklet_only_in_other_languages_is_listed_with_them(client, published):
    html = client.get("/m/ky/booklets/").content.decode()
    missing = html.split("data-missing", 1)[1]
    assert 'href="/m/tg/booklets/pamyatka/" lang="tg"' in missing
    assert 'href="/m/ru/booklets/pamyatka/" lang="ru"' in missing


def test_a_booklet_reads_its_frozen_text_with_its_dates(client, published):
    edition = published["tg"]
    response = client.get("/m/tg/booklets/pamyatka/")
    assert response.status_code == 200
    html = response.content.decode()
    assert TAJIK_MARK in html
    assert "<strong>" in html  # the markup rendered
    dates = html.split("data-dates>", 1)[1].split("</p>", 1)[0]
    assert edition.law_as_of.strftime("%Y") in dates
    assert str(edition.number) in dates


def test_a_heading_is_a_section_a_link_can_lead_to(client, published):
    heading = next(item for item in published["tg"].body if item["kind"] == "heading")
    html = client.get("/m/tg/booklets/pamyatka/").content.decode()
    assert f'<h2 id="{heading["key"]}">' in html


def test_a_booklet_missing_in_the_language_names_the_languages_it_is_in(client, published):
    response = client.get("/m/ky/booklets/pamyatka/")
    assert response.status_code == 404
    html = response.content.decode()
    languages = html.split("data-languages>", 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'href="/m/([^/]+)/booklets/pamyatka/"', languages) == ["ru", "tg"]
    assert TAJIK_MARK not in html


def test_an_unpublished_booklet_is_not_found_in_any_language(client, unpublished):
    for code in ("tg", "ru"):
        assert client.get(f"/m/{code}/booklets/vozvrashchenie/").status_code == 404


def test_a_withdrawn_edition_is_no_longer_shown(client, published, coordinator):
    services.edition_withdraw(user=coordinator, edition=published["tg"], reason="The law changed.")
    assert client.get("/m/tg/booklets/pamyatka/").status_code == 404
    assert "pamyatka" not in client.get("/m/tg/booklets/").content.decode().split("data-missing")[0]


def test_a_newer_edition_replaces_the_older_at_the_same_address(client, published, coordinator):
    newer = services.edition_publish(
        user=coordinator,
        material=published["tg"].material,
        language="tg",
        law_as_of=published["tg"].law_as_of,
    )
    html = client.get("/m/tg/booklets/pamyatka/").content.decode()
    assert f'data-edition="{newer.pk}"' in html


def test_the_pdf_is_the_one_the_publications_wrote(client, booklet_pdf):
    html = client.get("/m/tg/booklets/pamyatka/").content.decode()
    assert 'href="/m/tg/booklets/pamyatka/pdf/"' in html
    response = client.get("/m/tg/booklets/pamyatka/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_without_a_written_pdf_none_is_offered(client, published):
    html = client.get("/m/tg/booklets/pamyatka/").content.decode()
    assert "/pdf/" not in html
    assert client.get("/m/tg/booklets/pamyatka/pdf/").status_code == 404


def test_the_pdf_of_a_language_without_the_booklet_is_not_found(client, booklet_pdf):
    assert client.get("/m/ky/booklets/pamyatka/pdf/").status_code == 404
