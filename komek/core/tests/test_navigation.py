"""The main menu marks one entry as the current page: the most specific one."""

from django.test import RequestFactory

from komek.conftest import make_user
from komek.core.context_processors import navigation_entries
from komek.core.roles import Role


def current(path: str, user) -> list[str]:
    request = RequestFactory().get(path)
    request.user = user
    request.user.is_verified = lambda: True
    return [str(entry["url"]) for entry in navigation_entries(request) if entry["active"]]


def test_the_most_specific_entry_is_current(office):
    coordinator = make_user("menu", Role.COORDINATOR, office)
    assert current("/cases/tasks/", coordinator) == ["/cases/tasks/"]
    assert current("/cases/12/", coordinator) == ["/cases/"]
    assert current("/statistics/reports/7/", coordinator) == ["/statistics/reports/"]
    assert current("/statistics/advocacy/", coordinator) == ["/statistics/"]
    assert current("/", coordinator) == []
