"""Daily tallies: past days counted once and read from the tallies, today read live, and
a day forgotten (and counted again) when one of its contacts or their people changes."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from komek.core import indicators
from komek.core.indicators import Scope
from komek.core.roles import Role
from komek.hotline import tallies
from komek.hotline.models import (
    AttemptOutcome,
    Contact,
    ContactMonthTally,
    ContactTally,
    TalliedDay,
    TalliedMonth,
)
from komek.hotline.services import (
    callback_attempt_record,
    contact_link_person,
    topic_create,
)
from komek.hotline.tests.logged import last_week, log, today
from komek.people.services import person_create, person_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR)


@pytest.fixture
def aziza(office):
    return person_create(created_by=None, office=office, given_name="Азиза", citizenship="UZ")


def by(dimension: str | None, start: date | None = None, end: date | None = None) -> dict:
    scope = Scope(start=start or last_week(), end=end or today())
    result = indicators.evaluate(indicators.get("contacts"), scope, dimension)
    return {part.key: part.value for part in result.parts} if dimension else result.total


def test_past_days_are_counted_once_and_today_is_live(operator, aziza):
    log(operator, day=last_week(), person=aziza)
    log(operator, day=today(), person=aziza)
    assert by(None) == 2
    assert TalliedDay.objects.filter(day=last_week()).exists()
    assert not TalliedDay.objects.filter(day=today()).exists()
    assert ContactTally.objects.get().n == 1
    log(operator, day=today())
    assert by(None) == 3


def test_todays_contacts_are_read_once_for_every_figure_of_the_day(operator, aziza):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    passport = topic_create(created_by=None, code="passport", name_ru="Паспорт")
    wages = topic_create(created_by=None, code="wages", name_ru="Зарплата")
    log(operator, day=today(), person=aziza, topics=[passport, wages])
    log(operator, day=today(), person=aziza, topics=[passport])
    log(operator, day=today())
    scope = Scope(start=today(), end=today())

    def figure(code: str, dimension: str | None = None):
        result = indicators.evaluate(indicators.get(code), scope, dimension)
        return {part.key: part.value for part in result.parts} if dimension else result.total

    with CaptureQueriesContext(connection) as queries:
        assert figure("contacts") == 3
        assert figure("contacts", "topic") == {str(passport.pk): 2, str(wages.pk): 1}
        assert figure("contacts", "citizenship") == {"UZ": 2, "": 1}
        assert figure("people_served") == 1
        assert figure("repeat_contacts") == 1
    reads = [
        query for query in queries.captured_queries if 'FROM "hotline_contact"' in query["sql"]
    ]
    assert len(reads) == 1


def test_a_change_to_a_counted_day_is_counted_again(operator, aziza):
    wages = topic_create(created_by=None, code="wages", name_ru="Зарплата")
    anonymous = log(operator, day=last_week(), topics=[wages])
    assert by("citizenship") == {"": 1}
    contact_link_person(contact=anonymous, person=aziza, linked_by=operator)
    assert by("citizenship") == {"UZ": 1}
    person_update(person=aziza, updated_by=operator, citizenship="TJ")
    assert by("citizenship") == {"TJ": 1}
    log(operator, day=last_week(), person=aziza, topics=[wages])
    assert by("topic") == {str(wages.pk): 2}


def test_a_day_is_counted_by_one_request_only(operator, aziza):
    log(operator, day=last_week(), person=aziza)
    tallies.ensure(last_week(), last_week())
    tallies._count(last_week(), last_week())
    assert ContactTally.objects.get().n == 1


def test_the_command_counts_every_past_day(operator, aziza):
    log(operator, day=last_week() - timedelta(days=3), person=aziza)
    call_command("tally_contacts", stdout=StringIO())
    assert TalliedDay.objects.count() == 10
    call_command("tally_contacts", "--again", stdout=StringIO())
    assert TalliedDay.objects.count() == 10


def test_a_callback_done_leaves_the_day_counted(operator, aziza):
    contact = log(operator, day=last_week(), person=aziza)
    Contact.objects.filter(pk=contact.pk).update(callback_due=timezone.now())
    assert by(None) == 1
    callback_attempt_record(contact=contact, made_by=operator, outcome=AttemptOutcome.REACHED)
    assert TalliedDay.objects.filter(day=last_week()).exists()


def whole_month_before(day: date) -> tuple[date, date]:
    last = day.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def test_a_whole_past_month_is_summed_once_and_read_as_one_month(operator, aziza):
    first, last = whole_month_before(today())
    log(operator, day=first, person=aziza)
    log(operator, day=last)
    log(operator, day=first - timedelta(days=1), person=aziza)
    before = first - timedelta(days=1)
    assert by("month", start=before, end=today()) == {f"{before:%Y-%m}": 1, f"{first:%Y-%m}": 2}
    assert list(TalliedMonth.objects.values_list("month", flat=True)) == [first]
    assert sum(ContactMonthTally.objects.values_list("n", flat=True)) == 2
    # The month's rows stand for its days: with the days' rows gone, the month still counts.
    ContactTally.objects.filter(day__range=(first, last)).delete()
    assert by(None, start=first, end=last) == 2


def test_a_change_to_a_day_of_a_summed_month_sums_the_month_again(operator, aziza):
    first, last = whole_month_before(today())
    log(operator, day=first, person=aziza)
    assert by(None, start=first, end=last) == 1
    log(operator, day=last, person=aziza)
    assert not TalliedMonth.objects.exists()
    assert by(None, start=first, end=last) == 2
    assert by("month", start=first, end=last) == {f"{first:%Y-%m}": 2}


def test_people_served_in_a_summed_month_are_counted_once(operator, aziza, office):
    first, last = whole_month_before(today())
    log(operator, day=first, person=aziza)
    log(operator, day=last, person=aziza)
    served = indicators.evaluate(
        indicators.get("people_served"), Scope(start=first, end=today()), None
    )
    assert served.total == 1
    assert TalliedMonth.objects.filter(month=first).exists()


def test_no_day_before_the_first_contact_is_counted(operator, aziza):
    log(operator, day=last_week(), person=aziza)
    tallies.ensure(date(1100, 1, 1), today())
    assert min(TalliedDay.objects.values_list("day", flat=True)) == last_week()
    assert TalliedDay.objects.count() == 7
