"""The callers' open cases read in SQL (``visible_open_cases``) are exactly those that
``visible_cases`` lets the user see, for every role, office and assignment, each
person's apart however many are read at once."""

import itertools

import pytest

from komek.cases import services
from komek.cases.access import visible_cases, visible_open_cases
from komek.cases.models import CLOSED, Case, Status
from komek.core.roles import Role
from komek.people.services import person_create


@pytest.fixture
def cases(lawyer, client_person, topic, other_office):
    """One case of the person for each status × sensitivity × office, opened (and so
    assigned to) the lawyer."""
    made = []
    variants = itertools.product(
        [Status.NEW, Status.WAITING, *CLOSED], [False, True], [None, other_office]
    )
    for status, sensitive, office in variants:
        case = services.case_open(
            opened_by=lawyer, client=client_person, kind="legal", category=topic, title="Дело"
        )
        changes = {"status": status, "sensitive": sensitive}
        if office is not None:
            changes["office"] = office
        Case.objects.filter(pk=case.pk).update(**changes)
        made.append(case)
    return made


def staff(make_staff, other_office):
    yield from (make_staff(role) for role in Role.values)
    yield make_staff(Role.COORDINATOR, national_scope=True)
    yield make_staff(Role.LAWYER, office=other_office)


def test_the_sql_read_shows_what_visible_cases_shows(
    cases, lawyer, client_person, make_staff, other_office
):
    for user in [lawyer, *staff(make_staff, other_office)]:
        expected = visible_cases(user, client_person.cases.exclude(status__in=CLOSED))
        expected_ids = list(expected.order_by("-opened_at", "-id").values_list("id", flat=True))
        found = visible_open_cases(user, [client_person.pk], limit=50).get(client_person.pk, [])
        assert [case.pk for case in found] == expected_ids, user.role
    assert len(visible_open_cases(lawyer, [client_person.pk], limit=50)[client_person.pk]) == 4
    assert len(visible_open_cases(lawyer, [client_person.pk], limit=1)[client_person.pk]) == 1


def test_each_case_comes_with_its_assigned_staff_however_many(
    cases, lawyer, client_person, make_staff
):
    colleague = make_staff(Role.LAWYER, username="aaa-colleague", first_name="Айгерим")
    (newest,) = visible_open_cases(lawyer, [client_person.pk], limit=1)[client_person.pk]
    Case.objects.get(pk=newest.pk).assigned_to.add(colleague)

    found = visible_open_cases(lawyer, [client_person.pk], limit=50)[client_person.pk]

    assert len(found) == 4
    for case in found:
        expected = Case.objects.get(pk=case.pk).assigned_to.order_by("username")
        assert [str(user) for user in case.assigned_staff] == [str(user) for user in expected]
    assert [user.pk for user in found[0].assigned_staff] == [colleague.pk, lawyer.pk]
    (again,) = visible_open_cases(lawyer, [client_person.pk], limit=1)[client_person.pk]
    assert again.pk == newest.pk


def test_several_people_are_read_at_once_each_with_their_own_newest_cases(
    cases, lawyer, client_person, office, topic
):
    wife = person_create(created_by=None, office=office, surname="Хусанова", given_name="Нигора")
    newer = services.case_open(
        opened_by=lawyer, client=wife, kind="legal", category=topic, title="Регистрация"
    )
    nobody = person_create(created_by=None, office=office, surname="Каримов", given_name="Отабек")
    people = [client_person.pk, wife.pk, nobody.pk]

    found = visible_open_cases(lawyer, people, limit=2)

    assert set(found) == {client_person.pk, wife.pk}
    assert [case.pk for case in found[wife.pk]] == [newer.pk]
    alone = visible_open_cases(lawyer, [client_person.pk], limit=2)[client_person.pk]
    assert [case.pk for case in found[client_person.pk]] == [case.pk for case in alone]
    assert len(alone) == 2
    assert visible_open_cases(lawyer, [], limit=2) == {}
