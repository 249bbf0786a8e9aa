from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.core import indicators, jobs
from komek.core.indicators import Scope
from komek.core.permissions import requires, role_can
from komek.core.roles import Capability
from komek.core.tables import MAX_ERRORS_SHOWN, ImportRejected
from komek.statistics import advocacy, dashboard, importing, reporting, services
from komek.statistics.forms import (
    DashboardForm,
    MappingForm,
    ReportForm,
    SectionFormSet,
    TargetForm,
    TemplateForm,
    UploadForm,
    WithdrawForm,
)
from komek.statistics.models import Dataset, Report, ReportTemplate, StagedTable, TableImport

# A report's downloads: the kind in the URL, the field holding the file.
REPORT_FILES = {"pdf": "file", "xlsx": "xlsx"}


def _scope(period: dict) -> Scope:
    office = period.get("office")
    return Scope(
        start=period["start"],
        end=period["end"],
        offices=(office.pk,) if office else None,
        territory=office.city if office else "",
    )


@requires(Capability.STATISTICS_VIEW)
def dashboard_view(request: HttpRequest) -> HttpResponse:
    form = DashboardForm(request.GET or None, user=request.user)
    period = form.period()
    scope = _scope(period)
    previous = Scope(
        *dashboard.previous_period(period["start"], period["end"]),
        offices=scope.offices,
        territory=scope.territory,
    )
    # Roles that may not open people's records see aggregates with small counts hidden.
    aggregates_only = not role_can(request.user, Capability.PEOPLE_VIEW)
    context = {
        "form": form,
        "period": period,
        "previous": (previous.start, previous.end),
        # The breakdowns first: the headline takes the totals of those that add up.
        "breakdowns": dashboard.breakdowns(scope, aggregates_only=aggregates_only),
        "headline": dashboard.headline(scope, previous, aggregates_only=aggregates_only),
        "official": dashboard.official(scope),
        "aggregates_only": aggregates_only,
    }
    return render(request, "statistics/dashboard.html", context)


@requires(Capability.STATISTICS_VIEW)
def advocacy_view(request: HttpRequest) -> HttpResponse:
    context = {
        "territories": advocacy.registration_figures(Scope()),
        "partners": advocacy.response_times(Scope()),
    }
    return render(request, "statistics/advocacy.html", context)


@requires(Capability.STATISTICS_VIEW)
def dataset_list(request: HttpRequest) -> HttpResponse:
    datasets = Dataset.objects.prefetch_related("versions")
    form = UploadForm() if role_can(request.user, Capability.STATISTICS_MANAGE) else None
    return render(request, "statistics/datasets.html", {"datasets": datasets, "form": form})


def _dataset_page(
    request: HttpRequest, dataset: Dataset, withdraw_form: WithdrawForm | None = None
) -> HttpResponse:
    versions = list(dataset.versions.select_related("imported_by"))
    chosen = next(
        (v for v in versions if str(v.number) == request.GET.get("version")),
        next((v for v in versions if v.is_current), None),
    )
    cells = (
        chosen.observations.order_by("period_from", "territory", "citizenship", "pk")
        if chosen
        else []
    )
    page = Paginator(cells, 100).get_page(request.GET.get("page"))
    if not dataset.is_withdrawn and role_can(request.user, Capability.STATISTICS_MANAGE):
        withdraw_form = withdraw_form or WithdrawForm()
    context = {
        "dataset": dataset,
        "versions": versions,
        "chosen": chosen,
        "page": page,
        "withdraw_form": withdraw_form,
    }
    status = 400 if withdraw_form is not None and withdraw_form.errors else 200
    return render(request, "statistics/dataset.html", context, status=status)


@requires(Capability.STATISTICS_VIEW)
def dataset_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _dataset_page(request, get_object_or_404(Dataset, code=code))


@requires(Capability.STATISTICS_MANAGE)
@require_POST
def dataset_withdraw(request: HttpRequest, code: str) -> HttpResponse:
    dataset = get_object_or_404(Dataset, code=code)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _dataset_page(request, dataset, form)
    services.withdraw_dataset(
        user=request.user, dataset=dataset, reason=form.cleaned_data["reason"]
    )
    messages.success(
        request,
        _("“%(title)s” is withdrawn: its figures no longer feed statements or the dashboard.")
        % {"title": dataset.title},
    )
    return redirect("statistics:dataset", code=dataset.code)


@requires(Capability.STATISTICS_MANAGE)
@require_POST
def dataset_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            staged = services.stage_table(
                user=request.user,
                upload=form.cleaned_data["file"],
                dataset_code=form.cleaned_data["code"],
                title=form.cleaned_data["title"],
                source=form.cleaned_data["source"],
                measure=form.cleaned_data["measure"],
            )
        except ImportRejected as rejected:
            form.add_error("file", rejected.errors[:MAX_ERRORS_SHOWN])
        else:
            return redirect("statistics:preview", pk=staged.pk)
    datasets = Dataset.objects.prefetch_related("versions")
    context = {"datasets": datasets, "form": form}
    return render(request, "statistics/datasets.html", context, status=400)


