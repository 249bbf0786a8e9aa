"""Partner response times: the evidence page and its spreadsheet."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import record
from komek.cases.evidence import country_response_times, partner_response_times
from komek.cases.forms import (
    PeriodForm,
)
from komek.core import charts, exports
from komek.core.permissions import requires
from komek.core.roles import Capability


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
