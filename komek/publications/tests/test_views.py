"""The staff pages of the booklets: the list, a material edited in place, editions and
their notice once the source changed, the staleness report and the glossary."""

from datetime import date

import pytest
from django.urls import reverse

from komek.core.roles import Role
from komek.publications import services
from komek.publications.models import Edition, EditionStatus, SegmentKind, State, Translation
from komek.publications.tests.conftest import LAW_AS_OF, translate_all

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def paragraph(material):
    return material.segments.get(kind=SegmentKind.PARAGRAPH)


def test_the_list_shows_each_material_with_the_progress_of_its_languages(
    client_for, coordinator, booklet
):
    translate_all(coordinator, booklet, "tg")
    response = client_for(coordinator).get(reverse("publications:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Памятка мигранту" in html
    assert 'data-language="tg" data-progress="in review"' in html
    assert 'data-language="ky" data-progress="not started"' in html


def test_a_material_page_renders_its_markup_and_never_raw_html(client_for, coordinator, booklet):
    services.segment_add(
        user=coordinator,
        material=booklet,
        kind=SegmentKind.PARAGRAPH,
        source="<script>alert(1)</script> **важно**",
    )
    response = client_for(coordinator).get(reverse("publications:material", args=[booklet.slug]))
    html = response.content.decode()
    assert "<strong>временную регистрацию</strong>" in html
    assert "<strong>важно</strong>" in html
    assert "<script>alert(1)" not in html


def test_a_new_material_is_created_and_opened(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("publications:material_new"),
        {
            "title": "Как продлить патент",
            "slug": "patent",
            "kind": "leaflet",
            "audience": "migrants",
            "topic": "work",
            "source_language": "ru",
            "target_languages": ["ru", "tg", "ky"],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("publications:material", args=["patent"])
    material = services.Material.objects.get(slug="patent")
    assert material.target_languages == ["tg", "ky"]
    assert str(material) == "Как продлить патент"


def test_a_new_material_without_a_title_is_refused_with_the_field_named(client_for, coordinator):
    response = client_for(coordinator).post(reverse("publications:material_new"), {"slug": "x"})
    assert response.status_code == 400
    assert 'href="#id_title"' in response.content.decode()


def test_a_segment_edited_in_place_turns_its_translations_outdated(
    client_for, coordinator, booklet
):
    translate_all(coordinator, booklet, "tg")
    segment = paragraph(booklet)
    url = reverse("publications:segment_edit", args=[booklet.slug, segment.key])
    client = client_for(coordinator)
    form = client.get(url, headers=HTMX)
    assert 'name="source"' in form.content.decode()
    saved = client.post(url, {"source": "Встаньте на учёт за 7 дней."}, headers=HTMX)
    assert saved.status_code == 200
    assert "Встаньте на учёт за 7 дней." in saved.content.decode()
    assert 'name="source"' not in saved.content.decode()
    # The languages' progress beside it is swapped too, out of band.
    assert 'hx-swap-oob="true"' in saved.content.decode()
    assert 'data-language="tg" data-progress="outdated"' in saved.content.decode()
    translation = Translation.objects.get(segment=segment, language="tg")
    assert translation.state == State.OUTDATED


def test_an_empty_segment_is_refused_in_place(client_for, coordinator, booklet):
    segment = paragraph(booklet)
    url = reverse("publications:segment_edit", args=[booklet.slug, segment.key])
    response = client_for(coordinator).post(url, {"source": ""}, headers=HTMX)
    assert 'name="source"' in response.content.decode()
    assert "invalid-feedback" in response.content.decode()
    segment.refresh_from_db()
    assert segment.version == 1


def test_a_segment_is_added_at_the_end(client_for, coordinator, booklet):
    response = client_for(coordinator).post(
        reverse("publications:segment_add", args=[booklet.slug]),
        {"kind": "paragraph", "source": "Сохраняйте чеки об оплате патента."},
    )
    assert response.status_code == 302
    assert booklet.segments.last().source == "Сохраняйте чеки об оплате патента."


def test_a_legal_reference_is_added_and_removed(client_for, coordinator, booklet):
    client = client_for(coordinator)
    client.post(
        reverse("publications:reference_add", args=[booklet.slug]),
        {"act": "Закон о миграции", "article": "статья 49", "effective_from": "2025-07-01"},
    )
    reference = booklet.references.get()
    page = client.get(reverse("publications:material", args=[booklet.slug])).content.decode()
    assert "Закон о миграции, статья 49" in page
    client.post(reverse("publications:reference_remove", args=[booklet.slug, reference.pk]))
    assert not booklet.references.exists()


def test_publishing_is_refused_while_a_segment_is_not_approved_naming_it(
    client_for, coordinator, booklet
):
    translate_all(coordinator, booklet, "tg")
    last = booklet.segments.last()
    services.segment_edit(user=coordinator, segment=last, source="Горячая линия: 8 800.")
    response = client_for(coordinator).post(
        reverse("publications:publish", args=[booklet.slug, "tg"]), {"law_as_of": "2026-01-01"}
    )
    assert response.status_code == 400
    assert last.key in response.content.decode()
    assert not Edition.objects.filter(language="tg").exists()


def test_a_published_translation_shows_a_notice_once_the_russian_text_changes(
    client_for, coordinator, booklet
):
    translate_all(coordinator, booklet, "tg")
    client = client_for(coordinator)
    response = client.post(
        reverse("publications:publish", args=[booklet.slug, "tg"]), {"law_as_of": "2026-01-01"}
    )
    edition = Edition.objects.get(material=booklet, language="tg")
    assert response["Location"] == reverse(
        "publications:edition", args=[booklet.slug, "tg", edition.number]
    )
    page = client.get(response["Location"]).content.decode()
    assert "revision-notice" not in page
    assert f"[tg] {paragraph(booklet).key}" in page
    services.segment_edit(user=coordinator, segment=paragraph(booklet), source="Новый текст.")
    page = client.get(response["Location"]).content.decode()
    assert "revision-notice" in page
    assert "Русский текст обновлён" in page
    assert "этот перевод дорабатывается" in page
    # The frozen text is still the one published.
    assert f"[tg] {paragraph(booklet).key}" in page


def test_the_russian_edition_carries_no_revision_notice(client_for, coordinator, booklet):
    edition = services.edition_publish(
        user=coordinator, material=booklet, language="ru", law_as_of=LAW_AS_OF
    )
    services.segment_edit(user=coordinator, segment=paragraph(booklet), source="Новый текст.")
    url = reverse("publications:edition", args=[booklet.slug, "ru", edition.number])
    assert "revision-notice" not in client_for(coordinator).get(url).content.decode()


def test_an_edition_is_withdrawn_with_a_reason(client_for, coordinator, booklet):
    edition = services.edition_publish(
        user=coordinator, material=booklet, language="ru", law_as_of=LAW_AS_OF
    )
    url = reverse("publications:edition_withdraw", args=[booklet.slug, "ru", edition.number])
    client = client_for(coordinator)
    assert client.post(url, {"reason": ""}).status_code == 400
    client.post(url, {"reason": "Закон изменён с 1 июля"})
    edition.refresh_from_db()
    assert edition.status == EditionStatus.WITHDRAWN
    assert edition.withdrawal_reason == "Закон изменён с 1 июля"


def test_the_staleness_report_lists_an_edition_whose_source_changed(
    client_for, coordinator, booklet
):
    translate_all(coordinator, booklet, "tg")
    services.edition_publish(user=coordinator, material=booklet, language="tg", law_as_of=LAW_AS_OF)
    services.segment_edit(user=coordinator, segment=paragraph(booklet), source="Новый текст.")
    page = client_for(coordinator).get(reverse("publications:staleness")).content.decode()
    assert f'data-stale="{booklet.slug}/tg"' in page


def test_the_glossary_shows_renderings_and_a_coordinator_adds_one(client_for, coordinator):
    client = client_for(coordinator)
    response = client.post(
        reverse("publications:glossary_save"),
        {"term": "квота", "language": "tg", "rendering": "квота", "approved": "on"},
    )
    assert response.status_code == 302
    page = client.get(reverse("publications:glossary")).content.decode()
    assert 'data-term="квота"' in page


def test_an_operator_sees_the_booklets_but_cannot_edit_them(client_for, make_staff, booklet):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    client = client_for(operator)
    page = client.get(reverse("publications:material", args=[booklet.slug])).content.decode()
    assert "hx-get" not in page
    url = reverse("publications:segment_edit", args=[booklet.slug, paragraph(booklet).key])
    assert client.get(url).status_code == 403


def test_law_as_of_defaults_to_the_latest_act_cited(client_for, coordinator, booklet):
    services.reference_add(
        user=coordinator, material=booklet, act="Закон", effective_from=date(2025, 7, 1)
    )
    page = client_for(coordinator).get(reverse("publications:publish", args=[booklet.slug, "ru"]))
    assert 'value="2025-07-01"' in page.content.decode()


def test_a_segment_moves_down_and_is_deleted(client_for, coordinator, booklet):
    client = client_for(coordinator)
    first, second = booklet.segments.exclude(key="title")[:2]
    moved = client.post(
        reverse("publications:segment_move", args=[booklet.slug, first.key]), {"direction": "down"}
    )
    assert moved["Location"].endswith(f"#segment-{first.key}")
    assert list(booklet.segments.exclude(key="title")[:2]) == [second, first]
    client.post(reverse("publications:segment_delete", args=[booklet.slug, first.key]))
    assert not booklet.segments.filter(key=first.key).exists()
