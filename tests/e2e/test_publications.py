"""A booklet's Tajik edition kept in step with its Russian source, in a real browser: the
coordinator corrects a paragraph of the Russian text in place, the Tajik translation of it
turns outdated, the lawyer reviewing Tajik sees the old and new Russian side by side with
what changed, corrects the translation and approves it, and the coordinator publishes the
Tajik edition, which reads the corrected text, and downloads its booklet PDF."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.accounts.models import User
from komek.conftest import PASSWORD, make_user, needs_pdf_tools, pdf_text  # noqa: F401 - a fixture
from komek.core.roles import Role
from komek.publications.models import (
    Edition,
    EditionStatus,
    Origin,
    Reviewer,
    SegmentKind,
    State,
    Translation,
)
from komek.publications.tests.conftest import make_booklet, translate_all
from tests.e2e.conftest import follow, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OLD = "в течение 3 рабочих дней"
NEW = "в течение 7 рабочих дней"
CORRECTED = "Дар давоми 7 рӯзи корӣ барои **бақайдгирии муваққатӣ** муроҷиат кунед."


@pytest.fixture
def booklet():
    accounts_demo.seed()
    coordinator = User.objects.get(username="coordinator")
    material = make_booklet(coordinator, slug="pamyatka", targets=["tg"])
    translate_all(coordinator, material, "tg")
    return material


@pytest.mark.usefixtures("needs_pdf_tools")
def test_a_source_edit_outdates_the_tajik_text_which_is_reviewed_corrected_and_published(
    live_server, browser, page, booklet
):
    segment = booklet.segments.get(kind=SegmentKind.PARAGRAPH)
    assert OLD in segment.source

    # The coordinator corrects the Russian paragraph in place.
    sign_in(page, live_server.url, "coordinator", demo_password("coordinator"))
    page.goto(f"{live_server.url}/publications/{booklet.slug}/")
    card = page.locator(f"#segment-{segment.key}")
    card.locator("button[hx-get]").click()
    source = card.locator("textarea[name=source]")
    expect(source).to_be_focused()
    source.fill(segment.source.replace(OLD, NEW))
    card.locator("form[hx-post] button[type=submit]").click()
    expect(page.locator(f"#segment-{segment.key} [data-source]")).to_contain_text(NEW)
    languages = page.locator("#languages")
    expect(languages.locator('[data-language="tg"][data-progress="outdated"]')).to_be_visible()

    # The lawyer reviewing Tajik, at their own computer, finds the paragraph among the
    # outdated ones.
    desk = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ru-RU")
    lawyer = desk.new_page()
    refused: list[str] = []
    lawyer.on("console", lambda message: refused.append(message.text))
    review(lawyer, live_server.url, booklet, segment)
    desk.close()
    assert [text for text in refused if "Content Security Policy" in text] == []

    # The coordinator publishes the Tajik edition: it reads the corrected text.
    page.goto(f"{live_server.url}/publications/{booklet.slug}/")
    page.locator('#languages [data-language="tg"] a[href$="/tg/publish/"]').click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#edition-text")).to_contain_text("бақайдгирии муваққатӣ")
    expect(page.locator("#edition-text strong")).to_contain_text(["бақайдгирии муваққатӣ"])
    expect(page.locator("#revision-notice")).to_have_count(0)
    edition = Edition.objects.get(material=booklet, language="tg")
    assert edition.status == EditionStatus.PUBLISHED
    assert any(item["text"] == CORRECTED for item in edition.body)

    # Its booklet PDF is made in the background and downloaded: the corrected text is in it.
    page.locator(f'a[href="/publications/print/editions/{edition.pk}/files/"]').click()
    page.locator(f'form[action$="/print/editions/{edition.pk}/files/new/"] button').click()
    expect(page).to_have_url(re.compile(r"/publications/print/files/\d+/$"))
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    page.goto(f"{live_server.url}/publications/print/editions/{edition.pk}/files/")
    with page.expect_download() as download:
        page.locator('#edition-files a[href$="/download/"]').click()
    text = " ".join(pdf_text(Path(download.value.path())).split())
    assert "бақайдгирии муваққатӣ" in text
    assert "7 рӯзи корӣ" in text


def review(page, base_url: str, booklet, segment) -> None:
    """The reviewer compares the old and new source, finds the old translation refused as
    it stands, corrects it and approves it."""
    sign_in(page, base_url, "lawyer", demo_password("lawyer"))
    page.goto(f"{base_url}/publications/{booklet.slug}/translate/tg/")
    page.locator("#id_state").select_option(State.OUTDATED)
    page.locator("form:has(#id_state) button[type=submit]").click()
    row = page.locator(f"#segment-{segment.key}")
    expect(page.locator(".translation-segment")).to_have_count(1)
    expect(row).to_have_attribute("data-state", State.OUTDATED)
    expect(row.locator("[data-old-source]")).to_contain_text(OLD)
    expect(row.locator("[data-new-source]")).to_contain_text(NEW)
    expect(row.locator("[data-diff] del")).to_have_text("3 ")
    expect(row.locator("[data-diff] ins")).to_have_text("7 ")
    # Approving the old text as it is would approve a translation of the old source.
    row.locator("[data-action=approve]").click()
    expect(row.locator(".alert-danger")).to_contain_text(segment.key)
    row = page.locator(f"#segment-{segment.key}")
    row.locator("[data-text]").fill(CORRECTED)
    row.locator("[data-action=approve]").click()
    expect(page.locator(f"#segment-{segment.key}")).to_have_attribute("data-state", State.APPROVED)
    translation = Translation.objects.get(segment=segment, language="tg")
    assert (translation.state, translation.text) == (State.APPROVED, CORRECTED)


def test_an_external_translator_takes_a_memory_suggestion_and_saves_it_with_the_keyboard(
    live_server, page, booklet
):
    coordinator = User.objects.get(username="coordinator")
    translator = make_user("tajik", Role.TRANSLATOR, coordinator.office)
    Reviewer.objects.create(user=translator, languages=["tg"])
    other = make_booklet(coordinator, slug="vtoraya", targets=["tg"])
    segment = other.segments.get(kind=SegmentKind.PARAGRAPH)
    remembered = Translation.objects.get(
        segment__material=booklet, segment__key=segment.key, language="tg"
    ).text

    sign_in(page, live_server.url, "tajik", PASSWORD)
    page.goto(f"{live_server.url}/publications/work/")
    follow(page, page.locator(f'[data-work="{other.slug}/tg"] a'))
    row = page.locator(f"#segment-{segment.key}")
    row.locator("[data-memory] [data-take]").first.click()
    box = row.locator("[data-text]")
    expect(box).to_have_value(remembered)
    expect(box).to_be_focused()
    box.press("Control+s")
    expect(page.locator(f"#segment-{segment.key}")).to_have_attribute("data-state", State.DRAFT)
    saved = Translation.objects.get(segment=segment, language="tg")
    assert (saved.text, saved.origin) == (remembered, Origin.MEMORY)
    # Alt+↓ goes on to the next segment's translation.
    page.locator(f"#segment-{segment.key} [data-text]").press("Alt+ArrowDown")
    following = other.segments.get(position=segment.position + 1)
    expect(page.locator(f"#segment-{following.key} [data-text]")).to_be_focused()
