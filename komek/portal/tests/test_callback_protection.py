"""The callback form's protection: a honeypot, a signed form time (too fast, too old,
forged), limits per address and per number counted in the database, a proof of work once
abuse is seen, accepted once; whatever is refused keeps nothing."""

from datetime import timedelta

import pytest
from django.test import Client

from komek.hotline.models import Contact, WebRequestMark
from komek.portal import protection
from komek.portal.tests.callback_helpers import (
    FILLING,
    fields,
    send,
    served_at,
    solve,
    stopped_clock,
    tampered,
    url,
    wages,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(office):
    return wages()


def refused(response, refusal: protection.Refusal) -> None:
    assert response.status_code == refusal.status
    html = response.content.decode()
    assert f'data-refusal="{refusal}"' in html
    # The person is given a fresh form to send again.
    assert 'name="served_at"' in html


def test_a_filled_honeypot_is_dropped(topic):
    with stopped_clock() as clock:
        response = send(clock, topic, website="http://spam.example")
    refused(response, protection.Refusal.HONEYPOT)
    assert not Contact.objects.exists()


def test_a_form_sent_too_fast_is_refused_and_the_fresh_one_goes_through(topic):
    with stopped_clock() as clock:
        response = send(clock, topic, wait=1)
        refused(response, protection.Refusal.TOO_FAST)
        assert not Contact.objects.exists()

        page = response.content.decode()
        clock.shift(FILLING)
        again = Client(REMOTE_ADDR="10.0.0.1").post(
            url(), {"served_at": served_at(page), **fields(topic)}
        )
    assert again.status_code == 302
    assert Contact.objects.count() == 1


def test_a_form_open_too_long_is_refused(topic):
    with stopped_clock() as clock:
        response = send(clock, topic, wait=protection.limits().max_age + timedelta(seconds=1))
    refused(response, protection.Refusal.TOO_OLD)
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    "token",
    [lambda: "", lambda: "forged", lambda: protection.served_at_token() + "x"],
    ids=["missing", "forged", "altered"],
)
def test_a_missing_or_forged_form_time_is_refused(topic, token):
    # Made in the test, not when tests are collected: a token signed at collection time
    # differs between two collecting processes, which pytest-xdist refuses.
    with stopped_clock() as clock:
        response = send(clock, topic, served_at=token())
    refused(response, protection.Refusal.FORGED)
    assert not Contact.objects.exists()


def test_the_sixth_request_from_one_address_within_the_hour_is_refused_politely(topic):
    with stopped_clock() as clock:
        for n in range(protection.limits().address):
            assert send(clock, topic, caller_phone=f"+99890123456{n}").status_code == 302
        response = send(clock, topic, caller_phone="+998901234569")
        refused(response, protection.Refusal.ADDRESS_LIMIT)
        assert Contact.objects.count() == protection.limits().address

        assert (
            send(clock, topic, address="10.0.0.2", caller_phone="+998901234569").status_code == 302
        )
        clock.shift(protection.limits().address_window)
        assert send(clock, topic, caller_phone="+998901234568").status_code == 302


def test_a_number_asking_again_and_again_is_refused_whatever_the_address(topic):
    with stopped_clock() as clock:
        for n in range(protection.limits().phone):
            assert send(clock, topic, address=f"10.0.1.{n}").status_code == 302
        response = send(clock, topic, address="10.0.1.99")
    refused(response, protection.Refusal.PHONE_LIMIT)
    assert Contact.objects.count() == 1


def test_the_limits_are_the_settings(topic, settings):
    settings.PORTAL_CALLBACK_ADDRESS_LIMIT = 2
    settings.PORTAL_CALLBACK_PROOF_AFTER = 5
    with stopped_clock() as clock:
        for n in range(2):
            assert send(clock, topic, caller_phone=f"+99890123456{n}").status_code == 302
        response = send(clock, topic, caller_phone="+998901234569")
    refused(response, protection.Refusal.ADDRESS_LIMIT)
    assert Contact.objects.count() == 2


