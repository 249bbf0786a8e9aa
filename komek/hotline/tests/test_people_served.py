"""People served from the tallies' daily bitmaps of people: the same exact figure as a
distinct count over the contacts, for any period and offices, with today read live and a
changed past day counted again."""

import random
from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from komek.core import indicators
from komek.core.indicators import Scope
from komek.core.roles import Role
from komek.hotline.indicators import contacts_in
from komek.hotline.models import Contact, PeopleServedDay
from komek.hotline.services import contact_link_person
from komek.hotline.tests.logged import last_week, log, today
from komek.people.merging import person_merge
from komek.people.services import person_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR)


def someone(office, name: str):
    return person_create(created_by=None, office=office, given_name=name, citizenship="UZ")


def served(scope: Scope, by: str | None = None):
    result = indicators.evaluate(indicators.get("people_served"), scope, by)
    return {part.key: part.value for part in result.parts} if by else result.total


def repeats(scope: Scope) -> int:
    return indicators.evaluate(indicators.get("repeat_contacts"), scope).total


def distinct_people(scope: Scope, **filters) -> int:
    known = contacts_in(scope).filter(person__isnull=False, **filters)
    return known.values("person_id").distinct().count()


def week(**extra) -> Scope:
    return Scope(start=last_week(), end=today(), **extra)


@pytest.fixture
def random_contacts(operator, office, other_office):
    """Two months of contacts in two offices, today's included: 40 people, some anonymous
    callers, and one person who calls nearly every day in both offices."""
    rng = random.Random(20261130)
    people = [someone(office, f"Человек {n}") for n in range(40)]
    regular = people[0]
    zone = timezone.get_current_timezone()
    contacts = []
    for offset in range(60):
        day = today() - timedelta(days=offset)
        visits = [(regular, rng.choice((office, other_office)))] if offset % 5 else []
        for _ in range(rng.randint(0, 8)):
            visits.append((rng.choice([*people, None]), rng.choice((office, other_office))))
        for person, place in visits:
            moment = time(rng.randint(0, 23), rng.randint(0, 59))
            contacts.append(
                Contact(
                    at=datetime.combine(day, moment, zone),
                    office=place,
                    person=person,
                    operator=operator,
                    channel="call",
                    outcome="answered",
                )
            )
    Contact.objects.bulk_create(contacts)
    return rng


def test_people_served_equal_the_distinct_people_over_any_period_and_offices(
    random_contacts, office, other_office
):
    rng = random_contacts
    periods = [(today() - timedelta(days=59), today()), (None, None), (today(), today())]
    for _ in range(12):
        first = today() - timedelta(days=rng.randint(0, 65))
        periods.append((first, first + timedelta(days=rng.randint(0, 30))))
    for start, end in periods:
        for offices in (None, (office.pk,), (other_office.pk,), (office.pk, other_office.pk)):
            scope = Scope(start=start, end=end, offices=offices)
            assert served(scope) == distinct_people(scope), (start, end, offices)
            by_office = {
                str(place): distinct_people(scope, office=place)
                for place in offices or (office.pk, other_office.pk)
            }
            assert served(scope, "office") == {key: n for key, n in by_office.items() if n}, (
                start,
                end,
                offices,
            )
    assert PeopleServedDay.objects.filter(day__lt=today()).exists()


def test_repeat_contacts_are_the_identified_contacts_less_the_people_served(random_contacts):
    scope = Scope(start=today() - timedelta(days=30), end=today())
    identified = contacts_in(scope).filter(person__isnull=False).count()
    assert repeats(scope) == identified - distinct_people(scope)


def test_breakdowns_by_sex_and_citizenship_still_count_each_person_once_per_part(operator, office):
    aziza = someone(office, "Азиза")
    log(operator, day=last_week(), person=aziza)
    log(operator, day=today() - timedelta(days=2), person=aziza)
    log(operator, day=today(), person=someone(office, "Бахтияр"))
    assert served(week(), "citizenship") == {"UZ": 2}


def test_a_changed_past_day_is_counted_again(operator, office):
    aziza, bakhtiyar, dilnoza = (someone(office, name) for name in ("Азиза", "Бахтияр", "Дильноза"))
    log(operator, day=last_week(), person=aziza)
    anonymous = log(operator, day=last_week())
    assert served(week()) == 1
    log(operator, day=last_week(), person=bakhtiyar)
    assert served(week()) == 2
    contact_link_person(contact=anonymous, person=dilnoza, linked_by=operator)
    assert served(week()) == 3
    person_merge(source=dilnoza, target=aziza, merged_by=operator)
    assert served(week()) == 2
    assert repeats(week()) == 1


def test_today_is_read_live(operator, office):
    aziza = someone(office, "Азиза")
    log(operator, day=last_week(), person=aziza)
    assert served(week()) == 1
    log(operator, day=today(), person=someone(office, "Бахтияр"))
    log(operator, day=today(), person=aziza)
    assert served(week()) == 2
    assert served(Scope(start=today(), end=today())) == 2
    assert not PeopleServedDay.objects.filter(day=today()).exists()


def test_the_previous_period_counts_its_own_people(operator, office):
    first = today() - timedelta(days=6)
    before = first - timedelta(days=7)
    aziza = someone(office, "Азиза")
    log(operator, day=before, person=aziza)
    log(operator, day=before + timedelta(days=1), person=someone(office, "Бахтияр"))
    log(operator, day=first, person=aziza)
    assert served(Scope(start=first, end=today())) == 1
    assert served(Scope(start=before, end=first - timedelta(days=1))) == 2


def test_the_command_counts_the_people_again(operator, office):
    aziza = someone(office, "Азиза")
    contact = log(operator, day=last_week(), person=aziza)
    call_command("tally_contacts", stdout=StringIO())
    # Behind the tallies' back: no signal tells them that the day changed.
    Contact.objects.filter(pk=contact.pk).update(person=None)
    assert served(week()) == 1
    call_command("tally_contacts", "--again", stdout=StringIO())
    assert served(week()) == 0
    assert not PeopleServedDay.objects.exists()
