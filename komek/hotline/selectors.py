"""Reads for the hotline: caller history, callbacks, contact lists; scoped and audited."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from komek.accounts.scoping import in_scope
from komek.audit.models import Action
from komek.audit.services import record
from komek.core.phones import InvalidPhone, to_e164
from komek.hotline.models import Channel, Contact, Outcome, Topic
from komek.people.models import Person

HISTORY_LENGTH = 10


@dataclass
class HistoryContact:
    """A contact as the caller history shows it: no more than the operator reads there."""

    at: datetime
    channel: str
    outcome: str
    caller_name: str
    question: str
    topics: list[str] = field(default_factory=list)


@dataclass
class CallerHistory:
    phone: str
    people: list[Person]
    contacts: list[HistoryContact]


def _contacts() -> QuerySet[Contact]:
    return Contact.objects.select_related("operator", "person").prefetch_related("topics")


def _history_contacts(*, number: str, people: list[Person]) -> list[HistoryContact]:
    """The latest contacts from the number or its people, with their topics, in one query:
    one row per contact and topic, the contacts chosen by a subquery."""
    latest = (
        Contact.objects.filter(Q(caller_phone=number) | Q(person__in=[p.pk for p in people]))
        .order_by("-at")
        .values("pk")[:HISTORY_LENGTH]
    )
    rows = (
        Contact.objects.filter(pk__in=latest)
        .order_by("-at", "-pk", "topics__order", "topics__code")
        .values_list(
            "pk",
            "at",
            "channel",
            "outcome",
            "caller_name",
            "question",
            "topics__name_ru",
            "topics__name_kk",
            "topics__name_en",
        )
    )
    contacts: dict[int, HistoryContact] = {}
    for pk, at, channel, outcome, caller_name, question, name_ru, name_kk, name_en in rows:
        contact = contacts.get(pk)
        if contact is None:
            contact = contacts[pk] = HistoryContact(
                at=at,
                channel=str(Channel(channel).label),
                outcome=str(Outcome(outcome).label),
                caller_name=caller_name,
                question=question,
            )
        if name_ru is not None:
            contact.topics.append(Topic(name_ru=name_ru, name_kk=name_kk, name_en=name_en).label)
    return list(contacts.values())


def caller_history(*, user, phone: str) -> CallerHistory | None:
    """Who has called from this number before, and the latest contacts from it."""
    try:
        number = to_e164(phone)
    except InvalidPhone:
        return None
    # Only the columns the history shows: the lookup runs on every keystroke.
    people = list(
        Person.objects.filter(phones__number=number)
        .only("surname", "given_name", "patronymic", "born_year", "citizenship")
        .order_by("surname")[:10]
    )
    contacts = _history_contacts(number=number, people=people)
    if people or contacts:
        record(actor=user, action=Action.VIEW, detail=f"caller lookup {number}")
    return CallerHistory(phone=number, people=people, contacts=contacts)


def callbacks_due(*, user) -> QuerySet[Contact]:
    """The callbacks still to make; the list shows callers' names and numbers: audited."""
    open_callbacks = _contacts().filter(callback_due__isnull=False, callback_done_at__isnull=True)
    record(actor=user, action=Action.VIEW, detail="callbacks due")
    return in_scope(open_callbacks, user).order_by("callback_due")


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def contact_list(
    *,
    user,
    date_from: date | None = None,
    date_to: date | None = None,
    channel: str = "",
    outcome: str = "",
    topic=None,
    anonymous: bool = False,
) -> QuerySet[Contact]:
    """The contacts of the user's office matching the filters; the read is audited with them."""
    filters = {
        "date_from": date_from,
        "date_to": date_to,
        "channel": channel,
        "outcome": outcome,
        "topic": getattr(topic, "pk", topic),
        "anonymous": anonymous,
    }
    given = {name: value for name, value in filters.items() if value}
    record(actor=user, action=Action.VIEW, detail=f"contact list: {urlencode(given)}")
    contacts = in_scope(_contacts(), user)
    if date_from:
        contacts = contacts.filter(at__gte=_day_start(date_from))
    if date_to:
        contacts = contacts.filter(at__lt=_day_start(date_to + timedelta(days=1)))
    if channel:
        contacts = contacts.filter(channel=channel)
    if outcome:
        contacts = contacts.filter(outcome=outcome)
    if topic is not None:
        contacts = contacts.filter(topics=topic)
    if anonymous:
        contacts = contacts.filter(person__isnull=True)
    return contacts.order_by("-at")


def contact_get_for(*, user, pk: int, purpose: Literal["view", "change"] = "view") -> Contact:
    """The contact if it belongs to an office the user works with; 404 otherwise.

    ``purpose="view"`` loads what the contact page shows and audits the opening; a change
    is audited by the service that makes it."""
    contacts = _contacts() if purpose == "view" else Contact.objects.all()
    contact = in_scope(contacts, user).filter(pk=pk).first()
    if contact is None:
        raise Http404
    if purpose == "view":
        record(actor=user, action=Action.VIEW, obj=contact)
    return contact


def person_contacts(person: Person, limit: int = 20) -> list[Contact]:
    return list(_contacts().filter(person=person).order_by("-at")[:limit])
