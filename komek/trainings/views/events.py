"""Training events: the list, the form, the event page with its participants and the
attendance grid, one-by-one registration and the import of an agency's list."""

import datetime
import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.core.history import history_items
from komek.core.permissions import requires, shows_personal_data, user_can
from komek.core.roles import Capability
from komek.core.tables import MAX_ERRORS_SHOWN, ImportRejected
from komek.trainings import participants_import, selectors, services
from komek.trainings.forms_events import EventFilterForm, EventForm, ImportForm, ParticipantForm
from komek.trainings.models import Event

PAGE_SIZE = 50


@requires(Capability.TRAININGS_VIEW)
def event_list(request: HttpRequest) -> HttpResponse:
    filters = EventFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    events = selectors.event_list(
        user=request.user, **{key: value for key, value in criteria.items() if value}
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "trainings/event/list.html#results" if request.htmx else "trainings/event/list.html"
    context = {
        "filters": filters,
        "page": page,
        "can_manage": user_can(request.user, Capability.TRAININGS_MANAGE),
    }
    return render(request, template, context)


def _event_form(request: HttpRequest, form: EventForm, event: Event | None) -> HttpResponse:
    history = history_items(event.history.select_related("history_user")) if event else None  # type: ignore[attr-defined]
    context = {"form": form, "event": event, "history": history}
    return render(request, "trainings/event/form.html", context, status=400 if form.errors else 200)


def _save_event(request: HttpRequest, form: EventForm, event: Event | None) -> Event | None:
    """The event written through the service, or None with the refusal on the form."""
    fields = dict(form.cleaned_data)
    links = {"topics": fields.pop("topics"), "organisers": fields.pop("organisers")}
    try:
        if event is None:
            return services.event_create(
                created_by=request.user, office=request.user.office, **links, **fields
            )
        return services.event_update(event=event, updated_by=request.user, **links, **fields)
    except ValidationError as refused:
        form.add_error(None, refused)
        return None


@requires(Capability.TRAININGS_MANAGE)
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.user.office is None:
            form.add_error(None, _("Your account belongs to no office: an event needs one."))
        elif event := _save_event(request, form, None):
            messages.success(request, _("Event “%(title)s” added.") % {"title": event})
            return redirect("trainings:event_detail", pk=event.pk)
    return _event_form(request, form, None)


@requires(Capability.TRAININGS_MANAGE)
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for(user=request.user, pk=pk, purpose="change")
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid() and _save_event(request, form, event):
        messages.success(request, _("Changes saved."))
        return redirect("trainings:event_detail", pk=event.pk)
    return _event_form(request, form, event)


@requires(Capability.TRAININGS_VIEW)
@shows_personal_data
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for(user=request.user, pk=pk)
    enrolments = selectors.event_enrolments(user=request.user, event=event)
    marks = selectors.attendance_marks(enrolments)
    days = services.event_days(event)
    rows = [
        (enrolment, [(day, (enrolment.pk, day) in marks) for day in days])
        for enrolment in enrolments
    ]
    context = {
        "event": event,
        "enrolments": enrolments,
        "days": days,
        "rows": rows,
        "can_manage": user_can(request.user, Capability.TRAININGS_MANAGE),
    }
    return render(request, "trainings/event/detail.html", context)


def _marks(request: HttpRequest) -> set[tuple[int, datetime.date]]:
    """The grid's ticked boxes, named ``a-<enrolment id>-<YYYY-MM-DD>``."""
    marks = set()
    for name in request.POST:
        prefix, _sep, rest = name.partition("-")
        enrolment_id, _sep, day = rest.partition("-")
        if prefix != "a" or not enrolment_id.isdigit():
            continue
        try:
            marks.add((int(enrolment_id), datetime.date.fromisoformat(day)))
        except ValueError:
            continue
    return marks


@requires(Capability.TRAININGS_MANAGE)
@require_POST
def event_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for(user=request.user, pk=pk, purpose="change")
    try:
        added, removed = services.attendance_set(
            event=event, present=_marks(request), by=request.user
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(
            request,
            _("Attendance saved: %(added)d marked, %(removed)d unmarked.")
            % {"added": added, "removed": removed},
        )
    return redirect(reverse("trainings:event_detail", args=[event.pk]) + "#attendance")


@requires(Capability.TRAININGS_MANAGE)
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for(user=request.user, pk=pk, purpose="change")
    form = ParticipantForm(request.POST or None, initial={"region": event.region})
    if request.method == "POST" and form.is_valid():
        try:
            registered = services.participant_register(
                event=event, by=request.user, **form.cleaned_data
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            participant = registered.enrolment.participant
            text = (
                _("%(name)s was in the registry already and is now enrolled.")
                if registered.recognised
                else _("%(name)s is added to the registry and enrolled.")
            )
            messages.success(request, text % {"name": participant})
            return redirect("trainings:event_register", pk=event.pk)
    context = {"event": event, "form": form}
    return render(
        request, "trainings/event/register.html", context, status=400 if form.errors else 200
    )


@requires(Capability.TRAININGS_MANAGE)
def event_import(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for(user=request.user, pk=pk, purpose="change")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    imported = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            with tempfile.NamedTemporaryFile(suffix=Path(upload.name).suffix.lower()) as copy:
                for chunk in upload.chunks():
                    copy.write(chunk)
                copy.flush()
                rows = participants_import.read(
                    Path(copy.name), event=event, agency=form.cleaned_data["agency"]
                )
            imported = services.participants_import(
                event=event, rows=rows, by=request.user, source=Path(upload.name).name
            )
        except ImportRejected as rejected:
            errors = rejected.errors
        except ValidationError as refused:
            errors = refused.messages
    context = {
        "event": event,
        "form": form,
        "errors": errors[:MAX_ERRORS_SHOWN],
        "more_errors": max(0, len(errors) - MAX_ERRORS_SHOWN),
        "imported": imported,
        "headers": participants_import.SHOWN_HEADERS,
    }
    failed = bool(errors or form.errors)
    return render(request, "trainings/event/import.html", context, status=400 if failed else 200)
