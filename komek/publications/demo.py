"""A demo booklet: «Памятка трудовому мигранту» on registration, stay and work, published
in Russian and Uzbek Latin, drafted into Uzbek Cyrillic by transliteration, half
translated into Tajik (some approved, some waiting for review, the rest untranslated) and
translated into Kyrgyz, where the hotline callout is outdated after a source edit; with
the glossary's legal terms in Uzbek, Tajik, Kyrgyz and Kazakh. Everything goes through the
services, as the pages would."""

from django.db import transaction
from django.utils import timezone

from komek.accounts.models import User
from komek.publications import services
from komek.publications.models import Material, SegmentKind

SLUG = "pamyatka-migrantu"
TITLE = "Памятка трудовому мигранту"
TARGETS = ["uz", "uz-Cyrl", "tg", "ky", "kk"]
HOTLINE = (
    "Горячая линия Комек: **8 800 080 8000** (бесплатно, круглосуточно). "
    "Звоните, если у вас забрали паспорт."
)
HOTLINE_EDITED = (
    "Горячая линия Комек: **8 800 080 8000** (бесплатно, круглосуточно, есть WhatsApp). "
    "Звоните, если у вас забрали паспорт."
)
TABLE = (
    "| Ситуация | Что нужно |\n|---|---|\n"
    "| Работа у физического лица | разрешение трудовому иммигранту |\n"
    "| Работа в компании | разрешение работодателю в пределах **квоты** |\n"
    "| Гражданин ЕАЭС | трудовой договор |"
)
# The body after the title, keys s0001… in this order.
BODY = [
    (SegmentKind.HEADING, "Регистрация по прибытии"),
    (
        SegmentKind.PARAGRAPH,
        "После приезда в Казахстан проверьте срок, в течение которого нужно встать на "
        "**временную регистрацию** по месту пребывания. Для большинства граждан стран СНГ "
        "это 30 дней со дня въезда; считайте от отметки в миграционной карточке.",
    ),
    (SegmentKind.HEADING, "Сроки пребывания"),
    (
        SegmentKind.PARAGRAPH,
        "Без разрешения на работу или трудового договора нельзя находиться в стране больше "
        "90 дней в каждые 180 дней.",
    ),
    (
        SegmentKind.LIST,
        "- паспорт\n- миграционная карточка с отметкой о въезде\n- адрес, где вы живёте",
    ),
    (SegmentKind.HEADING, "Работа"),
    (
        SegmentKind.PARAGRAPH,
        "Чтобы работать у физического лица, оформите **разрешение трудовому иммигранту**. "
        "Граждане стран ЕАЭС (Кыргызстан) работают без разрешения.",
    ),
    (SegmentKind.TABLE, TABLE),
    (SegmentKind.CALLOUT, HOTLINE),
]
REFERENCES = [
    ("Правила въезда и пребывания иммигрантов в Республике Казахстан", "", "registration-uz-30"),
    ("Договор о Евразийском экономическом союзе", "ст. 97", "window-eaeu-90-180"),
    ("Закон РК «О миграции населения»", "ст. 1, п. 4-1", "work-household-permit"),
    ("Постановление Правительства РК № 802 (квоты)", "", "quota-foreign-labour"),
]
UZ = {
    "title": "Mehnat migrantiga eslatma",
    "s0001": "Kelganda roʻyxatdan oʻtish",
    "s0002": "Qozogʻistonga kelganingizdan soʻng yashash joyingiz boʻyicha **vaqtincha "
    "roʻyxatdan oʻtish** muddatini tekshiring. Koʻpchilik MDH fuqarolari uchun bu kirgan "
    "kundan boshlab 30 kun; muddatni migratsiya kartasidagi belgidan hisoblang.",
    "s0003": "Boʻlish muddati",
    "s0004": "Ishlash uchun ruxsat yoki mehnat shartnomasi boʻlmasa, har 180 kun ichida "
    "90 kundan ortiq boʻlish mumkin emas.",
    "s0005": "- pasport\n- kirish belgisi qoʻyilgan migratsiya kartasi\n- siz yashayotgan manzil",
    "s0006": "Ish",
    "s0007": "Jismoniy shaxs uchun ishlash uchun **mehnat immigrantiga ruxsatnoma** "
    "rasmiylashtiring. YeOII (Qirgʻiziston) fuqarolari ruxsatsiz ishlaydi.",
    "s0008": "| Vaziyat | Nima kerak |\n|---|---|\n"
    "| Jismoniy shaxs uchun ishlash | mehnat immigrantiga ruxsatnoma |\n"
    "| Kompaniyada ishlash | **kvota** doirasida ish beruvchiga ruxsat |\n"
    "| YeOII fuqarosi | mehnat shartnomasi |",
    "s0009": "Komek ishonch telefoni: **8 800 080 8000** (bepul, kecha-kunduz). "
    "Pasportingizni olib qoʻyishgan boʻlsa, qoʻngʻiroq qiling.",
}
UZ_HOTLINE_EDITED = (
    "Komek ishonch telefoni: **8 800 080 8000** (bepul, kecha-kunduz, WhatsApp ham bor). "
    "Pasportingizni olib qoʻyishgan boʻlsa, qoʻngʻiroq qiling."
)
KY = {
    "title": "Эмгек мигрантына эскертме",
    "s0001": "Келгенде каттоо",
    "s0002": "Казакстанга келгенден кийин жашаган жериңиз боюнча **убактылуу каттоодон** "
    "өтүү мөөнөтүн текшериңиз. КМШ өлкөлөрүнүн көпчүлүк жарандары үчүн бул кирген күндөн "
    "тартып 30 күн; мөөнөттү миграциялык карточкадагы белгиден эсептеңиз.",
    "s0003": "Болуу мөөнөтү",
    "s0004": "Иштөөгө уруксат же эмгек келишими жок болсо, ар бир 180 күндүн ичинде "
    "90 күндөн ашык болууга болбойт.",
    "s0005": "- паспорт\n- кирүү белгиси коюлган миграциялык карточка\n- сиз жашаган дарек",
    "s0006": "Иш",
    "s0007": "Жеке адамга иштөө үчүн **эмгек иммигрантына уруксат** алыңыз. ЕАЭБ "
    "(Кыргызстан) жарандары уруксатсыз иштешет.",
    "s0008": "| Абал | Эмне керек |\n|---|---|\n"
    "| Жеке адамга иштөө | эмгек иммигрантына уруксат |\n"
    "| Компанияда иштөө | **квотанын** чегинде иш берүүчүгө уруксат |\n"
    "| ЕАЭБ жараны | эмгек келишими |",
    "s0009": "Комектин ишеним телефону: **8 800 080 8000** (акысыз, күнү-түнү). "
    "Паспортуңузду алып коюшса, чалыңыз.",
}
# Tajik: approved up to s0003, s0004 and s0005 waiting for review, the rest untranslated.
TG_APPROVED = {
    "title": "Ёддошт барои муҳоҷири меҳнатӣ",
    "s0001": "Бақайдгирӣ ҳангоми омадан",
    "s0002": "Пас аз омадан ба Қазоқистон мӯҳлати **бақайдгирии муваққатӣ**-ро дар ҷои "
    "зист тафтиш кунед. Барои аксари шаҳрвандони ИДМ ин 30 рӯз аз рӯзи вуруд аст; "
    "мӯҳлатро аз қайди корти муҳоҷиратӣ ҳисоб кунед.",
    "s0003": "Мӯҳлати будубош",
}
TG_IN_REVIEW = {
    "s0004": "Агар иҷозати кор ё шартномаи меҳнатӣ надошта бошед, дар ҳар 180 рӯз зиёда "
    "аз 90 рӯз будан мумкин нест.",
    "s0005": "- шиноснома\n- корти муҳоҷиратӣ бо қайди вуруд\n- суроғае, ки дар он зиндагӣ мекунед",
}
# term: {language: (rendering, approved)}
GLOSSARY = {
    "временная регистрация": {
        "uz": ("vaqtincha roʻyxatdan oʻtish", True),
        "tg": ("бақайдгирии муваққатӣ", True),
        "ky": ("убактылуу каттоо", True),
        "kk": ("уақытша тіркеу", True),
    },
    "разрешение трудовому иммигранту": {
        "uz": ("mehnat immigrantiga ruxsatnoma", True),
        "tg": ("иҷозатнома ба муҳоҷири меҳнатӣ", True),
        "ky": ("эмгек иммигрантына уруксат", True),
        "kk": ("еңбекші иммигрантқа рұқсат", True),
    },
    "квота": {
        "uz": ("kvota", True),
        "tg": ("квота", False),
        "ky": ("квота", True),
        "kk": ("квота", True),
    },
}


