"""Spreadsheet exports that are safe to open: every text cell that a spreadsheet would
read as a formula (=, +, -, @, and the tab and carriage return that smuggle them) is
prefixed with an apostrophe; CSV is streamed row by row, XLSX written in one pass, in
memory or, for a background task, to a file.

This module is the only code of Komek that writes a spreadsheet: ``XlsxSheet`` and
``csv_response`` pass every cell through ``safe_cell``, and tests/test_architecture.py
refuses openpyxl's writers and the csv module's anywhere else."""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import BinaryIO

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    if value is None or isinstance(value, int | float | Decimal | date | datetime):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class XlsxSheet:
    """A workbook of one sheet, written row by row in one pass; every cell is made safe."""

    def __init__(self, title: str = "", *, widths: Iterable[float] = ()) -> None:
        self._book = Workbook(write_only=True)
        # A sheet's title is not a cell, but Excel refuses one longer than 31 characters.
        self._sheet = self._book.create_sheet(title[:31] or None)
        for column, width in enumerate(widths, start=1):
            self._sheet.column_dimensions[get_column_letter(column)].width = width

    def row(self, cells: Iterable = (), *, bold: bool = False, size: float | None = None) -> None:
        values = [safe_cell(cell) for cell in cells]
        if bold or size:
            font = Font(bold=bold, size=size)
            styled = [WriteOnlyCell(self._sheet, value=value) for value in values]
            for cell in styled:
                cell.font = font
            self._sheet.append(styled)
        else:
            self._sheet.append(values)

    def save(self, target: BinaryIO) -> None:
        self._book.save(target)

    def bytes(self) -> bytes:
        buffer = BytesIO()
        self.save(buffer)
        return buffer.getvalue()


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow(["" if cell is None else safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _table(header: list[str], rows: Iterable[list]) -> XlsxSheet:
    sheet = XlsxSheet()
    sheet.row(header)
    for row in rows:
        sheet.row(row)
    return sheet


def xlsx_response(filename: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    """A small XLSX built in memory; large ones are written by a task (xlsx_file)."""
    response = HttpResponse(_table(header, rows).bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@contextmanager
def xlsx_file(header: list[str], rows: Iterable[list]) -> Iterator[BinaryIO]:
    """An XLSX written to a temporary file, open for reading, deleted afterwards."""
    with tempfile.TemporaryFile(suffix=".xlsx") as target:
        _table(header, rows).save(target)
        target.seek(0)
        yield target
