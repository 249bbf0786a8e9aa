"""Accounts asks, through core's signal, for the data protection officers to be told of
every change of access; the notifications app delivers it in each officer's language."""

import pytest
from django.urls import reverse

from komek.accounts import services
from komek.accounts.access import user_change
from komek.accounts.models import AccessChange
from komek.conftest import make_user
from komek.core.roles import Role
from komek.notifications.models import Notification


@pytest.mark.django_db
def test_every_data_protection_officer_is_notified_of_a_promotion():
    office = services.office_create(created_by=None, code="astana", name="Астана", city="Астана")
    admin = make_user("timur", Role.ADMINISTRATOR, office)
    officers = [
        make_user("asel", Role.DATA_PROTECTION_OFFICER, office, language="en"),
        make_user("marat", Role.DATA_PROTECTION_OFFICER, office, language="ru"),
    ]
    lawyer = make_user("erzhan", Role.LAWYER, office)
    user_change(user=lawyer, changed_by=admin, role=Role.COORDINATOR, national_scope=True)
    change = AccessChange.objects.get(user=lawyer)
    english, russian = (
        Notification.objects.get(user=officer, key=f"access-change-{change.pk}-requested")
        for officer in officers
    )
    assert english.text == (
        "timur asks to change the access of erzhan from Lawyer, Астана to Coordinator, "
        "all offices; it waits for a second administrator."
    )
    assert russian.text.startswith("timur просит изменить доступ erzhan: было Юрист, Астана")
    assert english.url == (
        f"{reverse('audit:entry_list')}?object_type=accounts.User&object_id={lawyer.pk}"
    )
    assert not Notification.objects.filter(user__in=[admin, lawyer]).exists()
