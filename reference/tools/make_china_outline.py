"""Generate hotspots/release/page_assets/china_outline.json: China's outline for the page's map.

Run once, review the diff, commit the JSON (the page reads only the JSON; nothing downloads):

    pip download geopandas==0.14.4 --no-deps -d /tmp/gp
    .venv/bin/python reference/tools/make_china_outline.py \
        /tmp/gp/geopandas-0.14.4-py3-none-any.whl > hotspots/release/page_assets/china_outline.json

Source: Natural Earth's 1:110m "Admin 0 - Countries" (public domain), as geopandas 0.14.4 ships
it inside its wheel (geopandas/datasets/naturalearth_lowres; the dataset was removed in
geopandas 1.0). The wheel's SHA-256 is checked, so the output is byte for byte the same on every
run. The record is the one whose `iso_a3` is CHN: Natural Earth's de facto boundary of the
People's Republic of China (Hong Kong and Macao are inside it at this scale; Taiwan is a
separate Natural Earth record and is not included).

The shapefile is read with the small reader below (polygon records and the dBASE table only), so
no GIS library joins the project's dependencies. Each ring is simplified with Douglas-Peucker at
TOLERANCE degrees (planar lon/lat), rings that collapse are dropped, and coordinates are rounded
to 0.01 degree (about 1 px at the map's 11 px per degree).

Why not reference/: every .json under reference/ is hashed into the extraction cache key
(hotspots.reference.reference_hash), and a map outline decides no extraction; so the JSON lives
beside the page code it serves, and only this tool lives with the other reference tools.
"""

from __future__ import annotations

import hashlib
import json
import struct
import sys
import zipfile
from pathlib import Path

WHEEL_NAME = "geopandas-0.14.4-py3-none-any.whl"
WHEEL_SHA256 = "3bb6473cb59d51e1a7fe2dbc24a1a063fb0ebdeddf3ce08ddbf8c7ddc99689aa"
MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
ISO_A3 = "CHN"
TOLERANCE = 0.05  # degrees
DECIMALS = 2

Point = tuple[float, float]


def read_dbf(data: bytes, encoding: str) -> list[dict[str, str]]:
    """The records of a dBASE III table as strings (stripped), deleted records left out;
    `encoding` is the one the shapefile's .cpg names."""
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields: list[tuple[str, int]] = []
    at = 32
    while data[at] != 0x0D:
        name = data[at : at + 11].split(b"\0", 1)[0].decode("ascii")
        fields.append((name, data[at + 16]))
        at += 32
    records = []
    for i in range(count):
        row = data[header_len + i * record_len : header_len + (i + 1) * record_len]
        if row[:1] == b"*":
            continue
        values, pos = {}, 1
        for name, length in fields:
            values[name] = row[pos : pos + length].decode(encoding).strip()
            pos += length
        records.append(values)
    return records


