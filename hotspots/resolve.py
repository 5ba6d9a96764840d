"""Resolve stage: the entities, aliases and relations the extracted mentions and claims refer to,
with the review files of names the gazetteer does not know yet (hotspots.proposals) and of
entities found from typed cues (hotspots.discovered).

Mentions were matched against the gazetteer during extraction; here the published entity table
is assembled from what the documents actually name, closed over parents and members so that
every reference resolves, and each alias carries the evidence for it. Membership (a region's
cities, a cluster's cities) is published as `relations`, straight from the gazetteer's `members`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from hotspots.curation import Judgements, StageOutput
from hotspots.discovered import (
    DiscoveredEntity,
    discovered_entities,
    discovered_review,
    discovered_summary,
)
from hotspots.proposals import (
    NameCandidate,
    find_candidate_names,
    propose_aliases,
    write_proposals,
)
from hotspots.reference import Gazetteer
from hotspots.text import normalize_name
from schemas import columns


def referenced_entities(
    gazetteer: Gazetteer, mentions: pd.DataFrame, claims: pd.DataFrame, also: Iterable[str] = ()
) -> set[str]:
    """Every entity named by a mention or claim (or `also`, e.g. by a correction), plus the
    parents and members that define them."""
    wanted: set[str] = (
        set(mentions["entity_id"])
        | set(claims["subject_id"])
        | set(claims["object_id"].dropna())
        | set(also)
    )
    queue = list(wanted)
    while queue:
        spec = gazetteer.entities.get(queue.pop())
        if spec is None:
            continue  # a discovered entity: no curated parent or members
        for ref in (spec.parent_id, *spec.members):
            if ref is not None and ref not in wanted:
                wanted.add(ref)
                queue.append(ref)
    return wanted


def build_entities(
    gazetteer: Gazetteer,
    entity_ids: set[str],
    discovered: Mapping[str, DiscoveredEntity] | None = None,
) -> pd.DataFrame:
    rows = []
    for entity_id in sorted(entity_ids):
        spec = gazetteer.entities.get(entity_id)
        if spec is None:
            rows.append((discovered or {})[entity_id].row())
            continue
        rows.append(
            {
                "entity_id": spec.entity_id,
                "name": spec.name,
                "type": spec.type,
                "country_code": spec.country_code,
                "parent_id": spec.parent_id,
                "geonames_id": spec.geonames_id,
                "lat": spec.lat,
                "lon": spec.lon,
                "source": spec.source,
            }
        )
    df = pd.DataFrame(rows, columns=columns("entities"))
    df["geonames_id"] = df["geonames_id"].astype("Int64")
    df["lat"] = df["lat"].astype(float)
    df["lon"] = df["lon"].astype(float)
    return df


def build_aliases(
    gazetteer: Gazetteer,
    entity_ids: set[str],
    mentions: pd.DataFrame,
    discovered: Mapping[str, DiscoveredEntity] | None = None,
) -> pd.DataFrame:
    """Curated aliases of the published entities; the evidence of a misnomer lists the documents using it."""
    used_by: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in mentions[["entity_id", "text", "document_id"]].itertuples(index=False):
        used_by[(row.entity_id, normalize_name(row.text))].add(row.document_id)
    rows = []
    for alias in gazetteer.aliases:
        if alias.entity_id not in entity_ids:
            continue
        evidence = alias.evidence
        docs = used_by.get((alias.entity_id, normalize_name(alias.alias)))
        if docs and alias.kind == "misnomer":
            evidence = f"{evidence} Used in document(s): {', '.join(sorted(docs))}."
        rows.append(
            {
                "entity_id": alias.entity_id,
                "alias": alias.alias,
                "kind": alias.kind,
                "evidence": evidence,
            }
        )
    for entity in (discovered or {}).values():
        if entity.entity_id in entity_ids:
            rows.extend(entity.alias_rows())
    df = pd.DataFrame(rows, columns=columns("aliases"))
    return df.drop_duplicates(["entity_id", "alias"]).reset_index(drop=True)


def build_relations(gazetteer: Gazetteer, entity_ids: set[str]) -> pd.DataFrame:
    """`member_of` rows from the gazetteer's `members` lists, between published entities.

    This is how the Greater Bay Area (a policy region) is linked to the Shenzhen–Hong Kong–Guangzhou
    cluster without being merged with it: both list Shenzhen and Hong Kong among their members.
    """
    rows = [
        {
            "subject_id": member,
            "relation": "member_of",
            "object_id": spec.entity_id,
            "source": spec.source,
        }
        for spec in gazetteer.entities.values()
        if spec.entity_id in entity_ids
        for member in spec.members
        if member in entity_ids
    ]
    df = pd.DataFrame(rows, columns=columns("relations"))
    return (
        df.drop_duplicates(["subject_id", "relation", "object_id"])
        .sort_values(["subject_id", "relation", "object_id"])
        .reset_index(drop=True)
    )


def resolve(
    gazetteer: Gazetteer,
    mentions: pd.DataFrame,
    claims: pd.DataFrame,
    texts: Mapping[str, str] | None = None,
    judgements: Judgements | None = None,
    proposals_path: Path | None = None,
    also: Iterable[str] = (),
    discovered: pd.DataFrame | None = None,
    discovered_path: Path | None = None,
    candidates: list[NameCandidate] | None = None,
) -> StageOutput:
    """The entity tables; with `texts` ({document_id: text}) also the alias proposals, counted in
    `.report` and written to `proposals_path` when given. Proposals are never applied.

    `discovered` (DISCOVERED_COLUMNS: the names extraction found from typed cues) become entities
    with `source = discovered` (`curated` once a reviewer accepted them); they are counted in
    `.report["discovered"]` and listed for review in `discovered_path` when given.
    `candidates`: `find_candidate_names(texts)` when the caller already has it (an incremental
    run keeps each document's from the previous run)."""
    judgements = judgements or Judgements()
    found = discovered_entities(discovered, claims, gazetteer, judgements)
    entity_ids = referenced_entities(gazetteer, mentions, claims, also)
    out = StageOutput(
        {
            "entities": build_entities(gazetteer, entity_ids, found),
            "aliases": build_aliases(gazetteer, entity_ids, mentions, found),
            "relations": build_relations(gazetteer, entity_ids),
        }
    )
    if discovered is not None:
        review = discovered_review(found, gazetteer, claims, texts)
        out.report["discovered"] = discovered_summary(review)
        if discovered_path is not None:
            out.report["discovered_path"] = str(write_proposals(review, discovered_path))
    if texts is not None:
        proposals = propose_aliases(
            find_candidate_names(texts) if candidates is None else candidates,
            gazetteer,
            judgements or Judgements(),
            texts,
        )
        out.report |= {
            "proposals": len(proposals),
            "proposals_alias": int((proposals["proposal"] == "alias").sum()),
            "proposals_unsure": int((proposals["decision"] == "unsure").sum()),
        }
        if proposals_path is not None:
            out.report["proposals_path"] = str(write_proposals(proposals, proposals_path))
    return out
