"""Who the dataset is and under what terms: the one place the card, datapackage.json and
croissant.json take their title, description, licence and citation from.

The pipeline may override any key by passing `build_info["dataset"]` (e.g. a homepage URL once
the repository is public).
"""

from __future__ import annotations

import pandas as pd

DATASET = {
    "name": "china-innovation-hotspots",
    "title": "China innovation hotspots",
    "description": (
        "Facts about China's innovation hotspots (cities, science & technology clusters, policy "
        "regions, science parks, companies, universities, rankings and indicators), extracted "
        "from public documents with the exact quote and character span that supports each "
        "claim, reconciled into facts with the rule and rationale of every decision, and "
        "published as versioned Parquet + CSV releases."
    ),
    "keywords": [
        "China",
        "innovation",
        "science and technology clusters",
        "WIPO",
        "Global Innovation Index",
        "provenance",
    ],
    # The compilation (ids, links, reconciliation) is ours to licence; the quotes stay their
    # publishers' and are republished as short quotations only (see the card).
    "license": {
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0 International",
    },
    "homepage": None,
    "creator": "china-innovation-hotspots contributors",
}


def dataset_meta(build_info: dict) -> dict:
    return {**DATASET, **(build_info.get("dataset") or {})}


def sources(documents: pd.DataFrame) -> list[dict]:
    """One entry per source document, in document_id order: title, url, publisher, licence."""
    out = []
    for row in documents.sort_values("document_id").to_dict("records"):
        out.append(
            {
                "document_id": row["document_id"],
                "title": row["title"],
                "path": row["url"],
                "publisher": row["publisher"],
                "published": row["published"],
                "license": row["license"],
            }
        )
    return out


def citation(meta: dict, version: str, date: str) -> str:
    where = f" {meta['homepage']}" if meta.get("homepage") else ""
    return f"{meta['creator']} ({date[:4]}). {meta['title']}, version {version} [data set].{where}"
