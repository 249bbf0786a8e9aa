"""Events and their participants: dates checked, the registry deduplicated by the folded
name and agency, participant codes, attendance per day, all audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.trainings import services
from komek.trainings.models import (
    Agency,
    Attendance,
    Enrolment,
    Event,
    EventStatus,
    Format,
    Participant,
    Topic,
)
from komek.trainings.tests.factories import make_event, make_participant

OCT_5 = datetime.date(2026, 10, 5)


@pytest.fixture
def coordinator(make_staff):
    return make_staff(Role.COORDINATOR, username="coordinator")


@pytest.fixture
def event(office, coordinator):
    return make_event(office=office, user=coordinator, days=2)


def official(**fields) -> dict:
    return {
        "surname": "Ахметов",
        "given_name": "Ерлан",
        "sex": "M",
        "agency": Agency.MIGRATION_POLICE,
        "region": "KZ-71",
    } | fields


def test_an_event_is_created_with_its_topics_and_audited(office, coordinator):
    topic = Topic.objects.create(name="Трудовая миграция")
    event = services.event_create(
        topics=[topic],
        created_by=coordinator,
        office=office,
        title="Круглый стол",
        format=Format.ROUND_TABLE,
        starts_on=OCT_5,
        ends_on=OCT_5,
        region="KZ-10",
        city="Семей",
    )
    entry = AuditEntry.objects.get(
        action=Action.CREATE, object_type="trainings.Event", object_id=str(event.pk)
    )
    assert entry.changes["region"] == [None, "KZ-10"]
    # Kept by id, shown by the topic's name in the reader's language.
    assert entry.changes["topics"] == [None, [topic.pk]]
    assert Event.history_display["topics"]([topic.pk]) == "Трудовая миграция"
    assert event.status == EventStatus.PLANNED


def test_an_event_ending_before_it_starts_is_refused_on_the_last_day(office, coordinator):
    with pytest.raises(ValidationError) as refused:
        services.event_create(
            created_by=coordinator,
            office=office,
            title="Семинар",
            format=Format.SEMINAR,
            starts_on=OCT_5,
            ends_on=OCT_5 - datetime.timedelta(days=1),
            region="KZ-71",
            city="Астана",
        )
    assert "ends_on" in refused.value.message_dict


def test_a_certificate_cannot_need_more_days_than_the_event_has(event, coordinator):
    with pytest.raises(ValidationError) as refused:
        services.event_update(event=event, updated_by=coordinator, days_required=3)
    assert "days_required" in refused.value.message_dict


def test_an_event_is_cancelled_by_an_edit_with_the_change_audited(event, coordinator):
    services.event_update(event=event, updated_by=coordinator, status=EventStatus.CANCELLED)
    entry = AuditEntry.objects.get(
        action=Action.CHANGE, object_type="trainings.Event", object_id=str(event.pk)
    )
    assert entry.changes["status"] == ["planned", "cancelled"]


@pytest.mark.parametrize(
    "surname,given_name",
    [("Ахметов", "Ерлан"), ("Akhmetov", "Yerlan"), ("ЕРЛАН", "АХМЕТОВ")],
)
def test_the_same_official_in_another_script_or_order_is_found_again(
    event, coordinator, surname, given_name
):
    first = make_participant()
    registered = services.participant_register(
        event=event, by=coordinator, **official(surname=surname, given_name=given_name)
    )
    assert registered.recognised is True
    assert registered.enrolment.participant == first
    assert Participant.objects.count() == 1


def test_the_same_name_in_another_agency_is_another_official(event, coordinator):
    make_participant()
    registered = services.participant_register(
        event=event, by=coordinator, **official(agency=Agency.COURT)
    )
    assert registered.recognised is False
    assert Participant.objects.count() == 2


def test_a_different_patronymic_makes_another_official(event, coordinator):
    make_participant(patronymic="Серикович")
    registered = services.participant_register(
        event=event, by=coordinator, **official(patronymic="Болатович")
    )
    assert registered.recognised is False


def test_among_namesakes_the_one_with_the_same_phone_is_chosen(event, coordinator):
    make_participant(phone="+77011111111")
    second = make_participant(phone="+77012222222")
    registered = services.participant_register(
        event=event, by=coordinator, **official(phone="8 701 222 22 22")
    )
    assert registered.enrolment.participant == second


def test_a_participant_is_kept_with_the_phone_in_e164_and_the_creation_audited(coordinator):
    participant = services.participant_create(
        created_by=coordinator, **official(phone="8 (701) 123-45-67")
    )
    assert participant.phone == "+77011234567"
    assert participant.name_key == "ahmetof erlan"
    assert AuditEntry.objects.filter(
        action=Action.CREATE, object_type="trainings.Participant", object_id=str(participant.pk)
    ).exists()


def test_a_phone_that_is_not_one_is_refused_on_its_field(coordinator):
    with pytest.raises(ValidationError) as refused:
        services.participant_create(created_by=coordinator, **official(phone="позвонить"))
    assert "phone" in refused.value.message_dict
    assert Participant.objects.count() == 0


def test_an_edit_of_the_name_updates_the_key(coordinator):
    participant = make_participant()
    services.participant_update(
        participant=participant, updated_by=coordinator, **official(surname="Серикбаев")
    )
    participant.refresh_from_db()
    assert participant.name_key == "erlan serikbaef"


def test_each_enrolment_gets_its_own_short_unambiguous_code(event, coordinator):
    codes = {
        services.enrolment_create(
            event=event, participant=make_participant(given_name=name), by=coordinator
        ).code
        for name in ("Ерлан", "Асель", "Дана", "Марат")
    }
    assert len(codes) == 4
    assert all(len(code) == 6 and set(code) <= set(services.CODE_ALPHABET) for code in codes)


def test_an_official_is_enrolled_once_per_event(event, coordinator):
    participant = make_participant()
    services.enrolment_create(event=event, participant=participant, by=coordinator)
    with pytest.raises(ValidationError):
        services.enrolment_create(event=event, participant=participant, by=coordinator)
    assert Enrolment.objects.count() == 1


def test_no_one_is_enrolled_in_a_cancelled_event(office, coordinator):
    cancelled = make_event(office=office, user=coordinator, status=EventStatus.CANCELLED)
    with pytest.raises(ValidationError):
        services.enrolment_create(event=cancelled, participant=make_participant(), by=coordinator)


def test_attendance_is_set_to_the_grid_marking_and_unmarking_days(event, coordinator):
    first = services.enrolment_create(event=event, participant=make_participant(), by=coordinator)
    second = services.enrolment_create(
        event=event, participant=make_participant(given_name="Асель", sex="F"), by=coordinator
    )
    day_one, day_two = services.event_days(event)
    services.attendance_set(
        event=event, present={(first.pk, day_one), (first.pk, day_two)}, by=coordinator
    )
    added, removed = services.attendance_set(
        event=event, present={(first.pk, day_one), (second.pk, day_two)}, by=coordinator
    )
    assert (added, removed) == (1, 1)
    marks = set(Attendance.objects.values_list("enrolment_id", "day"))
    assert marks == {(first.pk, day_one), (second.pk, day_two)}


def test_a_day_outside_the_event_is_refused_and_nothing_is_marked(event, coordinator):
    enrolment = services.enrolment_create(
        event=event, participant=make_participant(), by=coordinator
    )
    with pytest.raises(ValidationError):
        services.attendance_set(
            event=event,
            present={
                (enrolment.pk, event.starts_on),
                (enrolment.pk, event.ends_on + datetime.timedelta(days=1)),
            },
            by=coordinator,
        )
    assert not Attendance.objects.exists()


def test_an_enrolment_of_another_event_cannot_be_marked_here(office, event, coordinator):
    other = make_event(office=office, user=coordinator, starts_on=event.starts_on)
    stranger = services.enrolment_create(
        event=other, participant=make_participant(), by=coordinator
    )
    with pytest.raises(ValidationError):
        services.attendance_set(
            event=event, present={(stranger.pk, event.starts_on)}, by=coordinator
        )


def test_the_dates_cannot_leave_attendance_marks_outside_the_event(event, coordinator):
    enrolment = services.enrolment_create(
        event=event, participant=make_participant(), by=coordinator
    )
    services.attendance_set(event=event, present={(enrolment.pk, event.ends_on)}, by=coordinator)
    with pytest.raises(ValidationError) as refused:
        services.event_update(event=event, updated_by=coordinator, ends_on=event.starts_on)
    assert "ends_on" in refused.value.message_dict
    event.refresh_from_db()
    assert event.ends_on == event.starts_on + datetime.timedelta(days=1)


def test_an_officials_phone_and_email_are_not_kept_in_the_audit_log(coordinator):
    participant = services.participant_create(
        created_by=coordinator, **official(phone="+77011234567", email="erlan@example.kz")
    )
    services.participant_update(
        participant=participant, updated_by=coordinator, **official(phone="+77017654321")
    )
    entries = AuditEntry.objects.filter(object_type="trainings.Participant")
    for entry in entries:
        assert entry.changes["phone"] is None
        assert "+7701" not in str(entry.changes)
    created = entries.get(action=Action.CREATE)
    assert created.changes["surname"] == [None, "Ахметов"]
    assert created.changes["email"] is None
