"""The seed's official table and a donor report template."""

import hashlib
from pathlib import Path

from django.db import transaction

from komek.core.tables import read_table
from komek.statistics import importing
from komek.statistics.models import Dataset, Measure, ReportSection, ReportTemplate

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "astana_registrations_8m.csv"
DATASET = "astana_registrations"
TITLE = "Временно зарегистрированные иностранные граждане из стран Центральной Азии, г. Астана"
SOURCE = "Миграционная полиция МВД РК, по данным центра (8 месяцев)"
NOTES = (
    "Цифры приведены центром: «за 8 месяцев в г. Астана». Год в источнике не указан; "
    "период 01.01–31.08.2013 принят условно и требует проверки."
)

# order, heading ru, heading en, text ru, text en, indicator, breakdown
SECTIONS = [
    (
        10,
        "Консультации",
        "Consultations",
        "Звонки на горячую линию, личные приёмы, сообщения и выездные встречи.",
        "Hotline calls, walk-ins, messages and outreach meetings.",
        "contacts",
        "channel",
    ),
    (20, "Обратившиеся по полу", "Clients by sex", "", "", "contacts", "sex"),
    (30, "По возрасту", "By age group", "", "", "contacts", "age_group"),
    (40, "По гражданству", "By citizenship", "", "", "contacts", "citizenship"),
    (50, "По темам", "By topic", "", "", "contacts", "topic"),
    (60, "По офисам", "By office", "", "", "contacts", "office"),
    (70, "Уникальные клиенты", "Unique clients", "", "", "people_served", ""),
    (80, "Повторные обращения", "Repeat contacts", "", "", "repeat_contacts", ""),
    (90, "Открытые дела", "Cases opened", "", "", "cases_opened", "category"),
    (100, "Итоги закрытых дел", "Outcomes of closed cases", "", "", "cases_closed", "outcome"),
    (110, "Взысканные суммы, тенге", "Amounts recovered, KZT", "", "", "amount_recovered", ""),
    (
        120,
        "Обращения к партнёрам",
        "Referrals to partners",
        "Запросы в посольства, государственные органы и НПО.",
        "Requests to embassies, state bodies and NGOs.",
        "referrals_sent",
        "partner_country",
    ),
    (130, "Полученные ответы", "Answers received", "", "", "referrals_answered", "partner"),
]


@transaction.atomic
def seed() -> int:
    if not Dataset.objects.filter(code=DATASET).exists():
        headers, rows = read_table(FIXTURE)
        parsed = importing.parse(headers, rows, importing.guess_mapping(headers))
        importing.write(
            parsed,
            code=DATASET,
            title=TITLE,
            source=SOURCE,
            measure=Measure.REGISTERED,
            file_name=FIXTURE.name,
            sha256=hashlib.sha256(FIXTURE.read_bytes()).hexdigest(),
            imported_by=None,
        )
        Dataset.objects.filter(code=DATASET).update(notes=NOTES)
    template, created = ReportTemplate.objects.get_or_create(
        name="Квартальный отчёт для МОМ",
        defaults={
            "title_ru": "Отчёт о деятельности центра помощи мигрантам",
            "title_en": "Migrant assistance centre: activity report",
        },
    )
    if created:
        ReportSection.objects.bulk_create(
            ReportSection(
                template=template,
                order=order,
                heading_ru=heading_ru,
                heading_en=heading_en,
                text_ru=text_ru,
                text_en=text_en,
                indicator=indicator,
                breakdown=breakdown,
            )
            for order, heading_ru, heading_en, text_ru, text_en, indicator, breakdown in SECTIONS
        )
    return Dataset.objects.count()
