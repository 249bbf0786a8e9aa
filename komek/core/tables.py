"""Tables that people bring: CSV in UTF-8, UTF-16 or cp1251 (the Windows Cyrillic that
government bodies still publish in), or XLSX, read into rows of text.

Imports built on this are all-or-nothing: ``ImportRejected`` carries every problem found,
each named by row (as numbered in a spreadsheet, the header being row 1) and column."""

import csv
import io
import sys
from pathlib import Path

from django.utils.translation import gettext as _

MAX_ERRORS_SHOWN = 50


class ImportRejected(Exception):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        shown = errors[:MAX_ERRORS_SHOWN]
        more = len(errors) - len(shown)
        text = "\n".join(shown)
        if more:
            text += "\n" + _("… and %(count)d more problems.") % {"count": more}
        super().__init__(text)


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


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header (lowercased) and the non-empty rows below it."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(path, read_only=True, data_only=True).active
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ImportRejected(
                [_("The XLSX file cannot be read: %(error)s") % {"error": error}]
            ) from None
        rows = [
            ["" if cell is None else str(cell).strip() for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    else:
        text = decode(path.read_bytes())
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    rows = [row for row in rows if any(row)]
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
