"""The county-level cities of China in the gazetteer (issue #18, item 2): places_china_county_cities.yaml
keeps the promises its header makes: each city under its province (as Kunshan in
places_china.yaml), a note naming who administers it, homonyms and names of something else
qualified only, and the "X, Province" pairs of real pages read."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hotspots.ingest import Document
from hotspots.reference import load_gazetteer
from hotspots.text import slugify

FILE = (
    Path(__file__).resolve().parent.parent / "reference/gazetteer/places_china_county_cities.yaml"
)


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def entries():
    return yaml.safe_load(FILE.read_text(encoding="utf-8"))


def owners(gaz, name: str) -> set[str]:
    return {a.entity_id for a in gaz.lookup(name)}


def test_every_entry_is_a_county_level_city_under_a_province(gaz, entries):
    assert len(entries) >= 200
    for e in entries:
        spec = gaz.entities[e["id"]]
        assert spec.type == "city" and spec.country_code == "CN", e["id"]
        assert spec.parent_id.startswith("province/"), e["id"]
        assert e["note"].startswith("County-level city "), e["id"]
        assert e["id"] == "city/" + slugify(e["name"]), e["id"]


def test_a_bare_name_has_its_city_variant_and_a_qualified_one_none(entries):
    for e in entries:
        aliases = {a["alias"] for a in e.get("aliases", [])}
        if "," in e["name"]:
            assert not aliases, e["id"]
            assert "no alias" in e["note"], e["id"]
        else:
            assert aliases == {f"{e['name']} City"}, e["id"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Liyang", {"city/liyang"}),
        ("Liyang City", {"city/liyang"}),
        ("Haining", {"city/haining"}),
        ("Jinjiang", {"city/jinjiang"}),
        ("Kunshan", {"city/kunshan"}),  # places_china.yaml's, not duplicated
        # two county-level cities of one name: neither has the bare name
        ("Xinyi", set()),
        ("Xinyi, Jiangsu", {"city/xinyi-jiangsu"}),
        ("Xinyi, Guangdong", {"city/xinyi-guangdong"}),
        ("Kaiyuan", set()),
        ("Yushu", set()),
        ("Lanxi", set()),  # also a county in Heilongjiang
        ("Lanxi, Zhejiang", {"city/lanxi-zhejiang"}),
        ("Yizheng", {"city/yizheng"}),
        ("Kaiping", {"city/kaiping"}),
        # the bare name names something else more often
        ("Longjing", set()),
        ("Chaohu", set()),
        ("Mile", set()),
        ("Shangri-La", set()),
        # names the documents use for something else: a given name ("By Xu Lingyuan",
        # "Zhang Dengfeng"), the Changchun-Jilin corridor ("Changji Industrial ... Zone")
        ("Lingyuan", set()),
        ("Dengfeng", set()),
        ("Changji", set()),
        ("Pingxiang", {"city/pingxiang"}),  # the Jiangxi prefecture-level city keeps it
        ("Pingxiang, Guangxi", {"city/pingxiang-guangxi"}),
    ],
)
def test_names_and_homonyms(gaz, name, expected):
    assert owners(gaz, name) == expected


def test_parents_are_the_provinces(gaz):
    assert gaz.entities["city/liyang"].parent_id == "province/jiangsu"
    assert gaz.entities["city/jinjiang"].parent_id == "province/fujian"
    assert gaz.entities["city/xinyi-guangdong"].parent_id == "province/guangdong"


def claims_of(extractor, text: str) -> set[tuple]:
    doc = Document(document_id="0" * 16, name="t", text=text, sha256="0" * 64, meta={})
    return {
        (c["subject_id"], c["predicate"], c["object_id"]) for c in extractor.extract(doc).claims
    }


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "Liyang, Jiangsu province, opened a new battery plant last year.",
            ("city/liyang", "located_in", "province/jiangsu"),
        ),
        (
            "An aerial view of Jinjiang, Southeast China's Fujian province.",
            ("city/jinjiang", "located_in", "province/fujian"),
        ),
        (
            "Haining, a city in northern Zhejiang, is known for its leather market.",
            ("city/haining", "located_in", "province/zhejiang"),
        ),
    ],
)
def test_a_county_level_city_is_located_in_its_province(extractor, text, claim):
    assert claim in claims_of(extractor, text)
