"""The release page's map: China's outline under the points, the inset off the map's coordinates,
and the tool that makes the outline."""

from __future__ import annotations

import importlib.util
import itertools
import re
import struct
from pathlib import Path

import pandas as pd
import pytest
from release_fixtures import sample_tables

from hotspots.release import page, page_map
from hotspots.release.page_map import MAP_LAT, MAP_LON, MAP_PX_PER_DEGREE, View

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "reference" / "tools" / "make_china_outline.py"


def load_tool():
    spec = importlib.util.spec_from_file_location("make_china_outline", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def entities() -> list[dict]:
    rows = sample_tables()["entities"].to_dict("records")
    for e in rows:  # pyarrow gives None for nulls; pandas gives NaN
        e["lat"], e["lon"] = (None, None) if pd.isna(e["lat"]) else (e["lat"], e["lon"])
    return rows


def city(slug: str, name: str, lat: float, lon: float, template: dict) -> dict:
    return {**template, "entity_id": f"city/{slug}", "name": name, "lat": lat, "lon": lon}


def rects(svg: str, cls: str) -> list[tuple[float, float, float, float]]:
    out = []
    for m in re.finditer(
        rf'<rect class="{cls}" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg
    ):
        x, y, w, h = map(float, m.groups())
        out.append((x, y, x + w, y + h))
    return out


def circles(svg: str, cls: str) -> list[tuple[float, float]]:
    return [
        (float(x), float(y))
        for x, y in re.findall(rf'<circle class="{cls}" cx="([\d.]+)" cy="([\d.]+)"', svg)
    ]


def inside_ring(lon: float, lat: float, ring: list[list[float]]) -> bool:
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def test_outline_is_reviewed_data_with_provenance():
    doc = page_map.china_outline()
    assert "public domain" in doc["source"]["licence"].lower()
    assert (
        doc["source"]["package_sha256"] and doc["tool"] == "reference/tools/make_china_outline.py"
    )
    assert doc["simplification"]["tolerance_degrees"] == 0.05
    points = [p for ring in doc["rings"] for p in ring]
    assert 100 <= len(points) == doc["simplification"]["points_after"] <= 1000
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    assert doc["bbox"] == [min(xs), min(ys), max(xs), max(ys)]
    # China's extent (73.5-134.8 E, 18.2-53.6 N), to within the 1:110m scale's error.
    assert 73 < min(xs) < 74.5 and 134 < max(xs) < 135.5 and 18 < min(ys) < 19 and 53 < max(ys) < 54
    mainland = max(doc["rings"], key=len)
    for lon, lat in ((116.4, 39.9), (104.07, 30.67), (114.3, 30.59), (87.6, 43.8)):  # Beijing,
        assert inside_ring(lon, lat, mainland)  # Chengdu, Wuhan, Urumqi
    for lon, lat in ((139.7, 35.7), (126.98, 37.57), (121.56, 25.04)):  # Tokyo, Seoul, Taipei
        assert not any(inside_ring(lon, lat, ring) for ring in doc["rings"])
    # The shipped file is the tool's own serialisation of its content (what a rerun writes).
    assert load_tool().dumps(doc) == page_map.OUTLINE.read_text(encoding="utf-8")


def test_outline_is_drawn_under_the_points_with_the_points_projection():
    svg, caption = page.entity_map(entities(), page.Lookup({"entities": entities()}))
    assert svg.index('class="outline"') < svg.index('class="map-point"')
    assert "China&#x27;s outline" in caption and "Natural Earth" in caption  # escaped HTML
    main = View(MAP_LON, MAP_LAT, 34, 8, MAP_PX_PER_DEGREE)
    first = page_map.china_outline()["rings"][0][0]
    d = re.search(r'class="outline"[^>]* d="M([\d.]+),([\d.]+)L', svg)
    assert (float(d[1]), float(d[2])) == (round(main.x(first[0]), 1), round(main.y(first[1]), 1))


def test_inset_overlaps_neither_the_outline_box_nor_any_point_nor_the_frame():
    rows = entities()
    template = next(e for e in rows if e["entity_id"] == "city/shenzhen")
    more = [
        city("beijing", "Beijing", 39.9, 116.4, template),
        city("sanya", "Sanya", 18.25, 109.5, template),  # the frame's south-east quarter
        city("taipei", "Taipei", 25.04, 121.56, template),
        city("harbin", "Harbin", 45.8, 126.6, template),
        city("kashgar", "Kashgar", 39.47, 75.99, template),
    ]
    svg, caption = page.entity_map(rows + more, page.Lookup({"entities": rows + more}))
    [inset] = rects(svg, "inset-frame")
    [frame] = rects(svg, "frame")
    main = View(MAP_LON, MAP_LAT, 34, 8, MAP_PX_PER_DEGREE)
    lon0, lat0, lon1, lat1 = page_map.china_outline()["bbox"]
    outline_box = (main.x(lon0), main.y(lat1), main.x(lon1), main.y(lat0))
    overlaps = page_map._overlaps
    assert not overlaps(inset, outline_box) and not overlaps(inset, frame)
    points = circles(svg, "map-point")
    assert len(points) == 4 + len(more)  # China, Guangdong, Shenzhen, Hong Kong and `more`
    assert not any(overlaps(inset, (x - 4, y - 4, x + 4, y + 4)) for x, y in points)
    # The inset has a frame, a title and its points inside it; the canvas holds it.
    assert "Pearl River Delta (enlarged)</text>" in svg and "enlarged in the inset below" in caption
    for x, y in circles(svg, "map-point-inset"):
        assert inset[0] < x < inset[2] and inset[1] < y < inset[3]
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    assert inset[2] <= width and inset[3] <= height


def test_inset_box_refuses_a_place_that_covers_the_outline_box():
    main = View(MAP_LON, MAP_LAT, 34, 8, MAP_PX_PER_DEGREE)
    delta = [{"lon": 113.5 + k / 10, "lat": 22.5, "type": "city"} for k in range(3)]
    view = page_map.inset_box(main, delta, main.box())
    assert view is not None and not page_map._overlaps(view.box(), main.box())
    everywhere = (-1e6, -1e6, 1e6, 1e6)  # an outline box that no candidate place avoids
    assert page_map.inset_box(main, delta, everywhere) is None
    assert page_map.inset_box(main, delta[:2], main.box()) is None  # too few points for one


def test_map_is_deterministic_and_inline_only():
    rows = entities()
    look = page.Lookup({"entities": rows})
    first, caption = page.entity_map(rows, look)
    assert (first, caption) == page.entity_map(rows, page.Lookup({"entities": rows}))
    assert "style=" not in first and "<script" not in first
    assert all(href.startswith("#") for href in re.findall(r'href="([^"]*)"', first))


def test_douglas_peucker_keeps_what_is_off_the_line_by_more_than_the_tolerance():
    tool = load_tool()
    flat = [(0.0, 0.0), (1.0, 0.01), (2.0, -0.02), (3.0, 0.03), (4.0, 0.0)]
    assert tool.douglas_peucker(flat, 0.05) == [(0.0, 0.0), (4.0, 0.0)]
    assert tool.douglas_peucker(flat, 0.001) == flat
    # A wiggly coastline: the result is a subsequence with both ends, and every point dropped
    # lies within the tolerance of it.
    coast = [(k / 10, ((k * 37) % 11) / 40 + (k // 20) * 0.3) for k in range(200)]
    simple = tool.douglas_peucker(coast, 0.05)
    assert simple[0] == coast[0] and simple[-1] == coast[-1] and 10 < len(simple) < len(coast)
    assert [p for p in coast if p in simple] == simple
    for p in coast:
        assert min(tool._distance(p, a, b) for a, b in itertools.pairwise(simple)) <= 0.05
    square = [(0.0, 0.0), (0.5, 0.001), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]
    ring = tool.simplify_ring(square, 0.05)
    assert ring[0] == ring[-1] and (0.5, 0.001) not in ring and len(ring) == 5
    assert tool.simplify_ring([(0.0, 0.0), (0.01, 0.0), (0.0, 0.01), (0.0, 0.0)], 0.05) is None


def shapefile(polygons: list[list[list[tuple[float, float]]]]) -> bytes:
    """A minimal polygon shapefile (.shp) holding the given records of rings."""
    body = b""
    for number, rings in enumerate(polygons, 1):
        points = [p for ring in rings for p in ring]
        parts = [sum(len(r) for r in rings[:k]) for k in range(len(rings))]
        content = struct.pack("<i4dii", 5, 0, 0, 0, 0, len(rings), len(points))
        content += struct.pack(f"<{len(parts)}i", *parts)
        content += struct.pack(f"<{2 * len(points)}d", *(c for p in points for c in p))
        body += struct.pack(">ii", number, len(content) // 2) + content
    header = struct.pack(">i20xi", 9994, (100 + len(body)) // 2) + struct.pack("<ii", 1000, 5)
    return header.ljust(100, b"\0") + body  # the bounding box left zero: the reader ignores it


def dbase(names: list[tuple[str, str]]) -> bytes:
    """A minimal dBASE table with the columns name and iso_a3."""
    fields = b"".join(
        n.encode().ljust(11, b"\0") + b"C" + b"\0" * 4 + bytes([w, 0]) + b"\0" * 14
        for n, w in (("name", 20), ("iso_a3", 3))
    )
    header_len, record_len = 32 + len(fields) + 1, 1 + 20 + 3
    out = struct.pack("<B3xIHH20x", 3, len(names), header_len, record_len) + fields + b"\r"
    for name, iso in names:
        out += b" " + name.encode("latin-1").ljust(20) + iso.encode()
    return out


def test_tool_reads_a_shapefile_and_keeps_only_china():
    tool = load_tool()
    square = [(100.0, 30.0), (100.0, 40.0), (110.0, 40.0), (110.0, 30.0), (100.0, 30.0)]
    islet = [(120.0, 20.0), (120.01, 20.0), (120.0, 20.01), (120.0, 20.0)]
    other = [[(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (0.0, 0.0)]]
    shp = shapefile([other, [square, islet]])
    assert shp[:4] == struct.pack(">i", 9994) and len(shp) > 100
    doc = tool.build(shp, dbase([("Côte d'Ivoire", "CIV"), ("China", "CHN")]), "ISO-8859-1")
    assert doc["name"] == "China" and doc["bbox"] == [100.0, 30.0, 110.0, 40.0]
    assert doc["rings"] == [[list(p) for p in square]]  # the islet collapses at 0.05 degrees
    assert (
        doc["simplification"]["rings_before"] == 2 and doc["simplification"]["points_before"] == 9
    )
    with pytest.raises(SystemExit):
        tool.build(shp, dbase([("Côte d'Ivoire", "CIV"), ("Chile", "CHL")]), "ISO-8859-1")
