"""How long each partner takes to answer: the centre's daily waiting, turned into figures
it can bring to a conference.

For each partner (and each country partners represent): referrals sent in the period,
referrals answered, the median and 90th-percentile days to answer, and the share of
referrals that had no answer 30 days after they were sent (counting only referrals sent
at least 30 days before the end of the period, so that recent ones are not blamed).
The response-times page reads them here; the statistics pages read them as the
indicators ``komek/cases/indicators.py`` registers."""

import math
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from statistics import median

from django.utils import timezone

from komek.cases.models import Referral, ReferralStatus

COUNTED = [ReferralStatus.SENT, ReferralStatus.ANSWERED]

GRACE_DAYS = 30

# A partner's own median answer time sets a new referral's expected date once it rests on
# this many answers; fewer say too little, and the default stands.
TYPICAL_AFTER_ANSWERS = 5
# Its latest answers: what the partner does now, read from the (partner, sent_on) index.
TYPICAL_FROM_LATEST = 50


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


def sent_in(*, start: date | None, end: date | None, offices: tuple[int, ...] | None):
    """The referrals every "sent", "answered" and "no answer in 30 days" figure counts:
    sent from ``start`` to ``end`` (default: today) by the offices given (None: all),
    withdrawn and unsent ones left out. "Answered 5 of 7" means 5 of these 7 have an
    answer, on every page."""
    referrals = Referral.objects.filter(
        status__in=COUNTED, sent_on__lte=end or timezone.localdate()
    )
    if start:
        referrals = referrals.filter(sent_on__gte=start)
    if offices is not None:
        referrals = referrals.filter(case__office__in=offices)
    return referrals


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
    referrals = sent_in(start=start, end=end, offices=offices).select_related("partner")
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


def partner_typical_days(partner) -> int | None:
    """The median days ``partner`` took to answer its latest answered referrals (from every
    office: the partner is the same), rounded up; None with fewer than
    ``TYPICAL_AFTER_ANSWERS`` answers."""
    answered = (
        Referral.objects.filter(partner=partner, status=ReferralStatus.ANSWERED)
        .order_by("-sent_on")
        .values_list("sent_on", "answered_on")[:TYPICAL_FROM_LATEST]
    )
    days = [(answered_on - sent_on).days for sent_on, answered_on in answered]
    if len(days) < TYPICAL_AFTER_ANSWERS:
        return None
    return max(1, math.ceil(median(days)))
