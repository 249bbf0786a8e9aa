"""URL samples for the permission test (komek/core/url_samples.py): a dataset, a staged
table, its import and a report."""

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from komek.statistics import services
from komek.statistics.models import (
    Dataset,
    DatasetVersion,
    Report,
    ReportTemplate,
    StagedTable,
    TableImport,
)


def build(made: dict) -> dict[str, dict]:
    coordinator = made["coordinator"]
    dataset = Dataset.objects.create(code="probe", title="Регистрации")
    DatasetVersion.objects.create(dataset=dataset, number=1, file_name="t.csv", sha256="0", rows=0)
    table = "period_from,period_to,territory,value\n2026-01-01,2026-03-31,Астана,5\n"
    staged = made["staged"] = services.stage_table(
        user=coordinator,
        upload=SimpleUploadedFile("t.csv", table.encode()),
        dataset_code="t",
        title="",
        source="",
        measure="other",
    )
    template = ReportTemplate.objects.create(name="МОМ", title_ru="Отчёт", title_en="Report")
    report = made["report"] = Report(
        template=template, start=date(2026, 1, 1), end=date(2026, 3, 31)
    )
    report.requested_by, report.status = coordinator, "done"
    report.file.save("report.pdf", ContentFile(b"%PDF-1.4 report"), save=False)
    report.xlsx.save("report.xlsx", ContentFile(b"PK\x03\x04 xlsx"), save=False)
    report.save()
    table_import = made["table_import"] = TableImport.objects.create(
        requested_by=coordinator, staged=staged, file_name="t.csv"
    )
    return {
        "statistics:dataset": {"code": dataset.code},
        "statistics:withdraw": {"code": dataset.code},
        "statistics:preview": {"pk": staged.pk},
        "statistics:discard": {"pk": staged.pk},
        "statistics:import": {"pk": table_import.pk},
        "statistics:report": {"pk": report.pk},
        "statistics:report_download": {"pk": report.pk, "kind": "pdf"},
        "statistics:template_edit": {"pk": template.pk},
    }


def grant(made: dict, user) -> None:
    StagedTable.objects.filter(pk=made["staged"].pk).update(uploaded_by=user)
    Report.objects.filter(pk=made["report"].pk).update(requested_by=user)
    TableImport.objects.filter(pk=made["table_import"].pk).update(requested_by=user)
