"""The registry of officials: the list, an official's page with their events, the form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from komek.core.history import history_items
from komek.core.permissions import requires, shows_personal_data, user_can
from komek.core.roles import Capability
from komek.trainings import selectors, services
from komek.trainings.forms_events import ParticipantFilterForm, ParticipantForm

PAGE_SIZE = 50


@requires(Capability.TRAININGS_VIEW)
@shows_personal_data
def participant_list(request: HttpRequest) -> HttpResponse:
    filters = ParticipantFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    participants = selectors.participant_list(
        user=request.user, **{key: value for key, value in criteria.items() if value}
    )
    page = Paginator(participants, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.participants_shown(user=request.user, participants=page)
    template = (
        "trainings/participant/list.html#results"
        if request.htmx
        else "trainings/participant/list.html"
    )
    return render(request, template, {"filters": filters, "page": page})


@requires(Capability.TRAININGS_VIEW)
@shows_personal_data
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_get_for(user=request.user, pk=pk)
    context = {
        "participant": participant,
        "enrolments": selectors.participant_enrolments(user=request.user, participant=participant),
        "can_manage": user_can(request.user, Capability.TRAININGS_MANAGE),
    }
    return render(request, "trainings/participant/detail.html", context)


@requires(Capability.TRAININGS_MANAGE)
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_get_for(user=request.user, pk=pk, purpose="change")
    form = ParticipantForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(
                participant=participant, updated_by=request.user, **form.cleaned_data
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("trainings:participant_detail", pk=participant.pk)
    history = history_items(participant.history.select_related("history_user"))
    context = {"form": form, "participant": participant, "history": history}
    return render(
        request, "trainings/participant/form.html", context, status=400 if form.errors else 200
    )
