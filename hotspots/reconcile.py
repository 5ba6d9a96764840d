"""Reconcile stage: group claims into facts and settle disagreements by written rules.

Claims are grouped by (subject, predicate, object, as_of). One value from one document is
`single_source`; one value from several documents is `consensus`. Several values are `resolved`
when a rule chooses, tried in this order —

1. `judgement`           reference/judgements.yaml names the right value (a person decided);
2. `source_authority`    one value comes from a more authoritative source (reference/source_authority.yaml);
3. `more_specific_quote` only one value is stated exactly ("120"), the others are bounded or approximate;
4. `newer_edition`       every value comes from the same publisher: its latest edition supersedes;
5. `newer_source`        undated claims only: the most recently published source is taken as current;

and `disputed` otherwise — published, flagged, every value kept in `conflicts`. A different `as_of`
is a time series, never a conflict; an undated claim joins the dated fact it agrees with (rule
`undated_joins_dated`). A misnomer used by a claim is a `name` conflict. Corrections
(reference/corrections.yaml) are applied to the claims first. Every decision carries its rule and
a rationale in words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from hotspots.curation import (
    JUDGEMENTS_FILE,
    StageOutput,
    ValueJudgement,
    apply_corrections,
    check_entities,
    load_corrections,
    load_judgements,
    same,
)
from hotspots.extract import stable_id
from hotspots.reference import Gazetteer, load_yaml
from hotspots.text import normalize_name
from schemas import columns, predicates

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


def _value_key(row: pd.Series | dict, value_type: str) -> tuple:
    if value_type == "number" and not pd.isna(row["value"]):
        return (float(row["value"]),)
    if value_type in ("number", "text"):
        return (normalize_name(str(row["value_text"])),)
    return ("",)


def _doc_list(ids) -> str:
    return ", ".join(sorted(set(ids)))


def _published(document: dict) -> str:
    value = document.get("published")
    return "" if value is None or pd.isna(value) else str(value)


def _representative(group: pd.DataFrame, docs: dict[str, dict], authority_table: list[dict]) -> pd.Series:
    """The claim that speaks for a value: exact before bounded, then the most authoritative source."""
    rows = group[["comparator", "document_id", "claim_id"]].to_dict("records")
    order = sorted(
        range(len(rows)),
        key=lambda i: (
            (rows[i]["comparator"] or "eq") != "eq",
            -authority_of(docs[rows[i]["document_id"]], authority_table).score,
            rows[i]["document_id"],
            rows[i]["claim_id"],
        ),
    )
    return group.iloc[order[0]]


def reconcile(claims: pd.DataFrame, documents: pd.DataFrame, mentions: pd.DataFrame, gazetteer: Gazetteer, reference_dir: Path) -> StageOutput:
    """facts, conflicts and cluster_rankings; `.warnings` names curated entries that no longer apply."""
    authority_table = load_source_authority(reference_dir)
    judgements = load_judgements(reference_dir)
    corrections = load_corrections(reference_dir)
    check_entities(judgements, corrections, set(gazetteer.entities))
    docs = {row["document_id"]: row for row in documents.to_dict("records")}
    vocab = predicates()
    facts, conflicts = [], []

    work, warnings = apply_corrections(claims, documents, corrections)
    work["comparator"] = work["comparator"].where(work["comparator"].notna(), None)
    work["_as_of"] = work["as_of"].fillna("")
    work["_object"] = work["object_id"].fillna("")
    # Text predicates (role, designated_as, described_as) hold many values at once: a city can be
    # both "e-commerce capital" and "leading hub". Each distinct text is its own fact, never a conflict.
    work["_text"] = [
        normalize_name(str(text)) if vocab[predicate].value_type == "text" and isinstance(text, str) else ""
        for predicate, text in zip(work["predicate"], work["value_text"], strict=True)
    ]
    attach_undated(work, vocab)
    # The value that identifies each claim's statement, computed once (grouping per fact by it).
    work["_vkey"] = [
        _value_key({"value": value, "value_text": text}, vocab[predicate].value_type)
        for predicate, value, text in zip(work["predicate"], work["value"], work["value_text"], strict=True)
    ]
    used_judgements: set[ValueJudgement] = set()

    for (subject, predicate, obj, as_of, text_key), group in work.groupby(["subject_id", "predicate", "_object", "_as_of", "_text"], sort=True):
        value_type = vocab[predicate].value_type
        by_value: dict[tuple, pd.DataFrame] = dict(iter(group.groupby("_vkey", sort=True)))
        claim_ids = ";".join(sorted(group["claim_id"]))
        base = {
            "fact_id": stable_id(subject, predicate, obj, as_of, *([text_key] if text_key else [])),
            "subject_id": subject,
            "predicate": predicate,
            "object_id": obj or None,
            "unit": group["unit"].dropna().iloc[0] if group["unit"].notna().any() else None,
            "as_of": as_of or None,
            "claim_ids": claim_ids,
        }
        judgement = judgements.value_for(subject, predicate, obj or None, as_of or None)
        if judgement is not None:
            used_judgements.add(judgement)
        notes = [n for n in group["_correction"] if n]
        if group["_undated_join"].any():
            notes.append("Undated claim(s) with the same value were attached to this dated fact (rule undated_joins_dated).")
        suffix = ("+correction" if any(group["_correction"]) else "") + ("+undated_joins_dated" if group["_undated_join"].any() else "")

        if len(by_value) == 1:
            best = _representative(group, docs, authority_table)
            n_docs = group["document_id"].nunique()
            if n_docs > 1:
                status, rule = "consensus", "agreement"
                rationale = f"{n_docs} documents state the same value ({_doc_list(group['document_id'])})."
            else:
                status, rule = "single_source", "single_source"
                rationale = f"Stated by one document ({best['document_id']}) in {len(group)} claim(s); no other source to compare."
            if judgement is not None and _judged_key(by_value, judgement, value_type) is None:
                warnings.append(_stale_judgement(judgement, f"the only value claimed is {_fmt(best['value'], best['value_text'], best['comparator'])}"))
            facts.append({**base, "value": best["value"], "value_text": best["value_text"], "comparator": best["comparator"],
                          "status": status, "rule": rule + suffix, "rationale": " ".join([rationale, *notes])})
            continue

        decision = None
        if judgement is not None:
            key = _judged_key(by_value, judgement, value_type)
            if key is None:
                warnings.append(_stale_judgement(judgement, "no claim states the value it names"))
            else:
                decision = Decision(key, "judgement", f"Sources disagree; a reviewer decided in reference/{JUDGEMENTS_FILE}: {judgement.reason}")
        decision = decision or choose_value(by_value, docs, authority_table)
        values = " | ".join(sorted(_fmt(*_representative(g, docs, authority_table)[["value", "value_text", "comparator"]]) for g in by_value.values()))
        rationale = " ".join([decision.rationale, *notes])
        if decision.key is None:
            facts.append({**base, "value": None, "value_text": values, "comparator": None, "status": "disputed",
                          "rule": decision.rule + suffix, "rationale": rationale})
            resolution = "disputed"
        else:
            winner = _representative(by_value[decision.key], docs, authority_table)
            facts.append({**base, "value": winner["value"], "value_text": winner["value_text"], "comparator": winner["comparator"],
                          "status": "resolved", "rule": decision.rule + suffix, "rationale": rationale})
            resolution = _fmt(winner["value"], winner["value_text"], winner["comparator"])
        conflicts.append({
            "conflict_id": stable_id("value", subject, predicate, obj, as_of, claim_ids),
            "kind": "value", "subject_id": subject, "predicate": predicate, "as_of": as_of or None,
            "claim_ids": claim_ids, "values": values, "resolution": resolution, "rule": decision.rule, "rationale": rationale,
        })
    for judgement in judgements.values:
        if judgement not in used_judgements:
            warnings.append(_stale_judgement(judgement, "no claim is about that subject, predicate, object and date"))
    conflicts.extend(name_conflicts(work, mentions, gazetteer))
    facts_df = pd.DataFrame(facts, columns=columns("facts"))
    facts_df["value"] = facts_df["value"].astype(float)
    conflicts_df = pd.DataFrame(conflicts, columns=columns("conflicts"))
    report = {
        "corrections_applied": int((work["_correction"] != "").sum()),
        "value_judgements_applied": int((facts_df["rule"].str.split("+").str[0] == "judgement").sum()),
    }
    tables = {"facts": facts_df, "conflicts": conflicts_df, "cluster_rankings": cluster_rankings(facts_df, gazetteer)}
    return StageOutput(tables, warnings=warnings, report=report)


def _judged_key(by_value: dict[tuple, pd.DataFrame], judgement: ValueJudgement, value_type: str) -> tuple | None:
    for key, group in by_value.items():
        row = group.iloc[0]
        if value_type == "number" and judgement.value is not None and same(row["value"], judgement.value):
            return key
        if judgement.value_text is not None and normalize_name(str(row["value_text"])) == normalize_name(judgement.value_text):
            return key
    return None


def _stale_judgement(judgement: ValueJudgement, why: str) -> dict:
    what = f"{judgement.subject_id} {judgement.predicate} as of {judgement.as_of or '(undated)'} = {judgement.value if judgement.value is not None else judgement.value_text}"
    return {"name": f"reference/{JUDGEMENTS_FILE}", "warning": f"value judgement not applied ({what}): {why}; review or remove it"}


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


def choose_value(by_value: dict[tuple, pd.DataFrame], docs: dict[str, dict], authority_table: list[dict]) -> Decision:
    """The value a written rule picks among disagreeing claims (rules 2–5 of the module doc)."""
    candidates = []
    for key, group in by_value.items():
        auths = [authority_of(docs[d], authority_table) for d in group["document_id"]]
        best = max(auths, key=lambda a: a.score)
        candidates.append({
            "key": key,
            "authority": best,
            "exact": (group["comparator"].fillna("eq") == "eq").any(),
            "published": max(_published(docs[d]) for d in group["document_id"]),
            "publishers": {str(docs[d].get("publisher") or "") for d in group["document_id"]},
            "undated": not bool(group["_as_of"].iloc[0]),
        })
    scores = sorted({c["authority"].score for c in candidates}, reverse=True)
    top = [c for c in candidates if c["authority"].score == scores[0]]
    if len(top) == 1:
        w = top[0]
        return Decision(w["key"], "source_authority", (
            f"Sources disagree; the value from the most authoritative source wins "
            f"(authority {w['authority'].score}: {w['authority'].reason}; the others at most {scores[1]})."
        ))
    exact = [c for c in top if c["exact"]]
    if len(exact) == 1:
        return Decision(exact[0]["key"], "more_specific_quote",
                        "Equally authoritative sources disagree; the one exact figure is preferred over approximate or bounded ones.")
    dates = sorted({c["published"] for c in top if c["published"]}, reverse=True)
    newest = [c for c in top if dates and c["published"] == dates[0]]
    publishers = set().union(*(c["publishers"] for c in top))
    if len(newest) == 1 and len(publishers) == 1 and all(c["published"] for c in top):
        return Decision(newest[0]["key"], "newer_edition",
                        f"Editions of the same publication ({publishers.pop()}) disagree; the latest edition ({dates[0]}) supersedes the earlier ones.")
    if len(newest) == 1 and all(c["undated"] for c in top):
        return Decision(newest[0]["key"], "newer_source",
                        f"Undated claims disagree; the most recently published source ({dates[0]}) is taken as current.")
    return Decision(None, "disputed",
                    "Sources of equal authority state different values for the same subject, predicate and date; "
                    "no rule decides, so every value is kept and the fact is flagged.")


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
