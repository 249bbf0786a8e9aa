"""URL samples for the permission test (komek/core/url_samples.py): the portal's pages in
one of its languages, and a booklet published with its PDF written (by the publications'
samples, built before these). The pages are public and show no staff record."""

from komek.core.jobs import JobStatus
from komek.portal.languages import by_tag
from komek.publications.models import EditionFile, FileKind


def build(made: dict) -> dict[str, dict]:
    written = (
        EditionFile.objects.filter(
            kind=FileKind.BOOKLET, status=JobStatus.DONE, edition__status="published"
        )
        .select_related("edition__material")
        .first()
    )
    assert written is not None, "the publications' samples write a booklet PDF"
    edition = written.edition
    language = by_tag(edition.language)
    assert language is not None
    booklet = {"lang": language.code, "slug": edition.material.slug}
    return {
        "portal:home": {"lang": "tg"},
        "portal:about": {"lang": "tg"},
        "portal:offices": {"lang": "tg"},
        "portal:booklets": {"lang": "tg"},
        "portal:navigator": {"lang": "tg"},
        "portal:situation": {"lang": "tg", "slug": "passport-taken"},
        "portal:booklet": booklet,
        "portal:booklet_pdf": booklet,
        "portal:callback": {"lang": "tg"},
        "portal:callback_sent": {"lang": "tg"},
    }
