"""URL samples for the permission test (komek/core/url_samples.py): a case with a
document, a referral and a task, and an export of the case list."""

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from komek.cases.documents import document_attach
from komek.cases.models import CaseExport
from komek.cases.referrals import referral_send
from komek.cases.services import case_open, task_add
from komek.core.tests import files


def build(made: dict) -> dict[str, dict]:
    coordinator = made["coordinator"]
    case = made["case"] = case_open(
        opened_by=coordinator,
        client=made["person"],
        kind="legal",
        category=made["topic"],
        title="Паспорт",
    )
    document = document_attach(
        case=case,
        uploaded_by=coordinator,
        upload=SimpleUploadedFile("scan.pdf", files.pdf(), content_type="application/pdf"),
    )
    referral = referral_send(
        case=case,
        sent_by=coordinator,
        partner=made["partner"],
        request="consular",
        channel="letter",
        sent_on=date(2026, 1, 10),
        without_consent_reason="urgent detention",
    )
    task = task_add(
        case=case,
        created_by=coordinator,
        title="Позвонить",
        assignee=coordinator,
        due_on=date.today(),
    )
    export = made["export"] = CaseExport(
        requested_by=coordinator, status="done", progress_total=1, progress_done=1
    )
    export.file.save("cases.xlsx", ContentFile(b"PK\x03\x04 xlsx"), save=False)
    export.save()
    on_case = {"pk": case.pk}
    on_referral = {"pk": case.pk, "referral_pk": referral.pk}
    return {
        "cases:open": {"person_pk": made["person"].pk},
        "cases:detail": on_case,
        "cases:edit": on_case,
        "cases:note": on_case,
        "cases:move": on_case,
        "cases:document_upload": on_case,
        "cases:document_download": {"pk": case.pk, "document_pk": document.pk},
        "cases:task_add": on_case,
        "cases:task_done": {"pk": case.pk, "task_pk": task.pk},
        "cases:referral_send": on_case,
        "cases:referral_answer": on_referral,
        "cases:referral_sent": on_referral,
        "cases:referral_withdraw": on_referral,
        "cases:export": {"fmt": "csv"},
        "cases:export_status": {"pk": export.pk},
        "cases:export_download": {"pk": export.pk},
    }


def grant(made: dict, user) -> None:
    made["case"].assigned_to.add(user)
    CaseExport.objects.filter(pk=made["export"].pk).update(requested_by=user)
