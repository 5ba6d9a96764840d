"""Hotspot cities and the companies headquartered there, with the city's WIPO cluster. (DuckDB)

`headquartered_in` facts joined to entities; a headquarters given as a district counts for the
city the district is part of.

    python examples/hotspot_companies_duckdb.py [--data RELEASE | --dist DIR]
"""

from __future__ import annotations

import duckdb
from release_data import tables_dir

data = tables_dir(__doc__.splitlines()[0])  # --data DIR, --dist DIR, or the release beside
con = duckdb.connect()
for table in ("facts", "entities", "relations", "cluster_rankings"):
    con.read_parquet(str(data / f"{table}.parquet")).create_view(table)

query = """
WITH hq AS (
    SELECT f.subject_id AS company_id,
           CASE WHEN place.type = 'city' THEN place.entity_id
                WHEN parent.type = 'city' THEN parent.entity_id END AS city_id
    FROM facts f
    JOIN entities place ON place.entity_id = f.object_id
    LEFT JOIN entities parent ON parent.entity_id = place.parent_id
    WHERE f.predicate = 'headquartered_in'
),
cluster_rank AS (  -- the city's WIPO cluster and its rank in the latest edition
    SELECT r.subject_id AS city_id,
           arg_min(e.name, k.rank) AS cluster,
           min(k.rank) AS rank
    FROM relations r
    JOIN cluster_rankings k ON k.cluster_id = r.object_id
    JOIN entities e ON e.entity_id = r.object_id
    WHERE r.relation = 'member_of'
      AND k.edition = (SELECT max(edition) FROM cluster_rankings)
    GROUP BY r.subject_id
)
SELECT city.name AS city,
       count(DISTINCT hq.company_id) AS companies,
       string_agg(DISTINCT company.name, ', ' ORDER BY company.name) AS headquartered_here,
       any_value(cr.cluster) AS wipo_cluster,
       any_value(cr.rank) AS cluster_rank
FROM hq
JOIN entities city ON city.entity_id = hq.city_id
JOIN entities company ON company.entity_id = hq.company_id
LEFT JOIN cluster_rank cr ON cr.city_id = hq.city_id
GROUP BY city.name
ORDER BY companies DESC, city
"""
con.sql(query).show(max_width=200, max_rows=100)
