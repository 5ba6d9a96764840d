"""Alias proposals: names the gazetteer does not know yet, found only in shapes where a name is
certain (a ranked-list line, "X-based", "… Science City"), each fuzzy-matched against the known
aliases and written to a review file as a *proposal*. Nothing is ever merged here: a reviewer's
answer goes into reference/judgements.yaml and is applied on every run (see hotspots.curation).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from hotspots.curation import Judgements
from hotspots.reference import AliasSpec, Gazetteer
from hotspots.text import fold_for_matching, normalize_name

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


# A high-tech zone's designator, in the wordings its names have had: a zone keeps its own words
# when it is renamed ("Wuhan East-Lake New Technology Development Zone", its 1988 name, is the
# "Wuhan East Lake High-tech Development Zone"). Economic-technological zones, free trade zones
# and new areas are other kinds of zone and stay out.
HIGH_TECH_ZONE = re.compile(
    r"^(?P<own>.+?)(?:\s+national)?\s+"
    r"(?:new\s+and\s+high\s+tech(?:nology)?|(?:high|hi)\s+tech(?:nology)?|new\s+technology)"
    r"(?:\s+(?:industrial|industries|industry))?(?:\s+development)?\s+zone$"
)


def zone_own_words(name: str) -> str | None:
    """The words a high-tech zone's name has besides its designator ("wuhan east lake"), or None
    for a name of another shape."""
    m = HIGH_TECH_ZONE.match(match_key(name))
    own = m["own"].removeprefix("national ").strip() if m else ""
    return own or None


def same_zone_known(gazetteer: Gazetteer) -> Callable[[str], AliasSpec | None]:
    """A function giving the gazetteer park whose high-tech zone name has the same own words as a
    name with another wording of the designator: the name is then likely that zone's older or
    longer name, an alias proposal from the name's shape, whatever its spelling distance. None
    when no park, or more than one, has those own words."""
    by_own: dict[str, dict[str, AliasSpec]] = defaultdict(dict)
    for alias in gazetteer.aliases:
        spec = gazetteer.entities.get(alias.entity_id)
        own = zone_own_words(alias.alias) if spec is not None and spec.type == "park" else None
        if own:
            by_own[own].setdefault(alias.entity_id, alias)

    def same(name: str) -> AliasSpec | None:
        own = zone_own_words(name)
        parks = by_own.get(own, {}) if own else {}
        return next(iter(parks.values())) if len(parks) == 1 else None

    return same


def closest_known(gazetteer: Gazetteer) -> Callable[[str], tuple[AliasSpec, float] | None]:
    """A function giving a name's closest gazetteer alias by rapidfuzz (token sort ratio on
    `match_key`), with its score, or None below MIN_SCORE. A high-tech zone's name with the same
    own words as a known park's and another wording of the designator (`same_zone_known`) is
    that park's, at 100: the shape says so. A proposal only: never applied."""
    keys: dict[str, list[AliasSpec]] = defaultdict(list)
    for alias in gazetteer.aliases:
        keys[match_key(alias.alias)].append(alias)
    choices = list(keys)
    same_zone = same_zone_known(gazetteer)

    def closest(name: str) -> tuple[AliasSpec, float] | None:
        zone = same_zone(name)
        if zone is not None:
            return zone, 100.0
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


def write_proposals(proposals: pd.DataFrame, path: Path) -> Path:
    """The review file: a CSV a maintainer reads, then answers in reference/judgements.yaml."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    proposals.to_csv(tmp, index=False, lineterminator="\n")
    tmp.replace(path)
    return path
