"""Hotline's count on the page that compares two records of one person before a merge:
each record's contacts, as far as the reader's offices go."""

import re

import pytest
from django.utils import translation

from komek.core.roles import Role
from komek.hotline.tests.logged import log, today
from komek.people.services import person_create

pytestmark = pytest.mark.django_db


def test_each_records_contacts_are_counted_side_by_side(client_for, make_staff, office):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    kept = person_create(created_by=None, office=office, surname="Хусанов", given_name="Шерзод")
    duplicate = person_create(
        created_by=None, office=office, surname="Xusanov", given_name="Sherzod"
    )
    for _ in range(2):
        log(operator, day=today(), person=duplicate)
    page = client_for(operator).get(f"/people/{kept.pk}/merge/?other={duplicate.pk}")
    with translation.override(operator.language):
        label = translation.gettext("Contacts")
    row = re.search(rf'<tr[^>]*><th scope="row">{label}.*?</tr>', page.content.decode(), re.S)
    assert re.findall(r"<td>(.*?)</td>", row.group(0)) == ["0", "2"]
    assert "data-differs" in row.group(0)
