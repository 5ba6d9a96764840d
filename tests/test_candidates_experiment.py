"""scripts/candidates_experiment.py: sentence-scope candidates beyond the rules, and how the
out-of-batch evaluation keeps them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from hotspots.ingest import Document

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "candidates_experiment", ROOT / "scripts" / "candidates_experiment.py"
)
cand = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cand)


def _doc(text: str, published: str = "2024-05-01") -> Document:
    return Document("d1", "t01_test", text, "0" * 64, {"published": published})


@pytest.fixture(scope="module")
def lex():
    return cand.Lexicon()


def _generate(extractor, lex, text: str) -> list[dict]:
    document = _doc(text)
    ctx = cand.document_context(extractor, document)
    return cand.generate(ctx, document, lex, [])


def test_every_pair_is_generated_when_a_cue_is_in_the_sentence(extractor, lex):
    found = _generate(
        extractor,
        lex,
        "Shenzhen had a permanent population of 17.6 million in 2023, more than Guangzhou.\n",
    )
    population = {
        (c["subject_id"], c["value"], c["as_of"]) for c in found if c["predicate"] == "population"
    }
    # the true statement, and its competitors: the other city, and no year
    assert ("city/shenzhen", 17_600_000.0, "2023") in population
    assert ("city/guangzhou", 17_600_000.0, "2023") in population
    assert ("city/shenzhen", 17_600_000.0, None) in population
    # one value span: one group, whatever the subject and year
    groups = {c["group"] for c in found if c["predicate"] == "population"}
    assert len(groups) == 1


def test_no_candidate_without_a_cue_word_or_a_value_of_the_kind(extractor, lex):
    found = _generate(extractor, lex, "Shenzhen welcomed 17.6 million visitors in 2023.\n")
    assert not [c for c in found if c["predicate"] in ("population", "area_km2", "gdp")]
    found = _generate(extractor, lex, "Shenzhen is a city with a large population.\n")
    assert not [c for c in found if c["predicate"] == "population"]


def test_features_say_which_subject_is_nearer_and_first(extractor, lex):
    found = _generate(
        extractor,
        lex,
        "Shenzhen covers 1,997 square kilometres, while Guangzhou is larger.\n",
    )
    area = {c["subject_id"]: c["features"] for c in found if c["predicate"] == "area_km2"}
    assert area["city/shenzhen"]["subject_before_value"] == 1.0
    assert area["city/shenzhen"]["is_first_subject"] == 1.0
    assert area["city/guangzhou"]["subject_before_value"] == 0.0
    assert area["city/guangzhou"]["same_clause_sv"] == 0.0
    assert area["city/shenzhen"]["same_clause_sv"] == 1.0


def test_a_founding_date_is_a_candidate_value_as_precise_as_stated(extractor, lex):
    found = _generate(extractor, lex, "Zhongguancun was established in May 1988.\n")
    established = [c for c in found if c["predicate"] == "established"]
    assert established
    assert {(c["value"], c["as_of"]) for c in established} == {("1988-05", "1988-05")}


def test_generation_is_deterministic(extractor, lex):
    text = "Hefei had 1,200 high-tech enterprises and a population of 9.4 million in 2022.\n"
    assert _generate(extractor, lex, text) == _generate(extractor, lex, text)


def test_kept_is_the_best_of_each_group_above_the_threshold_and_never_a_rule_value():
    frame = pd.DataFrame(
        [
            {"group": "g1", "confidence": 0.9, "rule_same_value": False, "subject_id": "a"},
            {"group": "g1", "confidence": 0.7, "rule_same_value": False, "subject_id": "b"},
            {"group": "g2", "confidence": 0.4, "rule_same_value": False, "subject_id": "c"},
            {"group": "g3", "confidence": 0.95, "rule_same_value": True, "subject_id": "d"},
        ]
    )
    assert list(cand.kept(frame, 0.5)["subject_id"]) == ["a"]
    assert list(cand.kept(frame, 0.3)["subject_id"]) == ["a", "c"]
    assert not len(cand.kept(frame, 0.99))


def test_reach_reasons_names_the_first_obstacle():
    reach = {
        "s/d": [
            ({"city/a"}, {5.0}, {"population"}),
            ({"city/b"}, {7.0}, set()),
            ({"city/c"}, set(), {"population"}),
        ]
    }

    def fact(subject, value):
        return {"key": "s/d", "subject_id": subject, "predicate": "population", "value": value}

    reasons = cand.reach_reasons(
        [
            fact("city/a", 5.0),
            fact("city/b", 7.0),
            fact("city/x", 5.0),
            fact("city/c", 9.0),
            fact("city/c", 5.0),
        ],
        reach,
    )
    assert reasons == {
        "within reach": 1,
        "no cue word in the sentence": 1,
        "subject named nowhere": 1,
        "value read nowhere": 1,
        "subject and value in different sentences": 1,
    }


def test_previous_sentences_give_subjects_only_when_asked(extractor, lex):
    text = "Hefei is the capital of Anhui. The city covers 11,445 square kilometres."
    document = _doc(text)
    ctx = cand.document_context(extractor, document)

    def area_subjects(previous: int) -> set[tuple[str, str]]:
        return {
            (c["subject_id"], next(k for k in c["features"] if k.startswith("via=")))
            for c in cand.generate(ctx, document, lex, [], previous=previous)
            if c["predicate"] == "area_km2"
        }

    # "the city" points back to Hefei; Anhui, named only before, is a subject only when asked
    assert area_subjects(0) == {("city/hefei", "via=reference")}
    assert area_subjects(1) == {
        ("city/hefei", "via=reference"),
        ("province/anhui", "via=previous"),
    }
