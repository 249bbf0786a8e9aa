"""The event and participant pages: what a coordinator does on them, what a lawyer only
sees, and what a user of another office gets (404)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.trainings.models import Agency, Attendance, Enrolment, Event, Participant
from komek.trainings.tests.factories import enrol, make_event, make_participant


@pytest.fixture
def coordinator(make_staff):
    return make_staff(Role.COORDINATOR, username="coordinator")


@pytest.fixture
def lawyer(make_staff):
    return make_staff(Role.LAWYER, username="lawyer")


@pytest.fixture
def outsider(make_staff, other_office):
    return make_staff(Role.COORDINATOR, username="outsider", office=other_office)


@pytest.fixture
def event(office, coordinator):
    return make_event(office=office, user=coordinator, days=2)


@pytest.fixture
def enrolment(event, coordinator):
    return enrol(event, make_participant(phone="+77011234567"), user=coordinator, attended=False)


def test_a_coordinator_creates_an_event_from_the_form(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("trainings:event_create"),
        {
            "title": "Семинар для трудовых инспекторов",
            "format": "seminar",
            "status": "planned",
            "starts_on": "2026-11-02",
            "ends_on": "2026-11-03",
            "region": "KZ-62",
            "city": "Жезказган",
            "hours": "16",
            "days_required": "2",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("trainings:event_detail", args=[event.pk])
    assert (event.region, event.office, event.created_by) == (
        "KZ-62",
        coordinator.office,
        coordinator,
    )


def test_the_form_names_the_last_day_before_the_first(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("trainings:event_create"),
        {
            "title": "Семинар",
            "format": "seminar",
            "status": "planned",
            "starts_on": "2026-11-03",
            "ends_on": "2026-11-02",
            "region": "KZ-71",
            "city": "Астана",
            "hours": "8",
            "days_required": "1",
        },
    )
    assert response.status_code == 400
    assert "ends_on" in response.context["form"].errors
    assert not Event.objects.exists()


def test_the_list_filters_by_region_and_year(client_for, coordinator, office, event):
    make_event(office=office, user=coordinator, title="Алматы", region="KZ-75")
    make_event(
        office=office, user=coordinator, title="Прошлый год", starts_on=datetime.date(2025, 5, 5)
    )
    response = client_for(coordinator).get(
        reverse("trainings:event_list"), {"region": "KZ-71", "year": "2026"}
    )
    assert [shown.title for shown in response.context["page"]] == [event.title]


def test_the_event_page_shows_participants_with_agency_and_audits_the_reading(
    client_for, coordinator, event, enrolment
):
    response = client_for(coordinator).get(reverse("trainings:event_detail", args=[event.pk]))
    assert response.context["event"] == event
    assert response.context["enrolments"] == [enrolment]
    assert str(Agency.MIGRATION_POLICE.label) in response.content.decode()
    assert AuditEntry.objects.filter(
        actor=coordinator, action=Action.VIEW, object_type="trainings.Event"
    ).exists()


def test_the_attendance_grid_saves_the_ticked_days(client_for, coordinator, event, enrolment):
    first, second = event.starts_on, event.ends_on
    client = client_for(coordinator)
    url = reverse("trainings:event_attendance", args=[event.pk])
    client.post(url, {f"a-{enrolment.pk}-{first}": "on", f"a-{enrolment.pk}-{second}": "on"})
    client.post(url, {f"a-{enrolment.pk}-{second}": "on"})
    assert list(Attendance.objects.values_list("day", flat=True)) == [second]


def test_a_lawyer_sees_the_grid_but_cannot_save_it(client_for, lawyer, event, enrolment):
    client = client_for(lawyer)
    page = client.get(reverse("trainings:event_detail", args=[event.pk]))
    assert b"disabled" in page.content
    response = client.post(
        reverse("trainings:event_attendance", args=[event.pk]),
        {f"a-{enrolment.pk}-{event.starts_on}": "on"},
    )
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_a_user_of_another_office_finds_neither_the_event_nor_its_participant(
    client_for, outsider, event, enrolment
):
    client = client_for(outsider)
    assert client.get(reverse("trainings:event_detail", args=[event.pk])).status_code == 404
    participant = reverse("trainings:participant_detail", args=[enrolment.participant_id])
    assert client.get(participant).status_code == 404
    listed = client.get(reverse("trainings:participant_list"))
    assert list(listed.context["page"]) == []
    assert list(client.get(reverse("trainings:event_list")).context["page"]) == []


def test_an_official_is_registered_one_by_one_and_found_again(
    client_for, coordinator, event, office
):
    known = make_participant()
    response = client_for(coordinator).post(
        reverse("trainings:event_register", args=[event.pk]),
        {"surname": "Akhmetov", "given_name": "Erlan", "sex": "M",
         "agency": "migration_police", "region": "KZ-71"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Enrolment.objects.get(event=event).participant == known
    assert Participant.objects.count() == 1


def test_the_import_page_enrols_the_list(client_for, coordinator, event, tmp_path):
    book = Workbook()
    book.active.append(["Тегі", "Аты", "Жынысы", "Мекеме"])
    book.active.append(["Омаров", "Бауыржан", "ер", "Еңбек инспекциясы"])
    book.save(tmp_path / "list.xlsx")
    upload = SimpleUploadedFile("list.xlsx", (tmp_path / "list.xlsx").read_bytes())
    response = client_for(coordinator).post(
        reverse("trainings:event_import", args=[event.pk]), {"file": upload}
    )
    assert response.status_code == 200
    assert [row.participant.surname for row in response.context["imported"]] == ["Омаров"]
    assert Enrolment.objects.filter(event=event).count() == 1


def test_the_import_page_shows_every_problem_and_imports_nothing(client_for, coordinator, event):
    text = "Фамилия;Имя;Пол;Ведомство\nОмаров;;м;суд\nКим;Ольга;?;суд\n"
    upload = SimpleUploadedFile("list.csv", text.encode())
    response = client_for(coordinator).post(
        reverse("trainings:event_import", args=[event.pk]), {"file": upload}
    )
    assert response.status_code == 400
    errors = response.context["errors"]
    assert len(errors) == 2
    assert errors[0].startswith(("row 2", "строка 2"))
    assert errors[1].startswith(("row 3", "строка 3"))
    assert not Participant.objects.exists()


def test_the_registry_lists_the_officials_of_the_office_and_audits_the_page(
    client_for, lawyer, enrolment
):
    response = client_for(lawyer).get(reverse("trainings:participant_list"), {"q": "ахметов"})
    assert list(response.context["page"]) == [enrolment.participant]
    entry = AuditEntry.objects.get(actor=lawyer, action=Action.VIEW)
    assert str(enrolment.participant_id) in entry.detail


def test_the_participant_page_shows_their_events(client_for, lawyer, event, enrolment):
    response = client_for(lawyer).get(
        reverse("trainings:participant_detail", args=[enrolment.participant_id])
    )
    assert [shown.event for shown in response.context["enrolments"]] == [event]


def test_a_coordinator_edits_a_participant(client_for, coordinator, enrolment):
    response = client_for(coordinator).post(
        reverse("trainings:participant_edit", args=[enrolment.participant_id]),
        {"surname": "Ахметов", "given_name": "Ерлан", "sex": "M", "agency": "court",
         "region": "KZ-71", "phone": "8 701 765 43 21"},
    )  # fmt: skip
    assert response.status_code == 302
    enrolment.participant.refresh_from_db()
    assert (enrolment.participant.agency, enrolment.participant.phone) == ("court", "+77017654321")


def test_the_registry_filters_by_agency_and_sex(client_for, coordinator, event):
    enrol(event, make_participant(), user=coordinator)
    asel = make_participant(given_name="Асель", sex="F", agency="court")
    enrol(event, asel, user=coordinator)
    response = client_for(coordinator).get(
        reverse("trainings:participant_list"), {"sex": "F", "agency": "court"}
    )
    assert list(response.context["page"]) == [asel]
