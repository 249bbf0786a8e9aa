"""Donor reports written by the task worker (PDF checked with pdftotext and, for its
charts, as an image with pdftoppm; XLSX checked cell by cell), and the import of a table
through the pages: preview, mapping, errors, nothing written until confirmed."""

import shutil
import tracemalloc
import zipfile
from io import BytesIO, StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from komek.audit.models import Action, AuditEntry
from komek.conftest import chart_pixels, first_page_png, pdf_text, require_system_tool
from komek.core.roles import Role
from komek.core.tests.test_tables import bomb
from komek.core.tests.worker import run_worker, worker_runs
from komek.statistics import demo
from komek.statistics.models import Dataset, Report, ReportSection, StagedTable

pytestmark = pytest.mark.django_db


def request_report(client, office, **fields):
    data = {
        "template": demo_template().pk,
        "start": "2026-01-01",
        "end": "2026-03-31",
        "office": office.pk,
        "language": "ru",
        "external": "on",
        **fields,
    }
    response = client.post(reverse("statistics:reports"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Report.objects.latest("requested_at")


def demo_template():
    from komek.statistics.models import ReportTemplate

    return ReportTemplate.objects.get(name="Квартальный отчёт для МОМ")


@pytest.fixture
def pdf_tools():
    require_system_tool(bool(shutil.which("pdftoppm")), "pdftoppm (apt-get install poppler-utils)")


@worker_runs
def test_a_donor_report_pdf_has_cyrillic_text_and_visible_charts(
    client_for, office, coordinator, activity, needs_pdf_tools, pdf_tools, tmp_path
):
    client = client_for(coordinator)
    report = request_report(client, office)
    assert report.status == "queued"
    run_worker()
    report.refresh_from_db()
    assert report.status == "done", report.error
    assert report.percent == 100
    response = client.get(reverse("statistics:report_download", args=[report.pk, "pdf"]))
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"".join(response.streaming_content))
    text = pdf_text(pdf)
    assert "Отчёт о деятельности центра помощи мигрантам" in text
    assert "Обращения" in text and "Узбекистан" in text
    # Two calls of one Tajik man: a small count, hidden in a report for sharing.
    assert "< 5" in text
    assert chart_pixels(first_page_png(pdf)) > 200
    assert AuditEntry.objects.filter(
        action=Action.EXPORT, object_id=str(report.pk), detail="report pdf downloaded"
    ).exists()


@worker_runs
def test_the_xlsx_hides_small_counts_and_is_safe_to_open(
    client_for, office, coordinator, activity, needs_pdf_tools
):
    template = demo_template()
    ReportSection.objects.create(
        template=template, order=1, heading_ru='=HYPERLINK("http://x")', heading_en="x"
    )
    client = client_for(coordinator)
    report = request_report(client, office)
    run_worker()
    response = client.get(reverse("statistics:report_download", args=[report.pk, "xlsx"]))
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert '\'=HYPERLINK("http://x")' in cells
    assert "Узбекистан" in cells and "< 5" in cells
    assert 12 in cells


@worker_runs
def test_a_dataset_title_and_an_imported_header_stay_inert_in_the_xlsx(
    client_for, office, coordinator, activity, needs_pdf_tools, tmp_path
):
    table = tmp_path / "evil.csv"
    table.write_text(
        'period_from;period_to;territory;value;=HYPERLINK("http://x")\n'
        "2026-01-01;2026-03-31;Астана;7;@SUM(A1)\n",
        encoding="utf-8",
    )
    call_command(
        "import_stats",
        str(table),
        "--dataset",
        "evil",
        "--title",
        '=HYPERLINK("http://evil")',
        stdout=StringIO(),
    )
    ReportSection.objects.create(
        template=demo_template(),
        order=1,
        heading_ru="Таблица",
        heading_en="Table",
        indicator="evil",
        breakdown='=hyperlink("http://x")',
    )
    client = client_for(coordinator)
    report = request_report(client, office, external="")
    run_worker()
    report.refresh_from_db()
    assert report.status == "done", report.error
    response = client.get(reverse("statistics:report_download", args=[report.pk, "xlsx"]))
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    values = [cell.value for cell in cells]
    assert '\'=HYPERLINK("http://evil")' in values
    assert '\'=hyperlink("http://x")' in values
    assert "'@SUM(A1)" in values


@worker_runs
def test_an_internal_report_keeps_small_counts(
    client_for, office, coordinator, activity, needs_pdf_tools
):
    client = client_for(coordinator)
    report = request_report(client, office, external="")
    run_worker()
    response = client.get(reverse("statistics:report_download", args=[report.pk, "xlsx"]))
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "< 5" not in cells and 2 in cells


@worker_runs
def test_a_failed_report_says_so_and_leaves_no_file(
    client_for, office, coordinator, activity, monkeypatch, settings
):
    def broken(report, sections):
        raise OSError("no fonts")

    monkeypatch.setattr("komek.statistics.reporting.pdf_bytes", broken)
    report = request_report(client_for(coordinator), office)
    run_worker()
    report.refresh_from_db()
    assert (report.status, report.error) == ("failed", "no fonts")
    assert not list((Path(settings.MEDIA_ROOT) / "reports").rglob("*.*"))
    page = client_for(coordinator).get(reverse("statistics:report", args=[report.pk]))
    assert (
        "Отчёт не сформирован" in page.content.decode() or "alert-danger" in page.content.decode()
    )


def test_only_the_requester_downloads_a_report(
    client_for, office, coordinator, make_staff, activity
):
    report = request_report(client_for(coordinator), office)
    other = make_staff(Role.COORDINATOR, username="other-coordinator")
    status = client_for(other).get(reverse("statistics:report", args=[report.pk]))
    assert status.status_code == 404


def test_a_report_period_must_be_in_order(client_for, office, coordinator, activity):
    response = client_for(coordinator).post(
        reverse("statistics:reports"),
        {
            "template": demo_template().pk,
            "start": "2026-03-31",
            "end": "2026-01-01",
            "office": office.pk,
            "language": "ru",
        },
    )
    assert response.status_code == 400
    assert not Report.objects.exists()


SEED_CSV = demo.FIXTURE


def upload(client, content: bytes, name: str = "table.csv", code: str = "astana"):
    return client.post(
        reverse("statistics:upload"),
        {
            "file": SimpleUploadedFile(name, content),
            "code": code,
            "title": "Регистрации",
            "measure": "registered",
        },
    )


SEED_MAPPING = {
    f"column_{i}": role
    for i, role in enumerate(["period_from", "period_to", "territory", "citizenship", "value"])
}


@worker_runs
def test_a_table_is_previewed_then_imported_in_the_background(client_for, coordinator):
    client = client_for(coordinator)
    response = upload(client, SEED_CSV.read_bytes())
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "18 875" in html and "Итого" in html
    assert not Dataset.objects.exists()
    staged = StagedTable.objects.get()
    queued = client.post(response["Location"], {**SEED_MAPPING, "import": "1"})
    assert queued.status_code == 302
    assert "в очереди" in client.get(queued["Location"]).content.decode()
    assert not Dataset.objects.exists()

    run_worker()
    page = client.get(queued["Location"]).content.decode()
    dataset = Dataset.objects.get(code="astana")
    assert dataset.measure == "registered"
    assert dataset.versions.get().rows == 3
    assert not StagedTable.objects.filter(pk=staged.pk).exists()
    assert "3 из 3" in page and reverse("statistics:dataset", args=["astana"]) in page


@worker_runs
def test_an_import_that_fails_at_the_last_step_writes_nothing_and_keeps_the_table(
    client_for, coordinator, monkeypatch
):
    from komek.statistics import services

    client = client_for(coordinator)
    response = upload(client, SEED_CSV.read_bytes())
    staged = StagedTable.objects.get()

    def broken_discard(staged):
        raise OSError("disk unavailable")

    monkeypatch.setattr(services, "discard_staged", broken_discard)
    queued = client.post(response["Location"], {**SEED_MAPPING, "import": "1"})
    run_worker()
    assert (
        "Ничего не импортировано: disk unavailable"
        in client.get(queued["Location"]).content.decode()
    )
    assert not Dataset.with_staged.exists()
    assert StagedTable.objects.filter(pk=staged.pk).exists()


def test_someone_elses_import_is_not_found(client_for, coordinator, make_staff):
    client = client_for(coordinator)
    response = upload(client, SEED_CSV.read_bytes())
    queued = client.post(response["Location"], {**SEED_MAPPING, "import": "1"})
    other = make_staff(Role.COORDINATOR, username="other_coordinator")
    assert client_for(other).get(queued["Location"]).status_code == 404


def test_a_discarded_table_loses_its_file_once_the_discard_is_committed(
    client_for, coordinator, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    upload(client, SEED_CSV.read_bytes())
    staged = StagedTable.objects.get()
    stored = Path(staged.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("statistics:discard", args=[staged.pk]))
    assert not StagedTable.objects.exists()
    assert not stored.exists()


def test_a_broken_table_shows_its_problems_and_writes_nothing(client_for, coordinator):
    client = client_for(coordinator)
    broken = SEED_CSV.read_bytes().decode("cp1251").replace("7 639", "7 6З9").encode("cp1251")
    response = upload(client, broken)
    preview = client.get(response["Location"])
    assert preview.status_code == 400
    assert "строка 2, столбец значение: «7 6З9»" in preview.content.decode()
    mapping = {
        f"column_{i}": role
        for i, role in enumerate(["period_from", "period_to", "territory", "citizenship", "value"])
    }
    client.post(response["Location"], {**mapping, "import": "1"})
    assert not Dataset.objects.exists()


def test_an_upload_that_is_not_a_table_is_refused(client_for, coordinator):
    response = upload(client_for(coordinator), b"MZ\x90\x00", name="virus.exe")
    assert response.status_code == 400
    assert not StagedTable.objects.exists()


def test_a_report_template_is_edited_with_its_sections(client_for, coordinator):
    demo.seed()
    template = demo_template()
    url = reverse("statistics:template_edit", args=[template.pk])
    page = client_for(coordinator).get(url)
    form = page.context["sections"]
    data = {
        "name": template.name,
        "title_ru": template.title_ru,
        "title_en": "Quarterly report",
        **{f"sections-{key}": value for key, value in form.management_form.initial.items()},
    }
    for index, section in enumerate(form.forms):
        for name, field in section.fields.items():
            value = section.initial.get(name, field.initial)
            if value not in (None, False):
                data[f"sections-{index}-{name}"] = value
    bad = {**data, "sections-0-breakdown": "colour"}
    assert client_for(coordinator).post(url, bad).status_code == 400
    assert client_for(coordinator).post(url, data).status_code == 302
    template.refresh_from_db()
    assert template.title_en == "Quarterly report"
    assert template.history.count() == 2
    assert template.sections.count() == len(demo.SECTIONS)


def test_two_columns_cannot_hold_the_same_role(client_for, coordinator):
    client = client_for(coordinator)
    response = upload(client, SEED_CSV.read_bytes())
    roles = ["period_from", "period_to", "territory", "value", "value"]
    mapping = {f"column_{i}": role for i, role in enumerate(roles)}
    page = client.post(response["Location"], {**mapping, "import": "1"})
    assert page.status_code == 400
    assert "Только один столбец" in page.content.decode()
    assert not Dataset.objects.exists()


def test_an_xlsx_bomb_is_refused_at_the_upload_before_it_is_read(
    client_for, coordinator, tmp_path, monkeypatch
):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to read the bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    content = bomb(tmp_path / "bomb.xlsx", 200).read_bytes()
    client = client_for(coordinator)
    tracemalloc.start()
    try:
        response = upload(client, content, name="bomb.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 400
    assert "100" in response.content.decode() and "XLSX" in response.content.decode()
    assert peak < 20 * 1024 * 1024
    assert not StagedTable.objects.exists()


def test_a_malformed_sheet_is_refused_at_the_upload_with_a_clear_message(client_for, coordinator):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
    response = upload(client_for(coordinator), buffer.getvalue(), name="table.xlsx")
    assert response.status_code == 400
    assert "Файл XLSX не читается" in response.content.decode()
    assert not StagedTable.objects.exists()


def test_a_staged_table_is_read_once_not_at_each_preview(client_for, coordinator, monkeypatch):
    from komek.statistics import services

    client = client_for(coordinator)
    response = upload(client, SEED_CSV.read_bytes())

    def read_again(path):
        raise AssertionError("the staged table was read again")

    monkeypatch.setattr(services, "read_table", read_again)
    for _ in range(2):
        preview = client.get(response["Location"])
        assert preview.status_code == 200
        assert "18 875" in preview.content.decode()
