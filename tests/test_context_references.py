"""Reference resolution (hotspots/extract/context_references.py): which entity a phrase like "the city" or
"it" stands for, seen through the claims' subjects and their `antecedent` column."""

from __future__ import annotations

import pytest

from hotspots.extract.context_references import REFERENCE_RE
from hotspots.ingest import Document


@pytest.fixture(scope="module")
def claims_of(extractor):
    def run(text: str) -> list[dict]:
        doc = Document(document_id="0" * 16, name="case", text=text, sha256="0" * 64, meta={})
        return extractor.extract(doc).claims

    return run


def subjects(claims: list[dict], predicate: str) -> set[str]:
    return {c["subject_id"] for c in claims if c["predicate"] == predicate}


@pytest.mark.parametrize(
    "text",
    [
        "The city of Xiamen lies on the coast.",
        "the province of Hainan",
        "The University of Hong Kong",
        "the region of the Pearl River Delta",
    ],
)
def test_a_phrase_followed_by_of_and_a_name_is_a_name_not_a_reference(text):
    assert REFERENCE_RE.search(text) is None


@pytest.mark.parametrize(
    "text",
    ["The city has 9 million people.", "the city of the future", "the nation of 1.4 billion"],
)
def test_a_phrase_followed_by_something_else_still_points_back(text):
    assert REFERENCE_RE.search(text) is not None


def test_the_city_of_x_is_x_whatever_the_sentence_before_named(claims_of):
    claims = claims_of(
        "Ningbo is a port in Zhejiang. The city of Xiamen serves as a gateway to Taiwan, "
        "with a population of 5 million."
    )
    assert subjects(claims, "population") == {"city/xiamen"}


def test_it_after_the_city_of_x_means_x(claims_of):
    claims = claims_of(
        "Ningbo is a port in Zhejiang. The city of Xiamen is a trading hub. "
        "It has a population of 5 million."
    )
    assert subjects(claims, "population") == {"city/xiamen"}


def test_an_owner_in_the_object_is_no_antecedent_even_with_a_place_named_before(claims_of):
    claims = claims_of(
        "Ningbo is a port in Zhejiang. Lawmakers debated Fujian's plan for new ferries. "
        "It has a population of 5 million."
    )
    assert subjects(claims, "population") == set()


def test_an_owner_opening_the_sentence_is_its_topic(claims_of):
    claims = claims_of("In 2022, Xiamen's port grew fast. It has a population of 5 million.")
    population = [c for c in claims if c["predicate"] == "population"]
    assert [c["subject_id"] for c in population] == ["city/xiamen"]
    assert population[0]["antecedent"].startswith("'it' -> city/xiamen")


def test_a_place_someone_comes_from_is_not_what_it_means(claims_of):
    claims = claims_of(
        "Tourists from South Korea crowded into Qingdao over the holiday. "
        "It has a population of 10 million."
    )
    assert subjects(claims, "population") == {"city/qingdao"}


def test_an_owner_whose_possession_is_named_is_no_antecedent(claims_of):
    claims = claims_of(
        "Beijing's Zhongguancun is a hub for start-ups. It is home to 20,000 high-tech enterprises."
    )
    assert subjects(claims, "count_high_tech_enterprises") == {"park/zhongguancun"}


def test_a_designator_points_back_to_the_name_it_ended(claims_of):
    # invented names, discovered by their designators; "the headquarters base" and "the
    # laboratory" point back to them, not to the city named in between
    claims = claims_of(
        "Shenzhen opened the Qinmo Headquarters Base last year. "
        "The headquarters base covers an area of 1.2 square kilometers."
    )
    assert "park/qinmo-headquarters-base" in subjects(claims, "area_km2")
    claims = claims_of(
        "Hefei set up the Lanxi Laboratory of Quantum Sensing. "
        "The laboratory was founded in 2019 by three universities."
    )
    assert "org/lanxi-laboratory-of-quantum-sensing" in subjects(claims, "established")
