"""Write ``kazakhstan.json``, the outline of Kazakhstan the offices' map pictures draw,
from Natural Earth's 1:50m countries as the ``world-atlas`` npm package carries them
(TopoJSON). Run once, by hand, when the outline is to be made again::

    npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    python komek/portal/data/make_outline.py package/countries-50m.json \
        > komek/portal/data/kazakhstan.json

Only the standard library: the arcs are decoded, the rings simplified (Douglas-Peucker)
and the islands too small to see at the picture's size dropped. Coordinates stay
longitude and latitude, rounded to what the picture can show."""

import json
import math
import sys

COUNTRY = "398"  # ISO 3166-1 numeric: Kazakhstan
# Degrees: a point nearer than this to the line its neighbours make is dropped, and a
# ring smaller than MIN_AREA square degrees (a Caspian islet) is not drawn.
TOLERANCE = 0.08
MIN_AREA = 0.5
DECIMALS = 2


def decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs as absolute longitudes and latitudes (TopoJSON keeps quantized deltas)."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for step_x, step_y in arc:
            x, y = x + step_x, y + step_y
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring joined from its arcs; ``~i`` is arc ``i`` walked backwards."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def simplified(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative (a long border would overflow a recursive one)."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        farthest, distance = None, TOLERANCE
        for index in range(first + 1, last):
            x, y = points[index]
            if length:
                away = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
            else:
                away = math.hypot(x - x1, y - y1)
            if away > distance:
                farthest, distance = index, away
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def area(points: list[tuple[float, float]]) -> float:
    following = points[1:] + points[:1]
    twice = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, following, strict=True))
    return abs(twice) / 2


def outline(topology: dict) -> list[list[list[float]]]:
    arcs = decoded_arcs(topology)
    geometry = next(
        geometry
        for geometry in topology["objects"]["countries"]["geometries"]
        if geometry.get("id") == COUNTRY
    )
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = []
    for polygon in polygons:
        outer = ring(polygon[0], arcs)  # holes (none in Kazakhstan's) are not drawn
        if area(outer) >= MIN_AREA:
            rings.append([[round(x, DECIMALS), round(y, DECIMALS)] for x, y in simplified(outer)])
    return rings


def main(path: str) -> None:
    with open(path, encoding="utf-8") as source:
        topology = json.load(source)
    data = {
        "source": "Natural Earth 1:50m Admin 0 countries (public domain), from the "
        "world-atlas 2.0.2 npm package (ISC); simplified by make_outline.py",
        "rings": outline(topology),
    }
    json.dump(data, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
