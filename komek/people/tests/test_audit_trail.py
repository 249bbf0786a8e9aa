"""The audit trail of a person's record: what the DPO sees of a change, and the reads
and refusals of the record's pages."""

import pytest
from django.urls import reverse
from django.utils import translation

from komek.audit import display
from komek.audit.models import Action, AuditEntry
from komek.audit.selectors import shown_changes
from komek.core.roles import Role
from komek.people import services
from komek.people.models import Person, Vulnerability

PASSPORT = "FA7712345"


@pytest.fixture
def person(office):
    return services.person_create(
        created_by=None, office=office, surname="Хусанов", given_name="Шерзод", born_year=1990
    )


@pytest.fixture
def edited(client_for, make_staff, person):
    """A coordinator adds a passport and a sensitive vulnerability, and moves the person."""
    client = client_for(make_staff(Role.COORDINATOR))
    client.post(
        reverse("people:document_add", args=[person.pk]),
        {"kind": "passport", "number": PASSPORT, "status": "held"},
    )
    response = client.post(
        reverse("people:edit", args=[person.pk]),
        {
            "surname": "Хусанов",
            "given_name": "Шерзод",
            "born": "1990",
            "registration_status": "unknown",
            "address": "Алматы, ул. Абая, 1",
            "vulnerabilities": [Vulnerability.TRAFFICKING_VICTIM],
            "version": Person.objects.get(pk=person.pk).version,
        },
    )
    assert response.status_code == 302
    return person


def test_the_dpo_sees_who_changed_which_fields_but_no_passport_number_or_vulnerability(
    client_for, make_staff, edited
):
    page = client_for(make_staff(Role.DATA_PROTECTION_OFFICER)).get(reverse("audit:entry_list"))
    html = page.content.decode()
    with translation.override("ru"):
        assert f"<strong>{Person._meta.get_field('vulnerabilities').verbose_name}</strong>" in html
        assert f"<strong>{display.CHANGES['document']}</strong>" in html
    assert PASSPORT not in html
    assert Vulnerability.TRAFFICKING_VICTIM.value not in html
    assert str(Vulnerability.TRAFFICKING_VICTIM.label) not in html


def test_a_viewer_who_may_not_open_the_record_sees_which_fields_changed_not_their_values(
    make_staff, edited
):
    change = AuditEntry.objects.filter(action=Action.CHANGE, changes__has_key="address")
    shown_changes(change, make_staff(Role.LAWYER))
    shown = {item.field: item for item in change[0].shown_changes}
    assert shown["address"].values_shown is False
    assert shown["address"].new is None


def test_the_values_of_sensitive_fields_are_not_even_stored(edited):
    stored = [entry.changes for entry in AuditEntry.objects.filter(object_id=str(edited.pk))]
    assert PASSPORT not in str(stored)
    assert Vulnerability.TRAFFICKING_VICTIM.value not in str(stored)
    change = AuditEntry.objects.get(action=Action.CHANGE, changes__has_key="address")
    assert change.changes["vulnerabilities"] is None
    assert change.changes["address"] == ["", "Алматы, ул. Абая, 1"]


def test_a_viewer_who_may_open_the_record_sees_its_values_but_never_the_sensitive_ones(
    make_staff, edited
):
    change = AuditEntry.objects.filter(action=Action.CHANGE, changes__has_key="address")
    shown_changes(change, make_staff(Role.COORDINATOR, username="second-coordinator"))
    shown = {item.field: item for item in change[0].shown_changes}
    assert shown["address"].values_shown is True
    assert shown["address"].new == "Алматы, ул. Абая, 1"
    assert shown["vulnerabilities"].values_shown is False


def test_sensitive_values_written_before_they_were_left_out_are_not_shown(make_staff, person):
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                action=Action.CHANGE,
                object_type="people.Person",
                object_id=str(person.pk),
                changes={"vulnerabilities": [[], [Vulnerability.GBV_SURVIVOR.value]]},
            )
        ]
    )
    entries = list(AuditEntry.objects.filter(changes__has_key="vulnerabilities"))
    shown_changes(entries, make_staff(Role.COORDINATOR))
    assert entries[0].shown_changes[0].values_shown is False


def test_a_record_of_another_office_looked_for_is_audited(
    client_for, make_staff, person, other_office
):
    outsider = make_staff(Role.HOTLINE_OPERATOR, office=other_office)
    url = reverse("people:detail", args=[person.pk])
    assert client_for(outsider).get(url).status_code == 404
    entry = AuditEntry.objects.get(action=Action.REFUSED)
    assert entry.actor == outsider
    assert entry.detail == f"404 GET {url}"


def test_opening_a_persons_edit_page_is_audited_as_a_read(client_for, make_staff, person):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    response = client_for(operator).get(reverse("people:edit", args=[person.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(actor=operator, action=Action.VIEW)
    assert (entry.object_type, entry.object_id) == ("people.Person", str(person.pk))
