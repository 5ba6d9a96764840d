"""Open-world entities (found by hotspots.extract.discover): one entity per discovered id with
its names, cues and documents as evidence, and the review file a maintainer answers in
reference/judgements.yaml (accept, reject, or a positive judgement that makes the name an alias
of a gazetteer entity). A discovered entity never merges with a gazetteer entity by itself.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from hotspots.curation import Judgements
from hotspots.proposals import closest_known
from hotspots.reference import Gazetteer
from hotspots.text import normalize_name

# One row per discovered name in a document, as extraction records it (DocumentExtraction.discovered).
DISCOVERED_COLUMNS = ["document_id", "entity_id", "name", "type", "cue", "char_start", "char_end"]
# The review file dist/reports/<run-id>.discovered.csv: one row per discovered entity.
REVIEW_COLUMNS = [
    "entity_id",
    "name",
    "type",
    "source",
    "cues",
    "n_documents",
    "documents",
    "first_quote",
    "closest_entity_id",
    "closest_alias",
    "score",
]
# How many discovered entities the run report lists by name (all are in the review file).
REPORT_FIRST = 20


@dataclass
class DiscoveredEntity:
    """An entity the gazetteer lacks, as every document that names it shows it: one id, the names
    and cues seen (with their documents), a type, and a parent only where a claim states one."""

    entity_id: str
    name: str
    type: str
    source: str  # "discovered", or "curated" once a judgement accepted it
    parent_id: str | None
    evidence: dict[str, dict[str, set[str]]]  # name -> cue -> documents

    def row(self) -> dict:
        return {
            "entity_id": self.entity_id,
            "name": self.name,
            "type": self.type,
            "country_code": None,
            "parent_id": self.parent_id,
            "geonames_id": None,
            "lat": None,
            "lon": None,
            "source": self.source,
        }

    def alias_rows(self) -> list[dict]:
        rows = []
        for name, cues in sorted(self.evidence.items()):
            said = "; ".join(
                f"{cue} in {', '.join(sorted(docs))}" for cue, docs in sorted(cues.items())
            )
            rows.append(
                {
                    "entity_id": self.entity_id,
                    "alias": name,
                    "kind": "variant",
                    "evidence": f"discovered ({said})",
                }
            )
        return rows

    @property
    def documents(self) -> list[str]:
        return sorted(
            {d for cues in self.evidence.values() for docs in cues.values() for d in docs}
        )

    @property
    def cues(self) -> list[str]:
        return sorted({c for cues in self.evidence.values() for c in cues})


def discovered_entities(
    discovered: pd.DataFrame | None,
    claims: pd.DataFrame,
    gazetteer: Gazetteer,
    judgements: Judgements,
) -> dict[str, DiscoveredEntity]:
    """One entity per discovered id, however many documents name it. Its parent is the object of
    its `located_in` claims when they all name the same known entity (a possessive, "X in
    Shenzhen"), else null: a parent is never guessed from the name."""
    if discovered is None or discovered.empty:
        return {}
    rows = discovered.sort_values(["document_id", "char_start"])
    located = claims[claims["predicate"] == "located_in"]
    parents: dict[str, set[str]] = defaultdict(set)
    for subject, obj in zip(located["subject_id"], located["object_id"], strict=True):
        if isinstance(obj, str):
            parents[subject].add(obj)
    accepted = {j.key for j in judgements.names if j.decision == "accept"} | {
        j.entity_id for j in judgements.names if j.decision == "accept" and j.entity_id
    }
    out: dict[str, DiscoveredEntity] = {}
    for entity_id, group in rows.groupby("entity_id", sort=True):
        names = list(group["name"])
        evidence: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for name, cue, doc in zip(group["name"], group["cue"], group["document_id"], strict=True):
            evidence[name][cue].add(doc)
        parent = parents.get(entity_id, set())
        parent_id = next(iter(parent)) if len(parent) == 1 else None
        name = Counter(names).most_common(1)[0][0]  # on a tie, the first seen
        curated = entity_id in accepted or any(normalize_name(n) in accepted for n in names)
        out[entity_id] = DiscoveredEntity(
            entity_id=entity_id,
            name=name,
            type=Counter(group["type"]).most_common(1)[0][0],
            source="curated" if curated else "discovered",
            parent_id=parent_id if parent_id in gazetteer.entities else None,
            evidence={n: dict(c) for n, c in evidence.items()},
        )
    return out


def discovered_review(
    found: Mapping[str, DiscoveredEntity],
    gazetteer: Gazetteer,
    claims: pd.DataFrame,
    texts: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The review file's rows: each discovered entity with its documents, the first quote of a
    claim about it (else the text around its first name), and its closest gazetteer entity by
    fuzzy match, a proposal a reviewer answers in reference/judgements.yaml (accept, reject, or
    a positive judgement that makes the name an alias of a gazetteer entity)."""
    closest = closest_known(gazetteer)
    quotes: dict[str, str] = {}
    ordered = claims.sort_values(["document_id", "char_start"]) if len(claims) else claims
    for subject, obj, quote in zip(
        ordered["subject_id"], ordered["object_id"], ordered["quote"], strict=True
    ):
        for entity_id in (subject, obj):
            if entity_id in found:
                quotes.setdefault(entity_id, quote)
    rows = []
    for entity in found.values():
        best = closest(entity.name)
        quote = quotes.get(entity.entity_id)
        if quote is None and texts:
            quote = _context_of(entity, texts)
        documents = entity.documents
        rows.append(
            {
                "entity_id": entity.entity_id,
                "name": entity.name,
                "type": entity.type,
                "source": entity.source,
                "cues": ";".join(entity.cues),
                "n_documents": len(documents),
                "documents": ";".join(documents),
                "first_quote": quote,
                "closest_entity_id": best[0].entity_id if best else None,
                "closest_alias": best[0].alias if best else None,
                "score": round(best[1], 1) if best else None,
            }
        )
    df = pd.DataFrame(rows, columns=REVIEW_COLUMNS)
    return df.sort_values(["n_documents", "entity_id"], ascending=[False, True], ignore_index=True)


def _context_of(entity: DiscoveredEntity, texts: Mapping[str, str]) -> str | None:
    for document_id in entity.documents:
        text = texts.get(document_id, "")
        for name in entity.evidence:
            at = text.find(name)
            if at != -1:
                return " ".join(text[max(0, at - 60) : at + len(name) + 60].split())
    return None


def discovered_summary(review: pd.DataFrame, first: int = REPORT_FIRST) -> dict:
    """For the run report: how many entities were discovered, by type and source, and the first
    `first` of them (most documents first)."""
    return {
        "count": len(review),
        "by_type": {k: int(v) for k, v in sorted(review["type"].value_counts().items())},
        "by_source": {k: int(v) for k, v in sorted(review["source"].value_counts().items())},
        "first": [
            {"entity_id": r.entity_id, "name": r.name, "type": r.type, "documents": r.n_documents}
            for r in review.head(first).itertuples(index=False)
        ],
    }
