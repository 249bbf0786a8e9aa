"""Case lists: the filtered list, its exports, and the task lists."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import record
from komek.cases import exporting, selectors
from komek.cases.forms import (
    CaseFilterForm,
)
from komek.cases.models import CaseExport
from komek.core import exports, jobs, pagination
from komek.core.pagination import CappedPaginator
from komek.core.permissions import requires, shows_personal_data, user_can
from komek.core.roles import Capability

PAGE_SIZE = 50


@requires(Capability.CASES_VIEW)
@shows_personal_data
def case_list(request: HttpRequest) -> HttpResponse:
    filters = CaseFilterForm(request.GET or None, office=request.user.office)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    cases = selectors.case_list(user=request.user, **criteria)
    page = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "cap": pagination.COUNT_CAP,
        "can_export": user_can(request.user, Capability.CASES_EXPORT),
    }
    return render(request, "cases/case_list.html", context)


@requires(Capability.CASES_EXPORT)
def case_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered case list: CSV streamed now, XLSX written in the background with its
    progress shown. Either is audited as an export."""
    if fmt == "xlsx":
        export = exporting.export_request(user=request.user, filters=request.GET)
        return redirect("cases:export_status", pk=export.pk)
    if fmt != "csv":
        raise Http404
    cases = exporting.filtered_cases(request.user, request.GET)
    record(
        actor=request.user,
        action=Action.EXPORT,
        detail=f"cases csv: {request.GET.urlencode()}"[:500],
        people=exporting.clients(cases),
    )
    return exports.csv_response("komek-cases.csv", exporting.header(), exporting.rows(cases))


@requires(Capability.CASES_EXPORT)
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    export = jobs.owned(CaseExport, pk=pk, user=request.user)
    return jobs.status_page(
        request,
        export,
        template="cases/export_status.html",
        downloads=[(reverse("cases:export_download", args=[export.pk]), _("Download XLSX"))],
        failure=_("The export failed. Try again, or narrow the filters."),
    )


@requires(Capability.CASES_EXPORT)
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    export = jobs.owned(CaseExport, pk=pk, user=request.user)
    return jobs.download(
        request,
        export,
        filename=f"komek-cases-{timezone.localtime(export.requested_at):%Y-%m-%d-%H%M}.xlsx",
        detail=f"cases xlsx downloaded: {export.filters}",
    )


@requires(Capability.CASES_VIEW)
@shows_personal_data
def task_list(request: HttpRequest) -> HttpResponse:
    overdue = request.GET.get("show") == "overdue"
    tasks = selectors.task_list(user=request.user, overdue=overdue)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "overdue": overdue, "today": timezone.localdate()}
    return render(request, "cases/task_list.html", context)
