"""The printed certificate reads back with its holder, event, dates, hours, organisers and
number, its QR code (decoded from the page's picture) leads to its verification page, and
the ZIP of an event holds one PDF per standing certificate, written with progress."""

import io
import shutil
import subprocess
import zipfile

import pytest
from django.core.exceptions import ValidationError

from komek.conftest import pdf_text, require_system_tool
from komek.core.jobs import JobStatus
from komek.partners.services import partner_create
from komek.trainings import certificate_files, certificates
from komek.trainings.models import CertificateBatch
from komek.trainings.tests.factories import enrol, make_participant


@pytest.fixture
def base_url(settings):
    settings.KOMEK_BASE_URL = "https://komek.example"
    return settings.KOMEK_BASE_URL


@pytest.fixture
def organised(seminar, office):
    iom = partner_create(
        created_by=None, office=office, name="МОМ ООН", kind="international", city="Астана"
    )
    academy = partner_create(
        created_by=None, office=office, name="Академия МВД", kind="state_body", city="Караганда"
    )
    seminar.organisers.set([iom, academy])
    return seminar


def qr_of(pdf: bytes, tmp_path) -> str:
    require_system_tool(bool(shutil.which("zbarimg")), "zbarimg (apt-get install zbar-tools)")
    (tmp_path / "certificate.pdf").write_bytes(pdf)
    subprocess.run(
        [shutil.which("pdftoppm"), "-png", "-r", "150", "-singlefile",
         str(tmp_path / "certificate.pdf"), str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    return subprocess.run(
        [shutil.which("zbarimg"), "--quiet", "--raw", str(tmp_path / "page.png")],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip


def test_the_certificate_reads_back_and_its_qr_code_leads_to_its_verification_page(
    needs_pdf_tools, base_url, organised, coordinator, present, tmp_path, client
):
    (certificate,) = certificates.certificates_issue(event=organised, issued_by=coordinator)
    pdf = certificate_files.certificate_pdf(certificate)
    (tmp_path / "text.pdf").write_bytes(pdf)
    text = " ".join(pdf_text(tmp_path / "text.pdf").split())
    assert "Ахметов Ерлан Серикович" in text
    assert organised.title in text
    assert "05.10.2026 – 06.10.2026" in text
    assert "16" in text and certificate.number in text
    assert "МОМ ООН" in text and "Академия МВД" in text
    # The holder's agency, unit and phone are not printed.
    assert "+77011234567" not in text and "УМП" not in text

    decoded = qr_of(pdf, tmp_path)
    assert decoded == certificates.verify_url(certificate)
    assert decoded.startswith(f"{base_url}/trainings/v/{certificate.number}:")
    page = client.get(decoded.removeprefix(base_url))
    assert page.status_code == 200
    assert "Ахметов Ерлан Серикович" in page.content.decode()


def test_the_zip_of_an_event_holds_one_pdf_per_standing_certificate_with_progress(
    needs_pdf_tools,
    base_url,
    seminar,
    coordinator,
    present,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    enrol(
        seminar, make_participant(surname="Бекова", given_name="Динара", sex="F"), user=coordinator
    )
    revoked = enrol(seminar, make_participant(surname="Ким", given_name="Олег"), user=coordinator)
    enrol(seminar, make_participant(surname="Жоқ"), user=coordinator, attended=False)
    certificates.certificates_issue(event=seminar, issued_by=coordinator)
    certificates.certificate_revoke(
        certificate=revoked.certificate, revoked_by=coordinator, reason="Ошибка в списке"
    )

    with django_capture_on_commit_callbacks() as queued:
        batch = certificate_files.batch_request(user=coordinator, event=seminar)
    assert len(queued) == 1
    assert (batch.status, batch.progress_done, batch.progress_total) == (JobStatus.QUEUED, 0, 2)

    seen = []
    original = CertificateBatch.set_progress

    def watched(job, done):
        original(job, done)
        seen.append(CertificateBatch.objects.get(pk=job.pk).percent)

    monkeypatch.setattr(CertificateBatch, "set_progress", watched)
    certificate_files.batch_write.call(batch.pk)
    assert seen == [50, 100]

    batch.refresh_from_db()
    assert batch.status == JobStatus.DONE
    with batch.file.open("rb") as stored:
        archive = zipfile.ZipFile(io.BytesIO(stored.read()))
    year = present.certificate.number.split("-")[1]
    assert sorted(archive.namelist()) == [
        f"KMK-{year}-000001-akhmetov-erlan.pdf",
        f"KMK-{year}-000002-bekova-dinara.pdf",
    ]
    assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist())


def test_a_zip_is_refused_when_nobody_attended_enough(seminar, coordinator):
    enrol(seminar, make_participant(), user=coordinator, attended=False)
    with pytest.raises(ValidationError, match="2 day"):
        certificate_files.batch_request(user=coordinator, event=seminar)
    assert not CertificateBatch.objects.exists()


def test_asking_twice_while_the_zip_is_written_gives_the_same_job(seminar, coordinator, present):
    first = certificate_files.batch_request(user=coordinator, event=seminar)
    assert certificate_files.batch_request(user=coordinator, event=seminar) == first
