"""Actions: a higher app's buttons on a lower app's page, shown to whom they apply."""

import pytest
from django.test import RequestFactory

from komek.core import actions
from komek.core.roles import Capability, Role


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(actions, "_actions", [])
    return actions


def request_by(user):
    request = RequestFactory().get("/")
    request.user = user
    # The second factor was passed, as the OTP middleware would say.
    request.user.is_verified = lambda: True
    return request


def button(
    label,
    page="test:page",
    capability=Capability.CASES_OPEN,
    order=10,
    url=lambda request, obj: "/go/",
):
    return actions.Action(page=page, label=label, capability=capability, order=order, url=url)


def test_an_action_is_shown_only_to_staff_with_its_capability(registry, make_staff):
    registry.register(button("Open", capability=Capability.CASES_WORK))
    lawyer, operator = make_staff(Role.LAWYER), make_staff(Role.HOTLINE_OPERATOR)
    assert [shown.label for shown in registry.shown(request_by(lawyer), "test:page", None)] == [
        "Open"
    ]
    assert registry.shown(request_by(operator), "test:page", None) == []


def test_an_action_without_a_url_for_the_object_is_hidden_for_it(registry, make_staff):
    registry.register(
        button("Even only", url=lambda request, number: f"/{number}/" if number % 2 == 0 else None)
    )
    request = request_by(make_staff(Role.LAWYER))
    assert [shown.url for shown in registry.shown(request, "test:page", 2)] == ["/2/"]
    assert registry.shown(request, "test:page", 3) == []


def test_actions_come_in_their_order_and_only_on_their_page(registry, make_staff):
    registry.register(button("Second", order=20))
    registry.register(button("First", order=10))
    registry.register(button("Elsewhere", page="other:page", order=1))
    request = request_by(make_staff(Role.LAWYER))
    assert [shown.label for shown in registry.shown(request, "test:page", None)] == [
        "First",
        "Second",
    ]
