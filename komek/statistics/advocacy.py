"""Advocacy figures, computed from data and never typed in: the share of each citizenship
among the foreign citizens registered in a territory (from the official tables that count
registrations), and how many of them there are per consular office of their country in
the same city (from the partners directory); and how long each partner takes to answer
the centre's referrals (from the indicators casework registers).

A statement says exactly what its table says: a share is of the citizens the table counts
(its citizenships, not "all foreign citizens"), for the table's period, and the reader is
told how old the data is. Withdrawn tables make no statement."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Max, Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from komek.core import indicators
from komek.core.countries import country_name
from komek.core.indicators import Number, Part, Scope
from komek.partners.models import REPRESENTS_A_COUNTRY, Partner
from komek.statistics.indicators import observations
from komek.statistics.models import Dataset, Measure
from komek.statistics.territories import territory_key

# A statement lists the citizenships it is about up to this many, then counts them.
MAX_COUNTRIES_NAMED = 5


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
    # The citizenships the table counts (codes): whom its shares are shares of.
    population: list[str]

    @property
    def age_years(self) -> int:
        """Whole years between the end of the table's period and today."""
        today = timezone.localdate()
        end = self.period_to
        return today.year - end.year - ((today.month, today.day) < (end.month, end.day))

    def population_text(self) -> str:
        """Whom the shares are of, in the reader's language: "Uzbekistan, Kyrgyzstan and
        Tajikistan", or the number of countries when listing them would bury the figure."""
        names = [country_name(code) for code in self.population]
        if len(names) > MAX_COUNTRIES_NAMED:
            return ngettext(
                "the %(count)d country in the table",
                "the %(count)d countries in the table",
                len(names),
            ) % {"count": len(names)}
        if len(names) == 1:
            return names[0]
        return _("%(list)s and %(last)s") % {"list": ", ".join(names[:-1]), "last": names[-1]}

    def data_age_text(self) -> str:
        """ "data of 2013, 13 years old": the year(s) the figures are for, and their age."""
        first, last = self.period_from.year, self.period_to.year
        data = (
            _("data of %(year)s") % {"year": last}
            if first == last
            else _("data of %(first)s–%(last)s") % {"first": first, "last": last}
        )
        if self.age_years < 1:
            return data
        return ngettext(
            "%(data)s, %(count)d year old", "%(data)s, %(count)d years old", self.age_years
        ) % {"data": data, "count": self.age_years}


@dataclass(frozen=True)
class ResponseTimes:
    partner: str
    city: str
    sent: Number
    answered: Number
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
    in_use = Dataset.objects.filter(
        measure=Measure.REGISTERED, versions__is_current=True, withdrawn_at__isnull=True
    )
    for dataset in in_use:
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
            here = sorted(counts[key].items(), key=lambda item: (-item[1], item[0]))
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
                    population=[country for country, _value in here],
                )
            )
    return figures


def _by_partner(code: str, scope: Scope) -> dict[str, Part]:
    result = indicators.evaluate(indicators.get(code), scope, "partner")
    return {part.key: part for part in result.parts}


def response_times(scope: Scope) -> list[ResponseTimes]:
    """Each partner the centre sent referrals to in the period, slowest first."""
    sent, answered, median, unanswered = (
        _by_partner(code, scope)
        for code in (
            "referrals_sent",
            "referrals_answered",
            "median_days_to_answer",
            "unanswered_in_30_days",
        )
    )
    cities = dict(
        Partner.objects.filter(pk__in=[int(key) for key in sent]).values_list("pk", "city")
    )
    rows = [
        ResponseTimes(
            partner=part.label,
            city=cities.get(int(key), ""),
            sent=part.value,
            answered=answered[key].value if key in answered else 0,
            median_days=median[key].value if key in median else None,
            unanswered_30d_share=unanswered[key].value if key in unanswered else None,
        )
        for key, part in sent.items()
    ]
    return sorted(rows, key=lambda row: (-(row.median_days or 0), row.partner))
