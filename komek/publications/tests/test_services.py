"""The translation workflow as the services carry it: untranslated → draft → needs review
→ approved, outdated on a source edit, publication only of approved text."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from komek.audit.models import AuditEntry
from komek.publications import selectors, services
from komek.publications.models import (
    Edition,
    EditionStatus,
    Material,
    Origin,
    Segment,
    State,
    Translation,
)
from komek.publications.tests.conftest import LAW_AS_OF, translate_all

# Their messages are read as the code writes them.
pytestmark = pytest.mark.usefixtures("in_english")


def segment(material, key):
    return material.segments.get(key=key)


def test_a_new_material_has_its_title_as_first_segment_and_keys_follow(booklet):
    keys = list(booklet.segments.values_list("key", "position"))
    assert keys == [("title", 0), ("s0001", 1), ("s0002", 2), ("s0003", 3), ("s0004", 4)]
    assert str(booklet) == "Памятка мигранту"


@pytest.mark.parametrize("slug", sorted(services.RESERVED_SLUGS))
def test_a_material_may_not_take_the_address_of_a_page(coordinator, slug):
    with pytest.raises(ValidationError) as refused:
        services.material_create(
            user=coordinator,
            slug=slug,
            kind="booklet",
            audience="migrants",
            topic="registration",
            title="Памятка",
            target_languages=["tg"],
        )
    assert "slug" in refused.value.message_dict
    assert not Material.objects.exists()


def test_a_segment_added_after_another_takes_the_next_key_and_its_place(booklet, coordinator):
    new = services.segment_add(
        user=coordinator,
        material=booklet,
        kind="paragraph",
        source="Новый абзац.",
        after=segment(booklet, "s0001"),
    )
    assert new.key == "s0005"
    assert list(booklet.segments.values_list("key", flat=True)) == [
        "title",
        "s0001",
        "s0005",
        "s0002",
        "s0003",
        "s0004",
    ]


def test_moving_and_deleting_segments_keep_the_title_first(booklet, coordinator):
    services.segment_move(user=coordinator, segment=segment(booklet, "s0004"), position=1)
    assert list(booklet.segments.values_list("key", flat=True))[:2] == ["title", "s0004"]
    with pytest.raises(ValidationError):
        services.segment_delete(user=coordinator, segment=segment(booklet, "title"))
    services.segment_delete(user=coordinator, segment=segment(booklet, "s0002"))
    assert not booklet.segments.filter(key="s0002").exists()


def test_a_translation_goes_from_draft_to_review_to_approved(booklet, coordinator):
    heading = segment(booklet, "s0001")
    draft = services.translation_save(
        user=coordinator, segment=heading, language="tg", text="Бақайдгирӣ"
    )
    assert draft.state == State.DRAFT and draft.source_then == heading.source
    submitted = services.translation_save(
        user=coordinator, segment=heading, language="tg", text="Бақайдгирӣ", submit=True
    )
    assert submitted.state == State.NEEDS_REVIEW
    approved = services.translation_approve(user=coordinator, translation=submitted)
    assert approved.state == State.APPROVED and approved.reviewed_by == coordinator
    assert AuditEntry.objects.filter(object_type="publications.Translation").count() == 3


def test_an_empty_translation_is_refused(booklet, coordinator):
    with pytest.raises(ValidationError):
        services.translation_save(
            user=coordinator, segment=segment(booklet, "s0001"), language="tg", text="  "
        )
    assert not Translation.objects.exists()


def test_a_rejected_translation_goes_back_to_draft_with_the_reason(booklet, coordinator):
    translation = services.translation_save(
        user=coordinator, segment=segment(booklet, "s0001"), language="tg", text="x", submit=True
    )
    with pytest.raises(ValidationError):
        services.translation_reject(user=coordinator, translation=translation, note="")
    rejected = services.translation_reject(
        user=coordinator, translation=translation, note="Не переведено"
    )
    assert rejected.state == State.DRAFT
    assert AuditEntry.objects.filter(detail="Не переведено").exists()


def test_editing_the_source_outdates_its_translations_keeping_the_old_source(booklet, coordinator):
    translate_all(coordinator, booklet, "tg")
    paragraph = segment(booklet, "s0002")
    old = paragraph.source
    services.segment_edit(user=coordinator, segment=paragraph, source=old + " Штраф — 10 МРП.")
    translation = Translation.objects.get(segment=paragraph, language="tg")
    assert translation.state == State.OUTDATED
    assert translation.source_then == old
    paragraph.refresh_from_db()
    assert paragraph.version == 2
    booklet.refresh_from_db()
    assert booklet.source_changed_at == paragraph.changed_at
    row = next(
        r
        for r in selectors.translation_rows(user=coordinator, material=booklet, language="tg")
        if r.segment.key == "s0002"
    )
    assert row.outdated and row.old_source == old and row.new_source == paragraph.source
    untouched = Translation.objects.get(segment__key="s0001", language="tg")
    assert untouched.state == State.APPROVED


def test_an_unchanged_source_is_not_a_new_version(booklet, coordinator):
    paragraph = segment(booklet, "s0002")
    services.segment_edit(user=coordinator, segment=paragraph, source=paragraph.source + "  ")
    paragraph.refresh_from_db()
    assert paragraph.version == 1


def test_an_outdated_translation_is_approved_only_when_corrected(booklet, coordinator):
    translate_all(coordinator, booklet, "tg")
    paragraph = segment(booklet, "s0002")
    services.segment_edit(user=coordinator, segment=paragraph, source="Новый текст.")
    outdated = Translation.objects.get(segment=paragraph, language="tg")
    with pytest.raises(ValidationError, match="s0002"):
        services.translation_approve(user=coordinator, translation=outdated)
    approved = services.translation_approve(
        user=coordinator, translation=outdated, text="Матни нав."
    )
    assert approved.state == State.APPROVED
    assert approved.source_version == 2 and approved.source_then == "Новый текст."


def test_publishing_is_refused_until_every_segment_is_approved(booklet, coordinator):
    translate_all(coordinator, booklet, "tg", approve=False)
    services.translation_approve(
        user=coordinator, translation=Translation.objects.get(segment__key="s0001", language="tg")
    )
    with pytest.raises(ValidationError) as refusal:
        services.edition_publish(
            user=coordinator, material=booklet, language="tg", law_as_of=LAW_AS_OF
        )
    assert "title, s0002, s0003, s0004" in str(refusal.value)
    assert not Edition.objects.exists()


def test_a_published_edition_is_frozen_and_supersedes_the_previous_one(booklet, coordinator):
    translate_all(coordinator, booklet, "tg")
    first = services.edition_publish(
        user=coordinator, material=booklet, language="tg", law_as_of=LAW_AS_OF
    )
    assert first.number == 1 and first.title == "[tg] title: Памятка мигранту"
    assert [part["key"] for part in first.body] == ["s0001", "s0002", "s0003", "s0004"]
    assert first.body[2] == {
        "key": "s0003",
        "kind": "list",
        "text": "[tg] s0003: - паспорт\n- миграционная карточка",
    }
    services.segment_edit(user=coordinator, segment=segment(booklet, "s0001"), source="Учёт")
    first.refresh_from_db()
    assert first.body[0]["text"] == "[tg] s0001: Регистрация"
    translate_all(coordinator, booklet, "tg")
    second = services.edition_publish(
        user=coordinator, material=booklet, language="tg", law_as_of=LAW_AS_OF
    )
    first.refresh_from_db()
    assert second.number == 2 and first.status == EditionStatus.SUPERSEDED
    assert selectors.published_edition(booklet, "tg") == second


def test_the_source_language_edition_needs_no_translation(booklet, coordinator):
    edition = services.edition_publish(
        user=coordinator, material=booklet, language="ru", law_as_of=LAW_AS_OF
    )
    assert edition.title == "Памятка мигранту" and len(edition.body) == 4


def test_a_withdrawn_edition_says_why(booklet, coordinator):
    edition = services.edition_publish(
        user=coordinator, material=booklet, language="ru", law_as_of=LAW_AS_OF
    )
    withdrawn = services.edition_withdraw(user=coordinator, edition=edition, reason="Новый закон")
    assert withdrawn.status == EditionStatus.WITHDRAWN and withdrawn.withdrawn_by == coordinator
    with pytest.raises(ValidationError):
        services.edition_withdraw(user=coordinator, edition=edition, reason="again")


def test_an_external_translator_works_only_in_their_languages(booklet, translator):
    heading = segment(booklet, "s0001")
    services.translation_save(user=translator, segment=heading, language="tg", text="Бақайдгирӣ")
    with pytest.raises(ValidationError):
        services.translation_save(user=translator, segment=heading, language="ky", text="Каттоо")
    assert selectors.reviewer_languages(translator) == ["tg"]
    assert list(selectors.material_list(user=translator)) == [booklet]
    with pytest.raises(Http404):
        selectors.material_get_for(user=translator, pk_or_slug=booklet.slug)
    assert (
        selectors.material_get_for(user=translator, pk_or_slug=booklet.slug, purpose="translate")
        == booklet
    )
    with pytest.raises(Http404):
        selectors.translation_rows(user=translator, material=booklet, language="ky")


def test_staff_work_in_every_language_but_only_translators_translate(
    booklet, coordinator, make_staff
):
    assert "kk" in selectors.reviewer_languages(coordinator)
    operator = make_staff()
    translation = services.translation_save(
        user=coordinator, segment=segment(booklet, "s0001"), language="tg", text="x", submit=True
    )
    with pytest.raises(ValidationError):
        services.translation_approve(user=operator, translation=translation)
    with pytest.raises(ValidationError):
        services.translation_save(
            user=operator, segment=segment(booklet, "s0001"), language="tg", text="y"
        )


def test_uzbek_cyrillic_is_drafted_from_the_latin_for_review(booklet, coordinator):
    heading = segment(booklet, "s0001")
    with pytest.raises(ValidationError):
        services.translation_transliterate(user=coordinator, segment=heading, language="uz-Cyrl")
    services.translation_save(
        user=coordinator, segment=heading, language="uz", text="Roʻyxatdan oʻtish"
    )
    drafted = services.translation_transliterate(
        user=coordinator, segment=heading, language="uz-Cyrl"
    )
    assert drafted.text == "Рўйхатдан ўтиш"
    assert drafted.state == State.NEEDS_REVIEW and drafted.origin == Origin.TRANSLITERATED


def test_translation_memory_offers_an_approved_translation_of_the_same_text(booklet, coordinator):
    from komek.publications.tests.conftest import make_booklet

    translate_all(coordinator, booklet, "ky")
    other = make_booklet(coordinator, slug="leaflet")
    heading = Segment.objects.get(material=other, key="s0001")
    assert selectors.memory_suggestions(
        source=heading.source, language="ky", exclude_segment=heading
    ) == ["[ky] s0001: Регистрация"]
    rows = selectors.translation_rows(user=coordinator, material=other, language="ky")
    assert rows[1].memory_suggestions == ["[ky] s0001: Регистрация"]
    assert rows[1].translation is None and rows[1].state == State.UNTRANSLATED


def test_the_glossary_warns_of_a_term_without_an_approved_rendering(coordinator):
    source = "Оформите временную регистрацию и разрешение трудовому иммигранту."
    warnings = selectors.glossary_warnings(source=source, text="", language="tg")
    assert warnings == []
    services.glossary_save(
        user=coordinator,
        term="временная регистрация",
        language="tg",
        rendering="бақайдгирии муваққатӣ",
        approved=True,
    )
    services.glossary_save(
        user=coordinator,
        term="разрешение трудовому иммигранту",
        language="kk",
        rendering="еңбекші иммигрантқа рұқсат",
        approved=True,
    )
    warnings = selectors.glossary_warnings(
        source=source, text="Бақайдгирии муваққатиро гузаред.", language="tg"
    )
    assert warnings == [
        "«разрешение трудовому иммигранту» has no approved rendering in tg in the glossary."
    ]
    warnings = selectors.glossary_warnings(source=source, text="Бақайдгирӣ.", language="tg")
    assert "«временная регистрация» is rendered «бақайдгирии муваққатӣ» in the glossary." in (
        warnings
    )


def test_language_progress_names_where_each_language_stands(booklet, coordinator):
    translate_all(coordinator, booklet, "uz")
    services.edition_publish(user=coordinator, material=booklet, language="uz", law_as_of=LAW_AS_OF)
    translate_all(coordinator, booklet, "kk", approve=False)
    translate_all(coordinator, booklet, "ky")
    services.translation_save(
        user=coordinator, segment=segment(booklet, "s0001"), language="tg", text="Бақайдгирӣ"
    )
    services.segment_edit(user=coordinator, segment=segment(booklet, "s0004"), source="Звоните.")
    progress = selectors.language_progress(booklet)
    states = {language: row["state"] for language, row in progress.items()}
    assert states == {
        "ru": "in translation",
        "uz": "outdated",
        "uz-Cyrl": "not started",
        "tg": "in translation",
        "ky": "outdated",
        "kk": "outdated",
    }
    assert progress["ky"]["counts"][State.OUTDATED] == 1
    assert progress["ky"]["counts"][State.APPROVED] == 4
    assert progress["uz"]["edition"].number == 1
