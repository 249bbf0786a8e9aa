"""How long each partner takes to answer: the centre's daily waiting, turned into figures
it can bring to a conference.

For each partner (and each country partners represent): referrals sent in the period,
referrals answered, the median and 90th-percentile days to answer, and the share of
referrals that had no answer 30 days after they were sent (counting only referrals sent
at least 30 days before the end of the period, so that recent ones are not blamed).
The response-times page reads them here; the statistics pages read them as the
indicators ``komek/cases/indicators.py`` registers."""

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from statistics import median

from django.utils import timezone

from komek.cases.models import Referral, ReferralStatus

COUNTED = [ReferralStatus.SENT, ReferralStatus.ANSWERED]

GRACE_DAYS = 30


@dataclass
class ResponseTimes:
    partner: str
    country: str
    city: str
    sent: int
    answered: int
    median_days: float | None
    p90_days: float | None
    unanswered_30d_share: float | None

    def as_dict(self) -> dict:
        return asdict(self)


def _p90(values: list[int]) -> float:
    ordered = sorted(values)
    return float(ordered[max(0, -(-9 * len(ordered) // 10) - 1)])


def _summarise(name: str, country: str, city: str, referrals: list[Referral], end: date):
    days = [r.days_to_answer for r in referrals if r.days_to_answer is not None]
    due = [r for r in referrals if r.sent_on + timedelta(days=GRACE_DAYS) <= end]
    late = [
        r for r in due if r.answered_on is None or (r.answered_on - r.sent_on).days > GRACE_DAYS
    ]
    return ResponseTimes(
        partner=name,
        country=country,
        city=city,
        sent=len(referrals),
        answered=len(days),
        median_days=float(median(days)) if days else None,
        p90_days=_p90(days) if days else None,
        unanswered_30d_share=round(len(late) / len(due), 3) if due else None,
    )


def _group(referral: Referral, by: str | None) -> tuple[str, tuple[str, str, str]]:
    """The key of the group a referral falls in, and the group's partner, country, city."""
    partner = referral.partner
    if by == "partner":
        return str(partner.pk), (str(partner), partner.country, partner.city)
    if by == "partner_country":
        return partner.country, ("", partner.country, "")
    return "", ("", "", "")


def response_times(
    *,
    start: date | None = None,
    end: date | None = None,
    offices: tuple[int, ...] | None = None,
    by: str | None = None,
) -> dict[str, ResponseTimes]:
    """Response times of the referrals sent from ``start`` to ``end`` (default: today) by
    the offices given (None: all), in all (``by`` None, under "") or per partner (its pk)
    or per country the partners represent (partners of no country left out)."""
    end = end or timezone.localdate()
    referrals = Referral.objects.select_related("partner").filter(
        status__in=COUNTED, sent_on__lte=end
    )
    if start:
        referrals = referrals.filter(sent_on__gte=start)
    if offices is not None:
        referrals = referrals.filter(case__office__in=offices)
    if by == "partner_country":
        referrals = referrals.filter(partner__country__gt="")
    groups: dict[str, list[Referral]] = {}
    for referral in referrals:
        groups.setdefault(_group(referral, by)[0], []).append(referral)
    return {key: _summarise(*_group(group[0], by)[1], group, end) for key, group in groups.items()}


def partner_response_times(
    *, start: date | None = None, end: date | None = None
) -> list[ResponseTimes]:
    rows = response_times(start=start, end=end, by="partner").values()
    return sorted(rows, key=lambda row: (-(row.median_days or 0), row.partner))


def country_response_times(
    *, start: date | None = None, end: date | None = None
) -> list[ResponseTimes]:
    rows = response_times(start=start, end=end, by="partner_country").values()
    return sorted(rows, key=lambda row: (-(row.median_days or 0), row.country))
