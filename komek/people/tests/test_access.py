import pytest
from django.urls import reverse
from django.utils.translation import gettext

from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.people import services
from komek.people.access import Access, access_level
from komek.people.models import Vulnerability


@pytest.fixture
def person(office):
    return services.person_create(
        created_by=None,
        office=office,
        surname="Хусанов",
        given_name="Шерзод",
        born_year=1990,
        citizenship="UZ",
        vulnerabilities=[Vulnerability.TRAFFICKING_VICTIM, Vulnerability.UNDOCUMENTED],
    )


@pytest.mark.parametrize(
    "role,expected",
    [
        (Role.HOTLINE_OPERATOR, Access.FULL),
        (Role.COORDINATOR, Access.SENSITIVE),
        (Role.LAWYER, Access.SUMMARY),
        (Role.SOCIAL_WORKER, Access.FULL),
        (Role.ADMINISTRATOR, Access.SUMMARY),
        # The DPO reads a record to answer who saw it, not its sensitive vulnerabilities.
        (Role.DATA_PROTECTION_OFFICER, Access.FULL),
    ],
)
def test_each_role_sees_what_its_work_needs(make_staff, person, role, expected):
    assert access_level(make_staff(role), person) == expected


def test_an_assigned_lawyer_sees_the_sensitive_record(make_staff, person):
    lawyer = make_staff(Role.LAWYER)
    services.person_assign(person=person, staff=lawyer, assigned_by=None)
    assert access_level(lawyer, person) == Access.SENSITIVE


def test_an_operator_of_another_office_sees_only_the_summary(make_staff, person, other_office):
    operator = make_staff(Role.HOTLINE_OPERATOR, office=other_office)
    assert access_level(operator, person) == Access.SUMMARY


def test_an_unassigned_lawyer_cannot_open_the_record_by_guessing_its_url(
    make_staff, client_for, person
):
    response = client_for(make_staff(Role.LAWYER)).get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 404


def test_opening_a_record_is_audited(make_staff, client_for, person):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    response = client_for(operator).get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=Action.VIEW, object_type="people.Person")
    assert entry.actor == operator
    assert entry.object_type == "people.Person"


def test_an_operator_does_not_see_sensitive_vulnerabilities(make_staff, client_for, person):
    page = client_for(make_staff(Role.HOTLINE_OPERATOR)).get(
        reverse("people:detail", args=[person.pk])
    )
    html = page.content.decode()
    assert str(Vulnerability.UNDOCUMENTED.label) in html
    assert str(Vulnerability.TRAFFICKING_VICTIM.label) not in html


def test_the_coordinator_sees_sensitive_vulnerabilities(make_staff, client_for, person):
    page = client_for(make_staff(Role.COORDINATOR)).get(reverse("people:detail", args=[person.pk]))
    assert str(Vulnerability.TRAFFICKING_VICTIM.label) in page.content.decode()


def test_search_results_show_only_what_identifies_the_person(make_staff, client_for, person):
    services.person_update(person=person, updated_by=None, address="ул. Секретная, 5")
    administrator = make_staff(Role.ADMINISTRATOR)
    page = client_for(administrator).get(reverse("people:search"), {"q": "Хусанов"})
    html = page.content.decode()
    assert "Хусанов Шерзод" in html
    assert "1990" in html
    assert "Секретная" not in html
    assert reverse("people:detail", args=[person.pk]) not in html


def test_an_operator_editing_keeps_the_sensitive_vulnerabilities_they_cannot_see(
    make_staff, client_for, person
):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    response = client_for(operator).post(
        reverse("people:edit", args=[person.pk]),
        {
            "surname": "Хусанов",
            "given_name": "Шерзод",
            "born": "1990",
            "registration_status": "unknown",
            "version": person.version,
            "vulnerabilities": [Vulnerability.DETAINED],
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert set(person.vulnerabilities) == {Vulnerability.DETAINED, Vulnerability.TRAFFICKING_VICTIM}


def test_the_global_search_box_finds_people_in_any_script(make_staff, client_for, person):
    html = client_for(make_staff()).get(reverse("core:search"), {"q": "Khusanov"}).content.decode()
    assert "Хусанов Шерзод" in html


def test_a_relative_on_a_record_the_user_may_not_open_is_not_linked(
    make_staff, client_for, person, other_office
):
    elsewhere = services.person_create(
        created_by=None, office=other_office, surname="Каримов", given_name="Бахтиёр"
    )
    operator = make_staff(Role.HOTLINE_OPERATOR)
    client = client_for(operator)
    response = client.post(
        reverse("people:family_add", args=[person.pk]),
        {"relative": elsewhere.pk, "kind": "sibling"},
        follow=True,
    )
    assert not person.family_links.exists()
    html = response.content.decode()
    assert "Каримов" not in html
    assert gettext("There is no record with this number that you may open.") in html


def test_a_relative_on_a_record_the_user_may_open_is_linked(make_staff, client_for, person, office):
    brother = services.person_create(
        created_by=None, office=office, surname="Хусанов", given_name="Бахтиёр"
    )
    client = client_for(make_staff(Role.HOTLINE_OPERATOR))
    client.post(
        reverse("people:family_add", args=[person.pk]),
        {"relative": brother.pk, "kind": "sibling"},
    )
    assert list(person.family_links.values_list("relative", flat=True)) == [brother.pk]


def test_registering_someone_assigns_them_to_the_staff_member_in_their_office(make_staff):
    lawyer = make_staff(Role.LAWYER)
    person = services.person_register(registered_by=lawyer, surname="Хусанов", given_name="Шерзод")
    assert person.office == lawyer.office
    assert list(person.assigned_to.all()) == [lawyer]
    assert access_level(lawyer, person) == Access.SENSITIVE


def test_an_edit_cannot_set_a_sensitive_vulnerability_the_editor_may_not_see(make_staff, person):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    services.person_edit(
        person=person,
        edited_by=operator,
        version=person.version,
        phones=[],
        vulnerabilities=[Vulnerability.DETAINED, Vulnerability.GBV_SURVIVOR],
    )
    person.refresh_from_db()
    assert set(person.vulnerabilities) == {Vulnerability.DETAINED, Vulnerability.TRAFFICKING_VICTIM}