def read_polygons(data: bytes) -> list[list[list[Point]]]:
    """The rings of each record of a polygon shapefile (.shp, shape type 5), in record order."""
    shape_type = struct.unpack("<i", data[32:36])[0]
    if shape_type != 5:
        raise ValueError(f"not a polygon shapefile (shape type {shape_type})")
    out, at = [], 100
    while at < len(data):
        _number, words = struct.unpack(">ii", data[at : at + 8])
        content = data[at + 8 : at + 8 + 2 * words]
        at += 8 + 2 * words
        if struct.unpack("<i", content[:4])[0] == 0:  # a null shape
            out.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44 : 44 + 4 * n_parts]))
        xy = struct.unpack(f"<{2 * n_points}d", content[44 + 4 * n_parts :][: 16 * n_points])
        points = [(xy[2 * k], xy[2 * k + 1]) for k in range(n_points)]
        bounds = [*parts, n_points]
        out.append([points[bounds[k] : bounds[k + 1]] for k in range(n_parts)])
    return out


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance from p to the segment a-b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = (
        0.0
        if length2 == 0
        else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    )
    return ((p[0] - a[0] - t * dx) ** 2 + (p[1] - a[1] - t * dy) ** 2) ** 0.5


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """The open polyline simplified: every dropped point lies within `tolerance` of the result."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:  # iterative: a long coastline would exceed the recursion limit
        first, last = stack.pop()
        far, worst = -1, tolerance
        for k in range(first + 1, last):
            d = _distance(points[k], points[first], points[last])
            if d > worst:
                far, worst = k, d
        if far >= 0:
            keep[far] = True
            stack += [(first, far), (far, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: list[Point], tolerance: float) -> list[Point] | None:
    """A closed ring simplified, split at its first point and the point farthest from it (a
    closed ring's ends coincide, which Douglas-Peucker cannot use as a baseline); None when it
    collapses to fewer than three distinct points."""
    if ring[0] != ring[-1]:
        ring = [*ring, ring[0]]
    far = max(
        range(len(ring)),
        key=lambda k: (ring[k][0] - ring[0][0]) ** 2 + (ring[k][1] - ring[0][1]) ** 2,
    )
    if far == 0:
        return None
    out = douglas_peucker(ring[: far + 1], tolerance)[:-1] + douglas_peucker(ring[far:], tolerance)
    return out if len(out) >= 4 else None


def outline(wheel: Path) -> dict:
    """The outline document: provenance and the simplified rings as [lon, lat] pairs."""
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: SHA-256 {digest}, expected {WHEEL_SHA256} ({WHEEL_NAME})")
    with zipfile.ZipFile(wheel) as z:
        shp, dbf = z.read(MEMBER + ".shp"), z.read(MEMBER + ".dbf")
        encoding = z.read(MEMBER + ".cpg").decode("ascii").strip()
    return build(shp, dbf, encoding)


def build(shp: bytes, dbf: bytes, encoding: str) -> dict:
    """The outline document from the shapefile's .shp and .dbf bytes."""
    records, shapes = read_dbf(dbf, encoding), read_polygons(shp)
    found = [i for i, r in enumerate(records) if r.get("iso_a3") == ISO_A3]
    if len(found) != 1 or len(records) != len(shapes):
        raise SystemExit(
            f"{len(found)} records with iso_a3 {ISO_A3} (expected 1), "
            f"{len(records)} records for {len(shapes)} shapes"
        )
    index = found[0]
    rings, before = [], 0
    for ring in shapes[index]:
        before += len(ring)
        simple = simplify_ring(ring, TOLERANCE)
        if simple is not None:
            rings.append([[round(x, DECIMALS), round(y, DECIMALS)] for x, y in simple])
    xs = [p[0] for r in rings for p in r]
    ys = [p[1] for r in rings for p in r]
    return {
        "name": records[index]["name"],
        "source": {
            "dataset": "Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries "
            "(ne_110m_admin_0_countries), as shipped in geopandas 0.14.4 "
            "(geopandas/datasets/naturalearth_lowres)",
            "url": "https://www.naturalearthdata.com/downloads/110m-cultural-vectors/",
            "package": WHEEL_NAME,
            "package_sha256": WHEEL_SHA256,
            "record": f"iso_a3 = {ISO_A3}",
            "licence": "Public domain (Natural Earth terms of use: "
            "https://www.naturalearthdata.com/about/terms-of-use/)",
            "boundary": "Natural Earth's de facto boundary; Taiwan is a separate record, not "
            "included",
        },
        "simplification": {
            "method": "Douglas-Peucker per ring, split at the point farthest from the first",
            "tolerance_degrees": TOLERANCE,
            "rounded_to_degrees": 10**-DECIMALS,
            "points_before": before,
            "points_after": sum(len(r) for r in rings),
            "rings_before": len(shapes[index]),
            "rings_after": len(rings),
        },
        "tool": "reference/tools/make_china_outline.py",
        "crs": "WGS 84 longitude/latitude (EPSG:4326)",
        "bbox": [min(xs), min(ys), max(xs), max(ys)],
        "rings": rings,
    }


def dumps(doc: dict) -> str:
    """The document as JSON, one ring per line, so a review diff stays readable."""
    head = json.dumps({k: v for k, v in doc.items() if k != "rings"}, ensure_ascii=False, indent=1)
    rings = ",\n".join("  " + json.dumps(r, separators=(",", ":")) for r in doc["rings"])
    return head[:-2] + ',\n "rings": [\n' + rings + "\n ]\n}\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    sys.stdout.write(dumps(outline(Path(argv[0]))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
