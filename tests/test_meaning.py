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
