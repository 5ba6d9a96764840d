"""The written rules that choose one value among claims that disagree (rules 1–5 of
hotspots.reconcile): a reviewer's judgement, source authority, the more specific quote, the newer
edition, the newer source — each decision with its rule and a rationale in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from hotspots.curation import JUDGEMENTS_FILE, ValueJudgement, same
from hotspots.reference import load_yaml
from hotspots.text import normalize_name
from schemas import columns

# The fields of a claim record: the claims table's columns (the contract, schemas/tables.py) plus the
# working fields reconcile adds (claim_records, apply_corrections, withhold_low_confidence).
CLAIM_FIELDS = (
    *columns("claims"),
    "_correction", "_as_of", "_object", "_text", "_vkey", "_combined", "_undated_join",
    "_threshold",
)  # fmt: skip


class Claim:
    """One claim as reconcile reads it, with item access like the dict it replaces
    (`claim["value"]`, `claim["_as_of"] = ...`, `claim.get("confidence")`). A class with slots,
    not a dict: reconcile holds every claim of the corpus at once (2.6 million at 100,000
    documents), and a record with its values is 365 bytes, 957 as a dict (tracemalloc, benchmark
    corpus). A field never set reads as None, as `dict.get` did."""

    __slots__ = CLAIM_FIELDS

    def __init__(self, fields: dict) -> None:
        for name in CLAIM_FIELDS:
            setattr(self, name, fields.get(name))

    def __getitem__(self, name: str):
        if name not in _CLAIM_FIELD_SET:
            raise KeyError(name)
        return getattr(self, name)

    def __setitem__(self, name: str, value) -> None:
        if name not in _CLAIM_FIELD_SET:
            raise KeyError(name)
        setattr(self, name, value)

    def get(self, name: str, default=None):
        return getattr(self, name) if name in _CLAIM_FIELD_SET else default

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in CLAIM_FIELDS}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Claim) and self.as_dict() == other.as_dict()

    __hash__ = None  # mutable, like the dict it replaces

    def __getstate__(self) -> dict:
        return self.as_dict()

    def __setstate__(self, state: dict) -> None:
        Claim.__init__(self, state)


_CLAIM_FIELD_SET = frozenset(CLAIM_FIELDS)

DEFAULT_AUTHORITY = 1


@dataclass(frozen=True)
class Authority:
    score: int
    reason: str


@dataclass(frozen=True)
class Decision:
    key: tuple | None  # the winning value's key; None: disputed
    rule: str
    rationale: str


def load_source_authority(reference_dir: Path) -> list[dict]:
    entries = load_yaml(reference_dir, "source_authority.yaml") or []
    for entry in entries:
        if not {"match", "authority", "reason"} <= set(entry):
            raise ValueError(
                f"reference/source_authority.yaml: entry needs match, authority, reason: {entry}"
            )
    return entries


def authority_of(document: dict, table: list[dict]) -> Authority:
    haystack = f"{document.get('url', '')} {document.get('publisher', '')}".lower()
    for entry in table:
        if entry["match"].lower() in haystack:
            return Authority(int(entry["authority"]), entry["reason"])
    return Authority(DEFAULT_AUTHORITY, "no authority entry for this source")


def format_value(value: float | None, value_text: str | None, comparator: str | None) -> str:
    if value is None or pd.isna(value):
        return str(value_text)
    number = f"{value:g}" if abs(value) < 1e15 else f"{value:.0f}"
    prefix = {
        "gt": "more than ",
        "gte": "at least ",
        "lt": "less than ",
        "lte": "at most ",
        "approx": "about ",
    }.get(comparator or "", "")
    return prefix + number


def is_exact(comparator: str | None) -> bool:
    """No comparator (None; NaN when the column is all-null; "", which `format_value` prints bare) or "eq":
    the figure is stated exactly, not bounded or approximate."""
    return not isinstance(comparator, str) or comparator in ("", "eq")


def published_date(document: dict) -> str:
    value = document.get("published")
    return "" if value is None or pd.isna(value) else str(value)


def representative(claims: list[Claim], authority: dict[str, Authority]) -> Claim:
    """The claim that speaks for a value: exact before bounded, then the most authoritative source."""
    return min(
        claims,
        key=lambda c: (
            not is_exact(c["comparator"]),
            -authority[c["document_id"]].score,
            c["document_id"],
            c["claim_id"],
        ),
    )


def judged_key(
    by_value: dict[tuple, list[Claim]], judgement: ValueJudgement, value_type: str
) -> tuple | None:
    for key, claims in by_value.items():
        claim = claims[0]
        if (
            value_type == "number"
            and judgement.value is not None
            and same(claim["value"], judgement.value)
        ):
            return key
        if judgement.value_text is not None and normalize_name(
            str(claim["value_text"])
        ) == normalize_name(judgement.value_text):
            return key
    return None


def stale_judgement(judgement: ValueJudgement, why: str) -> dict:
    what = f"{judgement.subject_id} {judgement.predicate} as of {judgement.as_of or '(undated)'} = {judgement.value if judgement.value is not None else judgement.value_text}"
    return {
        "name": f"reference/{JUDGEMENTS_FILE}",
        "warning": f"value judgement not applied ({what}): {why}; review or remove it",
    }


def choose_value(
    by_value: dict[tuple, list[Claim]], docs: dict[str, dict], authority: dict[str, Authority]
) -> Decision:
    """The value a written rule picks among disagreeing claims (rules 2–5 of the module doc).
    `authority` is each document's `authority_of`."""
    candidates = []
    for key, claims in by_value.items():
        candidates.append(
            {
                "key": key,
                "authority": max(
                    (authority[c["document_id"]] for c in claims), key=lambda a: a.score
                ),
                "exact": any(is_exact(c["comparator"]) for c in claims),
                "published": max(published_date(docs[c["document_id"]]) for c in claims),
                "publishers": {str(docs[c["document_id"]].get("publisher") or "") for c in claims},
                "undated": not claims[0]["_as_of"],
            }
        )
    scores = sorted({c["authority"].score for c in candidates}, reverse=True)
    top = [c for c in candidates if c["authority"].score == scores[0]]
    if len(top) == 1:
        w = top[0]
        return Decision(
            w["key"],
            "source_authority",
            (
                f"Sources disagree; the value from the most authoritative source wins "
                f"(authority {w['authority'].score}: {w['authority'].reason}; the others at most {scores[1]})."
            ),
        )
    exact = [c for c in top if c["exact"]]
    if len(exact) == 1:
        return Decision(
            exact[0]["key"],
            "more_specific_quote",
            "Equally authoritative sources disagree; the one exact figure is preferred over approximate or bounded ones.",
        )
    dates = sorted({c["published"] for c in top if c["published"]}, reverse=True)
    newest = [c for c in top if dates and c["published"] == dates[0]]
    publishers = set().union(*(c["publishers"] for c in top))
    if len(newest) == 1 and len(publishers) == 1 and all(c["published"] for c in top):
        return Decision(
            newest[0]["key"],
            "newer_edition",
            f"Editions of the same publication ({publishers.pop()}) disagree; the latest edition ({dates[0]}) supersedes the earlier ones.",
        )
    if len(newest) == 1 and all(c["undated"] for c in top):
        return Decision(
            newest[0]["key"],
            "newer_source",
            f"Undated claims disagree; the most recently published source ({dates[0]}) is taken as current.",
        )
    return Decision(
        None,
        "disputed",
        "Sources of equal authority state different values for the same subject, predicate and date; "
        "no rule decides, so every value is kept and the fact is flagged.",
    )
