from datetime import timedelta
from importlib import import_module

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from komek.accounts.middleware import SecondFactorMiddleware
from komek.audit.models import Action, AuditEntry
from komek.conftest import PASSWORD
from komek.core.roles import Role


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.fixture
def staff(make_staff):
    return make_staff(Role.HOTLINE_OPERATOR, username="aigerim")


def sign_in_with_password(client, username="aigerim", password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def test_a_password_then_a_code_signs_in_and_is_audited(client, staff):
    response = sign_in_with_password(client)
    assert response["Location"].startswith(reverse("accounts:second_factor"))
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(reverse("accounts:second_factor"), {"token": code_for(device)})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEntry.objects.filter(action=Action.LOGIN, actor=staff).exists()


def test_a_wrong_password_is_refused_and_recorded(client, staff):
    response = sign_in_with_password(client, password="nope")
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert AuditEntry.objects.filter(action=Action.LOGIN_FAILED, actor_username="aigerim").exists()


def fail_patiently(client, times: int, username="aigerim", **extra) -> None:
    """Wrong passwords over the last minutes, each after the wait the previous one imposed."""
    with time_machine.travel(timezone.now() - timedelta(minutes=times), tick=False) as clock:
        for _ in range(times):
            sign_in_with_password(client, username=username, password="nope", **extra)
            clock.shift(timedelta(seconds=50))


def test_five_failures_lock_the_username_even_for_the_right_password(client, staff, settings):
    fail_patiently(client, settings.LOGIN_FAILURE_LIMIT)
    assert AuditEntry.objects.filter(action=Action.LOCKED_OUT).exists()
    response = sign_in_with_password(client)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_an_administrator_unlocks_a_locked_user(client, client_for, make_staff, staff, settings):
    fail_patiently(client, settings.LOGIN_FAILURE_LIMIT)
    admin = make_staff(Role.ADMINISTRATOR)
    client_for(admin).post(reverse("accounts:user_unlock", args=[staff.pk]))
    assert sign_in_with_password(client).status_code == 302


def test_a_wrong_code_counts_as_a_failure(client, staff):
    sign_in_with_password(client)
    response = client.post(reverse("accounts:second_factor"), {"token": "000000"})
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action=Action.LOGIN_FAILED, detail="code").exists()
    assert client.get(reverse("core:home")).status_code == 302


def test_next_is_followed_only_within_the_site(client, staff):
    response = sign_in_with_password(client, **{"QUERY_STRING": "next=https://evil.example/"})
    assert "evil.example" not in response["Location"]


def test_an_inactive_user_cannot_sign_in(client, staff):
    staff.is_active = False
    staff.save()
    assert sign_in_with_password(client).status_code == 200


def test_sign_out_needs_a_post_and_is_audited(client_for, staff):
    client = client_for(staff)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert AuditEntry.objects.filter(action=Action.LOGOUT, actor=staff).exists()


def test_a_reset_of_the_second_factor_is_audited_and_asks_for_an_enrolment_link(
    client, client_for, make_staff, staff
):
    admin = make_staff(Role.ADMINISTRATOR)
    client_for(admin).post(reverse("accounts:user_reset_2fa", args=[staff.pk]))
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert AuditEntry.objects.filter(action=Action.SECOND_FACTOR_RESET, actor=admin).exists()
    sign_in_with_password(client)
    page = client.get(reverse("accounts:second_factor")).content.decode()
    assert "<svg" not in page
    assert 'name="token"' not in page


def test_a_password_change_needs_the_old_password_and_is_audited_without_it(client_for, make_staff):
    user = make_staff(Role.LAWYER)
    client = client_for(user)
    url = reverse("accounts:password_change")
    new = "another-long-passphrase"
    refused = client.post(
        url, {"old_password": "wrong", "new_password1": new, "new_password2": new}
    )
    assert refused.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    entry = AuditEntry.objects.filter(action=Action.CHANGE, object_id=str(user.pk)).latest("pk")
    assert entry.changes["password"] == ["***", "***"]
    assert new not in str(entry.changes)


def test_a_signed_in_user_is_read_with_their_office_and_devices_and_not_when_deactivated(
    staff, office, django_assert_num_queries
):
    from komek.accounts.backends import StaffBackend

    confirmed = TOTPDevice.objects.get(user=staff, confirmed=True)
    TOTPDevice.objects.create(user=staff, name="new phone", confirmed=False)
    with django_assert_num_queries(1):
        user = StaffBackend().get_user(staff.pk)
        assert user.office.code == office.code
        assert user.confirmed_devices == [confirmed]
    # Values are converted as the ORM converts them (SQLite gives back text and numbers).
    assert user.date_joined == staff.date_joined
    assert user.is_active is True
    assert user.confirmed_devices[0].created_at == confirmed.created_at
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    assert StaffBackend().get_user(staff.pk) is None
    assert StaffBackend().get_user(0) is None
    assert StaffBackend().get_user("0; DROP") is None


def requested_by(client) -> HttpRequest:
    """A request with ``client``'s session, through authentication and the second factor."""
    request = RequestFactory().get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(
        client.session.session_key
    )
    AuthenticationMiddleware(lambda request: None).process_request(request)
    SecondFactorMiddleware(lambda request: HttpResponse())(request)
    return request


def test_a_request_reads_its_session_then_its_user_with_the_device(
    staff, client_for, django_assert_num_queries
):
    request = requested_by(client_for(staff))
    device = TOTPDevice.objects.get(user=staff)
    with django_assert_num_queries(2):
        assert request.user == staff
        assert request.user.is_verified()
        assert request.user.otp_device == device


def test_a_device_unconfirmed_or_of_another_user_does_not_verify(staff, make_staff, client_for):
    client = client_for(staff)
    TOTPDevice.objects.filter(user=staff).update(confirmed=False)
    assert not requested_by(client).user.is_verified()

    client = client_for(other := make_staff(Role.HOTLINE_OPERATOR))
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=staff).persistent_id
    session.save()
    request = requested_by(client)
    assert request.user == other
    assert not request.user.is_verified()
    assert "otp_device_id" not in request.session
