"""Demo cases from the centre's own account: an undocumented Uzbek citizen, a Tajik
worker owed wages, a Kyrgyz migrant detained, and a trafficking case.

They have a past: each step (opening, status changes, referrals sent and answered, tasks)
is taken through the services on its own day of the past months, in the order the days
came, and what the services stamped "now" is then set back to that day. So timelines read
as the work went, deadlines follow from the dates, and the dashboard has a previous period
to compare with."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from komek.accounts.models import User
from komek.cases import services
from komek.cases.models import Case, CaseEvent, Referral, Status, Task
from komek.cases.referrals import (
    referral_answer,
    referral_mark_sent,
    referral_send,
    sharing_consent,
)
from komek.cases.reminders import sweep_reminders
from komek.hotline.models import Topic
from komek.partners.models import Partner
from komek.people.demo import registered_by
from komek.people.models import CONSENT_RECORDING_DAYS, ConsentMethod, ConsentScope, Person
from komek.people.services import consent_record

# client ref, days ago opened, topic, title, description, priority, sensitive, status and
# days ago it was reached (the case goes "in progress" the day it is opened)
CASES = [
    (
        "AST-0001",
        155,
        "documents",
        "Свидетельство на возвращение в Узбекистан",
        "Паспорт утерян. Нужна справка полиции об утере и свидетельство на возвращение; "
        "посольство Узбекистана принимает только в Алматы.",
        "high",
        False,
        (Status.WAITING, 95),
    ),
    (
        "AST-0003",
        145,
        "wages",
        "Невыплата заработной платы за три месяца",
        "Работодатель — частное лицо; письменного договора нет.",
        "normal",
        False,
        (Status.IN_PROGRESS, None),
    ),
    (
        "AST-0004",
        132,
        "detention",
        "Задержание за нарушение правил регистрации",
        "Задержан миграционной полицией Астаны; нужна связь с консулом Кыргызстана.",
        "urgent",
        False,
        (Status.IN_PROGRESS, None),
    ),
    (
        "AST-0005",
        33,
        "trafficking",
        "Принудительный труд, документы у работодателя",
        "Паспорт удерживает работодатель. Направление в приют.",
        "urgent",
        True,
        (Status.IN_PROGRESS, None),
    ),
]


# client ref, partner short name, request, days ago sent, days to answer (None: no answer)
REFERRALS = [
    ("AST-0001", "Посольство РУз", "return_certificate", 150, 41),
    ("AST-0001", "Посольство РУз", "return_certificate", 95, None),
    ("AST-0002", "Посольство РУз", "consular", 170, 36),
    ("AST-0002", "Посольство РУз", "passport", 120, 52),
    ("AST-0005", "Посольство РУз", "return_certificate", 30, 28),
    ("AST-0005", "Посольство РУз", "consular", 20, None),
    ("AST-0003", "Посольство РТ", "consular", 140, 5),
    ("AST-0003", "Посольство РТ", "passport", 90, 9),
    ("AST-0006", "Посольство РТ", "return_certificate", 40, 4),
    ("AST-0006", "Посольство РТ", "consular", 25, 7),
    ("AST-0004", "Посольство КР", "release", 130, 3),
    ("AST-0004", "Посольство КР", "consular", 100, 6),
    ("AST-0004", "Посольство КР", "passport", 75, 8),
    ("AST-0004", "Посольство КР", "consular", 45, 4),
]

# client ref, days ago opened: the consular cases, opened before their referrals
CONSULAR = [("AST-0002", 175), ("AST-0006", 42)]

# client ref, task, due in days (negative: overdue); each added a week before it falls due
TASKS = [
    ("AST-0003", "Подготовить жалобу в инспекцию труда", 3),
    ("AST-0004", "Позвонить брату клиента в Бишкек", -2),
    ("AST-0001", "Получить справку полиции об утере паспорта", 0),
]
TASK_NOTICE_DAYS = 7


def at_time(day: date, hour: int, minute: int = 0) -> datetime:
    """That local time of ``day``."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def day_at(days_ago: int, hour: int, minute: int = 0) -> datetime:
    """A moment of the past: ``days_ago`` days before today, at that local time."""
    return at_time(timezone.localdate() - timedelta(days=days_ago), hour, minute)


