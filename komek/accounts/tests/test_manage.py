import subprocess
import sys

import pytest
from django.urls import reverse

from komek.accounts.models import User
from komek.accounts.scoping import can_reach, in_scope
from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role


@pytest.fixture
def admin(make_staff):
    return make_staff(Role.ADMINISTRATOR, username="timur")


def user_data(office, **overrides):
    data = {
        "username": "dinara",
        "first_name": "Динара",
        "last_name": "Есенова",
        "role": Role.SOCIAL_WORKER,
        "office": office.pk,
        "language": "ru",
        "is_active": "on",
        "password": "long-enough-passphrase",
    }
    data.update(overrides)
    return data


def test_an_administrator_creates_a_user(client_for, admin, office):
    response = client_for(admin).post(reverse("accounts:user_create"), user_data(office))
    assert response.status_code == 302
    user = User.objects.get(username="dinara")
    assert user.check_password("long-enough-passphrase")
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(user.pk)).exists()


@pytest.mark.parametrize("password", ["short", "password123", "1234567890123"])
def test_a_weak_password_is_refused_and_nothing_is_written(client_for, admin, office, password):
    response = client_for(admin).post(
        reverse("accounts:user_create"), user_data(office, password=password)
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not User.objects.filter(username="dinara").exists()


def test_a_role_change_is_audited_with_old_and_new_values(client_for, admin, office, make_staff):
    user = make_staff(Role.HOTLINE_OPERATOR, username="ops")
    client_for(admin).post(
        reverse("accounts:user_edit", args=[user.pk]),
        user_data(office, username="ops", role=Role.LAWYER, password=""),
    )
    entry = AuditEntry.objects.filter(action=Action.CHANGE, object_id=str(user.pk)).get()
    assert entry.changes["role"] == [Role.HOTLINE_OPERATOR, Role.LAWYER]


@pytest.mark.parametrize("role", [role for role in Role.values if role != Role.ADMINISTRATOR])
def test_only_administrators_manage_users(client_for, make_staff, role):
    client = client_for(make_staff(role))
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:office_list")).status_code == 403


def test_the_language_is_stored_on_the_account(client_for, make_staff):
    user = make_staff()
    client = client_for(user)
    client.post(reverse("accounts:set_language"), {"language": "kk", "next": "/"})
    user.refresh_from_db()
    assert user.language == "kk"
    assert '<html lang="kk">' in client.get(reverse("core:home")).content.decode()


def test_an_unknown_language_falls_back_to_russian_and_unsafe_next_is_ignored(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert response.cookies["django_language"].value == "ru"


def test_scoping_shows_own_office_to_office_staff_and_all_to_national_roles(
    make_staff, office, other_office
):
    users = User.objects.all()
    operator = make_staff(Role.HOTLINE_OPERATOR)
    make_staff(Role.HOTLINE_OPERATOR, office=other_office)
    assert set(in_scope(users, operator).values_list("office", flat=True)) == {office.pk}
    assert in_scope(users, make_staff(Role.DATA_PROTECTION_OFFICER)).count() == users.count()
    national = make_staff(Role.COORDINATOR, national_scope=True)
    assert can_reach(national, other_office.pk)
    assert not can_reach(operator, other_office.pk)


def run_komek(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "komek.manage", *args],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=False,
    )


PRODUCTION = {
    "KOMEK_ENV": "production",
    "SECRET_KEY": "k" * 20 + "9Zx!q" * 10,
    "ALLOWED_HOSTS": "komek.example.org",
    "DATABASE_URL": "sqlite:////tmp/komek-deploy-check.sqlite3",
}


def test_the_deploy_check_is_clean_in_production():
    result = run_komek("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = run_komek("check", **env)
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.parametrize("command", [["seed_demo"], ["totp", "admin"]])
def test_demo_tools_refuse_to_run_in_production(command):
    result = run_komek(*command, **PRODUCTION)
    assert result.returncode != 0
    assert "production" in result.stderr
