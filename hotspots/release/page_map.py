"""The release page's map: the entities with coordinates on China's outline, as inline SVG.

No tiles, no script, no external file: the outline is reviewed data shipped beside the page code
(page_assets/china_outline.json, Natural Earth 1:110m, public domain, made by
reference/tools/make_china_outline.py), projected with the same equirectangular view as the
points. The Pearl River Delta, too dense to read at the map's scale, is drawn again enlarged in
an inset placed outside the map's frame, so the inset covers no coordinate of the main map.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from hotspots.release import write

if TYPE_CHECKING:
    from hotspots.release.page_rows import Lookup

OUTLINE = Path(__file__).with_name("page_assets") / "china_outline.json"
TYPE_COLORS = {"city": "#b3261e", "sar": "#e37400", "district": "#00838f", "park": "#1e8e3e"}
# Map frame: China's bounding box (73.5-134.8 E, 18.2-53.6 N) with a margin, drawn in an
# equirectangular projection whose standard parallel is the box's middle latitude.
MAP_LON, MAP_LAT = (72.0, 136.0), (17.0, 55.0)
MAP_PX_PER_DEGREE = 11.0
# The Pearl River Delta (Greater Bay Area cities, Hong Kong, Macao) is drawn enlarged in an inset.
INSET_NAME = "Pearl River Delta"
INSET_LON, INSET_LAT = (112.2, 114.9), (21.8, 23.9)
INSET_PX_PER_DEGREE = 85.0
# Land lighter than the frame's sea (#eef3f7 in page.css); presentation attributes, not a
# style attribute, so the page's Content-Security-Policy (style by hash only) allows them.
LAND = 'fill="#ffffff" stroke="#9aa7b4" stroke-width="0.8" stroke-linejoin="round"'
GAP = 10  # px between the frame's bottom labels, the legend and the inset


def esc(value: object) -> str:
    # hotspots.release.page.esc, which this module cannot import (page imports this module; page_render escapes the same way)
    return html.escape(value if isinstance(value, str) else str(value), quote=True)


def degrees(value: float) -> str:
    return write.format_float(value)


@dataclass(frozen=True)
class View:
    """An equirectangular view of a lon/lat box, drawn into a pixel box at (left, top)."""

    lon: tuple[float, float]
    lat: tuple[float, float]
    left: float
    top: float
    px_per_degree: float

    @property
    def kx(self) -> float:  # the standard parallel is the middle of the box
        return self.px_per_degree * math.cos(math.radians(sum(self.lat) / 2))

    @property
    def width(self) -> float:
        return (self.lon[1] - self.lon[0]) * self.kx

    @property
    def height(self) -> float:
        return (self.lat[1] - self.lat[0]) * self.px_per_degree

    def box(self) -> tuple[float, float, float, float]:
        return (self.left, self.top, self.left + self.width, self.top + self.height)

    def x(self, lon: float) -> float:
        return self.left + (lon - self.lon[0]) * self.kx

    def y(self, lat: float) -> float:
        return self.top + (self.lat[1] - lat) * self.px_per_degree

    def holds(self, e: dict) -> bool:
        return self.lon[0] <= e["lon"] <= self.lon[1] and self.lat[0] <= e["lat"] <= self.lat[1]

    def moved(self, left: float, top: float) -> View:
        return View(self.lon, self.lat, left, top, self.px_per_degree)


Box = tuple[float, float, float, float]


def _overlaps(a: Box, b: Box) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def _within(a: Box, frame: Box) -> bool:
    return frame[0] <= a[0] and a[2] <= frame[2] and frame[1] <= a[1] and a[3] <= frame[3]


@cache
def china_outline() -> dict:
    """The shipped outline document (provenance, bbox and rings of [lon, lat])."""
    doc = json.loads(OUTLINE.read_text(encoding="utf-8"))
    if not doc.get("rings") or not doc.get("source"):
        raise ValueError(f"{OUTLINE}: an outline needs rings and its source")
    return doc


def outline_path(view: View, rings: list[list[list[float]]]) -> str:
    """An SVG path of the rings in the view; even-odd fill so a hole stays a hole."""
    d = "".join(
        "M" + "L".join(f"{view.x(lon):.1f},{view.y(lat):.1f}" for lon, lat in ring) + "Z"
        for ring in rings
    )
    return f'<path class="outline" fill-rule="evenodd" {LAND} d="{d}"/>'


def _points(points: list[dict], view: View, cls: str, look: Lookup | None = None) -> list[str]:
    out = []
    for e in points:
        color = TYPE_COLORS.get(e["type"], "#0b57d0")
        circle = (
            f'<circle class="{cls}" '
            f'cx="{view.x(e["lon"]):.1f}" cy="{view.y(e["lat"]):.1f}" r="4" fill="{color}" '
            f'data-entity="{esc(e["entity_id"])}"><title>{esc(e["name"])} ({esc(e["type"])}), '
            f"{degrees(e['lat'])}° N, {degrees(e['lon'])}° E</title></circle>"
        )
        if look is None or look.linked("e-", e["entity_id"]):
            circle = f'<a href="#{esc("e-" + e["entity_id"])}">{circle}</a>'
        out.append(circle)
    return out


def _labels(points: list[dict], look: Lookup, view: View, obstacles: list[Box]) -> list[str]:
    """Names for as many points as fit without covering another name, point or obstacle; the
    entities with the most facts first."""
    dots = {e["entity_id"]: (view.x(e["lon"]), view.y(e["lat"])) for e in points}
    taken = list(obstacles)
    out = []
    for e in sorted(points, key=lambda e: (-look.facts_of_entity[e["entity_id"]], e["name"])):
        px, py = dots[e["entity_id"]]
        others = [(x - 3, y - 3, x + 3, y + 3) for k, (x, y) in dots.items() if k != e["entity_id"]]
        width = 6.3 * len(e["name"]) + 2
        for dx, dy, anchor in (
            (6, 0, "start"),
            (-6, 0, "end"),
            (0, -9, "middle"),
            (0, 13, "middle"),
        ):
            x0 = {"start": px + dx, "end": px + dx - width, "middle": px - width / 2}[anchor]
            box = (x0, py + dy - 8, x0 + width, py + dy + 3)
            if _within(box, view.box()) and not any(_overlaps(box, b) for b in taken + others):
                taken.append(box)
                out.append(
                    f'<text class="map-label" x="{px + dx:.1f}" y="{py + dy + 3.5:.1f}" '
                    f'text-anchor="{anchor}">{esc(e["name"])}</text>'
                )
                break
    return out


def _legend(counts: Counter, left: float, top: float, right: float) -> tuple[list[str], float]:
    """The point colours by entity type, in rows between `left` and `right`; the parts and the
    bottom of the last row."""
    parts, lx, y = [], left, top + 10
    for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        label = f"{kind} ({n})"
        width = 22 + 6.2 * len(label)
        if lx > left and lx + width > right:
            lx, y = left, y + 16
        parts.append(
            f'<circle cx="{lx + 5}" cy="{y - 4:.1f}" r="4" fill="{TYPE_COLORS.get(kind, "#0b57d0")}"/>'
            f'<text x="{lx + 13}" y="{y:.1f}">{esc(label)}</text>'
        )
        lx += width
    return parts, y + 4


def inset_box(main: View, points: list[dict], outline_bbox: Box) -> View | None:
    """The inset, if it would show 3+ points, at the first candidate place that overlaps neither
    the outline's bounding box, nor any point, nor the frame of the main map (where every pixel
    is a real coordinate): below the frame's south-east corner, else beside it to the east."""
    area = View(INSET_LON, INSET_LAT, 0, 0, INSET_PX_PER_DEGREE)
    if sum(1 for e in points if area.holds(e)) < 3:
        return None
    _, _, x1, y1 = main.box()
    below = y1 + 18 + GAP  # under the longitude labels
    dots = [(main.x(e["lon"]), main.y(e["lat"])) for e in points]
    taken = [outline_bbox, main.box(), *((x - 6, y - 6, x + 6, y + 6) for x, y in dots)]
    for left, top in ((x1 - area.width, below), (x1 + 2 * GAP, y1 - area.height)):
        view = area.moved(left, top)
        if not any(_overlaps(view.box(), b) for b in taken):
            return view
    return None


