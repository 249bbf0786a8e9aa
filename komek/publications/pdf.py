"""The print-ready PDFs of an edition: an A5 booklet (a cover, the frozen text with page
numbers, a back cover with the centre's contacts, the hotline, a QR code to the edition
online and the date of the law it reflects), and the same booklet imposed two up on A4
for saddle-stitch printing. Both are written in the background and kept with the edition
(``EditionFile``); ``komek publication_pdf`` writes them at once.

The booklet is written in its own language: the words around the text (the hotline, the
law's date, the edition) come from the catalog of the edition's language, and the bundled
fonts of ``komek.core.pdf`` carry every letter of the seven languages."""

from collections.abc import Callable

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from komek.accounts.models import Office
from komek.audit.models import Action
from komek.audit.services import record
from komek.core import jobs
from komek.core.pdf import render_pdf
from komek.publications import imposition, markup
from komek.publications.models import Edition, EditionFile, FileKind, Language, SegmentKind

# The side of one square of the QR code in millimetres: about 3 cm in all, small enough
# for an A5 page, large enough for an old phone's camera.
QR_MODULE_MM = 0.7


# Where migrants read an edition online, as a higher app (the public portal) registers
# it; without one the QR code leads to the edition's page for staff.
_public_paths: list[Callable[[Edition], str]] = []


def register_public_path(path_of: Callable[[Edition], str]) -> None:
    if path_of not in _public_paths:
        _public_paths.append(path_of)


def edition_url(edition: Edition) -> str:
    """Where the edition is read online: the address its QR code leads to."""
    if _public_paths:
        path = _public_paths[-1](edition)
    else:
        path = reverse(
            "publications:edition", args=[edition.material.slug, edition.language, edition.number]
        )
    return f"{settings.KOMEK_BASE_URL}{path}"


def centre() -> dict:
    """The centre as its booklets name it (``KOMEK_CENTRE_NAME``, ``KOMEK_HOTLINE`` and
    ``KOMEK_CENTRE_CONTACTS`` in the settings) and the offices where migrants find it."""
    return {
        "name": settings.KOMEK_CENTRE_NAME,
        "hotline": settings.KOMEK_HOTLINE,
        "contacts": settings.KOMEK_CENTRE_CONTACTS,
        "offices": list(Office.objects.filter(is_active=True).order_by("city", "name")),
    }


def _block(item: dict) -> dict:
    kind = item["kind"]
    if kind == SegmentKind.HEADING:
        return {"kind": kind, "html": markup.plain(item["text"])}
    return {"kind": kind, "html": markup.render(item["text"])}


def booklet_pdf(edition: Edition) -> bytes:
    """The A5 booklet of ``edition``."""
    url = edition_url(edition)
    blocks = [_block(item) for item in edition.body]
    with translation.override(edition.language):
        return render_pdf(
            "publications/pdf/booklet.html",
            {
                "edition": edition,
                "language_name": Language(edition.language).label,
                "blocks": blocks,
                "centre": centre(),
                "url": url,
                "qr_svg": segno.make(url, error="m").svg_inline(scale=QR_MODULE_MM, unit="mm"),
            },
        )


def imposed_pdf(edition: Edition) -> bytes:
    """The booklet of ``edition`` two up on A4, in saddle-stitch order; blank pages, if
    any are needed, go before the back cover."""
    return imposition.impose(booklet_pdf(edition), back_cover=True)


# The steps a file's progress counts: the booklet laid out and written, then imposed.
STEPS: dict[str, int] = {FileKind.BOOKLET: 1, FileKind.IMPOSED: 2}


@transaction.atomic
def request_file(*, user, edition: Edition, kind: str) -> EditionFile:
    """A PDF of ``edition`` written in the background; the one of that kind already being
    written, if there is one, rather than a second."""
    in_progress = [jobs.JobStatus.QUEUED, jobs.JobStatus.RUNNING]
    waiting = (
        EditionFile.objects.select_for_update()
        .filter(edition=edition, kind=kind, status__in=in_progress)
        .first()
    )
    if waiting is not None:
        return waiting
    job = EditionFile.objects.create(
        requested_by=user, edition=edition, kind=FileKind(kind), progress_total=STEPS[kind]
    )
    jobs.enqueue(write_file, job)
    record(actor=user, action=Action.CREATE, obj=job, detail=f"{job.get_kind_display()}: {edition}")
    return job


@jobs.task(EditionFile)
def write_file(file_pk: int) -> str:
    with jobs.run(EditionFile, file_pk) as job:
        booklet = booklet_pdf(job.edition)
        job.set_progress(1)
        written = booklet
        if job.kind == FileKind.IMPOSED:
            written = imposition.impose(booklet, back_cover=True)
            job.set_progress(2)
        job.pages = imposition.page_count(written)
        job.save(update_fields=["pages"])
        job.write(ContentFile(written), suffix=".pdf")
    return job.file.name or ""


def file_name(edition_file: EditionFile) -> str:
    edition = edition_file.edition
    return f"{edition.material.slug}-{edition.language}-{edition.number}-{edition_file.kind}.pdf"
