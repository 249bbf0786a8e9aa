"""The hotline form refuses a caller's or a new person's name made only of characters
that draw nothing (zero-width spaces, direction marks and overrides)."""

import uuid

import pytest
from django.urls import reverse

from komek.core.roles import Role
from komek.hotline.models import Contact
from komek.people.models import INVISIBLE_NAME, Person


@pytest.mark.parametrize(
    "fields",
    [
        {"register": "on", "new_given_name": "\u200b\u200c\u200d"},
        {"register": "on", "new_given_name": "Бахром", "new_surname": "\u202e\u202d"},
        {"caller_name": "\ufeff\u200e"},
    ],
    ids=["given name", "surname", "caller's name"],
)
def test_the_hotline_form_refuses_an_invisible_name_and_writes_nothing(
    make_staff, client_for, fields
):
    response = client_for(make_staff(Role.HOTLINE_OPERATOR)).post(
        reverse("hotline:log"),
        {
            "channel": "call",
            "direction": "in",
            "language": "ru",
            "outcome": "answered",
            "submission_key": str(uuid.uuid4()),
            **fields,
        },
    )
    assert response.status_code == 200
    assert str(INVISIBLE_NAME) in response.content.decode()
    assert not Contact.objects.exists()
    assert not Person.objects.exists()