def entity_map(entities: list[dict], look: Lookup) -> tuple[str, str]:
    """(SVG, caption): the entities with coordinates on China's outline, in an equirectangular
    frame of China's bounding box, with the Pearl River Delta enlarged in an inset outside the
    frame when the delta holds several points."""
    main = View(MAP_LON, MAP_LAT, 34, 8, MAP_PX_PER_DEGREE)
    outline = china_outline()
    located = [e for e in entities if e["lat"] is not None and e["lon"] is not None]
    inside = [e for e in located if main.holds(e)]
    drawn = {e["entity_id"] for e in inside}
    outside = [e for e in located if e["entity_id"] not in drawn]
    lon0, lat0, lon1, lat1 = outline["bbox"]
    outline_bbox = (main.x(lon0), main.y(lat1), main.x(lon1), main.y(lat0))
    parts = [
        f'<rect class="frame" x="{main.left}" y="{main.top}" width="{main.width:.1f}" height="{main.height:.1f}"/>',
        outline_path(main, outline["rings"]),
        '<g class="grat">',
    ]
    for lon in range(80, int(MAP_LON[1]) + 1, 10):
        parts.append(
            f'<line x1="{main.x(lon):.1f}" x2="{main.x(lon):.1f}" y1="{main.top}" y2="{main.top + main.height:.1f}"/>'
            f'<text x="{main.x(lon):.1f}" y="{main.top + main.height + 13:.1f}" text-anchor="middle">{lon}°E</text>'
        )
    for lat in range(20, int(MAP_LAT[1]) + 1, 10):
        parts.append(
            f'<line x1="{main.left}" x2="{main.left + main.width:.1f}" y1="{main.y(lat):.1f}" y2="{main.y(lat):.1f}"/>'
            f'<text x="{main.left - 4}" y="{main.y(lat) + 3.5:.1f}" text-anchor="end">{lat}°N</text>'
        )
    parts.append("</g>")
    inset, obstacles, in_inset = inset_box(main, inside, outline_bbox), [], []
    if inset is not None:
        in_inset = [e for e in inside if inset.holds(e)]
        area = (
            main.x(inset.lon[0]),
            main.y(inset.lat[1]),
            main.x(inset.lon[1]),
            main.y(inset.lat[0]),
        )
        obstacles = [area]
        parts.append(
            f'<rect class="inset-area" x="{area[0]:.1f}" y="{area[1]:.1f}" '
            f'width="{area[2] - area[0]:.1f}" height="{area[3] - area[1]:.1f}"/>'
        )
    parts += _points(inside, main, "map-point", look)
    labelled = [e for e in inside if e not in in_inset]
    parts += _labels(labelled, look, main, obstacles)
    bottom = main.top + main.height + 18
    if inset is not None:
        # Leaders from the dashed area's lower corners to the inset's upper corners.
        for ax, ix in ((area[0], inset.left), (area[2], inset.left + inset.width)):
            parts.append(
                f'<line class="leader" x1="{ax:.1f}" y1="{area[3]:.1f}" x2="{ix:.1f}" y2="{inset.top:.1f}"/>'
            )
        title = f"{INSET_NAME} (enlarged)"
        title_box = (inset.left, inset.top, inset.left + 5.6 * len(title) + 8, inset.top + 16)
        parts.append(
            f'<rect class="inset-frame" x="{inset.left:.1f}" y="{inset.top:.1f}" '
            f'width="{inset.width:.1f}" height="{inset.height:.1f}"/>'
            f'<text class="inset-title" x="{inset.left + 4:.1f}" y="{inset.top + 12:.1f}">'
            f"{esc(title)}</text>"
        )
        parts += _points(in_inset, inset, "map-point-inset", look)
        parts += _labels(in_inset, look, inset, [title_box])
    legend_right = inset.left - GAP if inset is not None and inset.top >= bottom else None
    legend, legend_bottom = _legend(
        Counter(e["type"] for e in inside),
        main.left,
        bottom + GAP,
        legend_right if legend_right is not None else main.left + main.width,
    )
    parts += legend
    right, low = main.left + main.width, legend_bottom
    if inset is not None:
        right, low = max(right, inset.left + inset.width), max(low, inset.top + inset.height)
    width, height = right + 8, low + 8
    svg = (
        f'<svg id="entity-map" xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        'aria-labelledby="entity-map-title"><title id="entity-map-title">Map of the entities '
        "with coordinates on China's outline (equirectangular, China's bounding box)</title>"
        + "".join(parts)
        + "</svg>"
    )
    caption = (
        f"{len(inside)} entities with coordinates, drawn at their latitude and longitude on "
        "China's outline (equirectangular projection of China's bounding box; outline: Natural "
        "Earth 1:110m, public domain, simplified to 0.05°). Hover a point for its name, click "
        "it for its row."
    )
    if "e-" in look.shown:
        caption += " (Only points of the entities listed in the Entities table are links.)"
    if inset is not None:
        where = "below" if inset.top >= main.top + main.height else "beside"
        caption += (
            f" The dashed box, the {INSET_NAME}, is enlarged in the inset {where} the map, "
            "drawn without the outline, too coarse at that scale."
        )
    if outside:
        names = ", ".join(e["name"] for e in outside[:5]) + (", …" if len(outside) > 5 else "")
        caption += f" Outside the frame, not drawn: {len(outside)} ({names})."
    return svg, esc(caption)
