"""The portal's fixtures: a booklet published in Russian and Tajik (and not in Kyrgyz),
a booklet still in translation, and an office; a client that sends no language."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from komek.core.jobs import JobStatus
from komek.core.roles import Role
from komek.navigator import shipped as shipped_data
from komek.publications import services
from komek.publications.models import Edition, EditionFile, FileKind
from komek.publications.tests.conftest import LAW_AS_OF, make_booklet, translate_all

# What the portal's published booklet says in Tajik: its test finds the text by it.
TAJIK_MARK = "[tg]"
PDF_BYTES = b"%PDF-1.4 a booklet\n%%EOF\n"


@pytest.fixture
def client():
    # No Accept-Language and no cookie: the address decides the language alone.
    return Client()


@pytest.fixture
def coordinator(make_staff):
    return make_staff(Role.COORDINATOR, username="coordinator")


@pytest.fixture
def published(coordinator) -> dict[str, Edition]:
    """The booklet "pamyatka" (registration) published in Russian and Tajik; its Kyrgyz
    translation is approved but not published."""
    material = make_booklet(coordinator, slug="pamyatka", targets=["tg", "ky"])
    translate_all(coordinator, material, "tg")
    translate_all(coordinator, material, "ky")
    return {
        language: services.edition_publish(
            user=coordinator, material=material, language=language, law_as_of=LAW_AS_OF
        )
        for language in ("ru", "tg")
    }


@pytest.fixture
def unpublished(coordinator):
    """A booklet on going home, translated into Tajik, never published."""
    material = make_booklet(coordinator, slug="vozvrashchenie", targets=["tg"])
    translate_all(coordinator, material, "tg")
    return material


@pytest.fixture
def booklet_pdf(published, coordinator) -> EditionFile:
    """The Tajik edition's A5 booklet, as the publications' background job leaves it."""
    written = EditionFile(
        requested_by=coordinator,
        edition=published["tg"],
        kind=FileKind.BOOKLET,
        status=JobStatus.DONE,
        pages=8,
    )
    written.file.save("booklet.pdf", ContentFile(PDF_BYTES), save=False)
    written.save()
    return written


@pytest.fixture
def shipped(db):
    """The navigator's shipped rules, as its own tests have them."""
    shipped_data.ensure()
