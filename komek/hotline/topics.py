"""The starting taxonomy of consultation topics (DOMAIN.md §2). Coordinators edit it in
Komek afterwards; this only creates the topics that are missing."""

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


@transaction.atomic
def seed_topics() -> int:
    existing = set(Topic.objects.values_list("code", flat=True))
    for order, (code, ru, kk, en) in enumerate(STARTING_TOPICS, start=1):
        if code not in existing:
            services.topic_create(
                created_by=None, code=code, name_ru=ru, name_kk=kk, name_en=en, order=order * 10
            )
    return len(STARTING_TOPICS)
