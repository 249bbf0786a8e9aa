"""Uploaded files: bounded while they are received, and read whole before they are kept.

``BoundedUploadHandler`` is the first of Django's upload handlers: it counts each file's
bytes as they arrive and stops reading the request once one passes ``UPLOAD_MAX_MB``,
so nothing past the limit is received or stored; ``UploadLimitMiddleware`` then answers
413 with a page saying the limit. The checks below read a file's whole structure, not
its first bytes: a PDF must end as a PDF ends and hold no HTML, a DOCX must be a Word
document (and not expand past the limit), an image must decode."""

import re
import zipfile
from collections.abc import Callable
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from PIL import Image

MB = 1024 * 1024
# Markup a browser would run if the file were ever shown inline.
HTML = re.compile(rb"<\s*(html|script|body|iframe|!doctype\s+html|svg|object|embed)\b", re.I)
PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
PDF_END = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
PDF_XREF = re.compile(rb"\s*(xref|\d+\s+\d+\s+obj)")
DOCX_REQUIRED = ("[Content_Types].xml", "word/document.xml")
# Parts a Word document never needs and a disguised page or macro would bring.
DOCX_FORBIDDEN = re.compile(r"\.(html?|xhtml|mht|js|svg|bin)$", re.I)
CHUNK = 1024 * 1024


class BoundedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_MB * MB:
            self.request.upload_refused = True  # type: ignore[union-attr]
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class UploadLimitMiddleware:
    """Reads a multipart request's files (through the handlers above) before the view
    runs, and answers 413 if one passed the limit: no view sees a truncated upload."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return None
        request.FILES  # noqa: B018 - reading the files is the point
        if not getattr(request, "upload_refused", False):
            return None
        context = {"limit": settings.UPLOAD_MAX_MB}
        return render(request, "core/upload_too_large.html", context, status=413)


def _refuse(kind: str, reason: str) -> ValidationError:
    return ValidationError(
        _("The file is not a valid %(kind)s: %(reason)s") % {"kind": kind, "reason": reason}
    )


def _holds_html(file: IO[bytes]) -> bool:
    file.seek(0)
    tail = b""
    while chunk := file.read(CHUNK):
        if HTML.search(tail + chunk):
            return True
        tail = chunk[-64:]
    return False


def check_pdf(file: IO[bytes], size: int) -> None:
    """A PDF starts with its header, ends with startxref pointing at a cross-reference
    table or stream, then %%EOF, and holds no HTML."""
    file.seek(0)
    if not PDF_HEADER.match(file.read(8)):
        raise _refuse("PDF", _("it does not start as a PDF."))
    file.seek(max(0, size - 1024))
    end = PDF_END.search(file.read())
    if end is None or int(end.group(1)) >= size:
        raise _refuse("PDF", _("it does not end as a PDF (no cross-reference table)."))
    file.seek(int(end.group(1)))
    if not PDF_XREF.match(file.read(64)):
        raise _refuse("PDF", _("its cross-reference table is not where it says."))
    if _holds_html(file):
        raise _refuse("PDF", _("it holds a web page."))


def check_docx(file: IO[bytes], max_bytes: int) -> None:
    """A Word document: a ZIP with its content types and its document, no web page,
    script or macro inside, and no more than ``max_bytes`` once expanded."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
            names = {part.filename for part in parts}
            if sum(part.file_size for part in parts) > max_bytes:
                raise _refuse(
                    "DOCX",
                    _("it expands to more than %(limit)d MB.") % {"limit": max_bytes // MB},
                )
            if not all(name in names for name in DOCX_REQUIRED):
                raise _refuse("DOCX", _("it is not a Word document."))
            if any(DOCX_FORBIDDEN.search(name) for name in names):
                raise _refuse("DOCX", _("it holds a web page, a script or a macro."))
            types = archive.read("[Content_Types].xml")
            document = archive.read("word/document.xml")
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        raise _refuse("DOCX", _("it is not a readable ZIP archive.")) from None
    if re.search(rb"html|javascript|macroEnabled", types, re.I):
        raise _refuse("DOCX", _("it holds a web page, a script or a macro."))
    if not document.lstrip().startswith(b"<") or HTML.search(document):
        raise _refuse("DOCX", _("its text is not a Word document."))


def check_image(file: IO[bytes], image_format: str) -> None:
    """An image of the format claimed, of a sensible size, that decodes to the end."""
    file.seek(0)
    try:
        with Image.open(file, formats=[image_format]) as image:
            width, height = image.size
            if width * height > settings.UPLOAD_IMAGE_MAX_PIXELS:
                raise _refuse(
                    image_format,
                    _("it is larger than %(pixels)d million pixels.")
                    % {"pixels": settings.UPLOAD_IMAGE_MAX_PIXELS // 1_000_000},
                )
            image.load()
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refuse(image_format, _("it cannot be decoded.")) from None
    finally:
        file.seek(0)
