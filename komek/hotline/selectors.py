"""Reads for the hotline: caller history, callbacks, contact lists; scoped and audited."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from komek.accounts.models import User
from komek.accounts.scoping import in_scope
from komek.audit.models import Action
from komek.audit.services import record
from komek.core.permissions import role_can
from komek.core.phones import InvalidPhone, looks_like_phone, number_prefixes, to_e164
from komek.core.roles import Capability, roles_with
from komek.hotline.models import CallbackAttempt, Channel, Contact, Outcome, Topic
from komek.people.access import note_assignment
from komek.people.models import Person, Phone
from komek.people.search import search_people
from komek.people.selectors import person_search

HISTORY_LENGTH = 10
# Letters of a caller's name typed before the people so named are looked up.
MIN_NAME_LOOKUP = 3
# How many people named like the caller are offered.
NAMED_CALLERS = 5


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
    # The number in E.164, or as typed when only its beginning is.
    phone: str
    people: list[Person]
    contacts: list[HistoryContact]


def _contacts() -> QuerySet[Contact]:
    return Contact.objects.select_related("operator", "person").prefetch_related("topics")


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# The caller lookup runs on every keystroke of a phone number: its two reads are written
# in SQL, because building them through the ORM cost more than running them (2.6 ms of
# Python against 2.3 ms of SQL at a million people). Both keep to the offices the user
# works with, as ``in_scope`` does for the ORM: a caller's history tells what they
# confided to another office ("my employer beats me, I am hiding at..."), and a person
# of another office could not be chosen as the caller anyway. A number typed in part
# (``+998 90 123``, ``901234567``) is matched by the beginnings it may stand for, through
# the prefix index on the phone numbers.
PEOPLE_BY_PHONE = """
    SELECT p.id, p.surname, p.given_name, p.patronymic, p.born_year, p.citizenship,
           p.office_id, ph.number AS matched_number,
           EXISTS (
               SELECT 1 FROM {assigned} a WHERE a.person_id = p.id AND a.user_id = %s
           ) AS reader_assigned
    FROM {person} p JOIN {phone} ph ON ph.person_id = p.id
    WHERE ({numbers}) AND p.import_batch_id IS NULL{in_office}
    ORDER BY p.surname
    LIMIT {limit}
"""
LATEST_CONTACTS = """
    SELECT c.id, c.at, c.channel, c.outcome, c.caller_name, c.question,
           t.name_ru, t.name_kk, t.name_en
    FROM (
        SELECT id, at, channel, outcome, caller_name, question FROM {contact}
        WHERE ({of_number}{of_people}){in_office}
        ORDER BY at DESC, id DESC
        LIMIT {limit}
    ) c
    LEFT JOIN {contact_topic} ct ON ct.contact_id = c.id
    LEFT JOIN {topic} t ON t.id = ct.topic_id
    ORDER BY c.at DESC, c.id DESC, t."order", t.code
