"""One case: opening it, its page and timeline, edits, status, tasks and documents."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.cases import documents, selectors, services, workflow
from komek.cases.access import is_assigned
from komek.cases.forms import (
    AnswerForm,
    CaseEditForm,
    CaseOpenForm,
    DocumentForm,
    MoveForm,
    NoteForm,
    ReferralForm,
    SentForm,
    TaskForm,
    WithdrawForm,
    form_errors,
)
from komek.cases.models import CaseDocument, Task
from komek.core.permissions import requires, shows_personal_data
from komek.core.roles import Capability
from komek.people.selectors import person_get_for


@requires(Capability.CASES_OPEN)
def case_open(request: HttpRequest, person_pk: int) -> HttpResponse:
    client = person_get_for(user=request.user, pk=person_pk, purpose="change")
    draft = selectors.case_draft(
        user=request.user, client=client, contact_pk=request.GET.get("contact")
    )
    open_cases = selectors.open_cases_of(user=request.user, person=client)
    form = CaseOpenForm(
        request.POST or None,
        initial=draft.initial,
        office=request.user.office,
        open_cases=open_cases,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("open_new_anyway", None)
        case = services.case_open(
            opened_by=request.user,
            client=client,
            assign=list(data.pop("assign")),
            opened_from=draft.contact,
            **data,
        )
        messages.success(request, _("Case opened."))
        return redirect("cases:detail", pk=case.pk)
    context = {"form": form, "client": client, "open_cases": open_cases}
    return render(request, "cases/case_open.html", context)


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
@shows_personal_data
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, pk=pk)
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
            for referral in case.referrals.select_related("partner", "reply")
        ],
        "referral_form": ReferralForm(prefix="referral"),
        "move_form": MoveForm(statuses=statuses) if statuses else None,
    }
    return render(request, "cases/case_detail.html", context)


@requires(Capability.CASES_WORK)
@shows_personal_data
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    # The form shows the whole case: opening it is a read; saving is audited as a change.
    purpose = "view" if request.method == "GET" else "change"
    case = selectors.case_get_for(user=request.user, pk=pk, purpose=purpose)
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
    case = selectors.case_get_for(user=request.user, pk=pk, purpose="change")
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
    case = selectors.case_get_for(user=request.user, pk=pk, purpose="change")
    form = TaskForm(request.POST, case=case, user=request.user, prefix="task")
    if form.is_valid():
        try:
            services.task_add(case=case, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = None
    if form is not None and not request.htmx:
        messages.error(
            request, _("The task is incomplete: %(errors)s") % {"errors": form_errors(form)}
        )
    return _timeline_response(request, case, task_form=form)


@requires(Capability.CASES_WORK)
@require_POST
def task_done(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, pk=pk, purpose="change")
    case_task = get_object_or_404(Task, pk=task_pk, case=case)
    services.task_done(case_task=case_task, done_by=request.user)
    if request.POST.get("next") == "tasks":
        messages.success(request, _("Task done."))
        return redirect("cases:tasks")
    return _timeline_response(request, case)


@requires(Capability.CASES_WORK)
@require_POST
def case_move(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, pk=pk, purpose="change")
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
    case = selectors.case_get_for(user=request.user, pk=pk, purpose="change")
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
    case = selectors.case_get_for(user=request.user, pk=pk, purpose="change")
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
