"""The hotline's caller history shows the caller's open cases and who works on them: the
cases app registers the panel, the hotline knows nothing of cases."""

import pytest
from django.urls import reverse

from komek.cases.models import Case, Status
from komek.core.roles import Role
from komek.people.services import person_update


@pytest.fixture
def operator(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR)


@pytest.fixture
def phoned(client_person):
    return person_update(person=client_person, updated_by=None, phones=["+998 90 123 45 67"])


def lookup(client, phone: str) -> str:
    return client.get(reverse("hotline:lookup"), {"caller_phone": phone}).content.decode()


def test_the_caller_s_open_case_is_shown_with_the_lawyer(client_for, operator, phoned, case):
    html = lookup(client_for(operator), "90 123 45")
    assert reverse("cases:detail", args=[case.pk]) in html
    assert "erzhan" in html


def test_a_closed_case_is_not(client_for, operator, phoned, case):
    Case.objects.filter(pk=case.pk).update(status=Status.RESOLVED, outcome="other")
    assert reverse("cases:detail", args=[case.pk]) not in lookup(client_for(operator), "90 123 45")


def test_an_operator_of_another_office_sees_no_case(
    client_for, make_staff, other_office, phoned, case
):
    outsider = make_staff(Role.HOTLINE_OPERATOR, office=other_office)
    assert reverse("cases:detail", args=[case.pk]) not in lookup(client_for(outsider), "90 123 45")
