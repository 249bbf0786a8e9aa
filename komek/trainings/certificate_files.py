"""The printed certificate (a landscape A4 PDF: the participant's name, the event, its
dates, hours and organisers, signature lines and a QR code of the public verification
page) and the ZIP of a whole event's certificates, written in the background.

A certificate is printed in the site's language (``LANGUAGE_CODE``) whoever prints it, so
that the copy downloaded alone, the one in the ZIP and the command's are the same."""

import tempfile
import zipfile

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import record
from komek.core import jobs
from komek.core.pdf import render_pdf
from komek.core.transliteration import to_latin
from komek.trainings import certificates, selectors
from komek.trainings.models import Certificate, CertificateBatch, Event

# The side of one square of the QR code in millimetres: about 3.5 cm for a verification
# address, which an old phone's camera reads from a printed page.
QR_MODULE_MM = 0.8
IN_PROGRESS = (jobs.JobStatus.QUEUED, jobs.JobStatus.RUNNING)


def certificate_pdf(certificate: Certificate, *, base_url: str | None = None) -> bytes:
    """The PDF of ``certificate``; its QR code leads to the verification page under
    ``base_url`` (``KOMEK_BASE_URL`` by default)."""
    enrolment = certificate.enrolment
    event = enrolment.event
    url = certificates.verify_url(certificate, base_url=base_url)
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(
            "trainings/certificates/certificate_pdf.html",
            {
                "certificate": certificate,
                "participant": enrolment.participant,
                "event": event,
                "organisers": [str(partner) for partner in event.organisers.order_by("name")],
                "centre": settings.KOMEK_CENTRE_NAME,
                "url": url,
                "qr_svg": segno.make(url, error="m").svg_inline(scale=QR_MODULE_MM, unit="mm"),
            },
        )


def file_name(certificate: Certificate) -> str:
    """``KMK-2026-000123-akhmetov-erlan.pdf``: sorted by number, readable in any system."""
    participant = certificate.enrolment.participant
    name = slugify(to_latin(f"{participant.surname} {participant.given_name}"))
    return f"{certificate.number}-{name}.pdf" if name else f"{certificate.number}.pdf"


def batch_get_for(*, user, pk: int) -> CertificateBatch:
    """``user``'s own ZIP of an event they may still organise; 404 otherwise."""
    batch = jobs.owned(CertificateBatch, pk=pk, user=user)
    selectors.event_get_for(user=user, pk=batch.event_id, purpose="change")
    return batch


@transaction.atomic
def batch_request(*, user, event: Event) -> CertificateBatch:
    """Issue the certificates due at ``event`` and queue the ZIP of all that stand; the
    ZIP of the event already being written for ``user``, if there is one, rather than a
    second."""
    certificates.certificates_issue(event=event, issued_by=user)
    count = certificates.standing(event).count()
    if not count:
        raise ValidationError(
            _(
                "Nobody has a certificate to print: a participant needs to be marked present "
                "on %(days)s day(s) of the event."
            )
            % {"days": event.days_required}
        )
    waiting = (
        CertificateBatch.objects.select_for_update()
        .filter(event=event, requested_by=user, status__in=IN_PROGRESS)
        .first()
    )
    if waiting is not None:
        return waiting
    batch = CertificateBatch.objects.create(requested_by=user, event=event, progress_total=count)
    jobs.enqueue(batch_write, batch)
    record(
        actor=user,
        action=Action.EXPORT,
        obj=batch,
        detail=f"certificates of training event {event.pk}: {count} pdf",
    )
    return batch


@jobs.task(CertificateBatch)
def batch_write(batch_pk: int) -> str:
    with jobs.run(CertificateBatch, batch_pk) as batch:
        standing = list(certificates.standing(batch.event))
        batch.progress_total = len(standing)
        CertificateBatch.objects.filter(pk=batch.pk).update(progress_total=len(standing))
        with tempfile.TemporaryFile() as spool:
            with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
                for done, certificate in enumerate(standing, start=1):
                    archive.writestr(file_name(certificate), certificate_pdf(certificate))
                    batch.set_progress(done)
            spool.seek(0)
            batch.write(File(spool), suffix=".zip")
    return batch.file.name or ""


def batch_file_name(batch: CertificateBatch) -> str:
    asked = timezone.localtime(batch.requested_at)
    return f"komek-certificates-{batch.event_id}-{asked:%Y-%m-%d}.zip"
