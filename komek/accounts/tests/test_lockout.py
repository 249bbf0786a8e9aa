"""Guessing is slowed down, then locked out, by username and by address; a stranger cannot
lock out a user who signs in from a known device."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from komek.accounts.devices import COOKIE
from komek.accounts.models import LoginFailure
from komek.accounts.tests.test_signin import code_for, fail_patiently, sign_in_with_password
from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role

HOME = "198.51.100.7"
ATTACKER = "203.0.113.66"


@pytest.fixture
def staff(make_staff):
    return make_staff(Role.COORDINATOR, username="aigerim")


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def full_sign_in(client, user, **extra):
    """Password and code: afterwards the browser is a known device of the user."""
    sign_in_with_password(client, username=user.username, **extra)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return client.post(reverse("accounts:second_factor"), {"token": code_for(device)}, **extra)


def test_failures_first_slow_down_with_the_time_left_and_the_attempt_is_not_checked(
    client, staff, settings
):
    fail_patiently(client, settings.LOGIN_SLOWDOWN_AFTER)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in_with_password(client, password="nope")
        clock.shift(timedelta(seconds=1))
        too_soon = sign_in_with_password(client)
        assert too_soon.status_code == 200
        assert not signed_in(client)
        waited = settings.LOGIN_DELAY_SECONDS * 2 - 1
        assert too_soon.context["form"].non_field_errors() == [
            f"Слишком много неудачных попыток. Повторите через {waited} секунд."
        ]
        checked = LoginFailure.objects.exclude(reason=LoginFailure.Reason.THROTTLED)
        assert checked.count() == settings.LOGIN_SLOWDOWN_AFTER + 1
        clock.shift(timedelta(seconds=waited))
        assert sign_in_with_password(client).status_code == 302


def test_attempts_made_while_told_to_wait_do_not_lengthen_the_user_s_lock(client, staff, settings):
    fail_patiently(client, settings.LOGIN_SLOWDOWN_AFTER)
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(21):
            sign_in_with_password(client, password="nope")
    counted = LoginFailure.objects.exclude(reason=LoginFailure.Reason.THROTTLED)
    assert counted.count() == settings.LOGIN_SLOWDOWN_AFTER + 1
    assert LoginFailure.objects.filter(reason=LoginFailure.Reason.THROTTLED).count() == 20


def test_an_address_trying_many_usernames_is_blocked(client, make_staff, settings):
    victim = make_staff(Role.LAWYER, username="victim")
    for number in range(40):
        sign_in_with_password(
            client, username=f"user{number}", password="nope", REMOTE_ADDR=ATTACKER
        )
    assert AuditEntry.objects.filter(
        action=Action.LOCKED_OUT, detail=f"address {ATTACKER}"
    ).exists()
    blocked = sign_in_with_password(client, username="victim", REMOTE_ADDR=ATTACKER)
    assert blocked.status_code == 200
    assert not signed_in(client)
    elsewhere = Client()
    assert (
        sign_in_with_password(elsewhere, username=victim.username, REMOTE_ADDR=HOME).status_code
        == 302
    )


def test_the_address_is_the_one_the_trusted_proxy_appended(client, make_staff, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    make_staff(Role.LAWYER, username="victim")
    for number in range(40):
        forged = f"192.0.2.{number}, {ATTACKER}"
        sign_in_with_password(
            client, username=f"user{number}", password="nope", HTTP_X_FORWARDED_FOR=forged
        )
    response = sign_in_with_password(
        client, username="victim", HTTP_X_FORWARDED_FOR=f"192.0.2.200, {ATTACKER}"
    )
    assert response.status_code == 200
    assert not signed_in(client)


def test_a_stranger_cannot_lock_out_a_user_on_a_known_device(staff, settings):
    mine = Client()
    full_sign_in(mine, staff, REMOTE_ADDR=HOME)
    assert COOKIE in mine.cookies
    mine.post(reverse("accounts:logout"))

    attacker = Client()
    fail_patiently(attacker, settings.LOGIN_FAILURE_LIMIT + 2, REMOTE_ADDR=ATTACKER)
    assert sign_in_with_password(Client(), REMOTE_ADDR=HOME).status_code == 200

    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        # A minute on: the authenticator refuses a code it accepted once.
        response = full_sign_in(mine, staff, REMOTE_ADDR=HOME)
        assert response.status_code == 302
        assert mine.get(reverse("core:home")).status_code == 200
    # The attacker's failures still lock the username for every other browser.
    assert sign_in_with_password(Client(), REMOTE_ADDR=HOME).status_code == 200


def test_a_known_device_does_not_pass_a_blocked_address(client, staff, make_staff, settings):
    full_sign_in(client, staff, REMOTE_ADDR=ATTACKER)
    client.post(reverse("accounts:logout"))
    for number in range(40):
        sign_in_with_password(
            Client(), username=f"user{number}", password="nope", REMOTE_ADDR=ATTACKER
        )
    response = sign_in_with_password(client, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 200
    assert not signed_in(client)


def test_a_known_device_still_counts_its_own_failures(client, staff, settings):
    full_sign_in(client, staff, REMOTE_ADDR=HOME)
    client.post(reverse("accounts:logout"))
    fail_patiently(client, settings.LOGIN_FAILURE_LIMIT, REMOTE_ADDR=HOME)
    assert sign_in_with_password(client, REMOTE_ADDR=HOME).status_code == 200


def test_a_right_code_during_the_authenticator_s_back_off_is_not_a_failure(client, staff):
    sign_in_with_password(client)
    device = TOTPDevice.objects.get(user=staff)
    device.throttling_failure_count = 8
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    response = client.post(reverse("accounts:second_factor"), {"token": code_for(device)})
    assert response.status_code == 200
    assert "_auth_user_id" in client.session
    assert not LoginFailure.objects.filter(reason=LoginFailure.Reason.CODE).exists()
    assert not AuditEntry.objects.filter(action=Action.LOGIN_FAILED, detail="code").exists()
    assert client.get(reverse("core:home")).status_code == 302
