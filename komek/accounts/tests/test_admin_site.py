"""The Django admin, when turned on, sits behind Komek's sign-in: no login of its own."""

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.urls import clear_url_caches, path, reverse

import komek.urls
from komek.conftest import PASSWORD
from komek.core.roles import Role

ADMIN = "/" + django_settings.ADMIN_URL


@pytest.fixture(autouse=True)
def _admin_turned_on(settings):
    """As KOMEK_DJANGO_ADMIN=1 would mount it."""
    settings.DJANGO_ADMIN = True
    settings.ROOT_URLCONF = type(
        "Urls",
        (),
        {"urlpatterns": [*komek.urls.urlpatterns, path(settings.ADMIN_URL, admin.site.urls)]},
    )
    clear_url_caches()
    yield
    clear_url_caches()


@pytest.fixture
def superuser(make_staff):
    return make_staff(Role.ADMINISTRATOR, username="root", is_staff=True, is_superuser=True)


def test_the_admin_login_never_checks_a_password_and_answers_alike_for_right_and_wrong(
    client, superuser
):
    answers = []
    for password in (PASSWORD, "wrong-password"):
        response = client.post(
            f"{ADMIN}login/", {"username": "root", "password": password, "next": ADMIN}
        )
        answers.append((response.status_code, response["Location"], response.content))
        assert "_auth_user_id" not in client.session
    assert answers[0] == answers[1]
    assert answers[0][0] == 302
    assert answers[0][1].startswith(reverse("accounts:login"))


def test_the_admin_sends_an_anonymous_visitor_to_komek_s_sign_in(client):
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert response.status_code == 200


def test_a_password_without_the_second_factor_does_not_open_the_admin(client, superuser):
    client.login(username="root", password=PASSWORD)
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:second_factor"))


def test_a_verified_administrator_who_is_staff_opens_the_admin(client_for, superuser):
    assert client_for(superuser).get(ADMIN).status_code == 200


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.DATA_PROTECTION_OFFICER])
def test_other_verified_staff_are_refused_even_as_superusers(client_for, make_staff, role):
    user = make_staff(role, is_staff=True, is_superuser=True)
    client = client_for(user)
    assert client.get(ADMIN, follow=True).status_code == 403
