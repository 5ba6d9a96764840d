"""Resolve stage: the entities, aliases and relations the extracted mentions and claims refer to,
and a review file of names the gazetteer does not know yet.

Mentions were matched against the gazetteer during extraction; here the published entity table
is assembled from what the documents actually name, closed over parents and members so that
every reference resolves, and each alias carries the evidence for it. Membership (a region's
cities, a cluster's cities) is published as `relations`, straight from the gazetteer's `members`.

Names the gazetteer does not know are looked for only in shapes where a name is certain (a
ranked-list line, "X-based", "… Science City"). Each is fuzzy-matched against the known aliases
and written to a review file as a *proposal*: nothing is ever merged here. A reviewer's answer
goes into reference/judgements.yaml and is applied on every run (see hotspots.curation).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from hotspots.curation import Judgements, StageOutput
from hotspots.reference import AliasSpec, Gazetteer
from hotspots.text import fold_for_matching, normalize_name
from schemas import columns

# A proposal names its closest known entity at or above this score, and is worth a look as an
# alias at or above ALIAS_SCORE; below it the name is more likely a thing we do not track yet.
MIN_SCORE = 60.0
ALIAS_SCORE = 85.0
PROPOSAL_COLUMNS = [
    "name",
    "proposal",
    "entity_id",
    "matched_alias",
    "score",
    "decision",
    "reason",
    "shape",
    "document_id",
    "char_start",
    "char_end",
    "context",
]

_CAP = r"[A-Z](?:[\w'’&]|\.(?=\w))*"  # one capitalised word; a dot only inside it ("U.S"), never a full stop
_CAP_RUN = rf"{_CAP}(?:[ \t-]{_CAP})*"
DESIGNATORS = (
    "Science City",
    "Science Park",
    "Technology Park",
    "Industrial Park",
    "Software Park",
    "Park",
    "High-Tech Zone",
    "Zone",
    "New Area",
    "Valley",
    "Hub",
    "University",
    "Laboratory",
    "Lab",
    "Institute",
    "Academy",
)
_DESIGNATOR = "|".join(d.replace(" ", r"[ \t]").replace("-", r"[ \t-]") for d in DESIGNATORS)
SHAPES = {
    # "2. Shenzhen-Hong Kong-Guangzhou (China)": a ranked list names one thing per line
    "ranked_list": re.compile(
        r"(?m)^[ \t]*\d{1,3}[.)][ \t]+(?P<name>[^\n()]+?)[ \t,]*\([^()\n]{2,40}\)[ \t]*$"
    ),
    # "Shenzhen-based", "Hong Kong-based"
    "based": re.compile(rf"(?<![\w-])(?P<name>{_CAP}(?:[ \t]{_CAP}){{0,3}})-based\b"),
    # "Huairou Science City", "Hangzhou Blockchain Industrial Park"
    "designated": re.compile(rf"(?<![\w-])(?P<name>{_CAP_RUN}[ \t](?:{_DESIGNATOR}))\b"),
    # "University of Science and Technology of China"
    "of_name": re.compile(
        rf"(?<![\w-])(?P<name>(?:{_CAP}[ \t])*(?:University|Institute|Academy)[ \t]of(?:[ \t](?:{_CAP}|and|of|for|the))*[ \t]{_CAP})"
    ),
}
# Words that make a capitalised phrase a kind of place rather than a name ("Economic Zone").
GENERIC_WORDS = {
    "Economic",
    "Special",
    "Free",
    "Trade",
    "Development",
    "National",
    "New",
    "High",
    "Tech",
    "High-Tech",
    "Industrial",
    "Science",
    "Technology",
    "Research",
    "Key",
    "State",
    "Pilot",
    "Innovation",
}
_GENERIC = GENERIC_WORDS | {w for d in DESIGNATORS for w in re.split(r"[ -]", d)}
# Capitalised only because they open a sentence: dropped from the front of a designated name.
LEADING_FUNCTION_WORDS = {
    "The",
    "A",
    "An",
    "In",
    "At",
    "On",
    "Of",
    "From",
    "By",
    "For",
    "With",
    "Inside",
    "Since",
    "And",
    "Both",
    "Its",
    "Their",
    "This",
    "That",
    "These",
    "Like",
    "Also",
}


@dataclass(frozen=True)
class NameCandidate:
    name: str
    document_id: str
    start: int
    end: int
    shape: str


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Span without surrounding punctuation and leading sentence-opening words."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    while True:
        word = re.match(r"(\S+)[ \t]+(?=\S)", text[start:end])
        if not word or word.group(1) not in LEADING_FUNCTION_WORDS:
            return start, end
        start += word.end()


def find_candidate_names(texts: Mapping[str, str]) -> list[NameCandidate]:
    """Names in shapes where a name is certain, in every document text ({document_id: text})."""
    out = []
    for document_id, text in texts.items():
        folded = fold_for_matching(text)
        seen: set[tuple[int, int]] = set()
        for shape, pattern in SHAPES.items():
            for m in pattern.finditer(folded):
                start, end = _trim(text, m.start("name"), m.end("name"))
                if end - start < 3 or (start, end) in seen:
                    continue
                if shape == "designated" and set(re.split(r"[ \t-]+", text[start:end])) <= _GENERIC:
                    continue
                seen.add((start, end))
                out.append(NameCandidate(text[start:end], document_id, start, end, shape))
    return sorted(out, key=lambda c: (c.document_id, c.start, c.end))


def match_key(name: str) -> str:
    """Fuzzy comparison key: the normalised name with dashes as spaces ("Z-Park" ~ "Z Park")."""
    return normalize_name(name).replace("-", " ")


def closest_known(gazetteer: Gazetteer) -> Callable[[str], tuple[AliasSpec, float] | None]:
    """A function giving a name's closest gazetteer alias by rapidfuzz (token sort ratio on
    `match_key`), with its score, or None below MIN_SCORE. A proposal only: never applied."""
    keys: dict[str, list[AliasSpec]] = defaultdict(list)
    for alias in gazetteer.aliases:
        keys[match_key(alias.alias)].append(alias)
    choices = list(keys)

    def closest(name: str) -> tuple[AliasSpec, float] | None:
        match = process.extractOne(
            match_key(name), choices, scorer=fuzz.token_sort_ratio, score_cutoff=MIN_SCORE
        )
        if match is None:
            return None
        return min(keys[match[0]], key=lambda a: a.entity_id), float(match[1])

    return closest


def propose_aliases(
    candidates: list[NameCandidate],
    gazetteer: Gazetteer,
    judgements: Judgements,
    texts: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One proposal per unknown name and document: its closest known entity and score.

    Known names (any alias, after normalisation) are not proposed, nor are names a negative
    judgement turned down; an unsure judgement keeps the proposal and says so.
    """
    closest = closest_known(gazetteer)
    rows, done = [], set()
    for cand in candidates:
        key = normalize_name(cand.name)
        # a dash/space variant of a known alias is still proposed (at 100): extraction misses it
        if not key or gazetteer.lookup(cand.name) or (key, cand.document_id) in done:
            continue
        done.add((key, cand.document_id))
        said = judgements.about_name(cand.name)
        if any(j.decision in ("negative", "reject") for j in said):
            continue  # a reviewer has seen it and said no: never again
        best = closest(cand.name)
        unsure = [j for j in said if j.decision == "unsure"]
        text = (texts or {}).get(cand.document_id, "")
        rows.append(
            {
                "name": cand.name,
                "proposal": "alias" if best and best[1] >= ALIAS_SCORE else "new_entity",
                "entity_id": best[0].entity_id if best else None,
                "matched_alias": best[0].alias if best else None,
                "score": round(float(best[1]), 1) if best else None,
                "decision": "unsure" if unsure else None,
                "reason": unsure[0].reason if unsure else None,
                "shape": cand.shape,
                "document_id": cand.document_id,
                "char_start": cand.start,
                "char_end": cand.end,
                "context": " ".join(text[max(0, cand.start - 60) : cand.end + 60].split()),
            }
        )
    df = pd.DataFrame(rows, columns=PROPOSAL_COLUMNS)
    return df.sort_values(
        ["proposal", "score", "name", "document_id"],
        ascending=[True, False, True, True],
        na_position="last",
    ).reset_index(drop=True)


# --- open-world entities (hotspots.extract.discover) ------------------------------------------
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


def write_proposals(proposals: pd.DataFrame, path: Path) -> Path:
    """The review file: a CSV a maintainer reads, then answers in reference/judgements.yaml."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    proposals.to_csv(tmp, index=False, lineterminator="\n")
    tmp.replace(path)
    return path


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
) -> StageOutput:
    """The entity tables; with `texts` ({document_id: text}) also the alias proposals, counted in
    `.report` and written to `proposals_path` when given. Proposals are never applied.

    `discovered` (DISCOVERED_COLUMNS: the names extraction found from typed cues) become entities
    with `source = discovered` (`curated` once a reviewer accepted them); they are counted in
    `.report["discovered"]` and listed for review in `discovered_path` when given."""
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
            find_candidate_names(texts), gazetteer, judgements or Judgements(), texts
        )
        out.report |= {
            "proposals": len(proposals),
            "proposals_alias": int((proposals["proposal"] == "alias").sum()),
            "proposals_unsure": int((proposals["decision"] == "unsure").sum()),
        }
        if proposals_path is not None:
            out.report["proposals_path"] = str(write_proposals(proposals, proposals_path))
    return out
