"""Retention of closed cases, and the contacts a case still needs held back from the
hotline's retention."""

import io
import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from komek.cases.documents import document_attach
from komek.cases.models import Case, CaseDocument
from komek.cases.services import case_move, case_note, case_open
from komek.hotline.models import Contact
from komek.hotline.services import contact_log

pytestmark = pytest.mark.django_db

SIX_YEARS_AGO = timezone.now() - timedelta(days=6 * 365)


def png() -> SimpleUploadedFile:
    picture = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(picture, format="PNG")
    return SimpleUploadedFile("паспорт.png", picture.getvalue(), content_type="image/png")


def old_contact(operator, person) -> Contact:
    contact = contact_log(
        operator=operator,
        submission_key=uuid.uuid4(),
        person=person,
        channel="call",
        outcome="lawyer",
        question="Забрали паспорт",
    )
    Contact.objects.filter(pk=contact.pk).update(at=SIX_YEARS_AGO)
    return contact


def run(*categories: str) -> str:
    out = StringIO()
    args = [arg for category in categories for arg in ("--category", category)]
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_a_case_closed_before_its_period_loses_its_texts_documents_and_contact(
    lawyer, client_person, topic, django_capture_on_commit_callbacks
):
    contact = old_contact(lawyer, client_person)
    case = case_open(
        opened_by=lawyer,
        client=client_person,
        kind="legal",
        category=topic,
        title="Паспорт у работодателя",
        description="Работодатель в Астане",
        opened_from=contact,
    )
    case_note(case=case, author=lawyer, text="Позвонил работодателю")
    document = document_attach(case=case, uploaded_by=lawyer, upload=png())
    case_move(case=case, moved_by=lawyer, to="unresolved", assigned=True, outcome="lost_contact")
    Case.objects.filter(pk=case.pk).update(closed_at=SIX_YEARS_AGO)
    still_open = case_open(
        opened_by=lawyer, client=client_person, kind="legal", category=topic, title="Другое"
    )

    with django_capture_on_commit_callbacks(execute=True):
        out = run("cases.closed")

    assert "cases.closed: 1 rows" in out
    case.refresh_from_db()
    assert (case.title, case.description, case.outcome) == ("", "", "lost_contact")
    assert not case.events.exclude(text="").exists()
    assert not CaseDocument.objects.filter(pk=document.pk).exists()
    assert not default_storage.exists(document.file.name)
    contact.refresh_from_db()
    assert (contact.person, contact.question) == (None, "")
    assert Case.objects.get(pk=still_open.pk).title == "Другое"


def test_the_old_contacts_of_a_client_whose_case_is_kept_are_kept(lawyer, client_person, case):
    contact = old_contact(lawyer, client_person)
    assert "0 to anonymise" in run("hotline.contacts")
    contact.refresh_from_db()
    assert contact.person == client_person


def test_a_contact_a_kept_case_was_opened_from_is_kept(lawyer, client_person, topic, office):
    contact = old_contact(lawyer, None)
    case_open(
        opened_by=lawyer,
        client=client_person,
        kind="legal",
        category=topic,
        title="Паспорт",
        opened_from=contact,
    )
    run("hotline.contacts")
    contact.refresh_from_db()
    assert contact.question == "Забрали паспорт"
