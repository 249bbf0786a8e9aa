"""Callbacks asked for on the public site: one callback however often the same request is
sent, in the queue of the receiving office and marked as such, audited with no staff
author, no person's record made, nothing kept from a bad request."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from komek.accounts import services as account_services
from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.hotline import services
from komek.hotline.models import AttemptOutcome, Channel, Contact, Outcome
from komek.hotline.web_requests import PreferredTime, callback_request, due_time
from komek.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(db):
    return services.topic_create(created_by=None, code="wages", name_ru="Зарплата")


@pytest.fixture
def other_topic(db):
    return services.topic_create(created_by=None, code="passport", name_ru="Паспорт")


def ask(topic, **overrides) -> Contact:
    fields = {
        "caller_name": "Фарҳод",
        "caller_phone": "+992 93 555 12 34",
        "language": "tg",
        "topic": topic,
        "preferred": PreferredTime.SOON,
    }
    fields.update(overrides)
    return callback_request(**fields)


def test_a_request_waits_in_the_callback_queue_of_the_first_active_office(
    office, other_office, topic
):
    account_services.office_update(office=office, updated_by=None, is_active=False)
    contact = ask(topic)

    assert contact.channel == Channel.WEB_FORM
    assert contact.outcome == Outcome.CALLBACK
    assert contact.office == other_office
    assert contact.caller_phone == "+992935551234"
    assert contact.caller_name == "Фарҳод"
    assert contact.language == "tg"
    assert list(contact.topics.all()) == [topic]
    assert contact.operator is None
    assert contact.callback_due > timezone.now()


def test_a_request_makes_no_record_of_a_person(office, topic):
    ask(topic)
    assert not Person.objects.exists()
    assert Contact.objects.get().person is None


def test_the_same_request_twice_makes_one_callback(office, topic):
    first = ask(topic)
    again = ask(topic, caller_phone="992935551234", caller_name="Farhod")

    assert again == first
    assert Contact.objects.count() == 1
    assert again.reference == first.reference


def test_another_topic_or_a_closed_callback_makes_a_new_one(office, topic, other_topic, make_staff):
    first = ask(topic)
    assert ask(other_topic) != first

    operator = make_staff(Role.HOTLINE_OPERATOR)
    services.callback_attempt_record(
        contact=first, made_by=operator, outcome=AttemptOutcome.REACHED
    )
    assert ask(topic) != first
    assert Contact.objects.count() == 3


def test_a_request_is_audited_with_no_staff_author(office, topic):
    contact = ask(topic)
    entry = AuditEntry.objects.get(object_type="hotline.Contact", object_id=str(contact.pk))

    assert entry.action == Action.CREATE
    assert entry.actor is None
    assert entry.actor_username == "web form"
    assert entry.changes["topics"] == [None, ["wages"]]
    assert "caller_phone" in entry.changes


def test_a_repeated_request_writes_nothing_more(office, topic):
    ask(topic)
    ask(topic)
    assert AuditEntry.objects.filter(object_type="hotline.Contact").count() == 1


@pytest.mark.parametrize(
    "bad",
    [{"caller_phone": "12"}, {"language": "xx"}, {"caller_name": "x" * 101}],
)
def test_a_bad_request_keeps_nothing(office, topic, bad):
    with pytest.raises(ValidationError):
        ask(topic, **bad)
    assert not Contact.objects.exists()
    assert not AuditEntry.objects.filter(object_type="hotline.Contact").exists()


def test_no_office_taking_requests_refuses_the_request(db, topic):
    with pytest.raises(ValidationError):
        ask(topic)
    assert not Contact.objects.exists()


def test_the_queue_shows_a_request_as_from_the_website_with_its_reference(
    office, topic, make_staff, client_for
):
    contact = ask(topic)
    operator = make_staff(Role.HOTLINE_OPERATOR)
    html = client_for(operator).get(reverse("hotline:callbacks")).content.decode()

    assert f'id="callback-{contact.pk}"' in html
    assert "data-web-form" in html
    assert contact.reference in html
    assert "Зарплата" in html


def test_the_contact_page_of_a_request_names_no_operator(office, topic, make_staff, client_for):
    contact = ask(topic)
    operator = make_staff(Role.HOTLINE_OPERATOR)
    response = client_for(operator).get(reverse("hotline:contact_detail", args=[contact.pk]))
    assert response.status_code == 200
    assert "None" not in response.content.decode()


def test_an_operator_cannot_log_a_contact_as_coming_from_the_web_form(make_staff, client_for):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    html = client_for(operator).get(reverse("hotline:log")).content.decode()
    assert 'value="web_form"' not in html


def at(hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(2026, 3, 10, hour, minute))


@pytest.mark.parametrize(
    ("now", "preferred", "due"),
    [
        (at(8), PreferredTime.MORNING, at(12)),
        (at(11, 30), PreferredTime.MORNING, at(12) + timedelta(days=1)),
        (at(13), PreferredTime.DAY, at(17)),
        (at(21), PreferredTime.EVENING, at(20) + timedelta(days=1)),
        (at(21), PreferredTime.SOON, at(23)),
    ],
)
def test_the_callback_is_due_by_the_end_of_the_time_asked_for(now, preferred, due):
    assert due_time(preferred, now) == due


def test_the_preferred_time_is_told_to_the_operators(office, topic):
    with time_machine.travel(at(8), tick=False):
        contact = ask(topic, preferred=PreferredTime.MORNING)
    assert "9:00–12:00" in contact.question
    assert contact.callback_due == at(12)
