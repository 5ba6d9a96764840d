"""The Double First-Class universities and the institutes of the Chinese Academy of Sciences
(reference/gazetteer/organizations.yaml) keep the promises their section headers make: names and
short forms that other bodies share are no alias."""

from __future__ import annotations

import pytest

from hotspots.reference import load_gazetteer


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def owners(gaz, name: str) -> set[str]:
    return {a.entity_id for a in gaz.lookup(name)}


@pytest.mark.parametrize(
    ("name", "entity_id"),
    [
        ("Nanjing Normal University", "org/nanjing-normal-university"),
        ("NJNU", "org/nanjing-normal-university"),
        ("China University of Geosciences (Wuhan)", "org/china-university-of-geosciences-wuhan"),
        (
            "China University of Petroleum, East China",
            "org/china-university-of-petroleum-east-china",
        ),
        ("Second Military Medical University", "org/naval-medical-university"),
        ("Tianjin Polytechnic University", "org/tiangong-university"),
        ("SCUT", "org/south-china-university-of-technology"),
        ("Xidian", "org/xidian-university"),
    ],
)
def test_double_first_class_universities_resolve(gaz, name, entity_id):
    assert owners(gaz, name) == {entity_id}
    assert gaz.entities[entity_id].type == "university"


@pytest.mark.parametrize(
    "name",
    ["China University of Geosciences", "China University of Petroleum", "CUP", "CHD", "AHU"],
)
def test_names_of_two_universities_or_of_other_things_are_no_alias(gaz, name):
    assert not {e for e in owners(gaz, name) if gaz.entities[e].type == "university"}


@pytest.mark.parametrize(
    ("name", "entity_id"),
    [
        ("Institute of Physics, Chinese Academy of Sciences", "org/institute-of-physics-chinese-academy-of-sciences"),
        ("Dalian Institute of Chemical Physics", "org/dalian-institute-of-chemical-physics"),
        ("SIMM", "org/shanghai-materia-medica-institute"),
        ("Shanghai Institute of Materia Medica", "org/shanghai-materia-medica-institute"),
    ],
)  # fmt: skip
def test_academy_institutes_resolve(gaz, name, entity_id):
    assert owners(gaz, name) == {entity_id}
    assert gaz.entities[entity_id].type == "research_institute"


@pytest.mark.parametrize("name", ["Institute of Physics", "Institute of Automation", "IOP", "ICT"])
def test_names_many_institutes_share_are_no_alias(gaz, name):
    assert not {e for e in owners(gaz, name) if gaz.entities[e].type == "research_institute"}
