"""Daily tallies of contacts, so that a dashboard over a quarter or a year sums a few
thousand rows instead of reading millions of contacts.

A past day is counted the first time a figure needs it (or by ``komek tally_contacts``):
its contacts grouped by office, channel, sex, citizenship, age group and whether the
person is known, and by topic; and its people, per office, as a compressed bitmap of
their ids, so that the people served in a year are a union of bitmaps, counted exactly,
instead of a distinct count over a year of contacts. A past month whose days are all
counted is summed once more into monthly rows, so that a year reads twelve months instead
of 365 days. Today is always read live. Any change to a past day's contact, or to the
person of one (told by people's change hook), forgets that day and its month, which are
counted again when next asked for. On PostgreSQL, counting and
forgetting take one advisory lock, so a day being counted while one of its contacts
changes is never kept stale."""

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone
from pyroaring import BitMap64

from komek.core import dimensions
from komek.core.indicators import Scope
from komek.hotline.models import (
    Contact,
    ContactMonthTally,
    ContactTally,
    PeopleServedDay,
    PeopleServedMonth,
    TalliedDay,
    TalliedMonth,
    TopicTally,
)

GROUPS = ("office_id", "channel", "sex", "citizenship", "age_group", "identified")
OFFICE = GROUPS.index("office_id")
# Any number: the key of the advisory lock that counting and forgetting share.
LOCK = 7_160_414


def with_age_group(contacts: QuerySet) -> QuerySet:
    """Contacts with the age group of their person at the time of the contact."""
    return dimensions.with_age_group(contacts, born_year="person__born_year", on="at")


def _grouped_by(contacts: QuerySet) -> QuerySet:
    """Contacts with the ``GROUPS`` they are counted in."""
    return with_age_group(contacts).annotate(
        sex=Coalesce("person__sex", Value("")),
        citizenship=Coalesce("person__citizenship", Value("")),
        identified=ExpressionWrapper(Q(person__isnull=False), output_field=BooleanField()),
    )


def grouped(contacts: QuerySet, **period) -> QuerySet:
    """Contacts counted per ``GROUPS`` and the period expressions given (day, month)."""
    return _grouped_by(contacts).values(*GROUPS, **period).annotate(n=Count("id")).order_by()


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])


def _runs(days: list[date]) -> Iterator[tuple[date, date]]:
    """Consecutive days as (first, last) pairs."""
    if not days:
        return
    start = previous = days[0]
    for day in days[1:]:
        if day != previous + timedelta(days=1):
            yield start, previous
            start = day
        previous = day
    yield start, previous


def _count(first: date, last: date) -> None:
    """Count the days from ``first`` to ``last`` (the caller holds the lock)."""
    try:
        with transaction.atomic():
            TalliedDay.objects.bulk_create(
                TalliedDay(day=first + timedelta(days=offset))
                for offset in range((last - first).days + 1)
            )
    except IntegrityError:
        return  # counted meanwhile (SQLite, which has no advisory lock)
    contacts = Contact.objects.filter(**Scope(start=first, end=last).moments("at"))
    ContactTally.objects.bulk_create(
        (ContactTally(**row) for row in grouped(contacts, day=TruncDate("at"))),
        batch_size=2000,
    )
    topics = Contact.topics.through.objects.filter(
        **Scope(start=first, end=last).moments("contact__at")
    )
    TopicTally.objects.bulk_create(
        (
            TopicTally(**row)
            for row in topics.values(
                "topic_id", day=TruncDate("contact__at"), office_id=F("contact__office_id")
            )
            .annotate(n=Count("id"))
            .order_by()
        ),
        batch_size=2000,
    )
    PeopleServedDay.objects.bulk_create(
        (
            PeopleServedDay(day=day, office_id=office, people=people.serialize())
            for (day, office), people in _served(contacts).items()
        ),
        batch_size=500,
    )


def _served(contacts: QuerySet) -> dict[tuple[date, int], BitMap64]:
    """The ids of the people of these contacts, per local day and office. Read as a stream:
    counting every day again reads all the contacts ever logged."""
    served: dict[tuple[date, int], BitMap64] = defaultdict(BitMap64)
    rows = (
        contacts.filter(person__isnull=False)
        .annotate(day=TruncDate("at"))
        .values_list("day", "office_id", "person_id")
        .order_by()
        .iterator(chunk_size=10_000)
    )
    for day, office, person in rows:
        served[day, office].add(person)
    return served


def _missing(first: date, last: date) -> list[date]:
    counted = set(TalliedDay.objects.filter(day__range=(first, last)).values_list("day", flat=True))
    days = (first + timedelta(days=offset) for offset in range((last - first).days + 1))
    return [day for day in days if day not in counted]


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _month_end(month: date) -> date:
    return _next_month(month) - timedelta(days=1)


