"""Donor reports: a report template's sections computed for a period and written by the
task worker as XLSX and as PDF (with the same SVG charts as the dashboard), in Russian or
English. A report for sharing outside the centre hides counts under 5."""

from dataclasses import dataclass, replace

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from komek.accounts.models import Office
from komek.audit.models import Action
from komek.audit.services import record
from komek.core import indicators, jobs
from komek.core.exports import XlsxSheet
from komek.core.indicators import Result, Scope
from komek.core.pdf import render_pdf
from komek.core.transliteration import to_latin
from komek.partners.models import Partner
from komek.statistics.dashboard import Breakdown, breakdown
from komek.statistics.disclosure import suppress
from komek.statistics.models import Report, ReportLanguage, ReportSection

# The breakdowns whose parts are named records (keyed by pk), named in the report's language.
NAMED_BREAKDOWNS = {"office": Office, "partner": Partner}


@dataclass(frozen=True)
class Section:
    heading: str
    text: str
    result: Result | None
    figure: Breakdown | None


def scope_of(report: Report) -> Scope:
    return Scope(
        start=report.start,
        end=report.end,
        offices=(report.office_id,) if report.office_id else None,
    )


def name_in_report(record, language: str) -> str:
    """An office's or a partner's name as the report's reader reads it: in an English
    report its English name, or its name in Latin letters where none is given."""
    if language == ReportLanguage.EN:
        return record.name_en or to_latin(record.name)
    return record.name


def _named(result: Result, language: str) -> Result:
    model = NAMED_BREAKDOWNS.get(result.by or "")
    if model is None:
        return result
    records = model.objects.in_bulk([int(p.key) for p in result.parts if p.key.isdigit()])
    parts = [
        replace(part, label=name_in_report(records[int(part.key)], language))
        if part.key.isdigit() and int(part.key) in records
        else part
        for part in result.parts
    ]
    return replace(result, parts=parts)


def office_name(report: Report) -> str:
    return name_in_report(report.office, report.language) if report.office else _("All offices")


def compute(report: Report, section: ReportSection, scope: Scope) -> Section:
    heading, text = section.heading(report.language), section.text(report.language)
    if not section.indicator:
        return Section(heading=heading, text=text, result=None, figure=None)
    try:
        indicator = indicators.get(section.indicator)
        result = indicators.evaluate(indicator, scope, section.breakdown or None)
    except (indicators.UnknownIndicator, indicators.UnknownDimension):
        missing = _("This section's indicator (%(code)s) no longer exists.") % {
            "code": f"{section.indicator} {section.breakdown}".strip()
        }
        return Section(
            heading=heading, text=f"{text}\n\n{missing}".strip(), result=None, figure=None
        )
    result = _named(result, report.language)
    if report.external:
        result = suppress(result)
    figure = breakdown(result) if result.by and section.chart else None
    return Section(heading=heading, text=text, result=result, figure=figure)


def _share(value) -> str:
    return "" if value is None else f"{value:.1%}"


def xlsx_bytes(report: Report, sections: list[Section]) -> bytes:
    sheet = XlsxSheet(_("Report"), widths=(48, 16))
    sheet.row([report.template.title(report.language)], bold=True, size=14)
    sheet.row([_("Period"), report.start, report.end])
    sheet.row([_("Office"), office_name(report)])
    if report.external:
        sheet.row([_("Counts under 5 are hidden (“< 5”).")])
    for section in sections:
        sheet.row()
        sheet.row([section.heading], bold=True)
        if section.text:
            sheet.row([section.text])
        result = section.result
        if result is None:
            continue
        if result.by:
            sheet.row([result.by_name, result.indicator.name, _("Share")])
            for part in result.parts:
                sheet.row(
                    [
                        part.label,
                        part.value if part.value is not None else result.indicator.absent(),
                        _share(part.share),
                    ]
                )
        total = result.total if result.total is not None else result.indicator.absent()
        sheet.row([_("Total"), total], bold=True)
    return sheet.bytes()


def pdf_bytes(report: Report, sections: list[Section]) -> bytes:
    return render_pdf(
        "statistics/report_pdf.html",
        {
            "report": report,
            "title": report.template.title(report.language),
            "office": office_name(report),
            "sections": sections,
        },
    )


@transaction.atomic
def request_report(*, user, template, start, end, office, language, external) -> Report:
    report = Report(
        requested_by=user,
        template=template,
        start=start,
        end=end,
        office=office,
        language=language,
        external=external,
    )
    report.full_clean()
    report.progress_total = report.template.sections.count() + 2
    report.save()
    jobs.enqueue(build_report, report)
    record(actor=user, action=Action.EXPORT, obj=report, detail=f"report requested: {report}")
    return report


@jobs.task(Report)
def build_report(report_pk: int) -> str:
    with jobs.run(Report, report_pk) as report, translation.override(report.language):
        scope = scope_of(report)
        sections = []
        for section in report.template.sections.all():
            sections.append(compute(report, section, scope))
            report.set_progress(report.progress_done + 1)
        report.write(ContentFile(xlsx_bytes(report, sections)), suffix=".xlsx", field="xlsx")
        report.set_progress(report.progress_done + 1)
        report.write(ContentFile(pdf_bytes(report, sections)), suffix=".pdf")
    return report.file.name
