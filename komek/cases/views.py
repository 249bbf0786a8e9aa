from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.audit.models import Action
from komek.audit.services import record
from komek.cases import documents, exporting, referrals, selectors, services, workflow
from komek.cases.access import case_for, is_assigned
from komek.cases.evidence import country_response_times, partner_response_times
from komek.cases.forms import (
    AnswerForm,
    CaseEditForm,
    CaseFilterForm,
    CaseOpenForm,
    DocumentForm,
    MoveForm,
    NoteForm,
    PeriodForm,
    ReferralForm,
    SentForm,
    TaskForm,
    WithdrawForm,
)
from komek.cases.models import CaseDocument, CaseExport, ExportStatus, Referral, Task
from komek.core import charts, exports, pagination
from komek.core.pagination import CappedPaginator
from komek.core.permissions import requires, user_can
from komek.core.roles import Capability
from komek.hotline.models import Contact
from komek.people.access import Access, require_access
from komek.people.models import Person

PAGE_SIZE = 50


@requires(Capability.CASES_VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    filters = CaseFilterForm(request.GET or None, office=request.user.office)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    cases = selectors.case_list(user=request.user, **criteria)
    page = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    record(actor=request.user, action=Action.VIEW, detail=f"case list: {request.GET.urlencode()}")
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
    )
    return exports.csv_response("komek-cases.csv", exporting.header(), exporting.rows(cases))


@requires(Capability.CASES_EXPORT)
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(CaseExport, pk=pk, requested_by=request.user)
    template = "cases/export_status.html#progress" if request.htmx else "cases/export_status.html"
    return render(request, template, {"export": export})


@requires(Capability.CASES_EXPORT)
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    export = get_object_or_404(
        CaseExport, pk=pk, requested_by=request.user, status=ExportStatus.DONE
    )
    record(
        actor=request.user,
        action=Action.EXPORT,
        detail=f"cases xlsx downloaded: {export.filters}"[:500],
    )
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"komek-cases-{timezone.localtime(export.requested_at):%Y-%m-%d-%H%M}.xlsx",
        content_type=exports.XLSX_TYPE,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@requires(Capability.CASES_OPEN)
def case_open(request: HttpRequest, person_pk: int) -> HttpResponse:
    client = get_object_or_404(Person, pk=person_pk)
    require_access(request.user, client, Access.FULL)
    contact = Contact.objects.filter(pk=request.GET.get("contact") or None, person=client).first()
    initial = {}
    if contact is not None:
        initial = {"title": contact.question[:200], "description": contact.question}
        topic = contact.topics.first()
        if topic is not None:
            initial["category"] = topic.pk
    form = CaseOpenForm(request.POST or None, initial=initial, office=request.user.office)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        case = services.case_open(
            opened_by=request.user,
            client=client,
            assign=list(data.pop("assign")),
            opened_from=contact,
            **data,
        )
        messages.success(request, _("Case opened."))
        return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_open.html", {"form": form, "client": client})


def _timeline(request: HttpRequest, case, *, note_form=None, task_form=None) -> dict:
    """What the timeline partial shows: open tasks, the events, and the two forms."""
    events, earlier = selectors.timeline(case, everything=request.GET.get("timeline") == "all")
    return {
        "case": case,
        "events": events,
        "earlier": earlier,
        "tasks": list(case.tasks.filter(done_at__isnull=True).select_related("assignee")),
        "note_form": note_form or NoteForm(prefix="note"),
        "task_form": task_form or TaskForm(case=case, user=request.user, prefix="task"),
        "today": timezone.localdate(),
    }


@requires(Capability.CASES_VIEW)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_display(user=request.user, pk=pk)
    assigned = is_assigned(request.user, case)
    statuses = workflow.allowed_next(case, request.user, assigned=assigned)
    context = {
        **_timeline(request, case),
        "document_form": DocumentForm(),
        "documents": case.documents.select_related("uploaded_by"),
        "referrals": [
            {
                "referral": referral,
                "answer_form": AnswerForm(prefix=f"{AnswerForm.prefix}-{referral.pk}"),
                "sent_form": SentForm(prefix=f"{SentForm.prefix}-{referral.pk}"),
                "withdraw_form": WithdrawForm(prefix=f"{WithdrawForm.prefix}-{referral.pk}"),
            }
            for referral in case.referrals.select_related("partner").prefetch_related("letters")
        ],
        "referral_form": ReferralForm(prefix="referral"),
        "move_form": MoveForm(statuses=statuses) if statuses else None,
    }
    return render(request, "cases/case_detail.html", context)


