"""Designators that English-language sources translate in more than one way name the same zone
(hotspots.extract.mentions.SPELLINGS)."""

import pytest

from hotspots.extract.mentions import MentionFinder, spelling_variants
from hotspots.reference import load_gazetteer


@pytest.fixture(scope="module")
def finder() -> MentionFinder:
    return MentionFinder(load_gazetteer())


@pytest.mark.parametrize(
    "written",
    [
        "Kunming National Hi-Tech Industries Development Zone",
        "Kunming National High-tech Industry Development Zone",
        "Kunming National Hi-tech Industrial Development Zone",
    ],
)
def test_industrial_industries_and_industry_name_one_zone(finder, written):
    text = f"The {written} opened a new incubator."
    ids = {i for m in finder.find(text) if text[m.start : m.end] == written for i in m.entity_ids}
    assert ids == {"park/kunming-national-hi-tech-industrial-development-zone"}


def test_technical_and_technological_are_one_designator():
    variants = spelling_variants("Anytown Economic and Technological Development Zone")
    assert "Anytown Economic and Technical Development Zone" in variants


# "Macao" is also the ISO country's name (country/mo), which context tells apart from the SAR
KNOWN_SHARED = {("Macao", frozenset({"country/mo"}))}


def test_a_variant_names_no_other_gazetteer_entity(finder):
    # a variant that is another entry's alias would give a name a second, wrong reading
    gaz = finder.gazetteer
    clashes = {}
    for alias in gaz.aliases:
        meant = {a.entity_id for a in gaz.lookup(alias.alias)}
        for written in spelling_variants(alias.alias)[1:]:
            other = {a.entity_id for a in gaz.lookup(written)} - meant
            if other and (written, frozenset(other)) not in KNOWN_SHARED:
                clashes[f"{alias.alias} -> {written}"] = other
    assert not clashes


def test_new_area_and_new_district_name_one_zone(finder):
    # 新区: "Changchun New District" is the gazetteer's Changchun New Area
    text = "The Changchun New District opened a new incubator."
    written = "Changchun New District"
    ids = {i for m in finder.find(text) if text[m.start : m.end] == written for i in m.entity_ids}
    assert ids == {"district/changchun-new-area"}


def test_short_and_full_high_tech_designators_name_one_zone(finder):
    # 高新区 written with the full designator names the zone the gazetteer knows by the short one
    text = "The Ningbo National Hi-Tech Industrial Development Zone opened a new incubator."
    written = "Ningbo National Hi-Tech Industrial Development Zone"
    ids = {i for m in finder.find(text) if text[m.start : m.end] == written for i in m.entity_ids}
    assert ids == {"park/ningbo-national-hi-tech-zone"}


@pytest.mark.parametrize(
    "written",
    [
        "Hefei state high-tech industrial zone",
        "Hefei State-level High-tech Industrial Development Zone",
        "Hefei National Hi-tech Industrial Zone",
    ],
)
def test_state_and_national_and_the_short_industrial_zone_name_one_zone(finder, written):
    # 国家级高新技术产业开发区: "state", "state-level" and "national" are the same rank, and the
    # press often leaves out "development"
    text = f"The {written} opened a new incubator."
    ids = {i for m in finder.find(text) if text[m.start : m.end] == written for i in m.entity_ids}
    assert ids == {"park/hefei-high-tech-industrial-development-zone"}


def test_a_places_possessive_then_the_rest_of_a_name_it_begins_names_that_thing(finder):
    # "Wuxi's National Hi-tech District" is the gazetteer's Wuxi National Hi-tech District, and
    # Wuxi stays a mention of its own (the district lies in it)
    text = "IBM is now based in Wuxi's National Hi-tech District."
    found = {text[m.start : m.end]: m.entity_ids for m in finder.find(text)}
    assert found["National Hi-tech District"] == ("park/wuxi-national-hi-tech-district",)
    assert "city/wuxi" in found["Wuxi"]
    # not when the name does not lie in the possessor
    other = "Hefei's National Hi-tech District plans stalled."
    assert all("park/" not in i for m in finder.find(other) for i in m.entity_ids)
