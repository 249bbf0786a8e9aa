"""Tables read by imports are bounded before and while they are read: an XLSX that would
expand past the limits is refused before openpyxl opens it, then rows, columns and cells
are counted as they come; a broken file is a clear ImportRejected, never a crash."""

import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation
from openpyxl import Workbook

from komek.core.tables import ImportRejected, read_table

SHEET = "xl/worksheets/sheet1.xml"


def workbook(path: Path, *rows: list) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def bomb(path: Path, megabytes: int) -> Path:
    """A real workbook whose sheet is one cell of ``megabytes`` MB of the same letter:
    a few hundred KB on disk. Written in chunks, so making it costs no memory either."""
    source = workbook(path.with_name("seed.xlsx"), ["a"])
    with zipfile.ZipFile(source) as seed, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for part in seed.infolist():
            if part.filename != SHEET:
                out.writestr(part, seed.read(part))
        with out.open(SHEET, "w") as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/')
            sheet.write(b'2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
            chunk = b"A" * 1024 * 1024
            for _ in range(megabytes):
                sheet.write(chunk)
            sheet.write(b"</t></is></c></row></sheetData></worksheet>")
    return path


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def openpyxl_must_not_read(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to read a file that should have been refused")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_small_file_that_expands_hugely_is_refused_before_it_is_parsed(
    tmp_path, openpyxl_must_not_read
):
    path = bomb(tmp_path / "bomb.xlsx", 200)
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(ImportRejected, match="expands to more than 100 MB"):
        read_table(path)


def test_one_part_past_its_limit_is_refused_before_it_is_parsed(
    tmp_path, settings, openpyxl_must_not_read
):
    settings.IMPORT_MAX_PART_MB = 2
    with pytest.raises(ImportRejected, match=f"part {SHEET} expands to more than 2 MB"):
        read_table(bomb(tmp_path / "bomb.xlsx", 3))


def test_a_cell_longer_than_allowed_is_named_by_row_and_column(tmp_path, settings):
    settings.IMPORT_MAX_CELL_CHARS = 10
    path = workbook(tmp_path / "t.xlsx", ["name", "note"], ["Азиза", "x" * 11])
    with pytest.raises(ImportRejected, match="row 2, column note: the cell holds 11 characters"):
        read_table(path)


def test_rows_and_columns_past_the_limits_are_refused(tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 3
    path = workbook(tmp_path / "t.xlsx", *[[str(n)] for n in range(4)])
    with pytest.raises(ImportRejected, match="more than 3 rows"):
        read_table(path)
    settings.IMPORT_MAX_COLUMNS = 2
    wide = tmp_path / "wide.csv"
    wide.write_text("a,b\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ImportRejected, match="row 2: the table has more than 2 columns"):
        read_table(wide)


def test_a_cell_far_to_the_right_does_not_pad_every_row(tmp_path):
    path = tmp_path / "far.xlsx"
    book = Workbook()
    book.active["A1"] = "name"
    book.active["XFD1"] = "far"
    book.save(path)
    with pytest.raises(ImportRejected, match="more than 100 columns"):
        read_table(path)


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04 not a zip", b"plain text"],
    ids=["broken zip", "not a zip"],
)
def test_a_broken_xlsx_is_a_clear_rejection(tmp_path, content):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportRejected, match="The XLSX file cannot be read"):
        read_table(path)


def test_a_malformed_sheet_is_a_clear_rejection(tmp_path):
    path = tmp_path / "malformed.xlsx"
    source = workbook(tmp_path / "seed.xlsx", ["a"], ["b"])
    with zipfile.ZipFile(source) as seed, zipfile.ZipFile(path, "w") as out:
        for part in seed.infolist():
            body = b"<worksheet><sheetData><row><c" if part.filename == SHEET else seed.read(part)
            out.writestr(part.filename, body)
    with pytest.raises(ImportRejected, match="The XLSX file cannot be read"):
        read_table(path)


def test_a_csv_field_past_the_csv_module_limit_is_a_clear_rejection(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text('a\n"' + "x" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(ImportRejected, match="The CSV file cannot be read"):
        read_table(path)
