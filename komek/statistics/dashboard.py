"""What the dashboard shows: headline figures against the previous period of the same
length, and breakdowns, each with its chart. Which indicators and breakdowns, in which
order, each module declares when it registers an indicator (its ``Placement``)."""

import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from komek.core import charts, indicators
from komek.core.indicators import Indicator, Result, Scope
from komek.statistics import indicators as statistics_indicators
from komek.statistics.disclosure import suppress

UNSAFE_IN_ID = re.compile(r"[^\w-]")


@dataclass(frozen=True)
class Headline:
    indicator: Indicator
    name: str
    value: object
    previous: object
    change: float | None


@dataclass(frozen=True)
class Breakdown:
    result: Result
    title: str
    chart: charts.BarChart

    @property
    def chart_id(self) -> str:
        """An HTML id, one word: a dataset's dimension is named by its table's header,
        which may hold spaces and quotes (and ids are listed by spaces in aria-labelledby)."""
        name = f"{self.result.indicator.code}-{self.result.by}"
        word = UNSAFE_IN_ID.sub("-", name)
        if word == name:
            return name
        return f"{word}-{hashlib.blake2s(name.encode(), digest_size=4).hexdigest()}"


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period just before, as long: whole months (a quarter, a year) compare with the
    same number of months before, any other period with as many days."""
    before = start - timedelta(days=1)
    if start.day == 1 and (end + timedelta(days=1)).day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        first = start.year * 12 + start.month - 1 - months
        return date(first // 12, first % 12 + 1, 1), before
    return before - (end - start), before


def _change(now, before) -> float | None:
    if now is None or before is None or not before:
        return None
    return round(100 * (float(now) - float(before)) / float(before), 1)


def headline(scope: Scope, previous: Scope, *, aggregates_only: bool) -> list[Headline]:
    figures = []
    for indicator in indicators.placed():
        if not indicator.placement.headline:
            continue
        now, before = (indicators.evaluate(indicator, s) for s in (scope, previous))
        if aggregates_only:
            now, before = suppress(now), suppress(before)
        figures.append(
            Headline(
                indicator=indicator,
                name=str(indicator.name),
                value=now.total,
                previous=before.total,
                change=_change(now.total, before.total),
            )
        )
    return figures


def breakdown(result: Result) -> Breakdown:
    title = _("%(indicator)s by %(dimension)s") % {
        "indicator": result.indicator.name,
        "dimension": result.by_name,
    }
    shown = [part for part in result.parts if part.value is not None]
    chart = charts.bar_chart(
        title=title,
        description=", ".join(f"{part.label}: {part.value}" for part in shown),
        rows=[(part.label, float(part.value), None) for part in shown],
    )
    return Breakdown(result=result, title=title, chart=chart)


def official(scope: Scope) -> list[Breakdown]:
    """The official tables with figures for the period (and the office's city), by
    citizenship: published aggregates, shown as they are."""
    shown = []
    for indicator in statistics_indicators.datasets():
        result = indicators.evaluate(indicator, scope, "citizenship")
        if result.parts:
            shown.append(breakdown(result))
    return shown


def breakdowns(scope: Scope, *, aggregates_only: bool) -> list[Breakdown]:
    shown = []
    for indicator in indicators.placed():
        for by in indicator.placement.charts:
            result = indicators.evaluate(indicator, scope, by)
            shown.append(breakdown(suppress(result) if aggregates_only else result))
    return shown
