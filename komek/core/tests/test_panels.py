"""Panels for a list of objects: each object's panels in the list's order, a panel that
can render them all at once asked once for all of them."""

from types import SimpleNamespace

from django.test import RequestFactory

from komek.core import panels
from komek.core.roles import Capability, Role


def test_each_object_gets_its_panels_and_a_panel_for_all_at_once_is_asked_once(
    make_staff, monkeypatch
):
    monkeypatch.setattr(panels, "_panels", [])
    asked = []

    def cases_of_each(request, people):
        asked.append([person.pk for person in people])
        return {person.pk: f"cases of {person.pk}" for person in people if person.pk != 2}

    def probe(title, capability, order, **rendering):
        panels.register(panels.Panel("probe", title, capability, order, **rendering))

    probe(
        "Cases",
        Capability.HOTLINE_LOG,
        1,
        render=lambda request, person: f"cases of {person.pk}",
        render_each=cases_of_each,
    )
    probe(
        "Status", Capability.HOTLINE_LOG, 2, render=lambda request, person: f"status of {person.pk}"
    )
    probe("Accounts", Capability.ACCOUNTS_MANAGE, 3, render=lambda request, person: "not for you")
    request = RequestFactory().get("/")
    request.user = make_staff(Role.HOTLINE_OPERATOR)
    # The second factor was passed, as the OTP middleware would say.
    request.user.is_verified = lambda: True
    people = [SimpleNamespace(pk=pk) for pk in (1, 2, 3)]

    shown = panels.rendered_each(request, "probe", people)

    assert [[panel["html"] for panel in of_person] for of_person in shown] == [
        ["cases of 1", "status of 1"],
        ["status of 2"],
        ["cases of 3", "status of 3"],
    ]
    assert asked == [[1, 2, 3]]
    assert panels.rendered(request, "probe", people[2]) == shown[2]
    assert panels.rendered_each(request, "probe", []) == []
    assert asked == [[1, 2, 3], [3]]
