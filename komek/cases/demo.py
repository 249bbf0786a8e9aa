"""Demo cases from the centre's own account: an undocumented Uzbek citizen, a Tajik
worker owed wages, a Kyrgyz migrant detained, and a trafficking case."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from komek.accounts.models import User
from komek.cases import services
from komek.cases.models import Case, Status
from komek.cases.referrals import (
    referral_answer,
    referral_mark_sent,
    referral_send,
    sharing_consent,
)
from komek.cases.reminders import sweep_reminders
from komek.hotline.models import Topic
from komek.partners.models import Partner
from komek.people.models import CONSENT_RECORDING_DAYS, ConsentMethod, ConsentScope, Person
from komek.people.services import consent_record

# client ref, topic, title, description, priority, sensitive, status after opening
CASES = [
    (
        "AST-0001",
        "documents",
        "Свидетельство на возвращение в Узбекистан",
        "Паспорт утерян. Нужна справка полиции об утере и свидетельство на возвращение; "
        "посольство Узбекистана принимает только в Алматы.",
        "high",
        False,
        Status.WAITING,
    ),
    (
        "AST-0003",
        "wages",
        "Невыплата заработной платы за три месяца",
        "Работодатель — частное лицо; письменного договора нет.",
        "normal",
        False,
        Status.IN_PROGRESS,
    ),
    (
        "AST-0004",
        "detention",
        "Задержание за нарушение правил регистрации",
        "Задержан миграционной полицией Астаны; нужна связь с консулом Кыргызстана.",
        "urgent",
        False,
        Status.IN_PROGRESS,
    ),
    (
        "AST-0005",
        "trafficking",
        "Принудительный труд, документы у работодателя",
        "Паспорт удерживает работодатель. Направление в приют.",
        "urgent",
        True,
        Status.IN_PROGRESS,
    ),
]


# client ref, partner short name, request, days ago sent, days to answer (None: no answer)
REFERRALS = [
    ("AST-0001", "Посольство РУз", "return_certificate", 150, 41),
    ("AST-0001", "Посольство РУз", "return_certificate", 95, None),
    ("AST-0002", "Посольство РУз", "consular", 170, 36),
    ("AST-0002", "Посольство РУз", "passport", 120, 52),
    ("AST-0005", "Посольство РУз", "return_certificate", 80, 28),
    ("AST-0005", "Посольство РУз", "consular", 60, None),
    ("AST-0003", "Посольство РТ", "consular", 140, 5),
    ("AST-0003", "Посольство РТ", "passport", 90, 9),
    ("AST-0006", "Посольство РТ", "return_certificate", 70, 4),
    ("AST-0006", "Посольство РТ", "consular", 40, 7),
    ("AST-0004", "Посольство КР", "release", 130, 3),
    ("AST-0004", "Посольство КР", "consular", 100, 6),
    ("AST-0004", "Посольство КР", "passport", 75, 8),
    ("AST-0004", "Посольство КР", "consular", 45, 4),
]


# client ref, task, due in days (negative: overdue)
TASKS = [
    ("AST-0003", "Подготовить жалобу в инспекцию труда", 3),
    ("AST-0004", "Позвонить брату клиента в Бишкек", -2),
    ("AST-0001", "Получить справку полиции об утере паспорта", 0),
]


def _seed_referrals(lawyer, cases: dict) -> None:
    """The referrals of the past months. A consent is recorded now (by the operator who
    took it, so that no flag is raised), so each referral is prepared today, when the
    gate looks at the consent, and marked sent on its past date."""
    partners = {partner.short_name: partner for partner in Partner.objects.all()}
    operator = User.objects.get(username="operator")
    today = timezone.localdate()
    for ref, partner, request, sent_ago, answer_days in REFERRALS:
        case = cases[ref]
        if sharing_consent(case.client, today, sender=lawyer) is None:
            consent_record(
                person=case.client,
                recorded_by=operator,
                scope=ConsentScope.SHARING_PARTNERS,
                given_on=today - timedelta(days=CONSENT_RECORDING_DAYS),
                method=ConsentMethod.SIGNED,
            )
        referral = referral_send(
            case=case,
            sent_by=lawyer,
            partner=partners[partner],
            request=request,
            channel="letter",
            sent_on=None,
            expected_days=14,
        )
        referral = referral_mark_sent(
            referral=referral, sent_by=lawyer, sent_on=today - timedelta(days=sent_ago)
        )
        if answer_days is not None:
            referral_answer(
                referral=referral,
                recorded_by=lawyer,
                answered_on=referral.sent_on + timedelta(days=answer_days),
                answer="Ответ получен.",
                outcome="done",
            )


@transaction.atomic
def seed() -> int:
    if Case.objects.exists():
        return Case.objects.count()
    lawyer = User.objects.get(username="lawyer")
    people = {person.ref: person for person in Person.objects.filter(ref__startswith="AST-")}
    topics = {topic.code: topic for topic in Topic.objects.all()}
    cases = {}
    for ref, code, title, description, priority, sensitive, status in CASES:
        case = cases[ref] = services.case_open(
            opened_by=lawyer,
            client=people[ref],
            kind="legal",
            category=topics[code],
            title=title,
            description=description,
            priority=priority,
            sensitive=sensitive,
        )
        case = services.case_move(case=case, moved_by=lawyer, to=Status.IN_PROGRESS, assigned=True)
        if status != Status.IN_PROGRESS:
            services.case_move(case=case, moved_by=lawyer, to=status, assigned=True)
    for ref in ("AST-0002", "AST-0006"):
        cases[ref] = services.case_open(
            opened_by=lawyer,
            client=people[ref],
            kind="legal",
            category=topics["documents"],
            title="Консульская помощь",
        )
    _seed_referrals(lawyer, cases)
    today = timezone.localdate()
    for ref, title, due_in in TASKS:
        services.task_add(
            case=cases[ref],
            created_by=lawyer,
            title=title,
            assignee=lawyer,
            due_on=today + timedelta(days=due_in),
        )
    # What the daily sweep would have done by now: follow-ups of the unanswered
    # referrals and reminders of the tasks due.
    sweep_reminders.call()
    return len(cases)
