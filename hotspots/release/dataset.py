"""Who the dataset is and under what terms: the card, datapackage.json and croissant.json take
their title, description, licence, home and citation from schemas/dataset.yaml (read and
checked by `identity`).

The pipeline may override any key by passing `build_info["dataset"]` (a test's homepage, say).
"""

from __future__ import annotations

import pandas as pd

from hotspots.release import identity

DATASET = identity.identity()


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
