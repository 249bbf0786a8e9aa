"""What may be uploaded to a case: the kind is read from the file's first bytes, never
from its name or the browser's claim, then the whole file is checked to be of that kind
(core/uploads.py)."""

import hashlib
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import record
from komek.cases import timeline
from komek.cases.models import Case, CaseDocument
from komek.cases.services import case_event_add
from komek.core import uploads

IMAGE_FORMATS = {"jpg": "JPEG", "png": "PNG"}
# (leading bytes, extension, content type)
SIGNATURES = [
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (
        b"PK\x03\x04",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
]


def _check(upload: UploadedFile, extension: str) -> None:
    if extension == "pdf":
        uploads.check_pdf(upload, upload.size or 0)
    elif extension == "docx":
        uploads.check_docx(upload, settings.CASE_DOCUMENT_MAX_MB * 1024 * 1024)
    else:
        uploads.check_image(upload, IMAGE_FORMATS[extension])
    upload.seek(0)


def _kind(upload: UploadedFile) -> tuple[str, str]:
    head = upload.read(16)
    upload.seek(0)
    for signature, extension, content_type in SIGNATURES:
        if head.startswith(signature):
            if extension == "docx" and PurePath(upload.name or "").suffix.lower() != ".docx":
                break
            _check(upload, extension)
            return extension, content_type
    raise ValidationError(_("Only PDF, JPEG, PNG and DOCX files can be attached."))


@transaction.atomic
def document_attach(*, case: Case, uploaded_by, upload: UploadedFile) -> CaseDocument:
    limit = settings.CASE_DOCUMENT_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)d MB.") % {"limit": settings.CASE_DOCUMENT_MAX_MB}
        )
    extension, content_type = _kind(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    original = PurePath(upload.name).name[:200]
    upload.name = f"{uuid.uuid4().hex}.{extension}"
    document = CaseDocument.objects.create(
        case=case,
        file=upload,
        original_name=original,
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=uploaded_by,
    )
    case_event_add(case=case, author=uploaded_by, kind=timeline.DOCUMENT, text=original)
    record(actor=uploaded_by, action=Action.CHANGE, obj=case, detail=f"document added: {original}")
    return document


def document_opened(*, document: CaseDocument, user) -> None:
    record(
        actor=user,
        action=Action.EXPORT,
        obj=document.case,
        detail=f"document downloaded: {document.original_name}",
    )
