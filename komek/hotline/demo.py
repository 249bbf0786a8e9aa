"""Demo contacts: calls and walk-ins of the demo people and of unknown callers, over the
past months: each person's first call comes before their case is opened (cases/demo.py)."""

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from komek.accounts.models import User
from komek.hotline import services
from komek.hotline.models import Channel, Contact, Outcome, Topic
from komek.hotline.topics import seed_topics
from komek.people.demo import registered_by
from komek.people.models import Person

# ref (or None for an unknown caller), days ago, channel, topic codes, question, answer,
# outcome, caller phone, caller name
CONTACTS = [
    (
        "AST-0001",
        158,
        Channel.CALL,
        ["documents"],
        "Потерял паспорт, как вернуться домой?",
        "Нужна справка из полиции об утере и свидетельство на возвращение в посольстве.",
        Outcome.REFERRED_LAWYER,
        "",
        "",
    ),
    (
        "AST-0001",
        12,
        Channel.WALK_IN,
        ["documents", "return"],
        "Что с запросом в посольство?",
        "Запрос отправлен, ждём ответа.",
        Outcome.ANSWERED,
        "",
        "",
    ),
    (
        "AST-0002",
        178,
        Channel.CALL,
        ["wages"],
        "Работодатель не платит три месяца.",
        "Объяснили права, передали юристу.",
        Outcome.REFERRED_LAWYER,
        "",
        "",
    ),
    (
        "AST-0003",
        147,
        Channel.CALL,
        ["registration"],
        "Сколько дней можно без регистрации?",
        "Объяснили сроки; правило уточнит юрист.",
        Outcome.ANSWERED,
        "",
        "",
    ),
    (
        "AST-0004",
        133,
        Channel.CALL,
        ["detention"],
        "Брата задержали за нарушение регистрации.",
        "Связались с консулом Кыргызстана.",
        Outcome.REFERRED_PARTNER,
        "",
        "",
    ),
    (
        "AST-0006",
        44,
        Channel.MESSAGE,
        ["humanitarian"],
        "Нет денег на еду.",
        "Пригласили за продуктовым набором.",
        Outcome.ANSWERED,
        "",
        "",
    ),
    (
        None,
        1,
        Channel.CALL,
        ["work_permit"],
        "Как получить разрешение на работу у частного лица?",
        "",
        Outcome.CALLBACK,
        "+7 705 333 44 55",
        "Бахром",
    ),
    (
        None,
        0,
        Channel.CALL,
        ["entry_ban"],
        "Есть ли запрет въезда?",
        "Перезвоним после проверки.",
        Outcome.CALLBACK,
        "+998 91 777 66 55",
        "Ойбек",
    ),
]


def _logged_at(contact: Contact, moment) -> None:
    """The demo's past: the contact was logged when the call ended, not when the seed ran;
    its caller had been registered by then."""
    Contact.objects.filter(pk=contact.pk).update(created_at=moment)
    contact.history.update(history_date=moment)
    if contact.person is not None:
        registered_by(contact.person, contact.at)


@transaction.atomic
def seed() -> int:
    seed_topics()
    if Contact.objects.exists():
        return Contact.objects.count()
    operator = User.objects.get(username="operator")
    people = {person.ref: person for person in Person.objects.filter(ref__startswith="AST-")}
    topics = {topic.code: topic for topic in Topic.objects.all()}
    now = timezone.now()
    for ref, days, channel, codes, question, answer, outcome, phone, name in CONTACTS:
        at = now - timedelta(days=days, hours=2)
        contact = services.contact_log(
            operator=operator,
            submission_key=uuid.uuid4(),
            topics=[topics[code] for code in codes],
            person=people.get(ref),
            at=at,
            channel=channel,
            question=question,
            answer=answer,
            outcome=outcome,
            caller_phone=phone,
            caller_name=name,
            duration_seconds=240,
            callback_due=at + timedelta(days=1) if outcome == Outcome.CALLBACK else None,
            callback_safe=True if outcome == Outcome.CALLBACK else None,
        )
        _logged_at(contact, at + timedelta(seconds=contact.duration_seconds))
    return len(CONTACTS)
