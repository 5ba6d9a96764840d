"""Reconcile stage: group claims into facts and settle disagreements by written rules.

Claims are grouped by (subject, predicate, object, as_of). One value from one document is
`single_source`; one value from several is `consensus`; several values are `resolved` when a rule
below chooses (source authority, then the more exact statement, then the newer source for undated
claims) and `disputed` otherwise — published, flagged, with every value kept in `conflicts`.
A different `as_of` is a time series, never a conflict. A misnomer used by a claim is a `name`
conflict. Every decision carries its rule and a rationale in words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from hotspots.extract import stable_id
from hotspots.reference import Gazetteer, load_yaml
from hotspots.text import normalize_name
from schemas import columns, predicates

DEFAULT_AUTHORITY = 1


@dataclass(frozen=True)
class Authority:
    score: int
    reason: str


def load_source_authority(reference_dir: Path) -> list[dict]:
    entries = load_yaml(reference_dir, "source_authority.yaml") or []
    for entry in entries:
        if not {"match", "authority", "reason"} <= set(entry):
            raise ValueError(f"reference/source_authority.yaml: entry needs match, authority, reason: {entry}")
    return entries


def authority_of(document: dict, table: list[dict]) -> Authority:
    haystack = f"{document.get('url', '')} {document.get('publisher', '')}".lower()
    for entry in table:
        if entry["match"].lower() in haystack:
            return Authority(int(entry["authority"]), entry["reason"])
    return Authority(DEFAULT_AUTHORITY, "no authority entry for this source")


def _fmt(value: float | None, value_text: str | None, comparator: str | None) -> str:
    if value is None or pd.isna(value):
        return str(value_text)
    number = f"{value:g}" if abs(value) < 1e15 else f"{value:.0f}"
    prefix = {"gt": "more than ", "gte": "at least ", "lt": "less than ", "lte": "at most ", "approx": "about "}.get(comparator or "", "")
    return prefix + number


def _value_key(row: pd.Series, value_type: str) -> tuple:
    if value_type == "number":
        return (float(row["value"]),)
    if value_type == "text":
        return (normalize_name(str(row["value_text"])),)
    return ("",)


def _doc_list(ids: list[str]) -> str:
    return ", ".join(sorted(set(ids)))


def reconcile(claims: pd.DataFrame, documents: pd.DataFrame, mentions: pd.DataFrame, gazetteer: Gazetteer, reference_dir: Path) -> dict[str, pd.DataFrame]:
    authority_table = load_source_authority(reference_dir)
    docs = {row["document_id"]: row for row in documents.to_dict("records")}
    vocab = predicates()
    facts, conflicts = [], []

    claims = claims.copy()
    claims["_as_of"] = claims["as_of"].fillna("")
    claims["_object"] = claims["object_id"].fillna("")
    attach_undated(claims, vocab)

    for (subject, predicate, obj, as_of), group in claims.groupby(["subject_id", "predicate", "_object", "_as_of"], sort=True):
        value_type = vocab[predicate].value_type
        by_value: dict[tuple, pd.DataFrame] = {k: g for k, g in group.groupby(group.apply(_value_key, axis=1, value_type=value_type), sort=True)}
        claim_ids = ";".join(sorted(group["claim_id"]))
        base = {
            "fact_id": stable_id(subject, predicate, obj, as_of),
            "subject_id": subject,
            "predicate": predicate,
            "object_id": obj or None,
            "unit": group["unit"].dropna().iloc[0] if group["unit"].notna().any() else None,
            "as_of": as_of or None,
            "claim_ids": claim_ids,
        }
        if len(by_value) == 1:
            rows = group.sort_values(["comparator", "document_id"], key=lambda s: s.map(lambda v: v != "eq") if s.name == "comparator" else s)
            best = rows.iloc[0]
            n_docs = group["document_id"].nunique()
            status = "consensus" if n_docs > 1 else "single_source"
            rationale = (
                f"{n_docs} documents state the same value ({_doc_list(group['document_id'])})."
                if n_docs > 1
                else f"Stated by one document ({best['document_id']}) in {len(group)} claim(s); no other source to compare."
            )
            rule = "agreement" if n_docs > 1 else "single_source"
            if group["_undated_join"].any():
                rule += "+undated_joins_dated"
                rationale += " Undated claim(s) with the same value were attached to this dated fact."
            facts.append({**base, "value": best["value"], "value_text": best["value_text"], "comparator": best["comparator"],
                          "status": status, "rule": rule, "rationale": rationale})
            continue
        winner, rule, rationale = choose_value(by_value, docs, authority_table)
        values = " | ".join(sorted(_fmt(g.iloc[0]["value"], g.iloc[0]["value_text"], g.iloc[0]["comparator"]) for g in by_value.values()))
        if winner is None:
            facts.append({**base, "value": None, "value_text": values, "comparator": None, "status": "disputed",
                          "rule": rule, "rationale": rationale})
            resolution = "disputed"
        else:
            facts.append({**base, "value": winner["value"], "value_text": winner["value_text"], "comparator": winner["comparator"],
                          "status": "resolved", "rule": rule, "rationale": rationale})
            resolution = _fmt(winner["value"], winner["value_text"], winner["comparator"])
        conflicts.append({
            "conflict_id": stable_id("value", subject, predicate, obj, as_of, claim_ids),
            "kind": "value", "subject_id": subject, "predicate": predicate, "as_of": as_of or None,
            "claim_ids": claim_ids, "values": values, "resolution": resolution, "rule": rule, "rationale": rationale,
        })
    conflicts.extend(name_conflicts(claims, mentions, gazetteer))
    facts_df = pd.DataFrame(facts, columns=columns("facts"))
    facts_df["value"] = facts_df["value"].astype(float)
    conflicts_df = pd.DataFrame(conflicts, columns=columns("conflicts"))
    return {"facts": facts_df, "conflicts": conflicts_df, "cluster_rankings": cluster_rankings(facts_df, gazetteer)}


def attach_undated(claims: pd.DataFrame, vocab: dict) -> None:
    """Rule `undated_joins_dated`: an undated claim whose value equals that of exactly one dated
    fact for the same subject, predicate and object is evidence for that fact; otherwise it stays
    an undated fact of its own (never a conflict with dated ones)."""
    claims["_undated_join"] = False
    for (_subject, predicate, _obj), group in claims.groupby(["subject_id", "predicate", "_object"], sort=False):
        dated = group[group["_as_of"] != ""]
        undated = group[group["_as_of"] == ""]
        if dated.empty or undated.empty:
            continue
        value_type = vocab[predicate].value_type
        for idx, row in undated.iterrows():
            key = _value_key(row, value_type)
            matches = {r["_as_of"] for _, r in dated.iterrows() if _value_key(r, value_type) == key}
            if len(matches) == 1:
                claims.at[idx, "_as_of"] = matches.pop()
                claims.at[idx, "_undated_join"] = True


def choose_value(by_value: dict[tuple, pd.DataFrame], docs: dict[str, dict], authority_table: list[dict]) -> tuple[pd.Series | None, str, str]:
    """The value a written rule picks among disagreeing claims, or None (disputed)."""
    candidates = []
    for group in by_value.values():
        best = max(group.itertuples(index=False), key=lambda r: authority_of(docs[r.document_id], authority_table).score)
        auth = authority_of(docs[best.document_id], authority_table)
        exact = (group["comparator"].fillna("eq") == "eq").any()
        published = max((docs[d].get("published") or "") for d in group["document_id"])
        candidates.append((group.iloc[0], auth, exact, published, group))
    scores = sorted({c[1].score for c in candidates}, reverse=True)
    top = [c for c in candidates if c[1].score == scores[0]]
    if len(top) == 1 and len(scores) > 1:
        w = top[0]
        return w[0], "source_authority", (
            f"Sources disagree; the value from the most authoritative source wins "
            f"(authority {w[1].score}: {w[1].reason}; others at most {scores[1]})."
        )
    exact = [c for c in top if c[2]]
    if len(exact) == 1 and len(top) > 1 and all(not c[2] for c in top if c is not exact[0]):
        return exact[0][0], "more_specific_quote", "Equally authoritative sources disagree; an exact figure is preferred over an approximate or bounded one."
    if not top[0][0]["as_of"] or pd.isna(top[0][0]["as_of"]):
        dates = sorted({c[3] for c in top if c[3]}, reverse=True)
        newest = [c for c in top if c[3] == dates[0]] if dates else []
        if len(newest) == 1:
            return newest[0][0], "newer_source", f"Undated claims disagree; the most recently published source ({dates[0]}) is taken as current."
    return None, "disputed", "Sources of equal authority state different values for the same subject, predicate and date; no rule decides, so every value is kept and the fact is flagged."


def name_conflicts(claims: pd.DataFrame, mentions: pd.DataFrame, gazetteer: Gazetteer) -> list[dict]:
    """A claim that names its subject by a misnomer keeps its value; the wrong name is recorded."""
    misnomers = {(a.entity_id, normalize_name(a.alias)): a for a in gazetteer.aliases if a.kind == "misnomer"}
    if not misnomers or mentions.empty:
        return []
    rows = []
    by_doc = defaultdict(list)
    for claim in claims.itertuples(index=False):
        by_doc[claim.document_id].append(claim)
    for mention in mentions.itertuples(index=False):
        alias = misnomers.get((mention.entity_id, normalize_name(mention.text)))
        if alias is None:
            continue
        using = sorted(c.claim_id for c in by_doc[mention.document_id]
                       if c.char_start <= mention.char_start and mention.char_end <= c.char_end and mention.entity_id in (c.subject_id, c.object_id))
        if not using:
            continue
        canonical = gazetteer.entities[mention.entity_id].name
        claim_ids = ";".join(using)
        rows.append({
            "conflict_id": stable_id("name", mention.entity_id, mention.document_id, mention.char_start, claim_ids),
            "kind": "name", "subject_id": mention.entity_id, "predicate": None, "as_of": None,
            "claim_ids": claim_ids, "values": f"{mention.text} | {canonical}", "resolution": canonical,
            "rule": "misnomer_alias",
            "rationale": f"'{mention.text}' names no entity of its own; it is a recorded misnomer of {canonical} ({mention.entity_id}). {alias.evidence} The claim is kept and attributed to {mention.entity_id}.",
        })
    return rows


def cluster_rankings(facts: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    ranks = facts[(facts["predicate"] == "wipo_cluster_rank") & facts["as_of"].notna() & facts["value"].notna()]
    rows = [
        {
            "cluster_id": r.subject_id,
            "edition": int(str(r.as_of)[:4]),
            "rank": int(r.value),
            "country_code": gazetteer.entities[r.subject_id].country_code,
            "fact_id": r.fact_id,
        }
        for r in ranks.itertuples(index=False)
    ]
    df = pd.DataFrame(rows, columns=columns("cluster_rankings"))
    return df.astype({"edition": "int64", "rank": "int64"})
