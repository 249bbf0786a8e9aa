"""An office's opening hours and place: kept as data with the office, edited in its form,
refused when they make no sense, audited and kept in its history."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from komek.accounts import demo, services
from komek.accounts.hours import Opening, openings, validate_hours
from komek.accounts.models import Office
from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role


@pytest.fixture
def admin(make_staff):
    return make_staff(Role.ADMINISTRATOR, username="timur")


def office_data(**overrides) -> dict:
    data = {"code": "astana", "name": "Астана", "city": "Астана", "is_active": "on"}
    data.update(overrides)
    return data


WEEKDAYS_9_TO_6 = {
    **{f"opens_{day}": "09:00" for day in range(5)},
    **{f"closes_{day}": "18:00" for day in range(5)},
}


def test_consecutive_days_with_the_same_hours_make_one_line():
    hours = [
        [5, "10:00", "14:00"],
        *([day, "09:00", "18:00"] for day in (0, 1, 2, 4)),
        [3, "09:00", "17:00"],
    ]
    assert openings(hours) == [
        Opening(0, 2, "09:00", "18:00"),
        Opening(3, 3, "09:00", "17:00"),
        Opening(4, 4, "09:00", "18:00"),
        Opening(5, 5, "10:00", "14:00"),
    ]


def test_a_week_of_hours_is_valid():
    validate_hours([[day, "09:00", "18:00"] for day in range(7)])
    validate_hours([])


@pytest.mark.parametrize(
    "hours",
    [
        {"0": ["09:00", "18:00"]},
        [[7, "09:00", "18:00"]],
        [[0, "09:00", "18:00"], [0, "10:00", "12:00"]],
        [[0, "18:00", "09:00"]],
        [[0, "nine", "18:00"]],
        [[0, "09:00"]],
        [[0, 9, 18]],
    ],
    ids=[
        "not-a-list",
        "no-eighth-day",
        "a-day-twice",
        "closes-first",
        "not-a-time",
        "short",
        "numbers",
    ],
)
def test_hours_that_make_no_sense_are_refused(office, admin, hours):
    with pytest.raises(ValidationError):
        services.office_update(office=office, updated_by=admin, hours=hours)
    office.refresh_from_db()
    assert office.hours == []


def test_an_administrator_gives_an_office_its_hours_and_place(client_for, admin, office):
    data = office_data(
        **WEEKDAYS_9_TO_6,
        opens_5="10:00",
        closes_5="14:00",
        latitude="51.1694",
        longitude="71.4491",
    )
    response = client_for(admin).post(reverse("accounts:office_edit", args=[office.pk]), data)
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.hours == [
        *([day, "09:00", "18:00"] for day in range(5)),
        [5, "10:00", "14:00"],
    ]
    assert (office.latitude, office.longitude) == (Decimal("51.16940"), Decimal("71.44910"))
    entry = AuditEntry.objects.filter(action=Action.CHANGE, object_id=str(office.pk)).get()
    assert set(entry.changes) >= {"hours", "latitude", "longitude"}
    assert office.history.first().hours == office.hours


def test_the_form_shows_the_hours_the_office_has(client_for, admin, office):
    services.office_update(office=office, updated_by=admin, hours=[[2, "08:30", "12:00"]])
    html = client_for(admin).get(reverse("accounts:office_edit", args=[office.pk])).content
    assert b'name="opens_2" value="08:30"' in html
    assert b'name="closes_2" value="12:00"' in html


@pytest.mark.parametrize(
    "times",
    [{"opens_0": "09:00"}, {"closes_0": "18:00"}, {"opens_0": "18:00", "closes_0": "09:00"}],
    ids=["no-closing", "no-opening", "closes-before-it-opens"],
)
def test_a_day_with_half_its_hours_or_the_wrong_way_round_is_refused(
    client_for, admin, office, times
):
    url = reverse("accounts:office_edit", args=[office.pk])
    response = client_for(admin).post(url, office_data(**times))
    assert response.status_code == 200
    assert b'aria-invalid="true"' in response.content
    office.refresh_from_db()
    assert office.hours == []


def test_a_latitude_without_a_longitude_is_refused(client_for, admin, office):
    url = reverse("accounts:office_edit", args=[office.pk])
    response = client_for(admin).post(url, office_data(latitude="51.1694"))
    assert response.status_code == 200
    office.refresh_from_db()
    assert office.latitude is None


def test_only_an_administrator_edits_an_offices_hours(client_for, make_staff, office):
    url = reverse("accounts:office_edit", args=[office.pk])
    response = client_for(make_staff(Role.COORDINATOR)).post(url, office_data(**WEEKDAYS_9_TO_6))
    assert response.status_code == 403
    office.refresh_from_db()
    assert office.hours == []


@pytest.mark.django_db
def test_the_demo_offices_have_hours_and_a_place_even_when_seeded_before_them():
    services.office_create(created_by=None, code="astana", name="Астана", city="Астана")
    demo.seed()
    offices = Office.objects.filter(code__in=["astana", "almaty", "shymkent"])
    assert offices.count() == 3
    for office in offices:
        assert office.openings, office.code
        assert office.latitude is not None, office.code
        assert office.longitude is not None, office.code