"""


def _office_condition(user, column: str) -> tuple[str, list[int]]:
    """The SQL condition (and its parameters) keeping rows to the user's offices, as
    ``in_scope``; the office is given as a parameter, never written into the query."""
    if user.spans_offices:
        return "", []
    return f" AND {column} = %s", [user.office_id]


def _people_by_phone(*, user, number: str | None, prefixes: list[str]) -> list[Person]:
    """The people with the number, or with a number beginning with one of ``prefixes``;
    each with the number found (``matched_number``), which the form takes when the
    operator picks them from a number typed in part, and whether the user is assigned to
    them, which the panels beside each caller ask (``access.note_assignment``)."""
    if number is not None:
        numbers, values = "ph.number = %s", [number]
    else:
        numbers = " OR ".join(["ph.number LIKE %s"] * len(prefixes))
        values = [f"{prefix}%" for prefix in prefixes]
    in_office, office = _office_condition(user, "p.office_id")
    sql = PEOPLE_BY_PHONE.format(
        person=_table(Person),
        phone=_table(Phone),
        assigned=_table(Person.assigned_to.through),
        numbers=numbers,
        in_office=in_office,
        limit=HISTORY_LENGTH,
    )
    # The query keeps to switched-in people itself: the manager that filters them builds a
    # query the raw one would not use.
    people = list(Person.with_staged.raw(sql, [user.pk, *values, *office]))
    for person in people:
        # A column of the raw query, not a field of the model.
        assigned = person.reader_assigned  # type: ignore[attr-defined]
        note_assignment(person, user, assigned=bool(assigned))
    return people


def _history_contacts(*, user, number: str | None, people: list[Person]) -> list[HistoryContact]:
    """The latest contacts from the number (when it is whole) or its people, with their
    topics, in one query: one row per contact and topic."""
    ids = [person.pk for person in people]
    conditions = (["caller_phone = %s"] if number is not None else []) + (
        [f"person_id IN ({', '.join(['%s'] * len(ids))})"] if ids else []
    )
    if not conditions:
        return []
    in_office, office = _office_condition(user, "office_id")
    sql = LATEST_CONTACTS.format(
        contact=_table(Contact),
        contact_topic=_table(Contact.topics.through),
        topic=_table(Topic),
        of_number=conditions[0],
        of_people="".join(f" OR {condition}" for condition in conditions[1:]),
        in_office=in_office,
        limit=HISTORY_LENGTH,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*([number] if number is not None else []), *ids, *office])
        rows = cursor.fetchall()
    contacts: dict[int, HistoryContact] = {}
    for pk, at, channel, outcome, caller_name, question, name_ru, name_kk, name_en in rows:
        contact = contacts.get(pk)
        if contact is None:
            contact = contacts[pk] = HistoryContact(
                at=_aware(at),
                channel=str(Channel(channel).label),
                outcome=str(Outcome(outcome).label),
                caller_name=caller_name,
                question=question,
            )
        if name_ru is not None:
            contact.topics.append(Topic(name_ru=name_ru, name_kk=name_kk, name_en=name_en).label)
    return list(contacts.values())


def _aware(moment: datetime) -> datetime:
    """A time read in SQL: aware on PostgreSQL, naive UTC on SQLite."""
    return timezone.make_aware(moment, UTC) if timezone.is_naive(moment) else moment


def caller_history(*, user, phone: str) -> CallerHistory | None:
    """Who has called from this number before, and the latest contacts from it, in the
    offices the user works with. A number typed only in part finds the people whose
    number begins so, and their contacts; None when too little of it is typed."""
    try:
        number: str | None = to_e164(phone)
        prefixes: list[str] = []
    except InvalidPhone:
        number, prefixes = None, number_prefixes(phone)
        if not prefixes:
            return None
    people = _people_by_phone(user=user, number=number, prefixes=prefixes)
    contacts = _history_contacts(user=user, number=number, people=people)
    shown = number or phone.strip()
    if people or contacts:
        record(
            actor=user,
            action=Action.VIEW,
            detail=f"caller lookup {shown}",
            people=[person.pk for person in people],
        )
    return CallerHistory(phone=shown, people=people, contacts=contacts)


def callers_named(*, user, name: str) -> list[Person]:
    """The people named like the caller whom the user may choose as the caller: the
    registry's search (audited there), without the records the user may not open."""
    found = person_search(user=user, query=name, limit=NAMED_CALLERS)
    return [match.person for match, can_open in found if can_open]


def _open_callbacks() -> QuerySet[Contact]:
    return (
        _contacts()
        .select_related("callback_assignee")
        .prefetch_related(
            Prefetch(
                "callback_attempts",
                queryset=CallbackAttempt.objects.select_related("made_by").order_by("at", "pk"),
            )
        )
        .annotate(attempts=Count("callback_attempts"))
        .filter(callback_due__isnull=False, callback_done_at__isnull=True)
        .order_by("callback_due")
    )


