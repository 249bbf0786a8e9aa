"""Shared fixtures for the booklets: a coordinator (edits, reviews, publishes), a lawyer
(translates and reviews every language), an external Tajik translator, and a short
booklet in Russian to be translated into Tajik, Kyrgyz, Uzbek in both scripts and Kazakh.

``make_booklet`` and ``translate_all`` are factories the other helpers' tests use too."""

from datetime import date

import pytest
from django.utils import translation

from komek.core.roles import Role
from komek.publications import services
from komek.publications.models import Material, Reviewer, SegmentKind

LAW_AS_OF = date(2026, 1, 1)
TARGETS = ["uz", "uz-Cyrl", "tg", "ky", "kk"]
BODY = [
    (SegmentKind.HEADING, "Регистрация"),
    (
        SegmentKind.PARAGRAPH,
        "Встаньте на **временную регистрацию** в течение 3 рабочих дней после въезда.",
    ),
    (SegmentKind.LIST, "- паспорт\n- миграционная карточка"),
    (SegmentKind.CALLOUT, "Горячая линия: **8 800 080 8000** (бесплатно)."),
]
# A paragraph of each language whose letters the Russian alphabet lacks.
PARAGRAPHS = {
    "tg": "Ҳуқуқҳои худро бидонед: шумо бояд дар давоми се рӯз қайд шавед. Ҷавоб ӣ ӯ ғ қ ҳ ҷ.",
    "ky": "Өз укуктарыңызды билиңиз: үч күндүн ичинде каттоодон өтүңүз. Ң ө ү.",
    "uz-Cyrl": "Ўз ҳуқуқларингизни билинг: уч кун ичида рўйхатдан ўтинг. Ғ қ ҳ ў.",
    "kk": "Құқықтарыңызды біліңіз: үш күн ішінде тіркеуден өтіңіз. Ә ғ қ ң ө ұ ү һ і.",
    "uz": "Oʻz huquqlaringizni biling: uch kun ichida roʻyxatdan oʻting. Gʻ.",
}


@pytest.fixture
def coordinator(make_staff):
    return make_staff(Role.COORDINATOR, username="coordinator")


@pytest.fixture
def lawyer(make_staff):
    return make_staff(Role.LAWYER, username="lawyer")


@pytest.fixture
def translator(make_staff):
    user = make_staff(Role.TRANSLATOR, username="tajik_translator")
    Reviewer.objects.create(user=user, languages=["tg"])
    return user


def make_booklet(user, slug: str = "pamyatka", body=BODY, targets=TARGETS) -> Material:
    material = services.material_create(
        user=user,
        slug=slug,
        kind="booklet",
        audience="migrants",
        topic="registration",
        title="Памятка мигранту",
        target_languages=list(targets),
    )
    for kind, source in body:
        services.segment_add(user=user, material=material, kind=kind, source=source)
    return material


def translate_all(user, material: Material, language: str, approve: bool = True) -> None:
    """Every segment of ``material`` translated into ``language`` (the text marks its
    language and key), approved by ``user`` unless ``approve`` is false."""
    for segment in material.segments.all():
        translation = services.translation_save(
            user=user,
            segment=segment,
            language=language,
            text=f"[{language}] {segment.key}: {segment.source}",
            submit=True,
        )
        if approve:
            services.translation_approve(user=user, translation=translation)


@pytest.fixture
def booklet(coordinator):
    return make_booklet(coordinator)


@pytest.fixture
def in_english():
    """Messages read as the code writes them, whatever the default language."""
    with translation.override("en"):
        yield
