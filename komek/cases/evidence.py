"""How long each partner takes to answer: the centre's daily waiting, turned into figures
it can bring to a conference.

For each partner (and each country partners represent): referrals sent in the period,
referrals answered, the median and 90th-percentile days to answer, and the share of
referrals that had no answer 30 days after they were sent (counting only referrals sent
at least 30 days before the end of the period, so that recent ones are not blamed)."""

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


def partner_response_times(
    *, start: date | None = None, end: date | None = None
) -> list[ResponseTimes]:
    end = end or timezone.localdate()
    referrals = Referral.objects.select_related("partner").filter(
        status__in=COUNTED, sent_on__lte=end
    )
    if start:
        referrals = referrals.filter(sent_on__gte=start)
    by_partner: dict[int, list[Referral]] = {}
    for referral in referrals:
        by_partner.setdefault(referral.partner_id, []).append(referral)
    rows = [
        _summarise(
            group[0].partner.name, group[0].partner.country, group[0].partner.city, group, end
        )
        for group in by_partner.values()
    ]
    return sorted(rows, key=lambda row: (-(row.median_days or 0), row.partner))


def country_response_times(
    *, start: date | None = None, end: date | None = None
) -> list[ResponseTimes]:
    end = end or timezone.localdate()
    referrals = Referral.objects.select_related("partner").filter(
        status__in=COUNTED, sent_on__lte=end, partner__country__gt=""
    )
    if start:
        referrals = referrals.filter(sent_on__gte=start)
    by_country: dict[str, list[Referral]] = {}
    for referral in referrals:
        by_country.setdefault(referral.partner.country, []).append(referral)
    rows = [_summarise("", country, "", group, end) for country, group in by_country.items()]
    return sorted(rows, key=lambda row: (-(row.median_days or 0), row.country))
