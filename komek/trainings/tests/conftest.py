import pytest
from django.utils import translation

from komek.accounts.models import User
from komek.core.roles import Role
from komek.trainings.tests.factories import enrol, make_event, make_participant


@pytest.fixture(autouse=True)
def _in_english(settings, monkeypatch):
    """These tests read the staff interface in English, the catalogs' own words, so that a
    reviewer's better Russian or Kazakh wording does not break them: the services' errors
    and the staff pages (users' language). The participants' public pages are in Russian
    or Kazakh only, Russian first."""
    settings.LANGUAGE_CODE = "en"
    monkeypatch.setattr(User._meta.get_field("language"), "default", "en")
    translation.activate("en")


@pytest.fixture
def coordinator(make_staff):
    return make_staff(Role.COORDINATOR, username="coordinator")


@pytest.fixture
def lawyer(make_staff):
    return make_staff(Role.LAWYER, username="lawyer")


@pytest.fixture
def seminar(office, coordinator):
    """A two-day seminar in Astana: both days needed for a certificate."""
    return make_event(office=office, user=coordinator, days=2, hours=16)


@pytest.fixture
def present(seminar, coordinator):
    """An official present on both days of the seminar."""
    official = make_participant(
        surname="Ахметов", given_name="Ерлан", patronymic="Серикович", phone="+77011234567",
        unit="УМП ДП г. Астаны",
    )  # fmt: skip
    return enrol(seminar, official, user=coordinator)
