"""Facts built from raw/ mean what the text means (issue #18, deliverable 4): the six errors of
the seed release stay fixed. Each test reads the facts (and their claims) that the plain stage
functions build from raw/ and checks the shape of language behind the error, not a number alone."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from schemas.tables import AS_OF


def _facts(seed_tables, predicate: str) -> pd.DataFrame:
    facts = seed_tables["facts"]
    return facts[facts["predicate"] == predicate]


def _claims_quoting(seed_tables, words: str) -> pd.DataFrame:
    claims = seed_tables["claims"]
    return claims[claims["quote"].str.contains(words, regex=False)]


def test_a_group_share_is_combined_never_a_members_own(seed_tables):
    """'these clusters are responsible for nearly 20% of global patent applications'."""
    claims = _claims_quoting(seed_tables, "these clusters are responsible for nearly 20%")
    claims = claims[claims["predicate"] == "share_of_global_patent_applications_pct"]
    assert len(claims) >= 2
    assert claims["combined"].all()
    shares = _facts(seed_tables, "share_of_global_patent_applications_pct")
    group = shares[shares["claim_ids"].str.contains("|".join(claims["claim_id"]))]
    assert len(group) == len(claims) and group["combined"].all()
    # no member is published with the group's 20% as its own figure
    own = shares[~shares["combined"]]
    assert not ((own["value"] == 20.0) & own["subject_id"].isin(claims["subject_id"])).any()


def test_a_unicorn_goal_is_a_target_not_a_count(seed_tables):
    """'plans to produce at least seven Unicorns by 2022' beside a city's actual 82 unicorns."""
    claims = _claims_quoting(seed_tables, "seven Unicorns by 2022")
    assert set(claims["predicate"]) == {"target"}
    (row,) = claims.itertuples()
    assert (row.value, row.unit, row.as_of, row.value_text) == (
        7.0,
        "count",
        "2022",
        "seven Unicorns",
    )
    unicorns = _facts(seed_tables, "count_unicorns")
    assert not (unicorns["as_of"] == "2022").any()
    assert set(unicorns["value"]) == {82.0}


def test_a_half_year_is_kept(seed_tables):
    """'$60 billion in the first half of 2018' is about 2018-H1, not the whole of 2018."""
    claims = _claims_quoting(seed_tables, "in the first half of 2018")
    spending = claims[claims["predicate"] == "rd_spending"]
    assert list(spending["as_of"]) == ["2018-H1"]
    assert list(spending["value_text"]) == ["$60 billion"]


def test_an_investment_keeps_its_money_phrase_and_the_labs_staff_stay_the_labs(seed_tables):
    """'Microsoft built a $280 million research lab with over 5,000 employees in Beijing'."""
    claims = _claims_quoting(seed_tables, "$280 million research lab")
    investment = claims[claims["predicate"] == "investment"]
    assert list(investment["value_text"]) == ["$280 million"]
    employees = _facts(seed_tables, "employees")
    assert not ((employees["subject_id"] == "org/microsoft") & (employees["value"] == 5000)).any()


def test_a_target_keeps_its_literal_value_phrase(seed_tables):
    """'will spend 5% of its annual GDP replacing traditional factories ... by 2020'."""
    claims = _claims_quoting(seed_tables, "5% of its annual GDP")
    target = claims[claims["predicate"] == "target"]
    assert list(target["value_text"]) == ["5% of its annual GDP"]


def test_universities_in_top100_keep_the_value_phrase(seed_tables):
    """'6 Mainland Chinese universities now rank within the Top 100 universities globally,
    according to the QS ...': value_text is the value phrase, not the ranking's name."""
    facts = _facts(seed_tables, "universities_in_top100")
    assert len(facts) == 1
    assert facts["value_text"].iloc[0] != "QS"
    assert re.match(r"^6\b", facts["value_text"].iloc[0])


@pytest.mark.parametrize(
    "as_of, ok",
    [
        ("2018", True),
        ("2018-H1", True),
        ("2018-H2", True),
        ("2018-Q4", True),
        ("2018-04", True),
        ("2018-04-17", True),
        ("2018-H3", False),
        ("2018-Q5", False),
        ("2018-13", False),
        ("18-04", False),
    ],
)
def test_as_of_periods(as_of, ok):
    assert bool(re.match(AS_OF, as_of)) is ok


def _claims_of(extractor, text: str) -> list[dict]:
    from hotspots.ingest import Document

    doc = Document(document_id="0" * 16, name="meaning", text=text, sha256="0" * 64, meta={})
    return extractor.extract(doc).claims


def test_a_rank_in_an_index_without_a_predicate_is_no_other_indexs_rank(extractor):
    """'Beijing ranks third globally in the GIHI' after a Nature Index passage: not a Nature
    Index rank (a rank from one index is never another's)."""
    claims = _claims_of(
        extractor,
        "The Nature Index 2024 Science Cities supplement was issued in Beijing.\n"
        "A think tank also released its Global Innovation Hubs Index (GIHI) 2024.\n"
        "Beijing ranks third globally in the GIHI, while Shanghai stands at seventh.",
    )
    ranks = {"nature_index_city_rank", "gii_economy_rank", "wipo_cluster_rank"}
    assert not [c for c in claims if c["predicate"] in ranks]


def test_money_put_into_rd_is_rd_spending_and_a_plan_is_no_count(extractor):
    """'invested heavily in research and development ..., with an investment of over 100
    billion yuan' is R&D spending; 'at least 2,000 ... will be established in 2019' no count."""
    claims = _claims_of(
        extractor,
        "Wuhan invested heavily in research and development in 2022, with an investment of "
        "over 90 billion yuan. At least 1,000 national high-tech enterprises will be "
        "established in Wuhan in 2023, the mayor said.",
    )
    predicates = {c["predicate"] for c in claims}
    assert "investment" not in predicates
    assert "count_high_tech_enterprises" not in predicates
    (spending,) = [c for c in claims if c["predicate"] == "rd_spending"]
    assert (spending["value"], spending["comparator"], spending["as_of"]) == (9e10, "gt", "2022")
