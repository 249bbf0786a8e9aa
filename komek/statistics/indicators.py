"""Official datasets as indicators: each dataset's current version, over the period asked
(the cells whose period overlaps it) and the territory asked, by citizenship, territory,
period or any further dimension of the table."""

from datetime import date

from django.db.models import Sum
from django.db.models.fields.json import KeyTextTransform
from django.utils import formats
from django.utils.translation import gettext_lazy

from komek.core import dimensions, indicators
from komek.core.dimensions import Dimension
from komek.core.indicators import Indicator, Scope, tally
from komek.statistics.models import Dataset, Observation
from komek.statistics.territories import territory_key


class DimensionText(KeyTextTransform):
    """A further dimension of a cell, as text, read by its exact key. SQLite's JSON path
    cannot name a key holding a double quote, so there the key is matched in json_each."""

    def as_sqlite(self, compiler, connection):
        column, params = compiler.compile(self.lhs)
        sql = f"(SELECT value FROM json_each({column}) WHERE key = %s)"  # noqa: S608 - a column
        return sql, (*params, self.key_name)


COLUMNS = {"citizenship": "citizenship", "territory": "territory"}


def observations(dataset: Dataset, scope: Scope):
    cells = Observation.objects.filter(version__dataset=dataset, version__is_current=True)
    if scope.start:
        cells = cells.filter(period_to__gte=scope.start)
    if scope.end:
        cells = cells.filter(period_from__lte=scope.end)
    if scope.territory:
        cells = cells.filter(territory_key=territory_key(scope.territory))
    return cells


def _periods(keys: list[str]) -> dict[str, str]:
    def label(key: str) -> str:
        start, _sep, end = key.partition("/")
        return " – ".join(
            formats.date_format(date.fromisoformat(day), "SHORT_DATE_FORMAT")
            for day in (start, end)
        )

    return {key: label(key) for key in keys}


def _compute(dataset: Dataset):
    def compute(scope: Scope, by: str | None) -> dict:
        cells = observations(dataset, scope)
        if by == "period":
            figures: dict[str, object] = {}
            for row in cells.values("period_from", "period_to").annotate(n=Sum("value")):
                key = f"{row['period_from']:%Y-%m-%d}/{row['period_to']:%Y-%m-%d}"
                figures[key] = row["n"]
            return figures
        if by is None or by in COLUMNS:
            return tally(cells, COLUMNS[by] if by else None, Sum("value"))
        # A further dimension is named by its table's header, which may hold a quote, a
        # space or "__": read as one JSON key, never parsed as a lookup path.
        part = cells.annotate(part=DimensionText(by, "dimensions"))
        return tally(part, "part", Sum("value"))

    return compute


def dataset_indicator(dataset: Dataset, dimensions: list[str]) -> Indicator:
    return Indicator(
        code=dataset.code,
        name=dataset.title,
        description=dataset.source,
        computation=gettext_lazy(
            "From the current version of the official table: the sum of its figures whose "
            "period overlaps the period asked."
        ),
        breakdowns=("citizenship", "territory", "period", *dimensions),
        compute=_compute(dataset),
    )


def datasets() -> list[Indicator]:
    """The datasets in use: a withdrawn one feeds no dashboard, report or statement."""
    rows = Dataset.objects.filter(versions__is_current=True, withdrawn_at__isnull=True).values_list(
        "pk", "versions__dimensions"
    )
    current = dict(rows)
    return [
        dataset_indicator(dataset, current[dataset.pk])
        for dataset in Dataset.objects.filter(pk__in=current)
    ]


TERRITORY = Dimension("territory", gettext_lazy("territory"))
PERIOD = Dimension("period", gettext_lazy("period"), _periods, in_key_order=True)


def register() -> None:
    dimensions.register(TERRITORY)
    dimensions.register(PERIOD)
    indicators.register_provider(datasets)