@pytest.mark.parametrize(
    ("minutes", "lang", "said"),
    [
        (60, "en", "Please try again in 1 hour,"),
        (30, "en", "Please try again in 30 minutes,"),
        (120, "ru", "Попробуйте, пожалуйста, ещё раз через 2 часа"),
        (30, "ru", "Попробуйте, пожалуйста, ещё раз через 30 минут"),
    ],
)
def test_the_address_is_told_when_it_may_ask_again(topic, settings, minutes, lang, said):
    settings.PORTAL_CALLBACK_ADDRESS_LIMIT = 1
    settings.PORTAL_CALLBACK_ADDRESS_WINDOW_MINUTES = minutes
    with stopped_clock() as clock:
        send(clock, topic, lang=lang)
        response = send(clock, topic, lang=lang, caller_phone="+998901234569")
    refused(response, protection.Refusal.ADDRESS_LIMIT)
    assert said in response.content.decode()


@pytest.mark.parametrize(("hours", "said"), [(24, "in the last 24 hours."), (1, "last 1 hour.")])
def test_the_number_is_told_which_window_it_has_filled(topic, settings, hours, said):
    settings.PORTAL_CALLBACK_PHONE_LIMIT = 1
    settings.PORTAL_CALLBACK_PHONE_WINDOW_HOURS = hours
    with stopped_clock() as clock:
        send(clock, topic, lang="en")
        response = send(clock, topic, lang="en", address="10.0.0.2")
    refused(response, protection.Refusal.PHONE_LIMIT)
    assert said in response.content.decode()


def test_the_limits_default_to_five_an_hour_per_address_and_three_a_day_per_number():
    limits = protection.limits()
    assert (limits.address, limits.address_window) == (5, timedelta(hours=1))
    assert (limits.phone, limits.phone_window) == (3, timedelta(days=1))
    assert (limits.min_fill, limits.max_age) == (timedelta(seconds=3), timedelta(hours=2))
    assert limits.proof_after == 2


def test_a_proof_of_work_is_asked_once_an_address_has_sent_enough(topic):
    with stopped_clock() as clock:
        for n in range(protection.limits().proof_after):
            send(clock, topic, caller_phone=f"+99890123456{n}")
        html = Client(REMOTE_ADDR="10.0.0.1").get(url()).content.decode()
        assert "<altcha-widget" in html
        assert 'src="/static/portal/vendor/altcha/altcha.min.js"' in html
        assert 'src="/static/portal/callback.js"' in html
        assert "<noscript>" in html
        assert "<script>" not in html and "style=" not in html
        assert "<altcha-widget" not in Client(REMOTE_ADDR="10.0.0.2").get(url()).content.decode()

        response = send(clock, topic, caller_phone="+998901234567", proved=False)
        refused(response, protection.Refusal.PROOF_MISSING)
        assert send(clock, topic, caller_phone="+998901234567").status_code == 302


def test_a_wrong_or_reused_proof_is_refused(topic):
    with stopped_clock() as clock:
        for n in range(protection.limits().proof_after):
            send(clock, topic, caller_phone=f"+99890123456{n}")
        client = Client(REMOTE_ADDR="10.0.0.1")
        page = client.get(url()).content.decode()
        proof = solve(page)

        response = send(clock, topic, caller_phone="+998901234567", altcha=tampered(proof))
        refused(response, protection.Refusal.PROOF_INVALID)
        assert send(clock, topic, caller_phone="+998901234567", altcha=proof).status_code == 302
        response = send(clock, topic, caller_phone="+998901234568", altcha=proof)
        refused(response, protection.Refusal.PROOF_INVALID)
    assert Contact.objects.count() == protection.limits().proof_after + 1


def test_an_expired_proof_is_refused(topic):
    with stopped_clock() as clock:
        for n in range(protection.limits().proof_after):
            send(clock, topic, caller_phone=f"+99890123456{n}")
        page = Client(REMOTE_ADDR="10.0.0.1").get(url()).content.decode()
        proof = solve(page)
        clock.shift(protection.PROOF_LIFETIME)
        response = send(clock, topic, caller_phone="+998901234567", altcha=proof)
    refused(response, protection.Refusal.PROOF_INVALID)


def test_the_counts_keep_neither_the_address_nor_the_number(topic):
    with stopped_clock() as clock:
        send(clock, topic, address="10.9.8.7")
    mark = WebRequestMark.objects.get()
    kept = f"{mark.address} {mark.phone} {mark.proof}"
    assert "10.9.8.7" not in kept
    assert "935551234" not in kept
    assert mark.phone


def test_counts_past_the_longest_window_are_forgotten(topic):
    with stopped_clock() as clock:
        send(clock, topic, caller_phone="+998901234560")
        clock.shift(protection.limits().kept + timedelta(minutes=1))
        send(clock, topic, caller_phone="+998901234561")
    assert WebRequestMark.objects.count() == 1
