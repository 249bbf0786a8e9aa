"""Tables that people bring: CSV in UTF-8, UTF-16 or cp1251 (the Windows Cyrillic that
government bodies still publish in), or XLSX, read into rows of text.

Imports built on this are all-or-nothing: ``ImportRejected`` carries every problem found,
each named by row (as numbered in a spreadsheet, the header being row 1) and column."""

import csv
import io
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

MAX_ERRORS_SHOWN = 50
MB = 1024 * 1024


class ImportRejected(Exception):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        shown = errors[:MAX_ERRORS_SHOWN]
        more = len(errors) - len(shown)
        text = "\n".join(shown)
        if more:
            text += "\n" + _("… and %(count)d more problems.") % {"count": more}
        super().__init__(text)


def over_max_length(model, field: str, value: str) -> int | None:
    """The field's max_length when ``value`` is longer: SQLite stores any length, and a
    value PostgreSQL would refuse must be refused before either is asked."""
    limit = model._meta.get_field(field).max_length
    return limit if limit is not None and len(value) > limit else None


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or cp1251, the Windows Cyrillic."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise ImportRejected([_("The file is not text (it holds NUL bytes): save it as CSV.")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError as error:
        raise ImportRejected(
            [
                _("The file is neither UTF-8 nor cp1251 (byte %(position)d).")
                % {"position": error.start}
            ]
        ) from None


def _limits() -> tuple[int, int, int]:
    return settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS, settings.IMPORT_MAX_CELL_CHARS


def _bounded(rows: Iterable[Sequence]) -> list[list[str]]:
    """The non-empty rows as text, trailing empty cells dropped; refused at the first row
    past the limit, the first cell too long or the first column too many."""
    max_rows, max_columns, max_chars = _limits()
    table: list[list[str]] = []
    header: list[str] = []
    for number, row in enumerate(rows, start=1):
        if number > max_rows:
            raise ImportRejected(
                [_("The table has more than %(limit)d rows: split it.") % {"limit": max_rows}]
            )
        cells = ["" if cell is None else str(cell).strip() for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) > max_columns:
            raise ImportRejected(
                [
                    _("row %(row)d: the table has more than %(limit)d columns.")
                    % {"row": number, "limit": max_columns}
                ]
            )
        for position, cell in enumerate(cells):
            if len(cell) > max_chars:
                column = header[position] if position < len(header) else str(position + 1)
                raise ImportRejected(
                    [
                        _(
                            "row %(row)d, column %(column)s: the cell holds %(length)d "
                            "characters, more than %(limit)d."
                        )
                        % {"row": number, "column": column, "length": len(cell), "limit": max_chars}
                    ]
                )
        if cells:
            header = header or cells
            table.append(cells)
    return table


def check_xlsx_size(path: Path) -> None:
    """Refuses an XLSX whose parts would expand past the limits, before anything parses
    it: a ZIP declares each part's size, and Python's zipfile never inflates more."""
    too_big = _("The XLSX file cannot be read: %(reason)s Save the table as CSV or split it.")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise ImportRejected(
            [too_big % {"reason": _("it is not a valid XLSX (ZIP) file.")}]
        ) from None
    total, part_limit = settings.IMPORT_MAX_UNCOMPRESSED_MB, settings.IMPORT_MAX_PART_MB
    if sum(part.file_size for part in parts) > total * MB:
        reason = _("it expands to more than %(limit)d MB.") % {"limit": total}
        raise ImportRejected([too_big % {"reason": reason}])
    for part in parts:
        if part.file_size > part_limit * MB:
            reason = _("its part %(name)s expands to more than %(limit)d MB.") % {
                "name": part.filename,
                "limit": part_limit,
            }
            raise ImportRejected([too_big % {"reason": reason}])


def _xlsx_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    check_xlsx_size(path)
    try:
        sheet = load_workbook(path, read_only=True, data_only=True).active
        # The size a sheet declares is not trusted: each row is as wide as its last cell,
        # and the first row too wide is refused.
        sheet.reset_dimensions()
        return _bounded(sheet.iter_rows(values_only=True))
    except ImportRejected:
        raise
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportRejected(
            [_("The XLSX file cannot be read: %(error)s") % {"error": error}]
        ) from None


def _csv_rows(path: Path) -> list[list[str]]:
    text = decode(path.read_bytes())
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return _bounded(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise ImportRejected(
            [_("The CSV file cannot be read: %(error)s") % {"error": error}]
        ) from None


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header (lowercased) and the non-empty rows below it, within the limits set by
    the IMPORT_MAX_* settings."""
    rows = _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)
    if not rows:
        raise ImportRejected([_("The file is empty.")])
    return [header.strip().lower() for header in rows[0]], rows[1:]


def progress_bar(done: int, total: int) -> None:
    """A progress bar on stderr for the import commands; silent for small files."""
    if total < 5000:
        return
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()
