"""Which facts are disputed, and why? With the competing values of each conflict. (polars)

A fact is `disputed` when its sources disagree and no written rule settles it; `conflicts`
holds every disagreement (on a value, or on a name), settled by a rule or left disputed.

    python examples/disputed_facts_polars.py [--data RELEASE | --dist DIR]
"""

from __future__ import annotations

import polars as pl
from release_data import tables_dir

data = tables_dir(__doc__.splitlines()[0])  # --data DIR, --dist DIR, or the release beside
facts = pl.read_parquet(data / "facts.parquet")
conflicts = pl.read_parquet(data / "conflicts.parquet")
names = pl.read_parquet(data / "entities.parquet").select(
    pl.col("entity_id").alias("subject_id"), pl.col("name").alias("subject")
)

# A value conflict is about the fact with the same subject, predicate and year.
keys = ["subject_id", "predicate", "as_of"]
table = (
    conflicts.join(names, on="subject_id", how="left")
    .join(facts.select([*keys, "status", "fact_id"]), on=keys, how="left", nulls_equal=True)
    .with_columns(pl.col("status").fill_null("-"))
    .sort(pl.col("status") != "disputed", "subject", "predicate")
)

disputed = facts.filter(pl.col("status") == "disputed")
print(f"{len(disputed)} disputed fact(s) of {len(facts)}; {len(conflicts)} conflict(s) in all.")
print()
with pl.Config(
    tbl_rows=-1,
    tbl_cols=-1,
    tbl_width_chars=220,
    fmt_str_lengths=70,
    tbl_hide_column_data_types=True,
    tbl_hide_dataframe_shape=True,
):
    print(table.select("subject", "kind", "predicate", "as_of", "status", "values", "resolution"))
print()
for row in table.iter_rows(named=True):
    print(f"- {row['subject']} ({row['kind']} conflict, rule {row['rule']}): {row['rationale']}")
