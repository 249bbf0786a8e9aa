"""A database out of reach gets a page saying so (503, no traceback), and Komek serves
again as soon as it is back; a full disk refuses an upload cleanly (507, no half file)."""

import errno

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, connection
from django.urls import reverse
from django.utils import translation

from komek.core.roles import Role
from komek.core.storage import FileSystemStorage

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    """The first query of a page, loading its session, finds no database."""
    state: dict = {"error": None}
    load = SessionStore.load

    def unreachable(self):
        if state["error"] is not None:
            raise state["error"]
        return load(self)

    monkeypatch.setattr(SessionStore, "load", unreachable)
    return state


def _driver_error() -> Exception:
    """What the driver raises where Django does not wrap it: closing a server-side cursor
    (a form's choices iterated by a template) on a connection the server dropped."""
    return connection.Database.OperationalError("consuming input failed: server closed")


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("server closed the connection"),
        InterfaceError("closed"),
        _driver_error(),
    ],
)
def test_a_page_without_its_database_says_so_without_a_traceback(
    client_for, make_staff, database_down, error
):
    client = client_for(make_staff(Role.HOTLINE_OPERATOR))
    client.raise_request_exception = False
    database_down["error"] = error
    with translation.override("en"):
        response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    text = response.content.decode()
    assert "Komek cannot reach its database right now" in text
    assert "Traceback" not in text and "server closed" not in text


def test_the_page_is_in_the_language_of_the_interface(client_for, make_staff, database_down):
    client = client_for(make_staff(Role.HOTLINE_OPERATOR))
    client.raise_request_exception = False
    database_down["error"] = OperationalError("database is locked")
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 503
    assert "Komek сейчас не может связаться со своей базой данных" in response.content.decode()


def test_komek_serves_again_when_the_database_is_back(client_for, make_staff, database_down):
    client = client_for(make_staff(Role.HOTLINE_OPERATOR))
    client.raise_request_exception = False
    database_down["error"] = OperationalError("the database system is starting up")
    assert client.get(reverse("core:home")).status_code == 503
    database_down["error"] = None
    assert client.get(reverse("core:home")).status_code == 200


def test_an_error_raised_by_a_lost_database_gets_the_same_page(client_for, make_staff, monkeypatch):
    def broken(request):
        try:
            raise OperationalError("server closed the connection")
        except OperationalError as lost:
            raise RuntimeError("the page could not be built") from lost

    monkeypatch.setattr("komek.core.views.navigation_entries", broken)
    client = client_for(make_staff(Role.HOTLINE_OPERATOR))
    client.raise_request_exception = False
    assert client.get(reverse("core:home")).status_code == 503


def test_another_error_keeps_the_plain_error_page(client_for, make_staff, monkeypatch):
    def broken(request):
        raise ValueError("a bug")

    monkeypatch.setattr("komek.core.views.navigation_entries", broken)
    client = client_for(make_staff(Role.HOTLINE_OPERATOR))
    client.raise_request_exception = False
    response = client.get(reverse("core:home"))
    assert response.status_code == 500
    assert "a bug" not in response.content.decode()


class FillsTheDisk(ContentFile):
    def chunks(self, chunk_size=None):
        yield b"the first half"
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_file_that_fills_the_disk_leaves_no_half_written_file(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    with pytest.raises(OSError) as refused:
        storage.save("cases/scan.pdf", FillsTheDisk(b"", name="scan.pdf"))
    assert refused.value.errno == errno.ENOSPC
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_a_full_disk_gets_a_clear_page(client_for, make_staff, monkeypatch):
    def full(request):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("komek.core.views.navigation_entries", full)
    client = client_for(make_staff(Role.HOTLINE_OPERATOR))
    client.raise_request_exception = False
    response = client.get(reverse("core:home"))
    assert response.status_code == 507
    assert "ваш файл не сохранён" in response.content.decode()  # the user's language