def _translate(user, material: Material, language: str, texts: dict[str, str], approve: bool):
    for key, text in texts.items():
        translation = services.translation_save(
            user=user,
            segment=material.segments.get(key=key),
            language=language,
            text=text,
            submit=True,
        )
        if approve:
            services.translation_approve(user=user, translation=translation)


@transaction.atomic
def load() -> int:
    """Make the booklet unless it is there; the number of materials."""
    if Material.objects.filter(slug=SLUG).exists():
        return Material.objects.count()
    coordinator = User.objects.get(username="coordinator")
    lawyer = User.objects.get(username="lawyer")
    material = services.material_create(
        user=coordinator,
        slug=SLUG,
        kind="booklet",
        audience="migrants",
        topic="registration",
        title=TITLE,
        target_languages=TARGETS,
    )
    for kind, source in BODY:
        services.segment_add(user=coordinator, material=material, kind=kind, source=source)
    for act, article, rule_code in REFERENCES:
        services.reference_add(
            user=coordinator, material=material, act=act, article=article, rule_code=rule_code
        )
    for term, renderings in GLOSSARY.items():
        for language, (rendering, approved) in renderings.items():
            services.glossary_save(
                user=coordinator,
                term=term,
                language=language,
                rendering=rendering,
                approved=approved,
            )
    _translate(lawyer, material, "uz", UZ, approve=True)
    _translate(lawyer, material, "ky", KY, approve=True)
    _translate(lawyer, material, "tg", TG_APPROVED, approve=True)
    _translate(lawyer, material, "tg", TG_IN_REVIEW, approve=False)
    # The hotline changed after translation: the Uzbek is corrected, the Kyrgyz waits.
    hotline = material.segments.get(key="s0009")
    services.segment_edit(user=coordinator, segment=hotline, source=HOTLINE_EDITED)
    _translate(lawyer, material, "uz", {"s0009": UZ_HOTLINE_EDITED}, approve=True)
    for segment in material.segments.all():
        services.translation_transliterate(user=lawyer, segment=segment, language="uz-Cyrl")
    today = timezone.localdate()
    for language in ("ru", "uz"):
        services.edition_publish(
            user=coordinator, material=material, language=language, law_as_of=today
        )
    return Material.objects.count()