def _whole_months(first: date, last: date) -> list[date]:
    """The months (as their first days) that lie wholly from ``first`` to ``last``."""
    months = []
    month = first if first.day == 1 else _next_month(first)
    while _month_end(month) <= last:
        months.append(month)
        month = _next_month(month)
    return months


def _tallied_months(first: date, last: date) -> list[date]:
    tallied = TalliedMonth.objects.filter(month__range=(first, last))
    return [month for month in tallied.values_list("month", flat=True) if _month_end(month) <= last]


def _sum_month(month: date) -> None:
    """Sum a month whose days are all counted into its monthly rows (the caller holds the
    lock)."""
    try:
        with transaction.atomic():
            TalliedMonth.objects.create(month=month)
    except IntegrityError:
        return  # summed meanwhile (SQLite, which has no advisory lock)
    days = {"day__range": (month, _month_end(month))}
    ContactMonthTally.objects.bulk_create(
        (
            ContactMonthTally(month=month, **row)
            for row in ContactTally.objects.filter(**days)
            .values(*GROUPS)
            .annotate(n=Sum("n"))
            .order_by()
        ),
        batch_size=2000,
    )
    served: dict[int, list[BitMap64]] = defaultdict(list)
    for office, people in PeopleServedDay.objects.filter(**days).values_list("office_id", "people"):
        served[office].append(BitMap64.deserialize(people))
    PeopleServedMonth.objects.bulk_create(
        PeopleServedMonth(month=month, office_id=office, people=BitMap64.union(*maps).serialize())
        for office, maps in served.items()
    )


def ensure(first: date, last: date) -> list[date]:
    """Count the past days from ``first`` to ``last`` that are not counted yet, and sum
    the whole months among them that are not summed yet; the months summed. What is
    missing is read again under the lock: another request may have counted some."""
    last = min(last, timezone.localdate() - timedelta(days=1))
    # No day before the first contact has anything to count.
    first = max(first, first_day() or last)
    if first > last:
        return []
    tallied = _tallied_months(first, last)
    if not _missing(first, last) and set(_whole_months(first, last)) <= set(tallied):
        return tallied
    with transaction.atomic():
        _lock()
        for start, end in _runs(_missing(first, last)):
            _count(start, end)
        tallied = _tallied_months(first, last)
        for month in set(_whole_months(first, last)) - set(tallied):
            _sum_month(month)
    return _tallied_months(first, last)


def _cover(first: date, last: date, months: list[date]) -> Q | None:
    """A filter on ``day`` for the days from ``first`` to ``last`` outside the summed
    ``months``: a year is read as twelve months, a quarter's edges as days."""
    runs, cursor = [], first
    for month in sorted(months):
        if cursor < month:
            runs.append((cursor, month - timedelta(days=1)))
        cursor = _next_month(month)
    if cursor <= last:
        runs.append((cursor, last))
    days = None
    for run in runs:
        days = Q(day__range=run) if days is None else days | Q(day__range=run)
    return days


def forget(days: Iterable[date]) -> None:
    past = {day for day in days if day < timezone.localdate()}
    if not past:
        return
    with transaction.atomic():
        _lock()
        TalliedDay.objects.filter(day__in=past).delete()
        ContactTally.objects.filter(day__in=past).delete()
        TopicTally.objects.filter(day__in=past).delete()
        PeopleServedDay.objects.filter(day__in=past).delete()
        months = {day.replace(day=1) for day in past}
        TalliedMonth.objects.filter(month__in=months).delete()
        ContactMonthTally.objects.filter(month__in=months).delete()
        PeopleServedMonth.objects.filter(month__in=months).delete()


def forget_all() -> None:
    with transaction.atomic():
        _lock()
        for model in (
            TalliedDay,
            ContactTally,
            TopicTally,
            PeopleServedDay,
            TalliedMonth,
            ContactMonthTally,
            PeopleServedMonth,
        ):
            model.objects.all().delete()


def first_day() -> date | None:
    first = Contact.objects.order_by("at").values_list("at", flat=True).first()
    return timezone.localtime(first).date() if first else None


def _split(first: date | None, last: date | None) -> tuple[date | None, date, date | None]:
    """(first, last) as the counted part (first..yesterday) and today, if in the period."""
    today = timezone.localdate()
    first = first or first_day() or today
    last = last or today
    return first, min(last, today - timedelta(days=1)), today if first <= today <= last else None


@dataclass(frozen=True)
class Counted:
    """A period as the tallies read it, worked out once for all its figures: its counted
    part (``first`` to ``until``, yesterday at the latest) as the summed months lying
    wholly in it and a filter on ``day`` for the other days, and today when in the period,
    read live."""

    first: date
    until: date
    months: list[date]
    days: Q | None
    today: date | None


def counted(first: date | None, last: date | None) -> Counted:
    """The period from ``first`` to ``last`` (either open), its past days counted and its
    whole months summed first if they were not."""
    start, until, today = _split(first, last)
    months = ensure(start, until) if start <= until else []
    return Counted(
        first=start, until=until, months=months, days=_cover(start, until, months), today=today
    )


