"""The translation editor and the exchange pages: drafts, review, outdated segments side
by side, the glossary and memory beside each segment, transliteration, XLIFF and PO out
and in; and an external translator who reaches these pages in their languages only."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from komek.core.permissions import PUBLIC, SIGNED_IN, declared_permission
from komek.core.roles import Role, role_has
from komek.publications import services
from komek.publications.models import SegmentKind, State, Translation
from komek.publications.tests.conftest import make_booklet, translate_all

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def paragraph(material):
    return material.segments.get(kind=SegmentKind.PARAGRAPH)


def translation_url(material, language, segment, name="publications:translation"):
    return reverse(name, args=[material.slug, language, segment.key])


def editor(client, material, language, **query):
    url = reverse("publications:translate", args=[material.slug, language])
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_translator_saves_a_draft_then_sends_it_for_review(client_for, translator, booklet):
    client = client_for(translator)
    segment = paragraph(booklet)
    url = translation_url(booklet, "tg", segment)
    draft = client.post(url, {"text": "Қайд шавед.", "draft": "1"}, headers=HTMX)
    assert draft.status_code == 200
    assert 'data-state="draft"' in draft.content.decode()
    sent = client.post(url, {"text": "Дар се рӯз қайд шавед.", "submit": "1"}, headers=HTMX)
    assert 'data-state="needs_review"' in sent.content.decode()
    translation = Translation.objects.get(segment=segment, language="tg")
    assert (translation.state, translation.text) == (State.NEEDS_REVIEW, "Дар се рӯз қайд шавед.")


def test_an_empty_translation_is_refused_in_place(client_for, translator, booklet):
    url = translation_url(booklet, "tg", paragraph(booklet))
    response = client_for(translator).post(url, {"text": "", "submit": "1"}, headers=HTMX)
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    assert (
        not Translation.objects.filter(language="tg", text="")
        .exclude(state=State.UNTRANSLATED)
        .exists()
    )


def test_a_reviewer_approves_the_text_as_corrected(client_for, coordinator, lawyer, booklet):
    segment = paragraph(booklet)
    services.translation_save(
        user=coordinator, segment=segment, language="tg", text="Қайд шавед", submit=True
    )
    response = client_for(lawyer).post(
        translation_url(booklet, "tg", segment, "publications:translation_review"),
        {"decision": "approve", "text": "Қайд шавед."},
        headers=HTMX,
    )
    assert 'data-state="approved"' in response.content.decode()
    translation = Translation.objects.get(segment=segment, language="tg")
    assert (translation.state, translation.text) == (State.APPROVED, "Қайд шавед.")


def test_sending_back_needs_a_note(client_for, coordinator, lawyer, booklet):
    segment = paragraph(booklet)
    services.translation_save(
        user=coordinator, segment=segment, language="tg", text="Қайд", submit=True
    )
    url = translation_url(booklet, "tg", segment, "publications:translation_review")
    client = client_for(lawyer)
    refused = client.post(url, {"decision": "reject", "note": ""}, headers=HTMX)
    assert "alert-danger" in refused.content.decode()
    assert Translation.objects.get(segment=segment, language="tg").state == State.NEEDS_REVIEW
    client.post(url, {"decision": "reject", "note": "Термин не из глоссария"}, headers=HTMX)
    assert Translation.objects.get(segment=segment, language="tg").state == State.DRAFT


def test_an_outdated_segment_shows_the_old_and_new_source_and_what_changed(
    client_for, coordinator, booklet
):
    translate_all(coordinator, booklet, "tg")
    segment = paragraph(booklet)
    old = segment.source
    services.segment_edit(
        user=coordinator, segment=segment, source=old.replace("3 рабочих", "7 рабочих")
    )
    page = editor(client_for(coordinator), booklet, "tg", state="outdated")
    assert page.count("data-outdated") == 1
    assert "data-old-source" in page and "data-new-source" in page
    assert '<del class="text-danger">3 </del><ins class="text-success">7 </ins>' in page


def test_the_editor_filters_the_segments_by_state(client_for, coordinator, booklet):
    services.translation_save(
        user=coordinator, segment=paragraph(booklet), language="tg", text="Қайд", submit=True
    )
    page = editor(client_for(coordinator), booklet, "tg", state="needs_review")
    assert page.count('class="card mb-3 translation-segment"') == 1
    assert f'data-segment="{paragraph(booklet).key}"' in page


def test_the_glossary_terms_of_a_segment_are_shown_with_a_warning_when_not_agreed(
    client_for, coordinator, booklet
):
    services.glossary_save(
        user=coordinator, term="временная регистрация", language="tg", rendering="", approved=False
    )
    page = editor(client_for(coordinator), booklet, "tg")
    assert "data-glossary" in page
    assert "data-warning" in page


def test_translation_memory_offers_a_segment_translated_elsewhere(client_for, coordinator, booklet):
    translate_all(coordinator, booklet, "tg")
    other = make_booklet(coordinator, slug="vtoraya")
    page = editor(client_for(coordinator), other, "tg")
    assert "data-take=" in page
    assert f"[tg] {paragraph(booklet).key}" in page


def test_uzbek_cyrillic_is_drafted_from_the_latin_translation(client_for, coordinator, booklet):
    segment = paragraph(booklet)
    services.translation_save(
        user=coordinator, segment=segment, language="uz", text="Roʻyxatdan oʻting.", submit=True
    )
    response = client_for(coordinator).post(
        translation_url(booklet, "uz-Cyrl", segment, "publications:transliterate"), headers=HTMX
    )
    assert response.status_code == 200
    translation = Translation.objects.get(segment=segment, language="uz-Cyrl")
    assert translation.text == "Рўйхатдан ўтинг."
    assert translation.state == State.NEEDS_REVIEW


def test_a_language_is_exported_as_xliff_and_as_po(client_for, translator, booklet):
    client = client_for(translator)
    url = reverse("publications:export", args=[booklet.slug, "tg"])
    xliff = client.get(url, {"format": "xliff"})
    assert xliff["Content-Disposition"] == f'attachment; filename="{booklet.slug}.tg.xlf"'
    assert b"urn:oasis:names:tc:xliff:document:1.2" in xliff.content
    po = client.get(url, {"format": "po"})
    assert b'msgctxt "' in po.content or b"msgid" in po.content


def test_a_broken_file_is_refused_whole_with_each_problem_listed(client_for, translator, booklet):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(translator)
    exported = client.get(
        reverse("publications:export", args=[booklet.slug, "tg"]), {"format": "xliff"}
    ).content.decode()
    broken = exported.replace(f'id="{paragraph(booklet).key}"', 'id="s9999"')
    upload = SimpleUploadedFile("pamyatka.tg.xlf", broken.encode())
    response = client.post(
        reverse("publications:import", args=[booklet.slug, "tg"]), {"file": upload}
    )
    assert response.status_code == 400
    assert "s9999" in response.content.decode()
    assert "data-problem" in response.content.decode()
    assert not Translation.objects.filter(language="tg").exclude(state=State.UNTRANSLATED).exists()


def test_a_translated_file_is_imported_for_review(client_for, translator, booklet):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(translator)
    exported = client.get(
        reverse("publications:export", args=[booklet.slug, "tg"]), {"format": "po"}
    ).content.decode()
    filled = exported.replace('msgstr ""\n\n', 'msgstr "Тарҷума"\n\n')
    upload = SimpleUploadedFile("pamyatka.tg.po", filled.encode())
    response = client.post(
        reverse("publications:import", args=[booklet.slug, "tg"]), {"file": upload}
    )
    assert response.status_code == 302
    assert Translation.objects.filter(language="tg", state=State.NEEDS_REVIEW).exists()


# The external translator: translation pages of their languages and nothing else.

TRANSLATION_PAGES = {
    "publications:work",
    "publications:translate",
    "publications:export",
    "publications:import",
    "publications:translation",
    "publications:translation_review",
    "publications:transliterate",
}


def _routes(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from _routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def test_an_external_translator_may_open_only_the_translation_pages():
    reachable = {
        name
        for name, pattern in _routes(get_resolver().url_patterns)
        if not name.startswith("admin:")
        and declared_permission(pattern.callback) not in (None, PUBLIC, SIGNED_IN)
        and role_has(Role.TRANSLATOR, declared_permission(pattern.callback))
    }
    assert reachable == TRANSLATION_PAGES


def test_an_external_translator_is_refused_every_staff_page(client_for, translator, booklet):
    client = client_for(translator)
    refused = []
    for name, pattern in _routes(get_resolver().url_patterns):
        permission = declared_permission(pattern.callback)
        if (
            name.startswith("admin:")
            or permission in (PUBLIC, SIGNED_IN)
            or pattern.pattern.converters
        ):
            continue
        status = client.get(reverse(name)).status_code
        if name not in TRANSLATION_PAGES and status != 403:
            refused.append((name, status))
    assert refused == []


def test_an_external_translator_works_in_their_language_only(client_for, translator, booklet):
    client = client_for(translator)
    work = client.get(reverse("publications:work")).content.decode()
    menu = work.split('<ul class="navbar-nav me-auto">')[1].split("</ul>")[0]
    assert menu.count("<a ") == 1
    assert f'href="{reverse("publications:work")}"' in menu
    assert f'data-work="{booklet.slug}/tg"' in work
    assert f'data-work="{booklet.slug}/ky"' not in work
    assert (
        client.get(reverse("publications:translate", args=[booklet.slug, "tg"])).status_code == 200
    )
    for language in ("ky", "uz", "kk"):
        for name in ("publications:translate", "publications:export", "publications:import"):
            assert client.get(reverse(name, args=[booklet.slug, language])).status_code == 404
    segment = paragraph(booklet)
    response = client.post(
        translation_url(booklet, "ky", segment), {"text": "Каттоо", "submit": "1"}
    )
    assert response.status_code == 404
    assert not Translation.objects.filter(language="ky").exists()
    for name in ("publications:material", "publications:material_edit"):
        assert client.get(reverse(name, args=[booklet.slug])).status_code == 403
