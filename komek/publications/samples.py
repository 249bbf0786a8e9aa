"""URL samples for the permission test (komek/core/url_samples.py): a booklet written in
Russian, to be translated into Tajik and Uzbek, with a legal reference, a paragraph
translated into Tajik and its Russian edition published."""

from datetime import date

from komek.core.permissions import role_can
from komek.core.roles import Capability
from komek.publications import services
from komek.publications.models import Reviewer, SegmentKind

LANGUAGES = ["tg", "uz"]


def build(made: dict) -> dict[str, dict]:
    coordinator = made["coordinator"]
    material = services.material_create(
        user=coordinator, slug="samples-booklet", kind="booklet", audience="migrants",
        topic="registration", title="Памятка", target_languages=LANGUAGES,
    )  # fmt: skip
    reference = services.reference_add(
        user=coordinator, material=material, act="Закон о правовом положении иностранцев",
        article="статья 21", effective_from=date(2024, 1, 1),
    )  # fmt: skip
    paragraph = services.segment_add(
        user=coordinator,
        material=material,
        kind=SegmentKind.PARAGRAPH,
        source="Встаньте на **временную регистрацию** в течение трёх рабочих дней.",
    )
    services.translation_save(
        user=coordinator, segment=paragraph, language="tg", text="Дар давоми се рӯз.", submit=True
    )
    edition = services.edition_publish(
        user=coordinator, material=material, language="ru", law_as_of=date(2024, 1, 1)
    )
    slug, key = {"slug": material.slug}, {"slug": material.slug, "key": paragraph.key}
    translated = {"slug": material.slug, "lang": "tg"}
    published = {"slug": material.slug, "lang": "ru", "number": edition.number}
    return {
        "publications:material": slug,
        "publications:material_edit": slug,
        "publications:reference_add": slug,
        "publications:reference_remove": {**slug, "pk": reference.pk},
        "publications:segment_add": slug,
        "publications:segment_edit": key,
        "publications:segment_delete": key,
        "publications:segment_move": key,
        "publications:translate": translated,
        "publications:export": translated,
        "publications:import": translated,
        "publications:translation": {**key, "lang": "tg"},
        "publications:translation_review": {**key, "lang": "tg"},
        "publications:transliterate": {**key, "lang": "uz"},
        "publications:publish": translated,
        "publications:edition": published,
        "publications:edition_withdraw": published,
    }


def grant(made: dict, user) -> None:
    """An external translator (no core.use) is given the sample's languages, as a
    coordinator would; staff translate every language without being given any."""
    if role_can(user, Capability.PUBLICATIONS_TRANSLATE) and not role_can(user, Capability.USE):
        Reviewer.objects.update_or_create(user=user, defaults={"languages": LANGUAGES})