@requires(Capability.STATISTICS_MANAGE)
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The table as read, the column mapping to confirm, and every problem found: nothing
    is written until the user imports a table without problems."""
    staged = get_object_or_404(StagedTable, pk=pk, uploaded_by=request.user)
    headers, rows = services.staged_rows(staged)
    errors: list[str] = []
    parsed = None
    form = MappingForm(request.POST or None, mapping=importing.guess_mapping(headers))
    similar = services.similar_datasets(staged, headers)
    importing_now = request.method == "POST" and "import" in request.POST
    target = (
        TargetForm(
            request.POST if importing_now else None,
            similar=similar,
            new_code=staged.dataset_code,
        )
        if similar
        else None
    )
    if not errors and (form.is_valid() or not form.is_bound):
        mapping = form.mapping() if form.is_bound else importing.guess_mapping(headers)
        try:
            parsed = importing.parse(headers, rows, mapping)
        except ImportRejected as rejected:
            errors = rejected.errors
    if parsed is not None and importing_now and (target is None or target.is_valid()):
        job = services.import_in_background(
            staged=staged,
            mapping=parsed.mapping,
            user=request.user,
            dataset_code=target.cleaned_data["target"] if target else "",
        )
        return redirect("statistics:import", pk=job.pk)
    context = {
        "staged": staged,
        "target": target,
        "form": form,
        "headers": headers,
        "sample": rows[:15],
        "row_count": len(rows),
        "parsed": parsed,
        "errors": errors[:MAX_ERRORS_SHOWN],
        "more_errors": max(0, len(errors) - MAX_ERRORS_SHOWN),
    }
    failed = bool(errors or form.errors or (target and target.errors))
    return render(request, "statistics/preview.html", context, status=400 if failed else 200)


@requires(Capability.STATISTICS_MANAGE)
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = jobs.owned(TableImport, pk=pk, user=request.user)
    version = job.version
    return jobs.status_page(
        request,
        job,
        template="statistics/import.html",
        downloads=[
            (
                reverse("statistics:dataset", args=[version.dataset.code]),
                _("Open version %(number)d of “%(title)s”")
                % {"number": version.number, "title": version.dataset.title},
            )
        ]
        if version
        else [],
        progress=_("%(done)d of %(total)d figures")
        % {"done": job.progress_done, "total": job.progress_total}
        if job.progress_total
        else "",
        failure=_("Nothing was imported: %(error)s") % {"error": job.error},
    )


@requires(Capability.STATISTICS_MANAGE)
@require_POST
def preview_discard(request: HttpRequest, pk: int) -> HttpResponse:
    staged = get_object_or_404(StagedTable, pk=pk, uploaded_by=request.user)
    services.discard_staged(staged)
    return redirect("statistics:datasets")


@requires(Capability.STATISTICS_MANAGE)
def report_list(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        report = reporting.request_report(user=request.user, **form.cleaned_data)
        return redirect("statistics:report", pk=report.pk)
    context = {
        "form": form,
        "reports": Report.objects.filter(requested_by=request.user).select_related(
            "template", "office"
        )[:20],
        "templates": ReportTemplate.objects.all(),
    }
    return render(request, "statistics/reports.html", context, status=400 if form.errors else 200)


@requires(Capability.STATISTICS_MANAGE)
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = jobs.owned(Report, pk=pk, user=request.user)
    return jobs.status_page(
        request,
        report,
        template="statistics/report.html",
        downloads=[
            (reverse("statistics:report_download", args=[report.pk, kind]), label)
            for kind, label in (("pdf", _("Download PDF")), ("xlsx", _("Download XLSX")))
        ],
        failure=_("The report failed. Try again; if it fails again, tell the administrator."),
    )


@requires(Capability.STATISTICS_MANAGE)
def report_download(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    if kind not in REPORT_FILES:
        raise Http404
    report = jobs.owned(Report, pk=pk, user=request.user)
    return jobs.download(
        request,
        report,
        field=REPORT_FILES[kind],
        filename=f"komek-report-{report.start:%Y-%m-%d}-{report.end:%Y-%m-%d}.{kind}",
        detail=f"report {kind} downloaded",
    )


@requires(Capability.STATISTICS_MANAGE)
def template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    template = get_object_or_404(ReportTemplate, pk=pk) if pk else ReportTemplate()
    form = TemplateForm(request.POST or None, instance=template)
    registry = {indicator.code: indicator for indicator in indicators.indicators()}
    sections = SectionFormSet(
        request.POST or None, instance=template, form_kwargs={"registry": registry}
    )
    if request.method == "POST" and form.is_valid() and sections.is_valid():
        services.save_template(user=request.user, form=form, sections=sections)
        messages.success(request, _("The report template is saved."))
        return redirect("statistics:reports")
    context = {"form": form, "sections": sections, "template": template}
    status = 400 if form.errors or any(sections.errors) or sections.non_form_errors() else 200
    return render(request, "statistics/template_edit.html", context, status=status)
