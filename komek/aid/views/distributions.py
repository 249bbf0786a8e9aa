"""One distribution: its page, its receipt, and the steps of its life (approve, record
the purchase, hand over, acknowledge, reverse), each a service call."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.aid import receipts, selectors, services
from komek.aid.forms import OverrideForm, PurchaseForm, ReasonForm, RequestForm
from komek.aid.models import Status
from komek.cases.selectors import open_cases_of
from komek.core.permissions import requires, shows_personal_data, user_can
from komek.core.roles import Capability
from komek.people.selectors import person_get_for


@requires(Capability.AID_VIEW)
@shows_personal_data
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    distribution = selectors.distribution_get_for(user=request.user, pk=pk)
    context = {
        "distribution": distribution,
        "items": list(distribution.items.all()),
        "approvals": distribution.approvals.select_related("by"),
        "purchases": distribution.purchases.select_related("by"),
        "reversal": getattr(distribution, "reversed_by", None),
        "can": {
            "distribute": user_can(request.user, Capability.AID_DISTRIBUTE),
            "approve": user_can(request.user, Capability.AID_APPROVE),
        },
        "override_form": OverrideForm(),
        "purchase_form": PurchaseForm(),
        "reason_form": ReasonForm(),
        "Status": Status,
    }
    return render(request, "aid/detail.html", context)


@requires(Capability.AID_DISTRIBUTE)
@shows_personal_data
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    distribution = selectors.distribution_get_for(user=request.user, pk=pk)
    response = HttpResponse(receipts.receipt_pdf(distribution), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{distribution.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _changed(request: HttpRequest, pk: int):
    return selectors.distribution_get_for(user=request.user, pk=pk, purpose="change")


def _step(request: HttpRequest, distribution, step, done: str, **arguments) -> HttpResponse:
    """Run a service step on the distribution; its refusal is shown, never a 500."""
    try:
        step(distribution=distribution, by=request.user, **arguments)
    except services.AidRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)
    return redirect("aid:detail", pk=distribution.pk)


@requires(Capability.AID_DISTRIBUTE)
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, _changed(request, pk), services.acknowledge, _("The receipt is acknowledged.")
    )


@requires(Capability.AID_DISTRIBUTE)
@require_POST
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, _changed(request, pk), services.hand_over, _("Handed over."))


@requires(Capability.AID_APPROVE)
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    distribution = _changed(request, pk)
    form = OverrideForm(request.POST)
    reason = form.cleaned_data["override_reason"] if form.is_valid() else ""
    return _step(request, distribution, services.approve, _("Approved."), override_reason=reason)


@requires(Capability.AID_APPROVE)
@require_POST
def reverse(request: HttpRequest, pk: int) -> HttpResponse:
    distribution = _changed(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the distribution is reversed."))
        return redirect("aid:detail", pk=pk)
    return _step(
        request, distribution, services.reverse, _("Reversed."), reason=form.cleaned_data["reason"]
    )


@requires(Capability.AID_APPROVE)
@require_POST
def purchase(request: HttpRequest, pk: int) -> HttpResponse:
    distribution = _changed(request, pk)
    form = PurchaseForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = [error for field in form.errors.values() for error in field]
        messages.error(request, " ".join(errors))
        return redirect("aid:detail", pk=distribution.pk)
    return _step(
        request,
        distribution,
        services.record_purchase,
        _("The purchase is recorded."),
        document=form.cleaned_data["document"],
        amount=form.cleaned_data["amount"],
    )


@requires(Capability.AID_APPROVE)
@shows_personal_data
def queue(request: HttpRequest) -> HttpResponse:
    return render(
        request, "aid/queue.html", {"waiting": selectors.approval_queue(user=request.user)}
    )


@requires(Capability.AID_REQUEST)
@shows_personal_data
def request_aid(request: HttpRequest, person_pk: int) -> HttpResponse:
    purpose = "view" if request.method == "GET" else "change"
    person = person_get_for(user=request.user, pk=person_pk, purpose=purpose)
    cases = open_cases_of(user=request.user, person=person)
    initial = {"case": request.GET.get("case")}
    form = RequestForm(request.POST or None, cases=cases, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            distribution = services.request(
                person=person,
                office=person.office,
                kind=data["kind"],
                quantity=data["quantity"],
                by=request.user,
                budget_line=data["budget_line"],
                case=data["case"],
                key=str(data["key"]),
            )
        except services.AidRefused as refused:
            form.add_error(None, ValidationError(refused.message))
        else:
            messages.success(request, _("The request is sent for approval."))
            return redirect("aid:detail", pk=distribution.pk)
    return render(request, "aid/request.html", {"form": form, "person": person})