@contextmanager
def happened(moment: datetime) -> Iterator[None]:
    """What the services write inside the block happened at ``moment``: the timeline's
    entries, the tasks and the cases they add (and the history of cases and referrals)
    are stamped "now" by them, and set back to it after."""
    first = {
        model: (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
        for model in (CaseEvent, Task, Case, Case.history.model, Referral.history.model)
    }
    yield
    CaseEvent.objects.filter(pk__gte=first[CaseEvent]).update(at=moment)
    Task.objects.filter(pk__gte=first[Task]).update(created_at=moment)
    Case.objects.filter(pk__gte=first[Case]).update(opened_at=moment)
    for history in (Case.history.model, Referral.history.model):
        history.objects.filter(pk__gte=first[history]).update(history_date=moment)


def _consented(case: Case, lawyer) -> None:
    """A consent is recorded now (by the operator who took it, so that no flag is raised):
    each referral is prepared when the gate looks at today's consent."""
    today = timezone.localdate()
    if sharing_consent(case.client, today, sender=lawyer) is None:
        consent_record(
            person=case.client,
            recorded_by=User.objects.get(username="operator"),
            scope=ConsentScope.SHARING_PARTNERS,
            given_on=today - timedelta(days=CONSENT_RECORDING_DAYS),
            method=ConsentMethod.SIGNED,
        )


class _Past:
    """The demo's steps, each a service call on one of the cases (by client ref), kept
    with the moment it happened and taken in the order of those moments."""

    def __init__(self, lawyer) -> None:
        self.lawyer = lawyer
        self.people = {
            person.ref: person for person in Person.objects.filter(ref__startswith="AST-")
        }
        self.topics = {topic.code: topic for topic in Topic.objects.all()}
        self.partners = {partner.short_name: partner for partner in Partner.objects.all()}
        self.cases: dict[str, Case] = {}
        self.steps: list[tuple[datetime, Callable[[], object]]] = []

    def at(self, moment: datetime, step: Callable[..., object], *args, **kwargs) -> None:
        self.steps.append((moment, partial(step, *args, **kwargs)))

    def play(self) -> None:
        for moment, step in sorted(self.steps, key=lambda item: item[0]):
            with happened(moment):
                step()

    def case(self, ref: str) -> Case:
        return Case.objects.get(pk=self.cases[ref].pk)

    def open(self, ref: str, code: str, title: str, **fields) -> None:
        self.cases[ref] = services.case_open(
            opened_by=self.lawyer,
            client=self.people[ref],
            kind="legal",
            category=self.topics[code],
            title=title,
            **fields,
        )

    def move(self, ref: str, status: str) -> None:
        case = self.case(ref)
        # A referral sent before may have moved it there already: the status follows the work.
        if case.status != status:
            services.case_move(case=case, moved_by=self.lawyer, to=status, assigned=True)

    def send(self, ref: str, partner: str, request: str, sent_on: date) -> None:
        case = self.case(ref)
        _consented(case, self.lawyer)
        referral = referral_send(
            case=case,
            sent_by=self.lawyer,
            partner=self.partners[partner],
            request=request,
            channel="letter",
            sent_on=None,
            expected_days=14,
        )
        referral_mark_sent(referral=referral, sent_by=self.lawyer, sent_on=sent_on)

    def answer(self, ref: str, partner: str, sent_on: date, answered_on: date) -> None:
        referral_answer(
            referral=Referral.objects.get(
                case=self.cases[ref], partner=self.partners[partner], sent_on=sent_on
            ),
            recorded_by=self.lawyer,
            answered_on=answered_on,
            answer="Ответ получен.",
            outcome="done",
        )

    def task(self, ref: str, title: str, due_on: date) -> None:
        services.task_add(
            case=self.case(ref),
            created_by=self.lawyer,
            title=title,
            assignee=self.lawyer,
            due_on=due_on,
        )


@transaction.atomic
def seed() -> int:
    if Case.objects.exists():
        return Case.objects.count()
    past = _Past(User.objects.get(username="lawyer"))
    today = timezone.localdate()
    for ref, opened_ago, code, title, description, priority, sensitive, reached in CASES:
        fields = {"description": description, "priority": priority, "sensitive": sensitive}
        past.at(day_at(opened_ago, 10), past.open, ref, code, title, **fields)
        past.at(day_at(opened_ago, 10, 20), past.move, ref, Status.IN_PROGRESS)
        status, reached_ago = reached
        if reached_ago is not None:
            past.at(day_at(reached_ago, 11, 30), past.move, ref, status)
    for ref, opened_ago in CONSULAR:
        past.at(day_at(opened_ago, 10), past.open, ref, "documents", "Консульская помощь")
    for ref, partner, request, sent_ago, answer_days in REFERRALS:
        sent_on = today - timedelta(days=sent_ago)
        past.at(day_at(sent_ago, 11), past.send, ref, partner, request, sent_on)
        if answer_days is not None:
            answered_on = sent_on + timedelta(days=answer_days)
            past.at(
                day_at(sent_ago - answer_days, 15), past.answer, ref, partner, sent_on, answered_on
            )
    for ref, title, due_in in TASKS:
        due_on = today + timedelta(days=due_in)
        past.at(day_at(TASK_NOTICE_DAYS - due_in, 12), past.task, ref, title, due_on)
    past.play()
    for case in Case.objects.select_related("client"):
        registered_by(case.client, case.opened_at)
    # What the daily sweep does this morning: follow-ups of the unanswered referrals
    # and reminders of the tasks due.
    sweep_reminders.call()
    return len(past.cases)
