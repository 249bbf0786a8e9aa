"""The indicator registry: every figure the centre reports is defined here once.

An indicator has a code, a name, a description, a note on how it is computed, the
breakdowns (dimensions, see ``komek.core.dimensions``) it can be split by and its place
on the dashboard. Apps register theirs in ``AppConfig.ready()`` (hotline: contacts;
cases: cases, referrals and partners' response times; later aid, trainings,
publications), so core never imports a higher app and the dashboard shows a new module's
figures without naming them. Official datasets are indicators too: the statistics app
registers a *provider* that lists them from the database.

``evaluate`` computes one indicator over a scope (a period and the offices it covers),
whole or split by one dimension, and gives each part its share of the total.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.utils import timezone
from django.utils.functional import Promise

from komek.core import dimensions

Number = int | float | Decimal


@dataclass(frozen=True)
class Scope:
    """What a figure is computed over: a period (either end may be open) and the offices
    whose records count (None: every office). ``memo`` lets indicators computed over the
    same scope share one query."""

    start: date | None = None
    end: date | None = None
    offices: tuple[int, ...] | None = None
    territory: str = ""
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def moments(self, field: str) -> dict:
        """Filters on a date-time field for the period, whole local days at both ends."""
        zone = timezone.get_current_timezone()
        filters = {}
        if self.start:
            filters[f"{field}__gte"] = datetime.combine(self.start, time.min, zone)
        if self.end:
            filters[f"{field}__lt"] = datetime.combine(self.end + timedelta(days=1), time.min, zone)
        return filters

    def days(self, field: str) -> dict:
        """Filters on a date field for the period."""
        filters = {}
        if self.start:
            filters[f"{field}__gte"] = self.start
        if self.end:
            filters[f"{field}__lte"] = self.end
        return filters

    def owned(self, field: str = "office") -> dict:
        return {} if self.offices is None else {f"{field}__in": self.offices}


@dataclass(frozen=True)
class Placement:
    """Where an indicator shows on the dashboard: among the headline figures or not, and
    the breakdowns charted, in this order. Indicators are laid out by ``order``."""

    order: int
    headline: bool = False
    charts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str | Promise
    description: str | Promise
    computation: str | Promise
    breakdowns: tuple[str, ...]
    # compute(scope, by) → {value of the dimension: figure}; by=None → {"": total}.
    compute: Callable[[Scope, str | None], dict[str, Number]]
    # Whether the parts add up to the total (a count of contacts does; people served,
    # counted once in each part, do not).
    additive: bool = True
    # Whether a part is a share of the total: counts are; a median or a rate, computed
    # again for each part, is not, so its parts have no share.
    proportional: bool = True
    # Whether the figure is itself a share (0.667): shown as a percentage, rounded as
    # every share is (``komek_format.percent``), wherever it appears.
    is_share: bool = False
    # Not on the dashboard when None (still in reports and the API).
    placement: Placement | None = None

    def absent(self) -> str:
        """What stands for a figure that is None: a count hidden because it is small (see
        ``komek.statistics.disclosure``), or a median or an average of nothing."""
        return "< 5" if self.proportional else "—"


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    value: Number
    share: float | None


@dataclass(frozen=True)
class Result:
    indicator: Indicator
    by: str | None
    parts: list[Part]
    total: Number

    @property
    def by_name(self) -> str:
        return str(dimensions.get(self.by).name) if self.by else ""


class UnknownIndicator(LookupError):
    pass


class UnknownDimension(LookupError):
    pass


_indicators: dict[str, Indicator] = {}
_providers: list[Callable[[], Iterable[Indicator]]] = []


def register(indicator: Indicator) -> None:
    """Adds an app's indicator; registering it again is harmless, but another indicator
    under a code already taken is a mistake that would replace someone else's figures in
    every report that names the code."""
    registered = _indicators.setdefault(indicator.code, indicator)
    if registered != indicator:
        raise ImproperlyConfigured(
            f"An indicator with the code {indicator.code!r} is already registered."
        )


def unregister(code: str) -> None:
    _indicators.pop(code, None)


def register_provider(provider: Callable[[], Iterable[Indicator]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def indicators() -> list[Indicator]:
    provided = [indicator for provider in _providers for indicator in provider()]
    return [*_indicators.values(), *provided]


def get(code: str) -> Indicator:
    if code in _indicators:
        return _indicators[code]
    for indicator in indicators():
        if indicator.code == code:
            return indicator
    raise UnknownIndicator(code)


def placed() -> list[Indicator]:
    """The indicators on the dashboard, in their order."""
    shown = [indicator for indicator in _indicators.values() if indicator.placement]
    return sorted(shown, key=lambda indicator: (indicator.placement.order, indicator.code))


def _total(indicator: Indicator, scope: Scope) -> Number | None:
    """The indicator's total over the scope, computed once however many of its splits
    need it (the headline and each chart of a figure whose parts do not add up), or the
    sum of a split already evaluated whose parts do. A count of nothing is 0; a median or
    an average of nothing is no figure (None), not 0."""
    key = ("total", indicator.code)
    if key not in scope.memo:
        figures = indicator.compute(scope, None)
        scope.memo[key] = sum(figures.values(), 0) if figures or indicator.proportional else None
    return scope.memo[key]


def evaluate(indicator: Indicator, scope: Scope, by: str | None = None) -> Result:
    if by is not None and by not in indicator.breakdowns:
        raise UnknownDimension(by)
    if by is None:
        return Result(indicator=indicator, by=None, parts=[], total=_total(indicator, scope))
    figures = indicator.compute(scope, by)
    split = dimensions.get(by)
    if indicator.additive and not split.overlapping:
        total = sum(figures.values(), 0)
        # The parts add up to the total, so a later headline needs no query of its own.
        if figures or indicator.proportional:
            scope.memo.setdefault(("total", indicator.code), total)
    else:
        total = _total(indicator, scope)
    if split.in_key_order:
        order = sorted(figures, key=lambda key: (key == "", key))
    else:
        order = sorted(figures, key=lambda key: (-figures[key], key))
    labels = split.labels(order)
    parts = [
        Part(
            key=key,
            label=labels.get(key, key),
            value=figures[key],
            share=(
                round(float(figures[key]) / float(total), 4)
                if total and indicator.proportional
                else None
            ),
        )
        for key in order
    ]
    return Result(indicator=indicator, by=by, parts=parts, total=total)


def key_of(value) -> str:
    """The key of one value of a dimension: months as YYYY-MM, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%Y-%m}"
    return str(value)


def tally(
    queryset, column: str | None, measure=None, *, empty: Number | None = 0
) -> dict[str, Number]:
    """A figure (by default the number of rows) per value of ``column``, or in all.
    ``empty`` is the figure over no rows: 0 for a count or a sum, None for an average,
    which leaves no figure at all ({})."""
    measure = measure if measure is not None else Count("pk")
    if column is None:
        value = queryset.aggregate(n=measure)["n"]
        value = empty if value is None else value
        return {} if value is None else {"": value}
    rows = queryset.values(column).annotate(n=measure).order_by()
    figures: dict[str, Number] = {}
    for row in rows:
        key = key_of(row[column])
        figures[key] = figures.get(key, 0) + (row["n"] or 0)
    return figures
