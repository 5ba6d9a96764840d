"""Which Chinese clusters are in the WIPO top 10, edition by edition? (pandas)

python examples/top10_clusters_pandas.py [--data RELEASE | --dist DIR]
"""

from __future__ import annotations

import pandas as pd
from release_data import tables_dir

data = tables_dir(__doc__.splitlines()[0])  # --data DIR, --dist DIR, or the release beside
# one thread is plenty for these small tables, and pyarrow's reader threads can abort the
# interpreter as it exits (apache/arrow#34314: "terminate called without an active exception")
rankings = pd.read_parquet(data / "cluster_rankings.parquet", use_threads=False)
entities = pd.read_parquet(
    data / "entities.parquet", columns=["entity_id", "name"], use_threads=False
)

ranked = rankings.merge(entities, left_on="cluster_id", right_on="entity_id")
top10 = ranked[(ranked["country_code"] == "CN") & (ranked["rank"] <= 10)]
top10 = top10.sort_values(["edition", "rank"])[["edition", "rank", "name", "cluster_id"]]

for edition, group in ranked.groupby("edition"):
    chinese = (top10["edition"] == edition).sum()
    print(f"GII {edition}: {chinese} of the top 10 clusters are Chinese ({len(group)} ranked)")
print()
print(top10.to_string(index=False) if len(top10) else "No Chinese cluster in a top 10.")
