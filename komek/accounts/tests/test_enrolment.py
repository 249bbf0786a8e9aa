"""An account without an authenticator enrols one only through a one-time, expiring link
an administrator issued; a password alone never enrols one."""

import hashlib
from datetime import timedelta
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from komek.accounts import services
from komek.accounts.models import EnrolmentLink
from komek.accounts.tests.test_signin import code_for, sign_in_with_password
from komek.audit.models import Action, AuditEntry
from komek.conftest import PASSWORD
from komek.core.roles import Role
from komek.core.tests.test_csp import assert_strict


@pytest.fixture
def newcomer(office):
    """A new account: a password, no authenticator yet."""
    return services.user_create(
        created_by=None, password=PASSWORD, username="new", role=Role.LAWYER, office=office
    )


@pytest.fixture
def admin(make_staff):
    return make_staff(Role.ADMINISTRATOR, username="timur")


def issue_link(client_for, admin, user) -> str:
    page = client_for(admin).post(reverse("accounts:user_enrolment_link", args=[user.pk]))
    assert page.status_code == 200
    return page.context["link"]


def open_link(client, link: str):
    parts = urlsplit(link)
    return client.get(parts.path, {"token": parse_qs(parts.query)["token"][0]})


def enrolment_device(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=False)


def test_a_password_alone_reaches_no_enrolment_and_enrols_nothing(client, newcomer):
    """The attack: someone who learnt a new user's password signs in to enrol their own
    authenticator."""
    response = sign_in_with_password(client, username="new")
    assert response.status_code == 302
    page = client.get(reverse("accounts:second_factor")).content.decode()
    assert "<svg" not in page
    assert 'name="token"' not in page
    for token in ("000000", "123456"):
        client.post(reverse("accounts:second_factor"), {"token": token})
    assert not TOTPDevice.objects.filter(user=newcomer).exists()
    assert client.get(reverse("core:home")).status_code == 302
    enrol = client.get(reverse("accounts:enrol"))
    assert enrol["Location"] == reverse("accounts:login")
    assert not TOTPDevice.objects.filter(user=newcomer).exists()


def test_the_link_enrols_once_signs_in_and_is_audited(client, client_for, admin, newcomer):
    link = issue_link(client_for, admin, newcomer)
    token = parse_qs(urlsplit(link).query)["token"][0]
    stored = EnrolmentLink.objects.get(user=newcomer)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(EnrolmentLink.objects.values()))
    assert AuditEntry.objects.filter(actor=admin, detail="enrolment link issued").exists()

    opened = open_link(client, link)
    assert opened["Location"] == reverse("accounts:enrol")
    page = client.get(reverse("accounts:enrol"))
    assert "<svg" in page.content.decode()
    assert_strict(page)
    device = enrolment_device(newcomer)
    response = client.post(
        reverse("accounts:enrol"), {"password": PASSWORD, "token": code_for(device)}
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEntry.objects.filter(actor=newcomer, detail="enrolment link used").exists()
    assert AuditEntry.objects.filter(action=Action.SECOND_FACTOR_ENROLLED).exists()

    again = open_link(client.__class__(), link)
    assert again["Location"] == reverse("accounts:login")


def test_the_link_also_needs_the_account_s_password(client, client_for, admin, newcomer):
    open_link(client, issue_link(client_for, admin, newcomer))
    client.get(reverse("accounts:enrol"))
    device = enrolment_device(newcomer)
    response = client.post(
        reverse("accounts:enrol"), {"password": "not-it", "token": code_for(device)}
    )
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed is False
    assert AuditEntry.objects.filter(action=Action.LOGIN_FAILED, actor_username="new").exists()


def test_an_account_without_a_password_sets_one_with_the_link(client, client_for, admin, office):
    user = services.user_create(
        created_by=None, password=None, username="nopass", role=Role.LAWYER, office=office
    )
    open_link(client, issue_link(client_for, admin, user))
    page = client.get(reverse("accounts:enrol")).content.decode()
    assert 'name="new_password1"' in page
    assert 'name="password"' not in page
    device = enrolment_device(user)
    new = "a-long-new-passphrase"
    response = client.post(
        reverse("accounts:enrol"),
        {"new_password1": new, "new_password2": new, "token": code_for(device)},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_the_link_expires(client, client_for, admin, newcomer, settings):
    link = issue_link(client_for, admin, newcomer)
    later = timezone.now() + timedelta(hours=settings.ENROLMENT_LINK_HOURS, minutes=1)
    with time_machine.travel(later, tick=False):
        assert open_link(client, link)["Location"] == reverse("accounts:login")


def test_a_new_link_or_a_reset_ends_the_earlier_one(client, client_for, admin, newcomer):
    first = issue_link(client_for, admin, newcomer)
    second = issue_link(client_for, admin, newcomer)
    assert open_link(client, first)["Location"] == reverse("accounts:login")
    services.second_factor_reset(user=newcomer, reset_by=admin)
    assert open_link(client, second)["Location"] == reverse("accounts:login")


def test_no_link_is_issued_for_an_account_with_an_authenticator(client_for, admin, make_staff):
    enrolled = make_staff(Role.LAWYER)
    response = client_for(admin).post(reverse("accounts:user_enrolment_link", args=[enrolled.pk]))
    assert response.status_code == 302
    assert not EnrolmentLink.objects.exists()


def test_the_command_prints_a_working_link(client, newcomer):
    out = StringIO()
    call_command(
        "enrolment_link",
        "new",
        "--base-url",
        "https://komek.example.org",
        stdout=out,
        stderr=StringIO(),
    )
    link = out.getvalue().strip()
    assert link.startswith("https://komek.example.org/accounts/enrol/?token=")
    assert open_link(client, link)["Location"] == reverse("accounts:enrol")
    assert AuditEntry.objects.filter(detail="enrolment link issued", actor=None).exists()


def test_the_command_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user is called ghost"):
        call_command("enrolment_link", "ghost")
