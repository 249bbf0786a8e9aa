"""Advocacy figures, computed from data and never typed in: the share of each citizenship
among the foreign citizens registered in a territory (from the official tables that count
registrations), and how many of them there are per consular office of their country in
the same city (from the partners directory); and how long each partner takes to answer
the centre's referrals (from the indicators casework registers)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Max, Min, Sum

from komek.core import indicators
from komek.core.indicators import Number, Part, Scope
from komek.partners.models import REPRESENTS_A_COUNTRY, Partner
from komek.statistics.indicators import observations
from komek.statistics.models import Dataset, Measure
from komek.statistics.territories import territory_key


@dataclass(frozen=True)
class CitizenshipFigure:
    country: str
    registered: Decimal
    share: float
    # Consular offices (embassies, consulates) of the country in the same city.
    offices_here: list[str]
    # Where the country's consular offices are, when none is in this city.
    cities_elsewhere: list[str]

    @property
    def per_office(self) -> Decimal | None:
        return self.registered / len(self.offices_here) if self.offices_here else None


@dataclass(frozen=True)
class TerritoryFigures:
    dataset: Dataset
    territory: str
    period_from: date
    period_to: date
    total: Decimal
    citizenships: list[CitizenshipFigure]


@dataclass(frozen=True)
class ResponseTimes:
    partner: str
    city: str
    sent: Number
    median_days: Number | None
    unanswered_30d_share: Number | None


def consular_offices() -> tuple[dict[str, dict[str, list[str]]], dict[str, str]]:
    """{country: {city key: [partner names]}} of the active embassies and consulates, and
    the cities' names by key."""
    offices: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    cities: dict[str, str] = {}
    partners = Partner.objects.filter(kind__in=REPRESENTS_A_COUNTRY, is_active=True)
    for name, country, city in partners.values_list("name", "country", "city"):
        offices[country][territory_key(city)].append(name)
        cities[territory_key(city)] = city
    return offices, cities


def registration_figures(scope: Scope) -> list[TerritoryFigures]:
    offices, cities = consular_offices()
    figures = []
    for dataset in Dataset.objects.filter(measure=Measure.REGISTERED, versions__is_current=True):
        cells = observations(dataset, scope).exclude(citizenship="")
        by_territory = cells.values("territory_key").annotate(
            total=Sum("value"),
            name=Min("territory"),
            start=Min("period_from"),
            end=Max("period_to"),
        )
        counts = defaultdict(dict)
        for row in cells.values("territory_key", "citizenship").annotate(n=Sum("value")):
            counts[row["territory_key"]][row["citizenship"]] = row["n"]
        for territory in by_territory.order_by("-total"):
            key = territory["territory_key"]
            here = sorted(counts[key].items(), key=lambda item: -item[1])
            figures.append(
                TerritoryFigures(
                    dataset=dataset,
                    territory=territory["name"],
                    period_from=territory["start"],
                    period_to=territory["end"],
                    total=territory["total"],
                    citizenships=[
                        CitizenshipFigure(
                            country=country,
                            registered=value,
                            share=float(value / territory["total"]) if territory["total"] else 0,
                            offices_here=offices[country].get(key, []),
                            cities_elsewhere=sorted(
                                cities.get(city, city) for city in offices[country] if city != key
                            ),
                        )
                        for country, value in here
                    ],
                )
            )
    return figures


def _by_partner(code: str, scope: Scope) -> dict[str, Part]:
    result = indicators.evaluate(indicators.get(code), scope, "partner")
    return {part.key: part for part in result.parts}


def response_times(scope: Scope) -> list[ResponseTimes]:
    """Each partner the centre sent referrals to in the period, slowest first."""
    sent, median, unanswered = (
        _by_partner(code, scope)
        for code in ("referrals_sent", "median_days_to_answer", "unanswered_in_30_days")
    )
    cities = dict(
        Partner.objects.filter(pk__in=[int(key) for key in sent]).values_list("pk", "city")
    )
    rows = [
        ResponseTimes(
            partner=part.label,
            city=cities.get(int(key), ""),
            sent=part.value,
            median_days=median[key].value if key in median else None,
            unanswered_30d_share=unanswered[key].value if key in unanswered else None,
        )
        for key, part in sent.items()
    ]
    return sorted(rows, key=lambda row: (-(row.median_days or 0), row.partner))
