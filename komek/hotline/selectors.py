"""Reads for the hotline: caller history, callbacks, contact lists; scoped and audited."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from komek.accounts.scoping import in_scope
from komek.audit.models import Action
from komek.audit.services import record
from komek.core.phones import InvalidPhone, to_e164
from komek.hotline.models import Contact, Topic
from komek.people.models import Person

HISTORY_LENGTH = 10


@dataclass
class CallerHistory:
    phone: str
    people: list[Person]
    contacts: list[Contact]


def _contacts() -> QuerySet[Contact]:
    return Contact.objects.select_related("operator", "person").prefetch_related("topics")


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
    contacts = list(
        Contact.objects.only("at", "channel", "outcome", "caller_name", "question", "person_id")
        .prefetch_related(
            Prefetch("topics", Topic.objects.only("code", "name_ru", "name_kk", "name_en"))
        )
        .filter(Q(caller_phone=number) | Q(person__in=[person.pk for person in people]))
        .order_by("-at")[:HISTORY_LENGTH]
    )
    if people or contacts:
        record(actor=user, action=Action.VIEW, detail=f"caller lookup {number}")
    return CallerHistory(phone=number, people=people, contacts=contacts)


def callbacks_due(*, user) -> QuerySet[Contact]:
    open_callbacks = _contacts().filter(callback_due__isnull=False, callback_done_at__isnull=True)
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


def contact_for_display(*, user, pk: int) -> Contact:
    contact = get_object_or_404(in_scope(_contacts(), user), pk=pk)
    record(actor=user, action=Action.VIEW, obj=contact)
    return contact


def contact_for_change(*, user, pk: int) -> Contact:
    return get_object_or_404(in_scope(Contact.objects.all(), user), pk=pk)


def person_contacts(person: Person, limit: int = 20) -> list[Contact]:
    return list(_contacts().filter(person=person).order_by("-at")[:limit])