def callbacks_due(*, user) -> QuerySet[Contact]:
    """The callbacks still to make; the list shows callers' names and numbers: audited."""
    record(actor=user, action=Action.VIEW, detail="callbacks due")
    return in_scope(_open_callbacks(), user)


@dataclass
class HomeWork:
    """What the home page shows of the hotline: the callbacks due today (the first of
    them, and how many), and the contacts the user logged last."""

    due: list[Contact]
    due_count: int
    recent: list[Contact]


def home_work(*, user, operator: bool, limit: int = 10, recent: int = 5) -> HomeWork:
    """The callbacks due by the end of today (the overdue ones first) that are the user's,
    or, for an operator, nobody's yet in their office; and an operator's latest contacts.
    Names are shown: audited when there is anything to show."""
    tomorrow = _day_start(timezone.localdate() + timedelta(days=1))
    mine = Q(callback_assignee=user)
    if operator:
        mine |= Q(callback_assignee__isnull=True, office_id=user.office_id)
    due = in_scope(_open_callbacks(), user).filter(mine, callback_due__lt=tomorrow)
    logged = in_scope(_contacts().filter(operator=user), user).order_by("-at")
    work = HomeWork(
        due=list(due[:limit]),
        due_count=due.count(),
        recent=list(logged[:recent]) if operator else [],
    )
    if work.due or work.recent:
        record(actor=user, action=Action.VIEW, detail="home: callbacks due and recent contacts")
    return work


def callback_assignees(*, office) -> QuerySet:
    """Who may be given an office's callback: its active staff who take calls."""
    return User.objects.filter(
        office=office, is_active=True, role__in=roles_with(Capability.HOTLINE_LOG)
    ).order_by("first_name", "last_name", "username")


def callback_attempt_get_for(*, user, pk: int) -> CallbackAttempt:
    """The attempt if its contact belongs to an office the user works with; 404 otherwise."""
    attempt = (
        CallbackAttempt.objects.select_related("contact")
        .filter(contact__in=in_scope(Contact.objects.all(), user), pk=pk)
        .first()
    )
    if attempt is None:
        raise Http404
    return attempt


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
    q: str = "",
) -> QuerySet[Contact]:
    """The contacts of the user's office matching the filters; the read is audited with
    them. ``q`` is a phone number, whole or its beginning, or a name in any spelling."""
    filters = {
        "q": q,
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
    if q:
        contacts = contacts.filter(_matching(q)).distinct()
    return contacts.order_by("-at")


# How many people named like the query a contact list search looks at.
LIST_NAME_MATCHES = 50


def _matching(query: str) -> Q:
    """The contacts from a number, whole or begun (as the caller lookup reads it), or
    from a caller so named: the name as written on the contact, or the name of its
    person as the registry's search finds it, in any script or spelling."""
    if looks_like_phone(query) or query.strip().startswith("+"):
        try:
            number = to_e164(query)
        except InvalidPhone:
            condition = Q(pk__in=[])
            for prefix in number_prefixes(query):
                condition |= Q(caller_phone__startswith=prefix)
                condition |= Q(person__phones__number__startswith=prefix)
            return condition
        return Q(caller_phone=number) | Q(person__phones__number=number)
    people = [match.person.pk for match in search_people(query, limit=LIST_NAME_MATCHES)]
    return Q(caller_name__icontains=query.strip()) | Q(person__in=people)


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


def contact_logged(submission_key) -> bool:
    """Whether the form with this key has been saved already."""
    return Contact.objects.filter(submission_key=submission_key).exists()


def can_correct(user, contact: Contact) -> bool:
    """Whether ``user`` may correct the saved contact: its author, or a coordinator of
    its office (who was given ``contact`` through the office-scoped getter)."""
    return contact.operator_id == user.pk or role_can(user, Capability.CONTACTS_CORRECT_ANY)


def person_contacts(*, user, person: Person, limit: int = 20) -> list[Contact]:
    """The person's latest contacts logged by the offices the user works with."""
    return list(in_scope(_contacts().filter(person=person), user).order_by("-at")[:limit])
