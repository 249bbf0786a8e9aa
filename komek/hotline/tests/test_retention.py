"""Retention of hotline contacts: past the period a contact loses who called and what was
said, and the statistics of its day stay what they were."""

import uuid
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from komek.core.roles import Role
from komek.hotline import tallies
from komek.hotline.models import Contact
from komek.hotline.services import contact_log, topic_create
from komek.people.services import person_create

pytestmark = pytest.mark.django_db

FOUR_YEARS_AGO = timezone.localdate() - timedelta(days=4 * 365)


@pytest.fixture
def operator(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR)


@pytest.fixture
def aziza(office):
    return person_create(
        created_by=None,
        office=office,
        given_name="Азиза",
        sex="F",
        citizenship="UZ",
        born_year=1990,
    )


@pytest.fixture
def topic(db):
    return topic_create(created_by=None, code="passport", name_ru="Паспорт")


def log(operator, day, **extra) -> Contact:
    contact = contact_log(
        operator=operator,
        submission_key=uuid.uuid4(),
        channel="call",
        outcome="answered",
        question="Работодатель забрал паспорт",
        **extra,
    )
    contact.at = datetime.combine(day, timezone.localtime(contact.at).timetz())
    contact.save(update_fields=["at"])
    return contact


def figures() -> tuple:
    period = tallies.counted(FOUR_YEARS_AGO - timedelta(days=3), timezone.localdate())
    today = tallies.live(period, None)
    rows = tallies.contact_rows(period, None, today)
    served = tallies.people_served(period, None, today)
    return (
        sorted(rows, key=repr),
        {office: list(people) for office, people in served.items()},
        tallies.topic_counts(period, None, today),
    )


def run(*args) -> str:
    out = StringIO()
    call_command("apply_retention", "--category", "hotline.contacts", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_the_old_contacts_and_changes_nothing(operator, aziza):
    old = log(operator, FOUR_YEARS_AGO, person=aziza, caller_phone="+77011234567")
    log(operator, timezone.localdate() - timedelta(days=30), person=aziza)
    before = list(Contact.objects.order_by("pk").values())
    out = run("--dry-run")
    assert "1 to anonymise" in out
    assert f"#{old.pk} {FOUR_YEARS_AGO:%Y-%m-%d}" in out
    assert list(Contact.objects.order_by("pk").values()) == before


def test_old_contacts_lose_who_called_and_keep_their_day_counted_as_it_was(operator, aziza, topic):
    old = log(operator, FOUR_YEARS_AGO, person=aziza, caller_phone="+77011234567", topics=[topic])
    unknown = log(operator, FOUR_YEARS_AGO, caller_name="Фарход", caller_phone="+77019876543")
    recent = log(operator, timezone.localdate() - timedelta(days=30), person=aziza)
    expected = figures()
    # Nothing counted yet: the run must count the days before it blanks the contacts.
    tallies.forget_all()

    out = run()

    assert "hotline.contacts: 2 rows" in out
    old.refresh_from_db()
    unknown.refresh_from_db()
    recent.refresh_from_db()
    assert (old.person, old.caller_phone, old.question) == (None, "", "")
    assert (unknown.caller_name, unknown.caller_phone) == ("", "")
    assert list(old.topics.all()) == [topic]
    assert recent.person == aziza
    assert not old.history.exclude(question="").exists()
    assert figures() == expected


def test_a_second_run_finds_nothing_left_to_do(operator, aziza):
    log(operator, FOUR_YEARS_AGO, person=aziza)
    run()
    assert "0 to anonymise" in run("--dry-run")


def test_a_shorter_period_reaches_younger_contacts(operator, aziza):
    recent = log(operator, timezone.localdate() - timedelta(days=30), person=aziza)
    call_command("retention", "hotline.contacts", "7", stdout=StringIO())
    run()
    recent.refresh_from_db()
    assert recent.person is None