@dataclass(frozen=True)
class Live:
    """Today's contacts in the offices asked, read once for every figure of a period that
    holds today: counted per ``ROW``, their topics counted, their people per office."""

    rows: list[tuple]
    topics: dict[str, int]
    served: dict[int, BitMap64]


def live(period: Counted, offices) -> Live | None:
    """Today's contacts, when the period holds today (None otherwise), in one read with
    their topics: a contact about two topics comes in two rows."""
    if not period.today:
        return None
    today = Scope(start=period.today, end=period.today, offices=offices)
    contacts = Contact.objects.filter(**today.moments("at"), **today.owned("office_id"))
    counted: Counter[tuple] = Counter()
    topics: Counter[str] = Counter()
    served: dict[int, BitMap64] = defaultdict(BitMap64)
    seen = set()
    read = _grouped_by(contacts).values_list("pk", "topics", "person_id", *GROUPS)
    for key, topic, person, *groups in read:
        if topic is not None:
            topics[str(topic)] += 1
        if key in seen:
            continue
        seen.add(key)
        counted[tuple(groups)] += 1
        if person is not None:
            served[groups[OFFICE]].add(person)
    month = period.today.replace(day=1)
    return Live(
        rows=[(*groups, month, n) for groups, n in counted.items()],
        topics=dict(topics),
        served=dict(served),
    )


# A row of ``contact_rows``: the groups, the month (its first day) and the contacts.
ROW = (*GROUPS, "month", "n")


def contact_rows(period: Counted, offices, today: Live | None) -> list[tuple]:
    """Contacts in the period per ``GROUPS`` and month (as ``ROW``), from the tallies and,
    for today, from the contacts themselves (``live``)."""
    owned = Scope(offices=offices).owned("office_id")
    rows = list(
        ContactMonthTally.objects.filter(month__in=period.months, **owned).values_list(*ROW)
    )
    if period.days is not None:
        rows += (
            ContactTally.objects.filter(period.days, **owned)
            .values(*GROUPS, month=TruncMonth("day"))
            .annotate(n=Sum("n"))
            .order_by()
            .values_list(*ROW)
        )
    if today is not None:
        rows += today.rows
    return rows


def topic_counts(period: Counted, offices, today: Live | None) -> dict[str, int]:
    """Contacts in the period per topic: a contact about two topics counts under each."""
    figures = Counter(today.topics if today is not None else {})
    tallied = (
        TopicTally.objects.filter(
            day__range=(period.first, period.until), **Scope(offices=offices).owned("office_id")
        )
        .values_list("topic_id")
        .annotate(n=Sum("n"))
        .order_by()
    )
    for topic, n in tallied:
        figures[str(topic)] += n
    return dict(figures)


def people_served(period: Counted, offices, today: Live | None) -> dict[int, BitMap64]:
    """The people with a contact in the period, per office: the union of the summed
    months' and the other counted days' bitmaps and, for today, the people of today's
    contacts."""
    owned = Scope(offices=offices).owned("office_id")
    maps: dict[int, list[BitMap64]] = defaultdict(list)
    counted = [PeopleServedMonth.objects.filter(month__in=period.months, **owned)]
    if period.days is not None:
        counted.append(PeopleServedDay.objects.filter(period.days, **owned))
    for rows in counted:
        for office, people in rows.values_list("office_id", "people"):
            maps[office].append(BitMap64.deserialize(people))
    for office, people in (today.served if today is not None else {}).items():
        maps[office].append(people)
    return {office: BitMap64.union(*people) for office, people in maps.items()}


# What a tally counts a contact by; saving other fields (a callback done) changes nothing.
COUNTED_FIELDS = frozenset({"at", "office", "channel", "person"})


def _contact_changed(sender, instance: Contact, update_fields=None, **kwargs) -> None:
    if update_fields is None or COUNTED_FIELDS & set(update_fields):
        forget([timezone.localtime(instance.at).date()])


def _topics_changed(sender, instance, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Contact):
        _contact_changed(Contact, instance)


def forget_people(*, persons) -> None:
    """Forget the days these people's contacts were counted on (their sex, citizenship or
    age, or the contacts themselves on a merge, may have changed). Registered with
    people's change hook, which services call inside their transaction: the lock then
    makes a count wait for the change."""
    moments = Contact.objects.filter(person__in=persons).values_list("at", flat=True)
    forget({timezone.localtime(moment).date() for moment in moments})


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_contact_changed, sender=Contact, dispatch_uid="tallies-contact")
    post_delete.connect(_contact_changed, sender=Contact, dispatch_uid="tallies-contact-gone")
    m2m_changed.connect(
        _topics_changed, sender=Contact.topics.through, dispatch_uid="tallies-topics"
    )
