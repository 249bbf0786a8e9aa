"""The indicators of casework: cases opened and closed with their outcomes, amounts
recovered, referrals sent to partners and answered, and how long partners take to answer
(computed by ``komek.cases.evidence``)."""

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy

from komek.cases import evidence
from komek.cases.models import Case, CaseKind, Outcome, Request
from komek.core import dimensions, indicators
from komek.core.dimensions import Dimension, choice_labels, country_labels
from komek.core.indicators import Indicator, Placement, Scope, tally
from komek.hotline.indicators import topic_labels
from komek.partners.models import Partner

CASE_COLUMNS = {
    "kind": "kind",
    "category": "category_id",
    "outcome": "outcome",
    "citizenship": "client__citizenship",
    "office": "office_id",
    "month": "month",
}
REFERRAL_COLUMNS = {
    "partner": "partner_id",
    "partner_country": "partner__country",
    "request": "request",
    "office": "case__office_id",
    "month": "month",
}


def _partners(keys: list[str]) -> dict[str, str]:
    names = Partner.objects.in_bulk([int(key) for key in keys if key.isdigit()])
    return {key: str(names[int(key)]) if int(key) in names else key for key in keys}


def cases_opened(scope: Scope, by: str | None) -> dict[str, int]:
    cases = Case.objects.filter(**scope.moments("opened_at"), **scope.owned())
    return tally(cases.annotate(month=TruncMonth("opened_at")), CASE_COLUMNS.get(by))


def _closed(scope: Scope):
    return Case.objects.filter(
        closed_at__isnull=False, **scope.moments("closed_at"), **scope.owned()
    ).annotate(month=TruncMonth("closed_at"))


def cases_closed(scope: Scope, by: str | None) -> dict[str, int]:
    return tally(_closed(scope), CASE_COLUMNS.get(by))


def amount_recovered(scope: Scope, by: str | None) -> dict[str, int]:
    return tally(_closed(scope), CASE_COLUMNS.get(by), Sum("amount_recovered"))


def _referrals(scope: Scope):
    """The referrals sent in the scope, as the response-time evidence counts them: the
    answered ones are counted among them, so "answered" is always "of those sent"."""
    sent = evidence.sent_in(start=scope.start, end=scope.end, offices=scope.offices)
    return sent.annotate(month=TruncMonth("sent_on"))


def referrals_sent(scope: Scope, by: str | None) -> dict[str, int]:
    return tally(_referrals(scope), REFERRAL_COLUMNS.get(by))


def referrals_answered(scope: Scope, by: str | None) -> dict[str, int]:
    return tally(_referrals(scope).filter(answered_on__isnull=False), REFERRAL_COLUMNS.get(by))


def _response_times(scope: Scope, by: str | None) -> dict[str, evidence.ResponseTimes]:
    """Each partner's (or country's) response times over the scope, read once for the
    indicators that show them."""
    if ("response_times", by) not in scope.memo:
        scope.memo["response_times", by] = evidence.response_times(
            start=scope.start, end=scope.end, offices=scope.offices, by=by
        )
    return scope.memo["response_times", by]


def median_days_to_answer(scope: Scope, by: str | None) -> dict[str, float]:
    rows = _response_times(scope, by)
    return {key: row.median_days for key, row in rows.items() if row.median_days is not None}


def unanswered_in_30_days(scope: Scope, by: str | None) -> dict[str, float]:
    rows = _response_times(scope, by)
    return {
        key: row.unanswered_30d_share
        for key, row in rows.items()
        if row.unanswered_30d_share is not None
    }


DIMENSIONS = (
    Dimension("kind", gettext_lazy("kind of case"), choice_labels(CaseKind)),
    Dimension("category", gettext_lazy("category"), topic_labels),
    Dimension("outcome", gettext_lazy("outcome"), choice_labels(Outcome)),
    Dimension("partner", gettext_lazy("partner"), _partners),
    Dimension("partner_country", gettext_lazy("country of the partner"), country_labels),
    Dimension("request", gettext_lazy("what was requested"), choice_labels(Request)),
)


def register() -> None:
    for dimension in DIMENSIONS:
        dimensions.register(dimension)
    case_breakdowns = ("kind", "category", "citizenship", "office", "month")
    referral_breakdowns = ("partner", "partner_country", "request", "office", "month")
    for indicator in (
        Indicator(
            code="cases_opened",
            name=gettext_lazy("Cases opened"),
            description=gettext_lazy("Legal and social cases opened."),
            computation=gettext_lazy("Cases whose opening date falls in the period."),
            breakdowns=case_breakdowns,
            compute=cases_opened,
            placement=Placement(order=40, headline=True, charts=("category",)),
        ),
        Indicator(
            code="cases_closed",
            name=gettext_lazy("Cases closed"),
            description=gettext_lazy("Cases resolved or closed, with their outcomes."),
            computation=gettext_lazy(
                "Cases whose closing date falls in the period, whatever their status now."
            ),
            breakdowns=(*case_breakdowns, "outcome"),
            compute=cases_closed,
            placement=Placement(order=50, headline=True, charts=("outcome",)),
        ),
        Indicator(
            code="amount_recovered",
            name=gettext_lazy("Wages and compensation recovered, KZT"),
            description=gettext_lazy("Amounts recovered for clients in closed cases."),
            computation=gettext_lazy(
                "The sum of the amounts recorded on cases closed in the period."
            ),
            breakdowns=("citizenship", "office", "month"),
            compute=amount_recovered,
            placement=Placement(order=80, headline=True),
        ),
        Indicator(
            code="referrals_sent",
            name=gettext_lazy("Referrals sent"),
            description=gettext_lazy("Requests sent to embassies, state bodies and NGOs."),
            computation=gettext_lazy(
                "Referrals whose sending date falls in the period (withdrawn ones excluded)."
            ),
            breakdowns=referral_breakdowns,
            compute=referrals_sent,
            placement=Placement(order=60, headline=True, charts=("partner_country",)),
        ),
        Indicator(
            code="referrals_answered",
            name=gettext_lazy("Referrals answered"),
            description=gettext_lazy("Answers received from partners."),
            computation=gettext_lazy(
                "Referrals sent in the period (as counted in “Referrals sent”) that have an answer."
            ),
            breakdowns=referral_breakdowns,
            compute=referrals_answered,
            placement=Placement(order=70, headline=True),
        ),
        Indicator(
            code="median_days_to_answer",
            name=gettext_lazy("Median days to answer"),
            description=gettext_lazy("How long partners take to answer referrals."),
            computation=gettext_lazy(
                "Referrals sent in the period and answered: the median number of days from "
                "sending to the answer (withdrawn ones excluded)."
            ),
            breakdowns=("partner", "partner_country"),
            compute=median_days_to_answer,
            additive=False,
            proportional=False,
        ),
        Indicator(
            code="unanswered_in_30_days",
            name=gettext_lazy("Share of referrals without an answer in 30 days"),
            description=gettext_lazy("How often partners leave a referral unanswered."),
            computation=gettext_lazy(
                "Referrals sent in the period at least 30 days before its end (or today): the "
                "share of them that had no answer 30 days after they were sent."
            ),
            breakdowns=("partner", "partner_country"),
            compute=unanswered_in_30_days,
            additive=False,
            proportional=False,
            is_share=True,
        ),
    ):
        indicators.register(indicator)
