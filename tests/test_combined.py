"""A figure stated for a list of subjects together is the group's (issue #18, item 4): every member
gets a claim marked combined, never the full value as its own; 'each' gives it to every member
as its own; 'respectively' is left to the rules that pair values off."""

import hashlib

import pytest

from hotspots.ingest import Document


def _claims(extractor, text: str) -> set[tuple]:
    doc = Document("t", "t.txt", text, hashlib.sha256(text.encode()).hexdigest(), {})
    return {
        (c["subject_id"], c["predicate"], c["value"], c["combined"])
        for c in extractor.extract(doc).claims
        if c["predicate"] in {"area_km2", "gdp", "employees", "population"}
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Changsha, Zhuzhou and Xiangtan cover an area of 28,000 square kilometers.",
            {
                ("city/changsha", "area_km2", 28000.0, True),
                ("city/zhuzhou", "area_km2", 28000.0, True),
                ("city/xiangtan", "area_km2", 28000.0, True),
            },
        ),
        (
            "In 2014, Changsha and Zhuzhou had a combined GDP of 1 trillion yuan.",
            {("city/changsha", "gdp", 1e12, True), ("city/zhuzhou", "gdp", 1e12, True)},
        ),
        (
            "Changsha and Zhuzhou each cover an area of 8,000 square kilometers.",
            {
                ("city/changsha", "area_km2", 8000.0, False),
                ("city/zhuzhou", "area_km2", 8000.0, False),
            },
        ),
        (
            "The area of Changsha is 11,819 square kilometers.",
            {("city/changsha", "area_km2", 11819.0, False)},
        ),
    ],
)
def test_a_list_of_subjects_states_a_figure_together(extractor, text, expected):
    assert _claims(extractor, text) == expected


def test_respectively_is_not_a_group(extractor):
    claims = _claims(
        extractor, "Changsha and Zhuzhou cover 8,000 and 9,000 square kilometers respectively."
    )
    assert not any(combined for *_, combined in claims)


def test_a_list_that_does_not_open_the_sentence_is_no_subject(extractor):
    claims = _claims(
        extractor,
        "Officials from Changsha and Zhuzhou said Xiangtan covers 5,000 square kilometers.",
    )
    assert not any(combined for *_, combined in claims)
