"""Stock, budgets and the rules: what each office holds (from the ledger), what expires
soon, what each budget line has left with its spending over time, and the aid kinds with
their entitlement rules and approval bands."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.aid import selectors, services
from komek.aid.forms import CountForm, ReceiveForm, TransferForm, WriteOffForm
from komek.aid.models import AidKind, ApprovalBand, EntitlementRule, Project
from komek.aid.rules import describe
from komek.core import charts
from komek.core.history import history_items
from komek.core.permissions import requires, user_can
from komek.core.roles import Capability

STOCK_FORMS = {
    "receive": ReceiveForm,
    "transfer": TransferForm,
    "write_off": WriteOffForm,
    "count": CountForm,
}


def _stock_page(request: HttpRequest, forms: dict) -> HttpResponse:
    user = request.user
    # An office's staff see their office's stock; national roles every office's.
    office = None if user.spans_offices else user.office
    context = {
        "levels": selectors.stock_levels(office=office),
        "expiring": selectors.expiring_batches(office=office),
        "forms": None,
    }
    if user_can(user, Capability.AID_MANAGE):
        context["forms"] = {
            name: forms.get(name) or form(user=user) for name, form in STOCK_FORMS.items()
        }
    return render(request, "aid/stock.html", context)


@requires(Capability.AID_VIEW)
def stock(request: HttpRequest) -> HttpResponse:
    return _stock_page(request, {})


def _move(action: str, form, user) -> None:
    data = dict(form.cleaned_data)
    office, kind = data.pop("office"), data.pop("kind")
    if action == "receive":
        services.receive(office=office, kind=kind, by=user, **data)
    elif action == "transfer":
        services.transfer(from_office=office, kind=kind, by=user, **data)
    elif action == "write_off":
        services.write_off(office=office, kind=kind, by=user, **data)
    else:
        services.count(office=office, kind=kind, by=user, **data)


@requires(Capability.AID_MANAGE)
@require_POST
def stock_change(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    if action not in STOCK_FORMS:
        messages.error(request, _("Choose a stock change: receipt, transfer, write-off or count."))
        return redirect("aid:stock")
    form = STOCK_FORMS[action](request.POST, user=request.user)
    if form.is_valid():
        try:
            _move(action, form, request.user)
        except services.AidRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The stock is updated."))
            return redirect("aid:stock")
    return _stock_page(request, {action: form})


@requires(Capability.AID_VIEW)
def budgets(request: HttpRequest) -> HttpResponse:
    lines = selectors.budget_lines()
    shown = []
    for entry in lines:
        months = selectors.spending_by_month(entry.line)
        # In thousands of tenge: the axis of a million-tenge line reads 200, 400… 1000.
        rows = [
            (
                formats.date_format(month.month, "YEAR_MONTH_FORMAT"),
                float(month.total) / 1000,
                float(entry.line.amount) / 1000,
            )
            for month in months
        ]
        chart = charts.bar_chart(
            title=_("Spending of %(line)s by month") % {"line": entry.line},
            description=_(
                "Total spent at the end of each month, in thousands of tenge; the mark "
                "across each bar is the line's amount."
            ),
            rows=rows,
        )
        shown.append({"line": entry.line, "state": entry.state, "chart": chart, "months": months})
    can_manage = user_can(request.user, Capability.AID_MANAGE)
    # A coordinator edits the projects, those without a line yet among them.
    projects = Project.objects.select_related("donor") if can_manage else Project.objects.none()
    context = {"lines": shown, "projects": projects, "can_manage": can_manage}
    return render(request, "aid/budgets.html", context)


@requires(Capability.AID_VIEW)
def kinds(request: HttpRequest) -> HttpResponse:
    rules = EntitlementRule.objects.prefetch_related("kinds").order_by("pk")
    context = {
        "kinds": [
            {"kind": kind, "history": history_items(kind.history.select_related("history_user"))}
            for kind in AidKind.objects.all()
        ],
        "rules": [{"rule": rule, "text": describe(rule)} for rule in rules],
        "bands": ApprovalBand.objects.all(),
        "can_manage": user_can(request.user, Capability.AID_MANAGE),
    }
    return render(request, "aid/kinds.html", context)
