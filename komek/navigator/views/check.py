"""The status check an operator runs on a call: standalone (nothing kept, nothing personal
audited), or for a person, pre-filled from their record and last advice, whose result can
be saved to their record as the advice given."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from komek.core.permissions import requires, shows_personal_data, user_can
from komek.core.roles import Capability
from komek.navigator import selectors, services
from komek.navigator.evaluation import evaluate
from komek.navigator.forms import STAYS_MAX, CheckForm, NoteForm
from komek.people.selectors import person_get_for

TEMPLATE = "navigator/check/check.html"


@requires(Capability.NAVIGATOR_USE)
def check(request: HttpRequest) -> HttpResponse:
    person = request.GET.get("person", "")
    if person.isdigit():
        # The person's check has its own address, so that its reads are audited.
        url = reverse("navigator:check_person", args=[int(person)])
        advice = request.GET.get("advice", "")
        return redirect(f"{url}?advice={advice}" if advice.isdigit() else url)
    return _check(request, url=reverse("navigator:check"))


@requires(Capability.NAVIGATOR_USE)
@shows_personal_data
def check_person(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get_for(user=request.user, pk=pk)
    advice = None
    advice_pk = request.GET.get("advice", "")
    if advice_pk.isdigit():
        advice = selectors.advice_get_for(user=request.user, pk=int(advice_pk))
        if advice.person_id != person.pk:
            raise Http404
    prefill = selectors.prefill_for(user=request.user, person=person, advice=advice)
    return _check(
        request,
        url=request.get_full_path(),
        person=person,
        advice=advice,
        initial=prefill["initial"],
        stays=prefill["stays"],
    )


def _context(request: HttpRequest, *, url: str, person=None, advice=None) -> dict:
    return {
        "url": url,
        "person": person,
        "advice": advice,
        "stays_max": STAYS_MAX,
        "may_save": person is not None and user_can(request.user, Capability.PEOPLE_CHANGE),
        "note_form": NoteForm(),
    }


def _check(request: HttpRequest, *, url: str, person=None, advice=None, **prefill) -> HttpResponse:
    context = _context(request, url=url, person=person, advice=advice)
    if request.method != "POST":
        context["form"] = CheckForm(**prefill)
        return render(request, TEMPLATE, context)
    if "add_stay" in request.POST:
        context["form"] = CheckForm.with_another_stay(request.POST)
        template = f"{TEMPLATE}#stays" if request.htmx else TEMPLATE
        return render(request, template, context)
    form = context["form"] = CheckForm(request.POST)
    if form.is_valid():
        context["evaluation"] = evaluate(form.situation())
    return render(request, f"{TEMPLATE}#checker" if request.htmx else TEMPLATE, context)


@requires(Capability.NAVIGATOR_USE)
@require_POST
def advice_save(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_get_for(user=request.user, pk=person_pk, purpose="change")
    if not user_can(request.user, Capability.PEOPLE_CHANGE):
        raise PermissionDenied
    form, note = CheckForm(request.POST), NoteForm(request.POST)
    if not (form.is_valid() and note.is_valid()):
        url = reverse("navigator:check_person", args=[person.pk])
        context = _context(request, url=url, person=person) | {"form": form, "note_form": note}
        return render(request, f"{TEMPLATE}#checker" if request.htmx else TEMPLATE, context)
    services.advice_save(
        person=person, situation=form.situation(), by=request.user, note=note.cleaned_data["note"]
    )
    messages.success(request, _("The advice is saved to the person's record."))
    url = reverse("people:detail", args=[person.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
