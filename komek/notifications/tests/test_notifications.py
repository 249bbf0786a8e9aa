"""Notifications: each user sees, opens and counts only their own."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import RequestFactory
from django.urls import reverse
from django.utils.translation import gettext_lazy

from komek.core.context_processors import menu_entries
from komek.core.navigation import Menu
from komek.core.roles import Role
from komek.notifications.models import Notification
from komek.notifications.services import notify


@pytest.fixture
def lawyer(make_staff):
    return make_staff(Role.LAWYER, username="lawyer")


@pytest.fixture
def colleague(make_staff):
    return make_staff(Role.LAWYER, username="colleague")


def header_count(user) -> int:
    request = RequestFactory().get("/")
    request.user = user
    request.user.is_verified = lambda: True
    # Other apps put their own buttons in the header (a lawyer's queue, say).
    entries = menu_entries(request, Menu.HEADER)
    (notifications,) = [e for e in entries if e["url"] == reverse("notifications:list")]
    return notifications["count"]


def test_the_list_shows_only_the_users_own_notifications(client_for, lawyer, colleague):
    notify(user=lawyer, key="mine", message="Task for the lawyer")
    notify(user=colleague, key="theirs", message="Task for the colleague")

    page = client_for(lawyer).get(reverse("notifications:list")).content.decode()

    assert "Task for the lawyer" in page
    assert "Task for the colleague" not in page


def test_opening_a_notification_marks_it_read_and_goes_to_its_target(client_for, lawyer):
    notification = notify(user=lawyer, key="task", message="Task due", url="/cases/7/")

    response = client_for(lawyer).post(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/cases/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_target_on_another_site_is_not_followed(client_for, lawyer):
    notification = notify(user=lawyer, key="odd", message="Odd", url="https://evil.example/")
    response = client_for(lawyer).post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_another_users_notification_cannot_be_opened(client_for, lawyer, colleague):
    notification = notify(user=colleague, key="theirs", message="Not yours", url="/cases/7/")

    response = client_for(lawyer).post(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_all_as_read_leaves_other_users_unread(client_for, lawyer, colleague):
    notify(user=lawyer, key="one", message="One")
    notify(user=lawyer, key="two", message="Two")
    notify(user=colleague, key="one", message="One")

    client_for(lawyer).post(reverse("notifications:read_all"))

    assert header_count(lawyer) == 0
    assert header_count(colleague) == 1


def test_the_header_counts_the_users_unread_notifications(lawyer, colleague):
    first = notify(user=lawyer, key="one", message="One")
    notify(user=lawyer, key="two", message="Two")
    notify(user=colleague, key="one", message="One")
    assert header_count(lawyer) == 2

    first.read_at = first.created_at
    first.save()
    assert header_count(lawyer) == 1


def test_a_key_notifies_once(lawyer):
    assert notify(user=lawyer, key="task-7", message="Task due") is not None
    assert notify(user=lawyer, key="task-7", message="Task due") is None
    assert Notification.objects.filter(user=lawyer).count() == 1


def test_the_text_is_in_the_recipients_language(make_staff):
    kazakh = make_staff(Role.LAWYER, username="kazakh", language="kk")
    notification = notify(user=kazakh, key="k", message=gettext_lazy("Notifications"))
    assert notification.text == "Хабарламалар"


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
