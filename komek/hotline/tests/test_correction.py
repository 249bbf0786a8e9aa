"""A saved contact corrected by its author or a coordinator, with its history; the
contact list searched by phone and name."""

import uuid

import pytest
from django.urls import reverse

from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.hotline import services
from komek.people import services as people_services


@pytest.fixture
def author(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR, username="aigerim")


@pytest.fixture
def contact(author):
    return services.contact_log(
        operator=author,
        submission_key=uuid.uuid4(),
        channel="call",
        outcome="answered",
        caller_phone="+77053334455",
        caller_name="Бахром",
        question="Не платят зарплату",
    )


def correction(**fields) -> dict:
    return {
        "caller_name": "Бахром Тошев",
        "channel": "call",
        "direction": "in",
        "language": "uz",
        "question": "Не платят зарплату три месяца",
        "answer": "",
        **fields,
    }


def test_the_author_corrects_the_contact_and_the_history_keeps_the_old_words(
    client_for, author, contact
):
    client = client_for(author)
    url = reverse("hotline:contact_correct", args=[contact.pk])
    assert client.post(url, correction()).status_code == 302
    contact.refresh_from_db()
    assert contact.question == "Не платят зарплату три месяца"
    html = client.get(reverse("hotline:contact_detail", args=[contact.pk])).content.decode()
    assert "<del>Не платят зарплату</del>" in html
    entry = AuditEntry.objects.get(action=Action.CHANGE, object_type="hotline.Contact")
    assert entry.changes["question"] == ["Не платят зарплату", "Не платят зарплату три месяца"]


def test_a_coordinator_corrects_a_contact_of_their_office(client_for, make_staff, contact):
    coordinator = make_staff(Role.COORDINATOR)
    url = reverse("hotline:contact_correct", args=[contact.pk])
    assert client_for(coordinator).post(url, correction()).status_code == 302


def test_another_operator_may_not_correct_it(client_for, make_staff, contact):
    colleague = make_staff(Role.HOTLINE_OPERATOR)
    client = client_for(colleague)
    url = reverse("hotline:contact_correct", args=[contact.pk])
    assert client.post(url, correction()).status_code == 302
    detail = client.get(reverse("hotline:contact_detail", args=[contact.pk])).content.decode()
    assert url not in detail
    contact.refresh_from_db()
    assert contact.question == "Не платят зарплату"


def test_a_coordinator_of_another_office_does_not_find_it(
    client_for, make_staff, other_office, contact
):
    outsider = make_staff(Role.COORDINATOR, office=other_office)
    url = reverse("hotline:contact_correct", args=[contact.pk])
    assert client_for(outsider).post(url, correction()).status_code == 404


@pytest.fixture
def logged(author, office):
    sherzod = people_services.person_create(
        created_by=None,
        office=office,
        surname="Хусанов",
        given_name="Шерзод",
        phones=["+998901234567"],
    )
    for person, phone, name in [(sherzod, "", ""), (None, "+77053334455", "Бахром")]:
        services.contact_log(
            operator=author,
            submission_key=uuid.uuid4(),
            person=person,
            channel="call",
            outcome="answered",
            caller_phone=phone,
            caller_name=name,
            question=f"вопрос {name or 'Шерзода'}",
        )


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("+998 90 123", "Хусанов Шерзод", "Бахром"),
        ("8 705 333 44 55", "Бахром", "Хусанов Шерзод"),
        ("Khusanov", "Хусанов Шерзод", "Бахром"),
        ("Бахр", "Бахром", "Хусанов Шерзод"),
    ],
)
def test_the_contact_list_is_searched_by_phone_and_name(
    client_for, author, logged, query, found, not_found
):
    html = client_for(author).get(reverse("hotline:contact_list"), {"q": query}).content.decode()
    rows = html[html.index("<tbody>") : html.index("</tbody>")]
    assert found in rows
    assert not_found not in rows
