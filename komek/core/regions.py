"""Kazakhstan's first-level subdivisions (ISO 3166-2:KZ): 17 regions and 3 cities of
national significance, including Abai, Jetisu and Ulytau, created in 2022.

Which regions exist comes from pycountry, the maintained ISO 3166 package, so a region the
standard adds or renames reaches Komek with the package; a test checks that the table
below has a name and a place for each. The names are translated in Komek's catalogs,
because the package has no Kazakh names and few Russian ones. ``tile`` is the region's
place (row, column) on the tile-grid map: one square per region, in its rough position.
"""

from dataclasses import dataclass
from functools import cache

import pycountry
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

COUNTRY = "KZ"

_NAMES_AND_TILES: dict[str, tuple[Promise, tuple[int, int]]] = {
    "KZ-59": (_("North Kazakhstan Region"), (0, 3)),
    "KZ-55": (_("Pavlodar Region"), (0, 4)),
    "KZ-27": (_("West Kazakhstan Region"), (1, 0)),
    "KZ-39": (_("Kostanay Region"), (1, 2)),
    "KZ-11": (_("Akmola Region"), (1, 3)),
    "KZ-71": (_("Astana"), (1, 4)),
    "KZ-63": (_("East Kazakhstan Region"), (1, 5)),
    "KZ-23": (_("Atyrau Region"), (2, 0)),
    "KZ-15": (_("Aktobe Region"), (2, 1)),
    "KZ-62": (_("Ulytau Region"), (2, 2)),
    "KZ-35": (_("Karaganda Region"), (2, 3)),
    "KZ-10": (_("Abai Region"), (2, 4)),
    "KZ-47": (_("Mangystau Region"), (3, 0)),
    "KZ-43": (_("Kyzylorda Region"), (3, 1)),
    "KZ-61": (_("Turkistan Region"), (3, 2)),
    "KZ-31": (_("Jambyl Region"), (3, 3)),
    "KZ-19": (_("Almaty Region"), (3, 4)),
    "KZ-33": (_("Jetisu Region"), (3, 5)),
    "KZ-79": (_("Shymkent"), (4, 2)),
    "KZ-75": (_("Almaty"), (4, 4)),
}


@dataclass(frozen=True)
class Region:
    code: str
    name: Promise | str
    tile: tuple[int, int] | None
    is_city: bool


@cache
def regions() -> tuple[Region, ...]:
    """Every current region of Kazakhstan, in ISO code order."""
    found = []
    for subdivision in sorted(pycountry.subdivisions.get(country_code=COUNTRY), key=_code):
        name, tile = _NAMES_AND_TILES.get(subdivision.code, (subdivision.name, None))
        found.append(Region(subdivision.code, name, tile, subdivision.type == "City"))
    return tuple(found)


def _code(subdivision) -> str:
    return subdivision.code


def choices() -> list[tuple[str, Promise | str]]:
    return [(region.code, region.name) for region in regions()]


def label(code: str) -> Promise | str:
    """A region's name in the reader's language; the code itself if the standard dropped it."""
    return next((region.name for region in regions() if region.code == code), code)
