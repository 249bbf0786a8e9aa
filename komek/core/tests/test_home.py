"""The home page: what waits for the signed-in user, each app its own panel for "home"."""

from django.utils.html import format_html

from komek.core import panels
from komek.core.roles import Capability, Role


def test_the_home_page_shows_the_panels_the_user_may_see(make_staff, client_for, monkeypatch):
    monkeypatch.setattr(panels, "_panels", [])
    panels.register(
        panels.Panel(
            page="home",
            title="Callbacks due",
            capability=Capability.HOTLINE_LOG,
            order=1,
            render=lambda request, user: format_html("<p>for {}</p>", user.username),
        )
    )
    panels.register(
        panels.Panel(
            page="home",
            title="Approvals",
            capability=Capability.ACCOUNTS_MANAGE,
            order=2,
            render=lambda request, user: "<p>to approve</p>",
        )
    )
    panels.register(
        panels.Panel(
            page="home",
            title="Nothing waits",
            capability=Capability.HOTLINE_LOG,
            order=3,
            render=lambda request, user: "",
        )
    )
    operator = make_staff(Role.HOTLINE_OPERATOR, username="op")

    page = client_for(operator).get("/").content.decode()

    assert "Callbacks due" in page and "<p>for op</p>" in page
    assert "Approvals" not in page and "to approve" not in page
    assert "Nothing waits" not in page
