"""The starting taxonomy of consultation topics (DOMAIN.md §2). Coordinators edit it in
Komek afterwards; this only creates the topics that are missing and gives the names that
migrants read on the public portal to those that have none in a language."""

from django.db import transaction

from komek.hotline import services
from komek.hotline.models import Topic

# code, Russian, Kazakh, English
STARTING_TOPICS = [
    (
        "registration",
        "Регистрация, срок пребывания",
        "Тіркеу, болу мерзімі",
        "Registration, length of stay",
    ),
    (
        "work_permit",
        "Разрешение на работу, патент",
        "Жұмысқа рұқсат, патент",
        "Work permit, patent",
    ),
    ("wages", "Заработная плата", "Жалақы", "Wages"),
    (
        "documents",
        "Документы утеряны или изъяты",
        "Құжаттар жоғалған немесе алынған",
        "Documents lost or confiscated",
    ),
    ("detention", "Задержание, выдворение", "Ұстау, шығарып жіберу", "Detention, deportation"),
    ("entry_ban", "Запрет въезда", "Елге кіруге тыйым", "Entry ban"),
    (
        "trafficking",
        "Торговля людьми, принудительный труд",
        "Адам саудасы, мәжбүрлі еңбек",
        "Trafficking, forced labour",
    ),
    (
        "health",
        "Здоровье, медицинская помощь",
        "Денсаулық, медициналық көмек",
        "Health, medical care",
    ),
    ("family", "Семья и дети", "Отбасы және балалар", "Family and children"),
    ("return", "Возвращение домой", "Елге оралу", "Return home"),
    ("humanitarian", "Гуманитарная помощь", "Гуманитарлық көмек", "Humanitarian aid"),
    ("other", "Другое", "Басқа", "Other"),
]

# The names on the public portal: Uzbek (Latin, then Cyrillic as komek.publications.translit
# writes it), Tajik, Kyrgyz. Machine-quality translation: needs review by native Uzbek,
# Tajik and Kyrgyz speakers.
PUBLIC_NAME_FIELDS = ("name_uz", "name_uz_cyrl", "name_tg", "name_ky")
PUBLIC_NAMES = {
    "registration": (
        "Roʻyxatdan oʻtish, boʻlish muddati",
        "Рўйхатдан ўтиш, бўлиш муддати",
        "Бақайдгирӣ, мӯҳлати будубош",
        "Каттоо, болуу мөөнөтү",
    ),
    "work_permit": (
        "Ishlash uchun ruxsatnoma, patent",
        "Ишлаш учун рухсатнома, патент",
        "Иҷозатномаи корӣ, патент",
        "Иштөөгө уруксат, патент",
    ),
    "wages": ("Ish haqi", "Иш ҳақи", "Музди меҳнат", "Эмгек акы"),
    "documents": (
        "Hujjatlar yoʻqolgan yoki olib qoʻyilgan",
        "Ҳужжатлар йўқолган ёки олиб қўйилган",
        "Ҳуҷҷатҳо гум шудаанд ё гирифта шудаанд",
        "Документтер жоголгон же тартып алынган",
    ),
    "detention": (
        "Ushlab turish, deportatsiya",
        "Ушлаб туриш, депортация",
        "Боздошт, ихроҷ",
        "Кармоо, депортация",
    ),
    "entry_ban": (
        "Mamlakatga kirish taqiqi",
        "Мамлакатга кириш тақиқи",
        "Манъи вуруд",
        "Өлкөгө кирүүгө тыюу",
    ),
    "trafficking": (
        "Odam savdosi, majburiy mehnat",
        "Одам савдоси, мажбурий меҳнат",
        "Савдои одамон, меҳнати маҷбурӣ",
        "Адам сатуу, мажбурлап иштетүү",
    ),
    "health": (
        "Sogʻliq, tibbiy yordam",
        "Соғлиқ, тиббий ёрдам",
        "Саломатӣ, ёрии тиббӣ",
        "Ден соолук, медициналык жардам",
    ),
    "family": ("Oila va bolalar", "Оила ва болалар", "Оила ва кӯдакон", "Үй-бүлө жана балдар"),
    "return": ("Uyga qaytish", "Уйга қайтиш", "Бозгашт ба ватан", "Мекенге кайтуу"),
    "humanitarian": (
        "Insonparvarlik yordami",
        "Инсонпарварлик ёрдами",
        "Кӯмаки башардӯстона",
        "Гуманитардык жардам",
    ),
    "other": ("Boshqa", "Бошқа", "Дигар", "Башка"),
}


@transaction.atomic
def seed_topics() -> int:
    existing = {topic.code: topic for topic in Topic.objects.all()}
    for order, (code, ru, kk, en) in enumerate(STARTING_TOPICS, start=1):
        names = dict(zip(PUBLIC_NAME_FIELDS, PUBLIC_NAMES[code], strict=True))
        topic = existing.get(code)
        if topic is None:
            services.topic_create(
                created_by=None,
                code=code,
                name_ru=ru,
                name_kk=kk,
                name_en=en,
                order=order * 10,
                **names,
            )
            continue
        # A coordinator's own wording stays: only the names not given are filled in.
        missing = {field: name for field, name in names.items() if not getattr(topic, field)}
        if missing:
            services.topic_update(topic=topic, updated_by=None, **missing)
    return len(STARTING_TOPICS)
