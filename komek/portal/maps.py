"""The offices' places without a third-party map: a picture of Kazakhstan drawn on the
server as SVG with the office marked, and links that open the place in the phone's own
map application (a ``geo:`` address) or on openstreetmap.org.

The outline is Natural Earth's, simplified once by ``data/make_outline.py`` into
``data/kazakhstan.json`` (see ``data/README.md``); it is drawn in an equirectangular
projection about the country's middle parallel, true enough at this size."""

import json
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlencode

OUTLINE = Path(__file__).resolve().parent / "data" / "kazakhstan.json"
# The picture's width in pixels (its height follows the country's shape) and its margin,
# which leaves room for the marker at the border.
WIDTH = 320
MARGIN = 8
# Zoom of the openstreetmap.org link: a street and its neighbours.
OSM_ZOOM = 17


@dataclass(frozen=True)
class Frame:
    """The projection: longitude and latitude to the picture's pixels."""

    west: float
    north: float
    scale: float
    stretch: float  # the cosine of the middle parallel: a degree of longitude's width
    height: int

    def point(self, longitude: float, latitude: float) -> tuple[int, int]:
        x = MARGIN + (longitude - self.west) * self.stretch * self.scale
        y = MARGIN + (self.north - latitude) * self.scale
        return round(x), round(y)


@dataclass(frozen=True)
class Outline:
    frame: Frame
    path: str  # the SVG path of the country's rings
    width: int = WIDTH


@cache
def outline() -> Outline:
    """Kazakhstan's outline projected into the picture (read once: a vendored file)."""
    rings = json.loads(OUTLINE.read_text(encoding="utf-8"))["rings"]
    longitudes = [lon for ring in rings for lon, _lat in ring]
    latitudes = [lat for ring in rings for _lon, lat in ring]
    west, east = min(longitudes), max(longitudes)
    south, north = min(latitudes), max(latitudes)
    stretch = math.cos(math.radians((north + south) / 2))
    scale = (WIDTH - 2 * MARGIN) / ((east - west) * stretch)
    height = round((north - south) * scale) + 2 * MARGIN
    frame = Frame(west=west, north=north, scale=scale, stretch=stretch, height=height)
    parts = []
    for ring in rings:
        points: list[tuple[int, int]] = []
        for lon, lat in ring:
            point = frame.point(lon, lat)
            if not points or point != points[-1]:
                points.append(point)
        parts.append("M" + "L".join(f"{x} {y}" for x, y in points) + "Z")
    return Outline(frame=frame, path="".join(parts))


@dataclass(frozen=True)
class Place:
    """An office's place: its picture's marker and the links to open it in a map."""

    latitude: Decimal
    longitude: Decimal
    address: str

    @property
    def marker(self) -> tuple[int, int]:
        return outline().frame.point(float(self.longitude), float(self.latitude))

    @property
    def pictured(self) -> bool:
        """Whether the place falls on the picture (an office abroad is not drawn)."""
        x, y = self.marker
        return 0 <= x <= WIDTH and 0 <= y <= outline().frame.height

    @property
    def geo_url(self) -> str:
        """RFC 5870's address, which a phone opens in its map application; the query
        names the place for the applications that search rather than drop a pin."""
        place = f"{self.latitude},{self.longitude}"
        return f"geo:{place}?q={quote(self.address or place)}"

    @property
    def osm_url(self) -> str:
        query = urlencode({"mlat": self.latitude, "mlon": self.longitude})
        return f"https://www.openstreetmap.org/?{query}#map={OSM_ZOOM}/{self.latitude}/{self.longitude}"
