"""URL samples for the permission test (komek/core/url_samples.py): an event of the
samples' office with one participant present on its only day, certified, and the ZIP of
its certificates written."""

import datetime

from django.core.files.base import ContentFile

from komek.core.jobs import JobStatus
from komek.people.names import name_key
from komek.trainings import certificates
from komek.trainings.models import (
    Agency,
    Attendance,
    CertificateBatch,
    Enrolment,
    Event,
    Format,
    Participant,
)


def build(made: dict) -> dict[str, dict]:
    coordinator, office = made["coordinator"], made["office"]
    day = datetime.date(2026, 10, 5)
    event = Event.objects.create(
        office=office, created_by=coordinator, title="Семинар: новый закон о миграции",
        format=Format.SEMINAR, starts_on=day, ends_on=day, region="KZ-71", city="Астана",
    )  # fmt: skip
    participant = Participant.objects.create(
        surname="Сапарова", given_name="Айгерим", sex="F", agency=Agency.LABOUR_INSPECTION,
        region="KZ-71", name_key=name_key("Сапарова", "Айгерим"),
    )  # fmt: skip
    enrolment = Enrolment.objects.create(
        event=event, participant=participant, enrolled_by=coordinator, code="SAMPLE01"
    )
    Attendance.objects.create(enrolment=enrolment, day=day, marked_by=coordinator)
    (certificate,) = certificates.certificates_issue(event=event, issued_by=coordinator)
    batch = made["trainings_certificate_batch"] = CertificateBatch(
        requested_by=coordinator, event=event, status=JobStatus.DONE, progress_total=1,
        progress_done=1,
    )  # fmt: skip
    batch.file.save("certificates.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=False)
    batch.save()
    return {
        "trainings:event_certificates": {"event_pk": event.pk},
        "trainings:certificates_generate": {"event_pk": event.pk},
        "trainings:certificate_batch": {"pk": batch.pk},
        "trainings:certificate_batch_download": {"pk": batch.pk},
        "trainings:certificate_pdf": {"pk": certificate.pk},
        "trainings:certificate_revoke": {"pk": certificate.pk},
        "trainings:certificate_verify": {"token": certificates.certificate_token(certificate)},
    }


def grant(made: dict, user) -> None:
    CertificateBatch.objects.filter(pk=made["trainings_certificate_batch"].pk).update(
        requested_by=user
    )
