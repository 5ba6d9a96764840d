"""Name conflicts: a claim that names its subject by a recorded misnomer (a caption's
"Shenzhen-Hong Kong-Guangdong" for the WIPO cluster) keeps its value and is attributed to the
entity the misnomer stands for; the wrong name is recorded as a `name` conflict with its evidence.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from hotspots.extract import stable_id
from hotspots.reference import AliasSpec, Gazetteer
from hotspots.settle import Claim
from hotspots.text import normalize_name


def misnomer_aliases(gazetteer: Gazetteer) -> dict[tuple[str, str], AliasSpec]:
    """The gazetteer's misnomers by (entity_id, normalised alias)."""
    return {
        (a.entity_id, normalize_name(a.alias)): a for a in gazetteer.aliases if a.kind == "misnomer"
    }


def name_conflicts(
    claims: list[Claim],
    mentions: pd.DataFrame,
    gazetteer: Gazetteer,
    misnomers: dict[tuple[str, str], AliasSpec] | None = None,
) -> list[dict]:
    """A claim that names its subject by a misnomer keeps its value; the wrong name is recorded.
    `misnomers`: `misnomer_aliases(gazetteer)`, when the caller has it (one call per document)."""
    if misnomers is None:
        misnomers = misnomer_aliases(gazetteer)
    if not misnomers or mentions.empty:
        return []
    rows = []
    by_doc = defaultdict(list)
    for claim in claims:
        by_doc[claim["document_id"]].append(claim)
    for mention in mentions.itertuples(index=False):
        alias = misnomers.get((mention.entity_id, normalize_name(mention.text)))
        if alias is None:
            continue
        using = sorted(
            c["claim_id"]
            for c in by_doc[mention.document_id]
            if c["char_start"] <= mention.char_start
            and mention.char_end <= c["char_end"]
            and mention.entity_id in (c["subject_id"], c["object_id"])
        )
        if not using:
            continue
        canonical = gazetteer.entities[mention.entity_id].name
        claim_ids = ";".join(using)
        rows.append(
            {
                "conflict_id": stable_id(
                    "name", mention.entity_id, mention.document_id, mention.char_start, claim_ids
                ),
                "kind": "name",
                "subject_id": mention.entity_id,
                "predicate": None,
                "as_of": None,
                "claim_ids": claim_ids,
                "values": f"{mention.text} | {canonical}",
                "resolution": canonical,
                "rule": "misnomer_alias",
                "rationale": f"'{mention.text}' names no entity of its own; it is a recorded misnomer of {canonical} ({mention.entity_id}). {alias.evidence} The claim is kept and attributed to {mention.entity_id}.",
            }
        )
    return rows
