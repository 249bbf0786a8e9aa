"""Spreadsheet exports that are safe to open: every text cell that a spreadsheet would
read as a formula (=, +, -, @, and the tab and carriage return that smuggle them) is
prefixed with an apostrophe; CSV is streamed row by row, XLSX written in one pass, in
memory or, for a background task, to a file."""

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

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    if value is None or isinstance(value, int | float | Decimal | date | datetime):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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


def _write_xlsx(target: BinaryIO, header: list[str], rows: Iterable[list]) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([safe_cell(cell) for cell in header])
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    book.save(target)


def xlsx_response(filename: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    """A small XLSX built in memory; large ones are written by a task (xlsx_file)."""
    buffer = BytesIO()
    _write_xlsx(buffer, header, rows)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@contextmanager
def xlsx_file(header: list[str], rows: Iterable[list]) -> Iterator[BinaryIO]:
    """An XLSX written to a temporary file, open for reading, deleted afterwards."""
    with tempfile.TemporaryFile(suffix=".xlsx") as target:
        _write_xlsx(target, header, rows)
        target.seek(0)
        yield target
