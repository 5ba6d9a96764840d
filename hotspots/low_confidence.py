"""Claims the claim model withholds: below its threshold, unless a person wrote about them.

Withheld claims never reach facts; the build lists them in dist/reports/<run-id>.low_confidence.csv
so a reviewer can see what the model kept out and why (its confidence and threshold).
"""

from __future__ import annotations

import pandas as pd

from hotspots.extract.model.score import ClaimModel
from hotspots.settle import Claim, judged_key

LOW_CONFIDENCE = "low_confidence"
LOW_CONFIDENCE_COLUMNS = [
    "claim_id",
    "document_id",
    "document",
    "subject_id",
    "predicate",
    "object_id",
    "value",
    "value_text",
    "as_of",
    "confidence",
    "threshold",
    "extractor",
    "quote",
]


def withhold_low_confidence(
    records: list[Claim], judgements, model: ClaimModel | None, vocab: dict
) -> tuple[list[Claim], list[Claim]]:
    """(claims that reach facts, claims withheld): a claim the claim model scores below its
    threshold is withheld, unless a person wrote about it (a correction changed it, or a value
    judgement names the value it states): written curation outranks the model."""
    if model is None:
        return records, []
    kept, withheld = [], []
    for claim in records:
        judgement = judgements.value_for(
            claim["subject_id"],
            claim["predicate"],
            claim["_object"] or None,
            claim["_as_of"] or None,
        )
        judged = judgement is not None and (
            judged_key({claim["_vkey"]: [claim]}, judgement, vocab[claim["predicate"]].value_type)
            is not None
        )
        if model.keeps(claim.get("confidence")) or claim["_correction"] or judged:
            kept.append(claim)
        else:
            claim["_threshold"] = model.threshold
            withheld.append(claim)
    return kept, withheld


def low_confidence_table(withheld: list[Claim], docs: dict[str, dict]) -> pd.DataFrame:
    rows = [
        {
            **{k: c.get(k) for k in LOW_CONFIDENCE_COLUMNS},
            "document": docs.get(c["document_id"], {}).get("name"),
            "threshold": c["_threshold"],
        }
        for c in withheld
    ]
    table = pd.DataFrame(rows, columns=LOW_CONFIDENCE_COLUMNS)
    return table.sort_values(["document_id", "claim_id"]).reset_index(drop=True)
