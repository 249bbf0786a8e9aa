"""Settings come from the environment, and a value Komek cannot read stops it."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from komek.settings import envbool


@pytest.mark.parametrize("value", ["1", "true", "True", " yes ", "ON"])
def test_a_switch_is_on_for_the_usual_words_for_yes(monkeypatch, value):
    monkeypatch.setenv("KOMEK_TEST_SWITCH", value)
    assert envbool("KOMEK_TEST_SWITCH", "false") is True


@pytest.mark.parametrize("value", ["", "0", "false", "No", "off"])
def test_a_switch_is_off_for_the_usual_words_for_no(monkeypatch, value):
    monkeypatch.setenv("KOMEK_TEST_SWITCH", value)
    assert envbool("KOMEK_TEST_SWITCH", "true") is False


def test_an_unset_switch_takes_its_default(monkeypatch):
    monkeypatch.delenv("KOMEK_TEST_SWITCH", raising=False)
    assert envbool("KOMEK_TEST_SWITCH", "true") is True


def test_a_misspelt_switch_is_refused_naming_the_variable_and_the_accepted_values(monkeypatch):
    monkeypatch.setenv("KOMEK_TEST_SWITCH", "ture")
    with pytest.raises(ImproperlyConfigured) as refused:
        envbool("KOMEK_TEST_SWITCH", "false")
    assert str(refused.value) == (
        "KOMEK_TEST_SWITCH='ture' is neither on (1, true, yes, on) "
        "nor off (0, false, no, off, or empty)."
    )


def settings_in_a_fresh_process(**environ: str) -> subprocess.CompletedProcess:
    code = (
        "import django; from django.conf import settings; django.setup();"
        " print(settings.TRUST_X_FORWARDED_FOR, settings.KOMEK_REMINDER_EMAILS,"
        " settings.DJANGO_ADMIN)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "komek.settings", **environ},
        capture_output=True,
        text=True,
        check=False,
    )


def test_komek_refuses_to_start_with_a_misspelt_switch():
    started = settings_in_a_fresh_process(DEBUG="flase")
    assert started.returncode != 0
    assert "ImproperlyConfigured: DEBUG='flase' is neither on" in started.stderr


def test_the_proxy_and_email_switches_are_read_from_the_environment():
    started = settings_in_a_fresh_process(TRUST_X_FORWARDED_FOR="1", KOMEK_REMINDER_EMAILS="yes")
    assert started.stdout.split()[:2] == ["True", "True"]
    started = settings_in_a_fresh_process(TRUST_X_FORWARDED_FOR="", KOMEK_REMINDER_EMAILS="0")
    assert started.stdout.split()[:2] == ["False", "False"]


STRONG_KEY = "k3!xQ9#zP" * 6
PRODUCTION = {"KOMEK_ENV": "production", "ALLOWED_HOSTS": "komek.example.org"}


def test_production_starts_with_a_long_random_key_and_debug_off():
    started = settings_in_a_fresh_process(**PRODUCTION, SECRET_KEY=STRONG_KEY)
    assert started.returncode == 0, started.stderr


def test_production_refuses_to_start_with_debug_on():
    started = settings_in_a_fresh_process(**PRODUCTION, SECRET_KEY=STRONG_KEY, DEBUG="1")
    assert started.returncode != 0
    assert "DEBUG must be off in production." in started.stderr


@pytest.mark.parametrize("key", ["short-secret", "a" * 60])
def test_production_refuses_to_start_with_a_guessable_secret_key(key):
    started = settings_in_a_fresh_process(**PRODUCTION, SECRET_KEY=key)
    assert started.returncode != 0
    assert "SECRET_KEY must be at least 50 random characters in production" in started.stderr


def test_the_django_admin_is_off_unless_turned_on():
    assert settings_in_a_fresh_process().stdout.split()[2] == "False"
    assert settings_in_a_fresh_process(KOMEK_DJANGO_ADMIN="1").stdout.split()[2] == "True"


@pytest.mark.django_db
def test_the_django_admin_login_is_not_there_by_default(client):
    assert client.get("/django-admin/login/").status_code == 404
