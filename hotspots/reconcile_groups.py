"""Reconcile, first step: the claims as records (`claim_records`), undated claims attached to the
dated fact they agree with (`attach_undated`), and the records grouped into facts in key order
(`fact_groups`, `period_order`)."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from hotspots.settle import CLAIM_FIELDS, Claim
from hotspots.text import normalize_name

# The claims are handled as Python records (`Claim`: one per claim, the claims table's columns plus the
# working fields added by `claim_records`; a dict until stop 21), not as pandas sub-frames: a fact group has a handful of claims, and
# pandas' per-group overhead was nearly all of the stage (CPU at 1,000 documents: 22-28 s on
# sub-frames, 0.7 s on dicts; at 10,000: 185 s and 6.8 s).
# (subject_id, predicate, object_id or "", as_of or "", normalised text of a text predicate or "",
#  combined: a group's figure stated for this member together with others)
FactKey = tuple[str, str, str, str, str, bool]


RECORD_SLICE = 20_000
_SEVERAL = object()  # attach_undated: a value stated for more than one date


def _value_key(claim: Claim, value_type: str) -> tuple:
    """What identifies the value a claim states: the number, else the normalised text."""
    if value_type == "number" and not pd.isna(claim["value"]):
        return (float(claim["value"]),)
    if value_type in ("number", "text"):
        return (normalize_name(str(claim["value_text"])),)
    return ("",)


def _or_empty(value: object) -> object:
    return "" if value is None or pd.isna(value) else value


def claim_records(work: pd.DataFrame, vocab: dict) -> list[Claim]:
    """The (corrected) claims as dicts with the working fields every later step reads:
    `_as_of` and `_object` ("" when missing), `_text` (see below) and `_vkey` (`_value_key`)."""
    unknown = [c for c in work.columns if c not in CLAIM_FIELDS]
    if unknown:
        raise ValueError(f"claims: columns {unknown} have no field in settle.CLAIM_FIELDS")
    # made from the frame a slice at a time: the rows' dicts are the transient form of each slice.
    # Without the quote (an Arrow string per claim, hotspots.stages.tables.arrow_strings): no step of
    # reconcile reads it, and a Python string per claim would be held as long as the records;
    # `with_quotes` gives it to the few claims that are reported with it (the withheld).
    read = [c for c in work.columns if c != "quote"]
    records = [
        Claim(row)
        for start in range(0, len(work), RECORD_SLICE)
        for row in work.iloc[start : start + RECORD_SLICE][read].to_dict("records")
    ]
    for claim in records:
        value_type = vocab[claim["predicate"]].value_type
        claim["_as_of"] = _or_empty(claim["as_of"])
        claim["_object"] = _or_empty(claim["object_id"])
        # Text predicates (role, designated_as, described_as) hold many values at once: a city can be
        # both "e-commerce capital" and "leading hub". Each distinct text is its own fact, never a conflict.
        text = claim["value_text"]
        claim["_text"] = (
            normalize_name(str(text)) if value_type == "text" and isinstance(text, str) else ""
        )
        claim["_vkey"] = _value_key(claim, value_type)
        combined = claim.get("combined")
        claim["_combined"] = (
            bool(combined) if combined is not None and combined == combined else False
        )
    return records


def with_quotes(claims: list[Claim], records: list[Claim], work: pd.DataFrame) -> list[Claim]:
    """`claims` (some of `records`, the claims of `work` in row order: `claim_records`) with
    their quotes from `work`."""
    if claims and "quote" in work.columns:
        row = {id(record): i for i, record in enumerate(records)}
        quotes = work["quote"]
        for claim in claims:
            claim["quote"] = quotes.iat[row[id(claim)]]
    return claims


def attach_undated(claims: list[Claim]) -> None:
    """Rule `undated_joins_dated`: an undated claim whose value equals that of exactly one dated
    fact for the same subject, predicate and object is evidence for that fact; otherwise it stays
    an undated fact of its own (never a conflict with dated ones). Sets `_as_of` and `_undated_join`."""
    # (subject, predicate, object, value, combined) -> the one date stated, or _SEVERAL: one
    # string per key, not a set of dates (a set per distinct value was a million objects)
    dates: dict[tuple, object] = {}
    for claim in claims:
        claim["_undated_join"] = False
        as_of = claim["_as_of"]
        if as_of:
            key = (
                claim["subject_id"],
                claim["predicate"],
                claim["_object"],
                claim["_vkey"],
                claim["_combined"],
            )
            seen = dates.setdefault(key, as_of)
            if seen is not _SEVERAL and seen != as_of:
                dates[key] = _SEVERAL
    # `dates` is complete before any undated claim is moved: a joined claim never attracts another one.
    for claim in claims:
        if claim["_as_of"]:
            continue
        match = dates.get(
            (
                claim["subject_id"],
                claim["predicate"],
                claim["_object"],
                claim["_vkey"],
                claim["_combined"],
            )
        )
        if match is not None and match is not _SEVERAL:
            claim["_as_of"] = match
            claim["_undated_join"] = True


def fact_groups(claims: list[Claim]) -> dict[FactKey, list[Claim]]:
    """The claims of each fact, in key order; within a fact, in the order of the claims table."""
    groups: dict[FactKey, list[Claim]] = defaultdict(list)
    for claim in claims:
        groups[
            claim["subject_id"],
            claim["predicate"],
            claim["_object"],
            claim["_as_of"],
            claim["_text"],
            claim["_combined"],
        ].append(claim)
    return {key: groups[key] for key in sorted(groups, key=_fact_order)}


def period_order(as_of: str) -> tuple:
    """Chronological order of `as_of` periods: by year, then by the period's first month (a year,
    a half, a quarter, a month or a date), the longer period first: 2018 < 2018-H1 < 2018-Q1 <
    2018-01 < 2018-01-05 < 2018-Q2 < 2018-H2. "" (undated) first."""
    if not as_of:
        return (0, 0, 0, "")
    year, _, rest = as_of.partition("-")
    if not rest:
        return (int(year), 1, 0, "")
    if rest[0] == "H":
        return (int(year), 6 * (int(rest[1]) - 1) + 1, 1, "")
    if rest[0] == "Q":
        return (int(year), 3 * (int(rest[1]) - 1) + 1, 2, "")
    month, _, day = rest.partition("-")
    return (int(year), int(month), 3 if not day else 4, day)


def _fact_order(key: FactKey) -> tuple:
    subject, predicate, obj, as_of, text, combined = key
    return (subject, predicate, obj, period_order(as_of), text, combined)
