"""The districts of major Chinese cities (reference/gazetteer/places_china_districts.yaml)
keep the promises the file header makes: bare names only where
nothing else bears them, shared names left out, ids by the naming rule, a city as each parent."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from conftest import REFERENCE

from hotspots.extract import Extractor
from hotspots.extract.mentions import MentionFinder
from hotspots.ingest import Document
from hotspots.reference import DEFAULT_REFERENCE_DIR, load_gazetteer
from hotspots.text import normalize_name, slugify
from hotspots.yamlload import load_file

DISTRICTS_FILE = DEFAULT_REFERENCE_DIR / "gazetteer" / "places_china_districts.yaml"
# the cities whose urban districts the file completes (with places_china.yaml's own lists)
CITIES = [
    "city/tianjin", "city/shenyang", "city/dalian", "city/changchun", "city/harbin",
    "city/jinan", "city/qingdao", "city/nanjing", "city/hangzhou", "city/ningbo",
    "city/xiamen", "city/wuhan", "city/guangzhou", "city/chengdu", "city/xian",
    "city/shijiazhuang", "city/taiyuan", "city/hohhot", "city/hefei", "city/fuzhou",
    "city/nanchang", "city/zhengzhou", "city/changsha", "city/nanning", "city/haikou",
    "city/guiyang", "city/kunming", "city/lhasa", "city/lanzhou", "city/xining",
    "city/yinchuan", "city/urumqi",
    # ordinary prefecture-level cities with a GDP over one trillion yuan
    "city/suzhou", "city/wuxi", "city/changzhou", "city/nantong", "city/foshan", "city/quanzhou",
    "city/yantai", "city/tangshan", "city/wenzhou",
]  # fmt: skip


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def entries():
    return load_file(DISTRICTS_FILE)


def owners(gaz, name: str) -> set[str]:
    return {a.entity_id for a in gaz.lookup(name)}


def test_every_district_has_a_listed_city_as_parent_and_a_rule_made_id(gaz, entries):
    assert len(entries) >= 150
    for entry in entries:
        spec = gaz.entities[entry["id"]]
        assert spec.type == "district" and spec.country_code == "CN", entry["id"]
        assert spec.parent_id in CITIES, entry["id"]
        # ("Huangpu District, Guangzhou": a namesake's name carries its city, as its id does)
        own = re.sub(r", [A-Z][\w' -]+$", "", spec.name)
        own = re.sub(r" (?:New District|District|County)$", "", own)
        own = re.sub(r"(?<=[A-Za-z])'(?=[A-Za-z])", "-", own)
        expected = "district/" + slugify(own.replace(" Mining", " mining"))
        if spec.namesake_of:
            expected += "-" + spec.parent_id.removeprefix("city/")
        assert entry["id"] == expected, entry["id"]


def test_every_city_of_the_list_has_districts(gaz):
    districts = [e for e in gaz.entities.values() if e.type == "district"]
    for city in CITIES:
        assert any(d.parent_id == city for d in districts), city


def test_bare_names_belong_to_their_district_alone(gaz, entries):
    for entry in entries:
        spec = gaz.entities[entry["id"]]
        # a name two namesakes share is theirs alone (hotspots.extract.mentions.settle_namesakes)
        pair = {spec.entity_id, spec.namesake_of} | {
            e.entity_id for e in gaz.entities.values() if e.namesake_of == spec.entity_id
        }
        assert owners(gaz, spec.name) <= pair - {None}, spec.name
        assert spec.entity_id in owners(gaz, spec.name), spec.name


@pytest.mark.parametrize(
    "name",
    ["Gulou", "Gulou District", "Xincheng District", "Chang'an District", "Heping District",
     "Chengguan District", "Xihu District", "Yuhua District", "Tiexi",
     "Xiangcheng District", "Luojiang District", "Xishan District"],
)  # fmt: skip
def test_names_two_cities_share_are_left_out(gaz, name):
    assert not {e for e in owners(gaz, name) if gaz.entities[e].type == "district"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Laoshan", set()),  # the mountain; Qingdao's district is left out (discovery reads it)
        ("Laoshan District", set()),
        ("Donghu", set()),  # Wuhan's East Lake as often as Nanchang's district
        ("Jiangnan", set()),  # the region south of the Yangtze
        ("Jinzhou", {"city/jinzhou"}),  # the Liaoning city, not Dalian's district
        ("Jinzhou District", set()),
        ("Hebei", {"province/hebei"}),
        ("Nankai", set()),  # Nankai University's short name as often as Tianjin's district
        ("Changqing", set()),  # the oilfield as often as Jinan's district
    ],
)
def test_districts_whose_bare_name_names_something_else_are_left_out(gaz, name, expected):
    assert owners(gaz, name) == expected


@pytest.mark.parametrize(
    ("name", "entity_id"),
    [
        ("Songbei", "district/songbei"),
        ("Songbei District", "district/songbei"),
        ("Shuangliu County", "district/shuangliu"),
        ("Shenbei", "district/shenbei"),
        ("Tong'an District", "district/tong-an"),
        ("Lushunkou", "district/lushunkou"),
        ("Lüshunkou District", "district/lushunkou"),
        ("Guancheng District", "district/guancheng-hui"),
        ("Honggutan New District", "district/honggutan"),
    ],
)
def test_district_names_resolve(gaz, name, entity_id):
    assert owners(gaz, name) == {entity_id}


def test_a_district_is_found_bare_and_typed_but_not_inside_a_lowercase_word(gaz):
    finder = MentionFinder(gaz)
    text = "Harbin's Songbei grew fast; Shushan District hosts labs; the songbei ferry is slow."
    found = [(text[m.start : m.end], m.entity_ids) for m in finder.find(text)]
    assert ("Songbei", ("district/songbei",)) in found
    assert ("Shushan District", ("district/shushan",)) in found
    assert not any(t == "songbei" for t, _ in found)


def test_a_district_typed_as_its_former_county_is_located_in_its_city(extractor):
    text = "The new campus was opened in the Wenjiang County in Chengdu last spring."
    doc = Document(document_id="0" * 16, name="t", text=text, sha256="0" * 64, meta={})
    claims = {
        (c["subject_id"], c["predicate"], c["object_id"]) for c in extractor.extract(doc).claims
    }
    assert ("district/wenjiang", "located_in", "city/chengdu") in claims
    assert not any(s == "district/county" for s, _, _ in claims)


def test_no_new_alias_is_a_lowercase_word_or_too_short(gaz, entries):
    ids = {e["id"] for e in entries}
    for alias in gaz.aliases:
        if alias.entity_id in ids:
            assert alias.alias[0].isupper() and len(normalize_name(alias.alias)) >= 4, alias


def test_a_listed_bare_name_is_the_district_whose_typed_form_the_gazetteer_lists(tmp_path):
    """Discovery reads bare names from a typed list ("A, B and C districts"); a name whose typed
    form ("Lanxiu District") is an exact alias of the district of that slug is that district,
    while a name whose typed form the gazetteer lacks stays apart from a same-slug entity."""
    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE, ref)
    invented = [  # invented names, typed aliases only
        {"id": "district/lanxiu", "name": "Lanxiu District", "type": "district", "country": "CN",
         "parent": "city/nanjing", "aliases": [{"alias": "Lanxiu District", "kind": "official"}]},
        {"id": "district/mingtang", "name": "Mingtang Area", "type": "district", "country": "CN",
         "parent": "city/hefei", "aliases": [{"alias": "Mingtang Area", "kind": "official"}]},
    ]  # fmt: skip
    (ref / "gazetteer" / "zz_test.yaml").write_text(yaml.safe_dump(invented), encoding="utf-8")
    text = "The city governs the Lanxiu, Mingtang and Fenghe districts."
    doc = Document(document_id="0" * 16, name="t", text=text, sha256="0" * 64, meta={})
    extraction = Extractor(load_gazetteer(ref)).extract(doc)
    found = {d["entity_id"] for d in extraction.discovered}
    assert not {"district/lanxiu", "district/lanxiu-discovered"} & found
    assert "district/lanxiu" in {m["entity_id"] for m in extraction.mentions}
    assert "district/mingtang-discovered" in found