@requires(Capability.CASES_WORK)
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for(request.user, pk)
    form = CaseEditForm(request.POST or None, instance=case)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.case_update(case=case, updated_by=request.user, version=version, **data)
        except services.StaleEdit as stale:
            conflict = stale.current
            form.add_error(
                None,
                _(
                    "Someone saved this case while you were editing it. Their version is shown "
                    "beside your form; nothing of theirs or yours is lost until you save again."
                ),
            )
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        else:
            messages.success(request, _("Changes saved."))
            return redirect("cases:detail", pk=case.pk)
    context = {"form": form, "case": case, "conflict": conflict}
    return render(request, "cases/case_edit.html", context)


@requires(Capability.CASES_WORK)
@require_POST
def case_note(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for(request.user, pk)
    form = NoteForm(request.POST, prefix="note")
    if form.is_valid():
        services.case_note(case=case, author=request.user, text=form.cleaned_data["text"])
        form = None
    return _timeline_response(request, case, note_form=form)


def _timeline_response(request: HttpRequest, case, **forms) -> HttpResponse:
    if request.htmx:
        return render(request, "cases/case_detail.html#timeline", _timeline(request, case, **forms))
    return redirect("cases:detail", pk=case.pk)


@requires(Capability.CASES_WORK)
@require_POST
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for(request.user, pk)
    form = TaskForm(request.POST, case=case, user=request.user, prefix="task")
    if form.is_valid():
        try:
            services.task_add(case=case, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = None
    if form is not None and not request.htmx:
        messages.error(request, _("The task is incomplete: %(errors)s") % {"errors": _errors(form)})
    return _timeline_response(request, case, task_form=form)


@requires(Capability.CASES_WORK)
@require_POST
def task_done(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    case = case_for(request.user, pk)
    case_task = get_object_or_404(Task, pk=task_pk, case=case)
    services.task_done(case_task=case_task, done_by=request.user)
    if request.POST.get("next") == "tasks":
        messages.success(request, _("Task done."))
        return redirect("cases:tasks")
    return _timeline_response(request, case)


@requires(Capability.CASES_VIEW)
def task_list(request: HttpRequest) -> HttpResponse:
    overdue = request.GET.get("show") == "overdue"
    tasks = selectors.task_list(user=request.user, overdue=overdue)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "overdue": overdue, "today": timezone.localdate()}
    return render(request, "cases/task_list.html", context)


@requires(Capability.CASES_WORK)
@require_POST
def case_move(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for(request.user, pk)
    assigned = is_assigned(request.user, case)
    form = MoveForm(
        request.POST, statuses=workflow.allowed_next(case, request.user, assigned=assigned)
    )
    if not form.is_valid():
        messages.error(request, _("Choose one of the statuses offered."))
        return redirect("cases:detail", pk=case.pk)
    try:
        services.case_move(case=case, moved_by=request.user, assigned=assigned, **form.cleaned_data)
    except (ValidationError, workflow.TransitionRefused) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        messages.success(request, _("Status changed."))
    return redirect("cases:detail", pk=case.pk)


@requires(Capability.CASES_WORK)
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect("cases:detail", pk=case.pk)
    try:
        documents.document_attach(
            case=case, uploaded_by=request.user, upload=form.cleaned_data["file"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Document attached."))
    return redirect("cases:detail", pk=case.pk)


@requires(Capability.CASES_VIEW)
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    case = case_for(request.user, pk)
    document = get_object_or_404(CaseDocument, pk=document_pk, case=case)
    documents.document_opened(document=document, user=request.user)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@requires(Capability.CASES_WORK)
@require_POST
def referral_send(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for(request.user, pk)
    form = ReferralForm(request.POST, prefix="referral")
    if not form.is_valid():
        messages.error(
            request, _("The referral is incomplete: %(errors)s") % {"errors": _errors(form)}
        )
        return redirect("cases:detail", pk=case.pk)
    try:
        referrals.referral_send(case=case, sent_by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Referral recorded."))
    return redirect("cases:detail", pk=case.pk)


def _referral_step(
    request: HttpRequest, pk: int, referral_pk: int, form_class, step, *, done, incomplete
):
    """One step of a referral's workflow from its form on the case page: ``step`` is
    called with the referral and the cleaned data; refusals come back as messages."""
    case = case_for(request.user, pk)
    referral = get_object_or_404(Referral, pk=referral_pk, case=case)
    form = form_class(request.POST, prefix=f"{form_class.prefix}-{referral.pk}")
    if not form.is_valid():
        messages.error(request, incomplete % {"errors": _errors(form)})
        return redirect("cases:detail", pk=case.pk)
    try:
        step(referral, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("cases:detail", pk=case.pk)


@requires(Capability.CASES_WORK)
@require_POST
def referral_answer(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    return _referral_step(
        request,
        pk,
        referral_pk,
        AnswerForm,
        lambda referral, data: referrals.referral_answer(
            referral=referral, recorded_by=request.user, **data
        ),
        done=_("Answer recorded."),
        incomplete=_("The answer is incomplete: %(errors)s"),
    )


@requires(Capability.CASES_WORK)
@require_POST
def referral_sent(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    return _referral_step(
        request,
        pk,
        referral_pk,
        SentForm,
        lambda referral, data: referrals.referral_mark_sent(
            referral=referral, sent_by=request.user, **data
        ),
        done=_("Referral marked as sent."),
        incomplete=_("Give the date the referral was sent."),
    )


@requires(Capability.CASES_WORK)
@require_POST
def referral_withdraw(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    return _referral_step(
        request,
        pk,
        referral_pk,
        WithdrawForm,
        lambda referral, data: referrals.referral_withdraw(
            referral=referral, withdrawn_by=request.user, **data
        ),
        done=_("Referral withdrawn."),
        incomplete=_("Say why the referral is withdrawn."),
    )


@requires(Capability.CASES_VIEW)
def evidence(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    period = form.cleaned_data if form.is_valid() else {}
    partners = partner_response_times(start=period.get("start"), end=period.get("end"))
    chart = charts.bar_chart(
        title=_("Days a partner takes to answer"),
        description=", ".join(
            _("%(partner)s: median %(median)s, 90th percentile %(p90)s")
            % {"partner": row.partner, "median": row.median_days, "p90": row.p90_days}
            for row in partners
            if row.median_days is not None
        ),
        rows=[(row.partner, row.median_days, row.p90_days) for row in partners],
    )
    context = {
        "form": form,
        "partners": partners,
        "chart": chart,
        "countries": country_response_times(start=period.get("start"), end=period.get("end")),
    }
    return render(request, "cases/evidence.html", context)


@requires(Capability.CASES_VIEW)
def evidence_export(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    period = form.cleaned_data if form.is_valid() else {}
    rows = partner_response_times(start=period.get("start"), end=period.get("end"))
    record(actor=request.user, action=Action.EXPORT, detail="partner response times")
    header = [
        _("Partner"),
        _("Country"),
        _("City"),
        _("Sent"),
        _("Answered"),
        _("Median, days"),
        _("90th percentile, days"),
        _("No answer in 30 days"),
    ]
    return exports.xlsx_response(
        "komek-partner-response-times.xlsx",
        header,
        (
            [
                row.partner,
                row.country,
                row.city,
                row.sent,
                row.answered,
                row.median_days,
                row.p90_days,
                row.unanswered_30d_share,
            ]
            for row in rows
        ),
    )


def _errors(form) -> str:
    return " ".join(
        f"{form.fields[name].label}: {' '.join(errors)}"
        if name in form.fields
        else " ".join(errors)
        for name, errors in form.errors.items()
    )


def render_person_cases(request: HttpRequest, person) -> str:
    return render_to_string(
        "cases/person_cases.html",
        {"cases": selectors.person_cases(user=request.user, person=person), "person": person},
        request=request,
    )
