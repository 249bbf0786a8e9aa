"""The case list as a spreadsheet: streamed as CSV while the user waits, or written to
XLSX by the task worker with its progress shown, since a large office's list takes
longer than a request may."""

from collections.abc import Iterator

from django.core.files.base import File
from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import record
from komek.cases import selectors
from komek.cases.forms import CaseFilterForm
from komek.cases.models import Case, CaseExport
from komek.core import exports, jobs

# Rows written between two progress updates.
PROGRESS_EVERY = 2000


def header() -> list[str]:
    return [
        _("Number"),
        _("Title"),
        _("Client"),
        _("Citizenship"),
        _("Category"),
        _("Status"),
        _("Priority"),
        _("Outcome"),
        _("Amount recovered, KZT"),
        _("Opened"),
        _("Closed"),
    ]


def rows(cases: QuerySet[Case]) -> Iterator[list]:
    for case in cases.iterator(chunk_size=PROGRESS_EVERY):
        yield [
            case.pk,
            case.title,
            case.client.full_name,
            case.client.citizenship,
            case.category.label,
            case.get_status_display(),
            case.get_priority_display(),
            case.get_outcome_display(),
            case.amount_recovered,
            timezone.localtime(case.opened_at).replace(tzinfo=None),
            timezone.localtime(case.closed_at).replace(tzinfo=None) if case.closed_at else None,
        ]


def clients(cases: QuerySet[Case]) -> list[int]:
    """The people whose names an export of ``cases`` carries out, for its audit entry."""
    return list(cases.order_by().values_list("client_id", flat=True).distinct())


def filtered_cases(user, filters: QueryDict) -> QuerySet[Case]:
    form = CaseFilterForm(filters or None, office=user.office)
    return selectors.cases_matching(user=user, **(form.cleaned_data if form.is_valid() else {}))


@transaction.atomic
def export_request(*, user, filters: QueryDict) -> CaseExport:
    """Queue an XLSX export of the filtered list; the request is audited as the export,
    with the clients it includes."""
    cases = filtered_cases(user, filters)
    export = CaseExport.objects.create(
        requested_by=user,
        filters=filters.urlencode()[:500],
        progress_total=cases.count(),
    )
    jobs.enqueue(build_export, export)
    record(
        actor=user,
        action=Action.EXPORT,
        detail=f"cases xlsx: {export.filters}"[:500],
        people=clients(cases),
    )
    return export


def _progress(export: CaseExport, written: Iterator[list]) -> Iterator[list]:
    for count, row in enumerate(written, start=1):
        yield row
        if count % PROGRESS_EVERY == 0:
            export.set_progress(count)


@jobs.task(CaseExport)
def build_export(export_pk: int) -> str:
    with jobs.run(CaseExport, export_pk) as export:
        cases = filtered_cases(export.requested_by, QueryDict(export.filters))
        with exports.xlsx_file(header(), _progress(export, rows(cases))) as written:
            export.write(File(written), suffix=".xlsx")
    return export.file.name
