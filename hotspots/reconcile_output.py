"""Reconcile, last step: the stage's tables (facts, conflicts, cluster_rankings) and report from
the settled facts (`stage_output`); the withheld claims for review."""

from __future__ import annotations

import pandas as pd

from hotspots.curation import StageOutput
from hotspots.low_confidence import LOW_CONFIDENCE, low_confidence_table
from hotspots.reconcile_groups import period_order
from hotspots.reference import Gazetteer
from hotspots.settle import Claim
from schemas import columns


def stage_output(
    facts: list[dict],
    conflicts: list[dict],
    warnings: list[dict],
    corrections_applied: int,
    withheld: list[Claim],
    docs: dict[str, dict],
    gazetteer: Gazetteer,
) -> StageOutput:
    facts_df = pd.DataFrame(facts, columns=columns("facts"))
    facts_df["value"] = facts_df["value"].astype(float)
    conflicts_df = pd.DataFrame(conflicts, columns=columns("conflicts"))
    report = {
        "corrections_applied": corrections_applied,
        "value_judgements_applied": int(
            (facts_df["rule"].str.split("+").str[0] == "judgement").sum()
        ),
    }
    tables = {
        "facts": facts_df,
        "conflicts": conflicts_df,
        "cluster_rankings": cluster_rankings(facts_df, gazetteer),
    }
    # not a published table: the build writes it to dist/reports/<run-id>.low_confidence.csv
    report[LOW_CONFIDENCE] = low_confidence_table(withheld, docs)
    return StageOutput(tables, warnings=warnings, report=report)


def cluster_rankings(facts: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    ranks = facts[
        (facts["predicate"] == "wipo_cluster_rank")
        & facts["as_of"].notna()
        & facts["value"].notna()
    ]
    rows = [
        {
            "cluster_id": r.subject_id,
            "edition": period_order(str(r.as_of))[0],
            "rank": int(r.value),
            "country_code": gazetteer.entities[r.subject_id].country_code,
            "fact_id": r.fact_id,
        }
        for r in ranks.itertuples(index=False)
    ]
    df = pd.DataFrame(rows, columns=columns("cluster_rankings"))
    return df.astype({"edition": "int64", "rank": "int64"})
