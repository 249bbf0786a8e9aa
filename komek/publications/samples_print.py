"""URL samples of the print side's pages for the permission test (komek/core/url_samples.py):
an edition published in Russian with its booklet PDF written."""

from datetime import date

from django.core.files.base import ContentFile

from komek.core.jobs import JobStatus
from komek.publications import services
from komek.publications.models import EditionFile, FileKind, SegmentKind


def build(made: dict) -> dict[str, dict]:
    coordinator = made["coordinator"]
    material = services.material_create(
        user=coordinator,
        slug="print-samples",
        kind="leaflet",
        audience="migrants",
        topic="registration",
        title="Регистрация за три дня",
        target_languages=["uz"],
    )
    services.segment_add(
        user=coordinator, material=material, kind=SegmentKind.PARAGRAPH, source="Текст."
    )
    edition = services.edition_publish(
        user=coordinator, material=material, language="ru", law_as_of=date(2026, 1, 1)
    )
    booklet = EditionFile(
        requested_by=coordinator,
        edition=edition,
        kind=FileKind.BOOKLET,
        status=JobStatus.DONE,
        progress_total=1,
        progress_done=1,
        pages=4,
    )
    booklet.file.save("booklet.pdf", ContentFile(b"%PDF-1.7 sample"), save=False)
    booklet.save()
    return {
        "publications:edition_files": {"pk": edition.pk},
        "publications:edition_file_make": {"pk": edition.pk},
        "publications:edition_file_status": {"pk": booklet.pk},
        "publications:edition_file_download": {"pk": booklet.pk},
    }
