"""URL samples of the events part for the permission test (komek/core/url_samples.py): a
two-day seminar of the samples' office with one enrolled official, built with the
services. ``made`` keeps them for the tests and certificates parts."""

import datetime

from komek.trainings import services
from komek.trainings.models import Agency, Format


def build(made: dict) -> dict[str, dict]:
    coordinator, office = made["coordinator"], made["office"]
    event = services.event_create(
        created_by=coordinator,
        office=office,
        title="Семинар: новый закон о миграции",
        format=Format.SEMINAR,
        starts_on=datetime.date(2026, 10, 5),
        ends_on=datetime.date(2026, 10, 6),
        region="KZ-71",
        city="Астана",
    )
    registered = services.participant_register(
        event=event,
        by=coordinator,
        surname="Ахметов",
        given_name="Ерлан",
        sex="M",
        agency=Agency.MIGRATION_POLICE,
        region="KZ-71",
    )
    made["training_event"] = event
    made["training_enrolment"] = registered.enrolment
    participant = made["training_participant"] = registered.enrolment.participant
    return {
        "trainings:event_detail": {"pk": event.pk},
        "trainings:event_edit": {"pk": event.pk},
        "trainings:event_attendance": {"pk": event.pk},
        "trainings:event_register": {"pk": event.pk},
        "trainings:event_import": {"pk": event.pk},
        "trainings:participant_detail": {"pk": participant.pk},
        "trainings:participant_edit": {"pk": participant.pk},
    }
