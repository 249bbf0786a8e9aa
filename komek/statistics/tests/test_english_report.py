"""The English donor report reads as English (office and partner names in Latin letters,
dates with English month names), and no chart is parted from its table by a page break
(checked page by page with pdftotext)."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from komek.cases.models import Referral
from komek.cases.services import case_open
from komek.conftest import pdf_text
from komek.core.roles import Role
from komek.core.templatetags.komek_format import percent
from komek.hotline.services import topic_create
from komek.partners.services import partner_create
from komek.people.services import person_create
from komek.statistics import reporting
from komek.statistics.models import Report, ReportSection, ReportTemplate
from komek.statistics.tests.test_reports import request_report, run_worker, worker_runs

CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def answered_referral(office, make_staff):
    lawyer = make_staff(Role.LAWYER)
    client = person_create(created_by=None, office=office, given_name="Шерзод")
    topic = topic_create(created_by=None, code="docs", name_ru="Документы", name_en="Documents")
    case = case_open(opened_by=lawyer, client=client, kind="legal", category=topic, title="П")
    embassy = partner_create(
        created_by=None,
        office=office,
        name="Посольство Республики Узбекистан",
        kind="embassy",
        country="UZ",
        city="Астана",
    )
    for index in range(6):
        sent = date(2026, 1, 12) + timedelta(days=index)
        Referral.objects.create(
            case=case,
            partner=embassy,
            request="passport",
            channel="letter",
            status="answered",
            sent_on=sent,
            expected_by=sent + timedelta(days=14),
            sent_by=lawyer,
            answered_on=sent + timedelta(days=9),
        )


@worker_runs
def test_the_english_report_has_latin_names_english_dates_and_unsplit_figures(
    client_for, office, coordinator, activity, answered_referral, needs_pdf_tools, tmp_path
):
    client = client_for(coordinator)
    report = request_report(client, office, language="en", external="")
    run_worker()
    report.refresh_from_db()
    assert report.status == "done", report.error
    response = client.get(reverse("statistics:report_download", args=[report.pk, "pdf"]))
    pdf = Path(tmp_path / "report.pdf")
    pdf.write_bytes(b"".join(response.streaming_content))
    text = pdf_text(pdf)
    assert "Migrant assistance centre: activity report" in text
    assert not CYRILLIC.findall(text), sorted(set(CYRILLIC.findall(text)))
    assert "Office: Astana" in one_line(text)
    assert "Posolstvo Respubliki Uzbekistan" in one_line(text)
    # English dates, with the month's English name, not 01/01/2026 nor 01.01.2026.
    assert "1 Jan 2026" in text and "31 Mar 2026" in text
    assert not re.search(r"\d\d[./]\d\d[./]2026", text)

    # Each chart's title, its table's first row (the only place a share is printed) and
    # the total under the table are on one page.
    pages = [one_line(page) for page in text.split("\f")]
    report = Report.objects.get(pk=report.pk)
    with translation.override("en"):
        scope = reporting.scope_of(report)
        sections = [
            reporting.compute(report, section, scope) for section in report.template.sections.all()
        ]
        checked = 0
        for section in sections:
            if section.figure is None or not section.result.parts:
                continue
            title = section.figure.title
            first = section.result.parts[0]
            (page,) = [page for page in pages if title in page]
            if first.share is not None:
                assert percent(first.share) in page, title
            assert f"Total: {section.result.total:g}" in page, title
            checked += 1
    assert checked >= 5


@pytest.mark.django_db
def test_no_page_break_falls_between_a_chart_and_its_table(
    office, coordinator, activity, needs_pdf_tools, tmp_path
):
    """Sections led by texts of every length up to a page: wherever the page ends, each
    page holds as many charts as tables (a chart's title, its table's total)."""
    template = ReportTemplate.objects.create(name="t", title_ru="т", title_en="Breaks")
    for index in range(14):
        ReportSection.objects.create(
            template=template,
            order=index,
            heading_ru="р",
            heading_en=f"Section {index}",
            text_en="\n".join(["A line of text."] * (index * 3)),
            indicator="contacts",
            breakdown="sex",
        )
    report = Report.objects.create(
        requested_by=coordinator,
        template=template,
        start=date(2026, 1, 1),
        end=date(2026, 3, 31),
        office=office,
        language="en",
        external=False,
    )
    with translation.override("en"):
        scope = reporting.scope_of(report)
        sections = [reporting.compute(report, s, scope) for s in template.sections.all()]
        pdf = Path(tmp_path / "breaks.pdf")
        pdf.write_bytes(reporting.pdf_bytes(report, sections))
    pages = [one_line(page) for page in pdf_text(pdf).split("\f") if page.strip()]
    assert len(pages) > 3
    for page in pages:
        assert page.count("Contacts by sex") == page.count("Total: 14"), page
