import uuid
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from komek.accounts import services as accounts_services
from komek.audit.models import Action, AuditEntry
from komek.conftest import make_user
from komek.core.models import ImportBatch
from komek.core.roles import Role
from komek.hotline import selectors, services
from komek.hotline.models import Contact, Outcome, Topic
from komek.hotline.services import _contact_create
from komek.hotline.topics import seed_topics
from komek.people import services as people_services
from komek.people.models import Person, Phone


@pytest.fixture
def operator(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR, username="aigerim")


@pytest.fixture
def topics(db):
    seed_topics()
    return {topic.code: topic for topic in Topic.objects.all()}


@pytest.fixture
def sherzod(office):
    return people_services.person_create(
        created_by=None,
        office=office,
        surname="Хусанов",
        given_name="Шерзод",
        born_year=1991,
        citizenship="UZ",
        phones=["+7 701 234 56 78"],
    )


def contact_form(topics, **overrides):
    data = {
        "caller_phone": "+7 705 333 44 55",
        "caller_name": "Бахром",
        "channel": "call",
        "direction": "in",
        "language": "uz",
        "topics": [topics["wages"].pk],
        "question": "Не платят зарплату",
        "answer": "Объяснили права",
        "outcome": "answered",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_an_anonymous_call_is_logged_with_its_topics(client_for, operator, topics):
    response = client_for(operator).post(reverse("hotline:log"), contact_form(topics))
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.person is None
    assert contact.caller_phone == "+77053334455"
    assert list(contact.topics.all()) == [topics["wages"]]
    assert AuditEntry.objects.filter(action=Action.CREATE, object_type="hotline.Contact").exists()


def test_a_double_submitted_form_makes_one_contact_and_one_person(client_for, operator, topics):
    data = contact_form(topics, register="on", new_surname="Тошев", new_given_name="Бахром")
    client = client_for(operator)
    client.post(reverse("hotline:log"), data)
    client.post(reverse("hotline:log"), data)
    assert Contact.objects.count() == 1
    assert Person.objects.count() == 1
    person = Person.objects.get()
    assert list(person.phones.values_list("number", flat=True)) == ["+77053334455"]
    assert Contact.objects.get().person == person


@pytest.mark.django_db(transaction=True)
def test_a_race_between_two_submissions_keeps_one_contact_and_no_orphan_person(office):
    seed_topics()
    operator = make_user("racer", Role.HOTLINE_OPERATOR, office)
    key = uuid.uuid4()
    first = services.contact_log(
        operator=operator,
        submission_key=key,
        new_person={"given_name": "Бахром"},
        channel="call",
        outcome="answered",
    )
    # The second submission got past the first look-up before the first committed:
    # its insert meets the unique key, and its whole transaction rolls back.
    with pytest.raises(IntegrityError):
        _contact_create(
            operator=operator,
            submission_key=key,
            topics=[],
            person=None,
            new_person={"given_name": "Бахром"},
            consent_given=False,
            started_at=None,
            channel="call",
            outcome="answered",
        )
    assert Person.objects.count() == 1
    assert Contact.objects.get() == first


def test_a_callback_without_a_due_time_is_refused_and_nothing_is_written(
    client_for, operator, topics
):
    response = client_for(operator).post(
        reverse("hotline:log"), contact_form(topics, outcome="callback")
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert Contact.objects.count() == 0


@pytest.mark.parametrize(
    "typed", ["+7 701 234 56 78", "8 701 234 5678", "77012345678", "7012345678"]
)
def test_the_lookup_finds_the_caller_however_the_number_is_typed(
    client_for, operator, sherzod, topics, typed
):
    services.contact_log(
        operator=operator,
        submission_key=uuid.uuid4(),
        person=sherzod,
        channel="call",
        outcome="answered",
        question="Потерял паспорт",
    )
    html = (
        client_for(operator)
        .get(reverse("hotline:lookup"), {"caller_phone": typed})
        .content.decode()
    )
    assert "Хусанов Шерзод" in html
    assert "Потерял паспорт" in html


def test_the_lookup_shows_only_what_identifies_the_person(client_for, operator, sherzod):
    people_services.person_update(person=sherzod, updated_by=None, address="ул. Секретная, 5")
    html = (
        client_for(operator)
        .get(reverse("hotline:lookup"), {"caller_phone": "+77012345678"})
        .content.decode()
    )
    assert "1991" in html
    assert "Секретная" not in html


def log_calls(operator, person, topics, count):
    for _ in range(count):
        services.contact_log(
            operator=operator,
            submission_key=uuid.uuid4(),
            person=person,
            topics=topics,
            channel="call",
            outcome="answered",
        )


# The session, the user with the devices that may verify them, the people with the number
# (with their office and whether the user is assigned to them, which the panels need),
# their latest contacts with their topics, the open cases of the person found with their
# staff (the cases panel), their latest advice (the legal-status panel), and the audit
# entry with the chain's head (on PostgreSQL read in the same round trip as the chain's
# lock is taken).
LOOKUP_QUERIES = 8


@pytest.mark.parametrize("calls", [1, 12])
def test_the_lookup_makes_the_same_few_queries_however_long_the_history(
    client_for, operator, sherzod, topics, calls, django_assert_num_queries
):
    log_calls(operator, sherzod, list(topics.values())[:3], calls)
    client = client_for(operator)
    with django_assert_num_queries(LOOKUP_QUERIES):
        client.get(reverse("hotline:lookup"), {"caller_phone": "+77012345678"})


@pytest.mark.parametrize("sharing", [1, 3])
def test_the_lookup_makes_the_same_few_queries_however_many_people_share_the_number(
    client_for, operator, office, sharing, django_assert_num_queries
):
    for given_name in ["Шерзод", "Нигора", "Азиз"][:sharing]:
        people_services.person_create(
            created_by=None,
            office=office,
            surname="Хусанов",
            given_name=given_name,
            phones=["+7 701 234 56 78"],
        )
    client = client_for(operator)
    with django_assert_num_queries(LOOKUP_QUERIES):
        response = client.get(reverse("hotline:lookup"), {"caller_phone": "+77012345678"})
    page = response.content.decode()
    # Each of them with their own panels, read for all of them at once.
    assert page.count("data-pick-person=") == sharing
    assert page.count("data-caller-advice") == sharing


def test_the_lookup_lists_the_latest_contacts_each_with_all_its_topics(
    client_for, operator, sherzod, topics
):
    log_calls(operator, sherzod, [], 1)
    log_calls(operator, sherzod, [topics["wages"], topics["documents"]], 11)
    html = (
        client_for(operator)
        .get(reverse("hotline:lookup"), {"caller_phone": "+77012345678"})
        .content.decode()
    )
    # Ten contacts, although each of them comes with two topics.
    assert html.count('class="list-group-item small"') == selectors.HISTORY_LENGTH
    assert html.count(topics["wages"].label) == selectors.HISTORY_LENGTH
    assert html.count(topics["documents"].label) == selectors.HISTORY_LENGTH


def test_the_lookup_records_who_looked_up_the_number(client_for, operator, sherzod):
    client_for(operator).get(reverse("hotline:lookup"), {"caller_phone": "8 701 234 5678"})
    entry = AuditEntry.objects.get(action=Action.VIEW, actor=operator)
    assert entry.detail == "caller lookup +77012345678"
    assert entry.people == f",{sherzod.pk},"


def test_the_lookup_stops_at_once_when_the_operator_s_authenticator_is_reset(
    client_for, operator, make_staff, sherzod
):
    client = client_for(operator)
    admin = make_staff(Role.ADMINISTRATOR)
    accounts_services.second_factor_reset(user=operator, reset_by=admin)
    response = client.get(reverse("hotline:lookup"), {"caller_phone": "+77012345678"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:second_factor")
    assert not AuditEntry.objects.filter(detail__startswith="caller lookup").exists()


def test_the_lookup_stops_at_once_when_the_operator_s_session_is_revoked(
    client_for, operator, sherzod
):
    client = client_for(operator)
    Session.objects.all().delete()
    response = client.get(reverse("hotline:lookup"), {"caller_phone": "+77012345678"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not AuditEntry.objects.filter(detail__startswith="caller lookup").exists()


def test_an_anonymous_contact_is_linked_to_a_person_later(client_for, operator, sherzod):
    contact = services.contact_log(
        operator=operator,
        submission_key=uuid.uuid4(),
        channel="call",
        outcome="answered",
        caller_name="Шерзод",
    )
    client = client_for(operator)
    page = client.get(reverse("hotline:link_person", args=[contact.pk]), {"q": "Xusanov"})
    assert "Хусанов Шерзод" in page.content.decode()
    assert AuditEntry.objects.filter(actor=operator, detail="search: Xusanov").exists()
    client.post(reverse("hotline:link_person", args=[contact.pk]), {"person": sherzod.pk})
    contact.refresh_from_db()
    assert contact.person == sherzod
    entry = AuditEntry.objects.get(action=Action.CHANGE, object_type="hotline.Contact")
    assert entry.changes["person"] == [None, "Хусанов Шерзод"]


def test_callbacks_are_ordered_by_due_time_and_scoped_to_the_office(
    client_for, operator, make_staff, other_office
):
    now = timezone.now()
    for hours, name in ((5, "Ойбек"), (-1, "Бахром")):
        services.contact_log(
            operator=operator,
            submission_key=uuid.uuid4(),
            channel="call",
            outcome=Outcome.CALLBACK,
            callback_due=now + timedelta(hours=hours),
            caller_name=name,
        )
    html = client_for(operator).get(reverse("hotline:callbacks")).content.decode()
    assert html.index("Бахром") < html.index("Ойбек")
    almaty = make_staff(Role.HOTLINE_OPERATOR, office=other_office)
    assert "Бахром" not in client_for(almaty).get(reverse("hotline:callbacks")).content.decode()


def test_a_contact_of_another_office_is_not_found(client_for, operator, make_staff, other_office):
    contact = services.contact_log(
        operator=operator, submission_key=uuid.uuid4(), channel="call", outcome="answered"
    )
    almaty = make_staff(Role.HOTLINE_OPERATOR, office=other_office)
    url = reverse("hotline:contact_detail", args=[contact.pk])
    assert client_for(almaty).get(url).status_code == 404


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER])
def test_roles_without_casework_cannot_log_contacts(client_for, make_staff, role):
    assert client_for(make_staff(role)).get(reverse("hotline:log")).status_code == 403


def test_topics_are_edited_by_coordinators_with_history_and_audit(client_for, make_staff, topics):
    coordinator = make_staff(Role.COORDINATOR)
    topic = topics["wages"]
    client_for(coordinator).post(
        reverse("hotline:topic_edit", args=[topic.pk]),
        {"code": "wages", "name_ru": "Зарплата и расчёт", "order": 30, "is_active": "on"},
    )
    topic.refresh_from_db()
    assert topic.name_ru == "Зарплата и расчёт"
    assert AuditEntry.objects.filter(action=Action.CHANGE, object_type="hotline.Topic").exists()
    operator = make_staff(Role.HOTLINE_OPERATOR)
    assert client_for(operator).get(reverse("hotline:topic_list")).status_code == 403


def test_the_person_page_lists_their_contacts(client_for, operator, sherzod):
    services.contact_log(
        operator=operator,
        submission_key=uuid.uuid4(),
        person=sherzod,
        channel="walk_in",
        outcome="answered",
        question="Нужна справка",
    )
    html = client_for(operator).get(reverse("people:detail", args=[sherzod.pk])).content.decode()
    assert "Нужна справка" in html


def test_the_lookup_does_not_find_a_person_still_being_imported(office, operator):
    batch = ImportBatch.objects.create(kind="import_people")
    staged = Person.with_staged.create(office=office, given_name="Шерзод", import_batch=batch)
    Phone.objects.create(person=staged, number="+77012345678")
    assert selectors.caller_history(user=operator, phone="+77012345678").people == []

    Person.with_staged.filter(pk=staged.pk).update(import_batch=None)
    assert [
        person.pk for person in selectors.caller_history(user=operator, phone="+77012345678").people
    ] == [staged.pk]
