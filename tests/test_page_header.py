"""The header every page shares: core draws it, accounts and notifications fill it
(core/navigation.py), and it reads as it did when core named their URLs itself."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from komek.accounts import services
from komek.conftest import make_user, verified_client
from komek.core.roles import Role
from komek.notifications.services import notify


@pytest.fixture
def office(db):
    return services.office_create(created_by=None, code="astana", name="Астана", city="Астана")


def header(html: str) -> str:
    html = html[: html.index("</header>")]
    html = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', 'name="csrfmiddlewaretoken"', html)
    return re.sub(r"\s*\n\s*", "\n", html)


def test_the_header_shows_notifications_with_the_unread_count_and_the_user_menu(office):
    user = make_user("header", Role.COORDINATOR, office)
    notify(user=user, key="one", message="Task due")
    notify(user=user, key="two", message="Another task due")

    html = header(verified_client(user).get(reverse("core:home")).content.decode())

    assert (
        '<a class="btn btn-sm btn-warning ms-lg-2" href="/notifications/">Уведомления'
        ' <span class="badge text-bg-light">2</span>'
        '<span class="visually-hidden">непрочитанных</span></a>\n'
        '<div class="dropdown ms-lg-2">'
    ) in html
    assert (
        '<li><span class="dropdown-item-text small text-body-secondary">'
        "Координатор · Астана</span></li>\n"
        '<li><a class="dropdown-item" href="/accounts/password/">Сменить пароль</a></li>\n'
        '<li><form method="post" action="/accounts/logout/">'
        '<input type="hidden" name="csrfmiddlewaretoken">'
        '<button class="dropdown-item" type="submit">Выйти</button></form></li>\n'
        "</ul>"
    ) in html


def test_without_unread_notifications_the_button_shows_no_count(office):
    user = make_user("calm", Role.HOTLINE_OPERATOR, office)
    html = header(verified_client(user).get(reverse("core:home")).content.decode())
    assert (
        '<a class="btn btn-sm btn-outline-light ms-lg-2" href="/notifications/">Уведомления</a>'
    ) in html


def test_the_sign_in_page_has_the_language_switch_and_no_menus(db):
    html = header(Client().get(reverse("accounts:login")).content.decode())
    assert '<form method="post" action="/accounts/language/" class="ms-lg-3 d-flex gap-1"' in html
    assert "/notifications/" not in html
    assert "/accounts/logout/" not in html
