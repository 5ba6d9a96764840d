"""The evaluator's subsets: core (no implicit rows), gazetteer-known entities, combined statements."""

from __future__ import annotations

import pandas as pd

from hotspots.evaluate import GOLD_COLUMNS, evaluate


def _gold(*rows: dict) -> pd.DataFrame:
    base = dict.fromkeys(GOLD_COLUMNS, "")
    return pd.DataFrame([{**base, "document": "d", **r} for r in rows])


def _claims(*rows: dict) -> pd.DataFrame:
    base = {"document": "d", "object_id": None, "value": None, "as_of": None}
    return pd.DataFrame([{**base, "extractor": "r", "quote": "q", **r} for r in rows])


SHARE = "share_of_global_patent_applications_pct"


def test_core_leaves_out_implicit_rows_and_known_leaves_out_unknown_entities():
    gold = _gold(
        {"subject_id": "city/hefei", "predicate": "count_universities", "value": 10.0},
        {"subject_id": "park/x", "predicate": "located_in", "object_id": "city/hefei"},
        {
            "subject_id": "park/y",
            "predicate": "located_in",
            "object_id": "city/hefei",
            "note": "implicit: paragraph about Hefei",
        },
    )
    claims = _claims({"subject_id": "city/hefei", "predicate": "count_universities", "value": 10.0})
    result = evaluate(gold, claims, known_entities={"city/hefei", "park/y"})
    assert (result.overall.tp, result.overall.fn) == (1, 2)
    assert (result.core.tp, result.core.fn) == (1, 1)
    assert (result.core_known.tp, result.core_known.fn) == (1, 0)


def test_combined_rows_match_only_claims_marked_combined():
    gold = _gold(
        {"subject_id": "cluster/a", "predicate": SHARE, "value": 20.0, "note": "combined: a, b"},
        {"subject_id": "cluster/b", "predicate": SHARE, "value": 20.0, "note": "combined: a, b"},
    )
    per_member = _claims(
        {"subject_id": "cluster/a", "predicate": SHARE, "value": 20.0},
        {"subject_id": "cluster/b", "predicate": SHARE, "value": 20.0},
    )
    split = evaluate(gold, per_member)
    assert (split.overall.tp, split.overall.fp, split.overall.fn) == (0, 2, 2)
    marked = per_member.assign(combined=True)
    right = evaluate(gold, marked)
    assert (right.overall.tp, right.overall.fp, right.overall.fn) == (2, 0, 0)
