"""as_of from the context (hotspots/extract/scope.py, issue #18): relative years need the
document's published date; a scoped claim records where its date is stated."""

from __future__ import annotations

import pytest

from hotspots.extract.scope import TIME_BOUND
from hotspots.ingest import Document
from schemas.predicates import predicate_names


def _claims(extractor, text: str, published: str | None) -> list[dict]:
    doc = Document(
        document_id="0" * 16, name="case", text=text, sha256="0" * 64, meta={"published": published}
    )
    return extractor.extract(doc).claims


def _one(claims: list[dict], predicate: str) -> dict:
    found = [c for c in claims if c["predicate"] == predicate]
    assert len(found) == 1, claims
    return found[0]


GDP_LAST_YEAR = "Chengdu's GDP rose to 2.2 trillion yuan last year, the statistics bureau said."


def test_last_year_is_the_year_before_publication(extractor):
    claim = _one(_claims(extractor, GDP_LAST_YEAR, "2024-02-01"), "gdp")
    assert claim["as_of"] == "2023"
    assert "'last year' with published 2024-02-01" in claim["antecedent"]
    assert claim["quote"] == GDP_LAST_YEAR  # the quote stays the claim's own sentence


def test_no_published_date_no_relative_year(extractor):
    claim = _one(_claims(extractor, GDP_LAST_YEAR, None), "gdp")
    assert claim["as_of"] is None and claim["antecedent"] is None


def test_this_year_is_the_publication_year(extractor):
    text = "Hangzhou's GDP reached 1.9 trillion yuan this year, officials said."
    assert _one(_claims(extractor, text, "2024-12-20"), "gdp")["as_of"] == "2024"


def test_opening_relative_year_dates_its_own_sentence_only(extractor):
    text = (
        "Last year, Hangzhou spent 60 billion yuan on research and development. "
        "The city has 40 universities."
    )
    claims = _claims(extractor, text, "2023-05-10")
    assert _one(claims, "rd_spending")["as_of"] == "2022"
    assert _one(claims, "count_universities")["as_of"] is None


def test_scope_carries_in_its_paragraph_only(extractor):
    text = (
        "As of the end of 2022, Hangzhou counted 60 research institutes. "
        "The city has 40 universities.\n\nThe city has 1,200 high-tech enterprises."
    )
    claims = _claims(extractor, text, "2023-05-10")
    universities = _one(claims, "count_universities")
    assert universities["as_of"] == "2022"
    assert "scope 'As of the end of 2022'" in universities["antecedent"]
    assert universities["quote"] == "The city has 40 universities."
    assert _one(claims, "count_high_tech_enterprises")["as_of"] is None


def test_up_from_last_year_is_no_date(extractor):
    text = "Shenzhen had 23,000 high-tech enterprises, up from 21,000 last year."
    for claim in _claims(extractor, text, "2023-03-01"):
        assert claim["as_of"] is None, claim


def test_future_scope_is_no_date(extractor):
    text = "By the end of 2030, Wuhan had 12 national labs. Wuhan has 83 universities."
    assert _one(_claims(extractor, text, "2024-01-01"), "count_universities")["as_of"] is None


@pytest.mark.parametrize(
    "predicate", ["located_in", "member_of", "headquartered_in", "established", "target"]
)
def test_relations_and_dates_of_their_own_are_never_scoped(predicate):
    assert predicate not in TIME_BOUND


def test_time_bound_predicates_exist():
    assert set(predicate_names()) >= TIME_BOUND
