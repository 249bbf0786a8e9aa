"""``komek training_certificates EVENT_ID --out DIR``: issues what is due, writes one PDF
per certified participant and prints where each is and where it is verified."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from komek.trainings import certificates
from komek.trainings.models import Certificate
from komek.trainings.tests.factories import enrol, make_participant


def run(*args) -> list[dict]:
    out = StringIO()
    call_command("training_certificates", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_writes_a_pdf_per_certified_participant_and_prints_them_as_json(
    needs_pdf_tools, settings, seminar, coordinator, present, tmp_path, client
):
    settings.KOMEK_BASE_URL = "https://komek.example"
    enrol(seminar, make_participant(surname="Жоқ"), user=coordinator, attended=False)
    written = run(str(seminar.pk), "--out", str(tmp_path / "out"))

    certificate = Certificate.objects.get()
    assert certificate.enrolment == present and certificate.issued_by == seminar.created_by
    (row,) = written
    assert row["participant"] == present.participant_id
    assert Path(row["file"]).parent == (tmp_path / "out").resolve()
    assert Path(row["file"]).read_bytes().startswith(b"%PDF")
    assert row["verify_url"] == certificates.verify_url(certificate)
    assert row["verify_url"].startswith("https://komek.example/trainings/v/")
    page = client.get(row["verify_url"].removeprefix("https://komek.example"))
    assert "Ахметов Ерлан Серикович" in page.content.decode()

    # Run again: nothing new is issued, the same certificate is written again.
    assert run(str(seminar.pk), "--out", str(tmp_path / "out")) == written
    assert Certificate.objects.count() == 1


def test_it_refuses_an_unknown_event(settings, tmp_path, db):
    settings.KOMEK_BASE_URL = "https://komek.example"
    with pytest.raises(CommandError, match="No training event 999"):
        run("999", "--out", str(tmp_path))


def test_it_needs_komek_s_address_for_the_qr_codes(settings, seminar, present, tmp_path):
    settings.KOMEK_BASE_URL = ""
    with pytest.raises(CommandError, match="KOMEK_BASE_URL"):
        run(str(seminar.pk), "--out", str(tmp_path))
    assert not Certificate.objects.exists()
