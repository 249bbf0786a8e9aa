"""Printed copies: print runs, copies handed out, and what each office holds."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from komek.core.permissions import requires, user_can
from komek.core.roles import Capability
from komek.publications import printing
from komek.publications.views_print.forms import HandoutForm, PrintRunForm


@requires(Capability.PUBLICATIONS_VIEW)
def stock(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "rows": printing.stock(user=user),
        "can_print": user_can(user, Capability.PUBLICATIONS_PUBLISH),
        "can_hand_out": user_can(user, Capability.PUBLICATIONS_DISTRIBUTE),
    }
    return render(request, "publications/print/stock.html", context)


@requires(Capability.PUBLICATIONS_VIEW)
def print_runs(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "runs": printing.print_runs(user=user)[:200],
        "handouts": printing.handouts(user=user)[:200],
        "can_print": user_can(user, Capability.PUBLICATIONS_PUBLISH),
    }
    return render(request, "publications/print/print_runs.html", context)


def _record(request: HttpRequest, form_class, service, *, template: str, done: str):
    form = form_class(request.POST or None, user=request.user, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            service(user=request.user, **form.cleaned_data)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, done)
            return redirect("publications:stock")
    status = 400 if form.errors else 200
    return render(request, template, {"form": form}, status=status)


@requires(Capability.PUBLICATIONS_PUBLISH)
def print_run_add(request: HttpRequest) -> HttpResponse:
    return _record(
        request,
        PrintRunForm,
        printing.print_run_record,
        template="publications/print/print_run_form.html",
        done=_("The print run is recorded; its copies are in the office's stock."),
    )


@requires(Capability.PUBLICATIONS_DISTRIBUTE)
def handout_add(request: HttpRequest) -> HttpResponse:
    return _record(
        request,
        HandoutForm,
        printing.handout_record,
        template="publications/print/handout_form.html",
        done=_("The copies handed out are recorded."),
    )
