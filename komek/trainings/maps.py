"""The map of Kazakhstan's regions shaded by the officials trained, drawn on the server as
SVG, and the table of the same figures beside it.

No boundary set available offline has the regions created in 2022 (Abai, Jetisu,
Ulytau), so the map is a tile grid: one square per region in its rough position
(``komek.core.regions``), which also gives Astana, Almaty and Shymkent squares as large as
the regions around them instead of dots nobody can read."""

import math
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.core import regions
from komek.core.dimensions import Sex
from komek.core.indicators import Scope
from komek.trainings.indicators import held_events, presence

TILE = 100
GAP = 6
LEGEND_HEIGHT = 34
# The shades of the tiles, lightest first: the first is "nobody trained"; the last two
# are dark enough for white text.
SHADES = ("#eef1f4", "#c7e9e4", "#7fc8c0", "#2f9c95", "#0b5563")
DARK_FROM = 3

# The names on the tiles: short enough for a square 100 px wide at 11 px.
SHORT_NAMES: dict[str, Promise] = {
    "KZ-10": gettext_lazy("Abai"),
    "KZ-11": gettext_lazy("Akmola"),
    "KZ-15": gettext_lazy("Aktobe"),
    "KZ-19": gettext_lazy("Almaty reg."),
    "KZ-23": gettext_lazy("Atyrau"),
    "KZ-27": gettext_lazy("West Kaz."),
    "KZ-31": gettext_lazy("Jambyl"),
    "KZ-33": gettext_lazy("Jetisu"),
    "KZ-35": gettext_lazy("Karaganda"),
    "KZ-39": gettext_lazy("Kostanay"),
    "KZ-43": gettext_lazy("Kyzylorda"),
    "KZ-47": gettext_lazy("Mangystau"),
    "KZ-55": gettext_lazy("Pavlodar"),
    "KZ-59": gettext_lazy("North Kaz."),
    "KZ-61": gettext_lazy("Turkistan"),
    "KZ-62": gettext_lazy("Ulytau"),
    "KZ-63": gettext_lazy("East Kaz."),
    "KZ-71": gettext_lazy("Astana"),
    "KZ-75": gettext_lazy("Almaty"),
    "KZ-79": gettext_lazy("Shymkent"),
}


@dataclass(frozen=True)
class RegionFigures:
    code: str
    name: str
    events: int
    trained: int
    men: int
    women: int


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    short_name: str
    figures: RegionFigures
    x: int
    y: int
    fill: str
    text_fill: str


@dataclass(frozen=True)
class TileMap:
    title: str
    description: str
    tiles: list[Tile]
    legend: list[tuple[str, str, int]]
    width: int
    height: int
    tile: int = TILE


def scope_of(*, user, year: int | None) -> Scope:
    """The figures ``user`` may see: their office's trainings, or every office's."""
    offices = None if user.spans_offices else (user.office_id or 0,)
    if year is None:
        return Scope(offices=offices)
    return Scope(start=date(year, 1, 1), end=date(year, 12, 31), offices=offices)


def region_figures(scope: Scope, *, agency: str = "") -> list[RegionFigures]:
    """Every region with the events held there and the officials serving there who were
    trained, in all and by sex, in ISO code order."""
    events = dict(
        held_events(scope, agency=agency).values_list("region").annotate(n=Count("pk")).order_by()
    )
    trained = {
        row["participant_region"]: row
        for row in presence(scope, agency=agency)
        .values("participant_region")
        .annotate(
            n=Count("participant", distinct=True),
            men=Count("participant", distinct=True, filter=Q(sex=Sex.MALE)),
            women=Count("participant", distinct=True, filter=Q(sex=Sex.FEMALE)),
        )
        .order_by()
    }
    empty = {"n": 0, "men": 0, "women": 0}
    return [
        RegionFigures(
            code=region.code,
            name=str(region.name),
            events=events.get(region.code, 0),
            trained=trained.get(region.code, empty)["n"],
            men=trained.get(region.code, empty)["men"],
            women=trained.get(region.code, empty)["women"],
        )
        for region in regions.regions()
    ]


def _classes(most: int) -> list[tuple[int, int, int]]:
    """The ranges of officials trained, each with its shade: at most one range per shade
    after the first, spread so that the most trained always have the darkest."""
    step = max(1, math.ceil(most / (len(SHADES) - 1)))
    bounds = [(low, min(low + step - 1, most)) for low in range(1, most + 1, step)]
    darkest = len(SHADES) - 1
    return [
        (low, high, round(index * darkest / len(bounds)))
        for index, (low, high) in enumerate(bounds, start=1)
    ]


def _shade(value: int, classes: list[tuple[int, int, int]]) -> int:
    for low, high, shade in classes:
        if low <= value <= high:
            return shade
    return 0


def tile_map(figures: list[RegionFigures], *, title: str) -> TileMap:
    """The regions of ``figures`` as shaded squares at their places, with the legend."""
    classes = _classes(max((row.trained for row in figures), default=0))
    tiles = []
    for row, region in zip(figures, regions.regions(), strict=True):
        if region.tile is None:
            continue
        shade = _shade(row.trained, classes)
        tiles.append(
            Tile(
                code=row.code,
                name=row.name,
                short_name=str(SHORT_NAMES.get(row.code, row.code)),
                figures=row,
                x=region.tile[1] * (TILE + GAP),
                y=region.tile[0] * (TILE + GAP),
                fill=SHADES[shade],
                text_fill="#ffffff" if shade >= DARK_FROM else "#1f2328",
            )
        )
    columns = max((tile.x for tile in tiles), default=0) + TILE
    rows = max((tile.y for tile in tiles), default=0) + TILE
    shown = [
        (0, _("nobody")),
        *((shade, str(low) if low == high else f"{low}–{high}") for low, high, shade in classes),
    ]
    legend = [(SHADES[shade], label, place * 110) for place, (shade, label) in enumerate(shown)]
    total = sum(row.trained for row in figures)
    reached = sum(1 for row in figures if row.trained)
    return TileMap(
        title=title,
        description=_(
            "%(total)s officials trained, from %(reached)s of %(regions)s regions; the figures "
            "of each region are in the table."
        )
        % {"total": total, "reached": reached, "regions": len(figures)},
        tiles=tiles,
        legend=legend,
        width=max(columns, len(legend) * 110),
        height=rows + GAP + LEGEND_HEIGHT,
    )
