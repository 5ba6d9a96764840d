"""Reconcile, one fact group settled: its fact, and its value conflict when the claims disagree
(`settle_fact`), with the rationale in words (the rules that choose a value: hotspots.settle)."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from hotspots.curation import JUDGEMENTS_FILE, ValueJudgement
from hotspots.extract import stable_id
from hotspots.reconcile_groups import FactKey
from hotspots.settle import (
    Authority,
    Claim,
    Decision,
    choose_value,
    format_value,
    judged_key,
    representative,
    stale_judgement,
)


def _value_order(key: tuple) -> tuple:
    """Numbers ascending, then texts: the order of the value groups (pandas' sorted groupby order,
    which the output keeps)."""
    return (isinstance(key[0], str), key)


def _doc_list(ids) -> str:
    return ", ".join(sorted(set(ids)))


def _by_value(claims: list[Claim]) -> dict[tuple, list[Claim]]:
    """A fact's claims per stated value, in `_value_order`."""
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for claim in claims:
        groups[claim["_vkey"]].append(claim)
    return {key: groups[key] for key in sorted(groups, key=_value_order)}


def _curation_notes(claims: list[Claim]) -> tuple[list[str], str]:
    """The sentences a fact's rationale gets for corrected and attached claims, and the rule suffix."""
    notes = [c["_correction"] for c in claims if c["_correction"]]
    joined = any(c["_undated_join"] for c in claims)
    if joined:
        notes.append(
            "Undated claim(s) with the same value were attached to this dated fact (rule undated_joins_dated)."
        )
    suffix = ("+correction" if any(c["_correction"] for c in claims) else "") + (
        "+undated_joins_dated" if joined else ""
    )
    return notes, suffix


def settle_fact(
    key: FactKey,
    claims: list[Claim],
    value_type: str,
    judgement: ValueJudgement | None,
    docs: dict[str, dict],
    authority: dict[str, Authority],
    warnings: list[dict],
) -> tuple[dict, dict | None]:
    """One fact from its claims, and the value conflict when they disagree (None when they agree).
    Appends to `warnings` when the fact's value judgement no longer applies."""
    subject, predicate, obj, as_of, text_key, combined = key
    by_value = _by_value(claims)
    claim_ids = ";".join(sorted(c["claim_id"] for c in claims))
    base = {
        "fact_id": stable_id(
            subject,
            predicate,
            obj,
            as_of,
            *([text_key] if text_key else []),
            *(["combined"] if combined else []),
        ),
        "subject_id": subject,
        "predicate": predicate,
        "object_id": obj or None,
        "unit": next((c["unit"] for c in claims if not pd.isna(c["unit"])), None),
        "as_of": as_of or None,
        "claim_ids": claim_ids,
        "combined": combined,
    }
    notes, suffix = _curation_notes(claims)

    if len(by_value) == 1:
        best = representative(claims, authority)
        document_ids = [c["document_id"] for c in claims]
        n_docs = len(set(document_ids))
        if n_docs > 1:
            status, rule = "consensus", "agreement"
            rationale = f"{n_docs} documents state the same value ({_doc_list(document_ids)})."
        else:
            status, rule = "single_source", "single_source"
            rationale = f"Stated by one document ({best['document_id']}) in {len(claims)} claim(s); no other source to compare."
        if judgement is not None and judged_key(by_value, judgement, value_type) is None:
            warnings.append(
                stale_judgement(
                    judgement,
                    f"the only value claimed is {format_value(best['value'], best['value_text'], best['comparator'])}",
                )
            )
        fact = {
            **base,
            "value": best["value"],
            "value_text": best["value_text"],
            "comparator": best["comparator"],
            "status": status,
            "rule": rule + suffix,
            "rationale": " ".join([rationale, *notes]),
        }
        return fact, None

    decision = None
    if judgement is not None:
        judged = judged_key(by_value, judgement, value_type)
        if judged is None:
            warnings.append(stale_judgement(judgement, "no claim states the value it names"))
        else:
            decision = Decision(
                judged,
                "judgement",
                f"Sources disagree; a reviewer decided in reference/{JUDGEMENTS_FILE}: {judgement.reason}",
            )
    decision = decision or choose_value(by_value, docs, authority)
    representatives = {k: representative(group, authority) for k, group in by_value.items()}
    values = " | ".join(
        sorted(
            format_value(r["value"], r["value_text"], r["comparator"])
            for r in representatives.values()
        )
    )
    rationale = " ".join([decision.rationale, *notes])
    if decision.key is None:
        fact = {
            **base,
            "value": None,
            "value_text": values,
            "comparator": None,
            "status": "disputed",
            "rule": decision.rule + suffix,
            "rationale": rationale,
        }
        resolution = "disputed"
    else:
        winner = representatives[decision.key]
        fact = {
            **base,
            "value": winner["value"],
            "value_text": winner["value_text"],
            "comparator": winner["comparator"],
            "status": "resolved",
            "rule": decision.rule + suffix,
            "rationale": rationale,
        }
        resolution = format_value(winner["value"], winner["value_text"], winner["comparator"])
    conflict = {
        "conflict_id": stable_id("value", subject, predicate, obj, as_of, claim_ids),
        "kind": "value",
        "subject_id": subject,
        "predicate": predicate,
        "as_of": as_of or None,
        "claim_ids": claim_ids,
        "values": values,
        "resolution": resolution,
        "rule": decision.rule,
        "rationale": rationale,
    }
    return fact, conflict
