"""Reconcile stage: group claims into facts and settle disagreements by written rules.

Claims are grouped by (subject, predicate, object, as_of, combined). One value from one document is
`single_source`; one value from several documents is `consensus`. Several values are `resolved`
when a rule chooses, tried in this order —

1. `judgement`           reference/judgements.yaml names the right value (a person decided);
2. `source_authority`    one value comes from a more authoritative source (reference/source_authority.yaml);
3. `more_specific_quote` only one value is stated exactly ("120"), the others are bounded or approximate;
4. `newer_edition`       every value comes from the same publisher: its latest edition supersedes;
5. `newer_source`        undated claims only: the most recently published source is taken as current;

and `disputed` otherwise — published, flagged, every value kept in `conflicts`. A different `as_of`
is a time series, never a conflict; an undated claim joins the dated fact it agrees with (rule
`undated_joins_dated`). A figure stated for a group together (a `combined` claim) is a fact of its
own, never merged with a member's own figure. A misnomer used by a claim is a `name` conflict. Corrections
(reference/corrections.yaml) are applied to the claims first. Every decision carries its rule and
a rationale in words (the rules that choose a value: hotspots.settle; name conflicts:
hotspots.name_conflicts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from itertools import chain
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
)
from hotspots.extract import stable_id
from hotspots.extract.model.score import load_model
from hotspots.low_confidence import LOW_CONFIDENCE, low_confidence_table, withhold_low_confidence
from hotspots.name_conflicts import name_conflicts
from hotspots.reference import Gazetteer
from hotspots.settle import (
    CLAIM_FIELDS,
    Authority,
    Claim,
    Decision,
    authority_of,
    choose_value,
    format_value,
    judged_key,
    load_source_authority,
    representative,
    stale_judgement,
)
from hotspots.text import normalize_name
from schemas import columns, predicates

# The claims are handled as Python records (`Claim`: one per claim, the claims table's columns plus the
# working fields added by `claim_records`; a dict until stop 21), not as pandas sub-frames: a fact group has a handful of claims, and
# pandas' per-group overhead was nearly all of the stage (CPU at 1,000 documents: 22-28 s on
# sub-frames, 0.7 s on dicts; at 10,000: 185 s and 6.8 s).
# (subject_id, predicate, object_id or "", as_of or "", normalised text of a text predicate or "",
#  combined: a group's figure stated for this member together with others)
FactKey = tuple[str, str, str, str, str, bool]


RECORD_SLICE = 20_000


def _value_key(claim: Claim, value_type: str) -> tuple:
    """What identifies the value a claim states: the number, else the normalised text."""
    if value_type == "number" and not pd.isna(claim["value"]):
        return (float(claim["value"]),)
    if value_type in ("number", "text"):
        return (normalize_name(str(claim["value_text"])),)
    return ("",)


def _value_order(key: tuple) -> tuple:
    """Numbers ascending, then texts: the order of the value groups (pandas' sorted groupby order,
    which the output keeps)."""
    return (isinstance(key[0], str), key)


def _or_empty(value: object) -> object:
    return "" if value is None or pd.isna(value) else value


def _doc_list(ids) -> str:
    return ", ".join(sorted(set(ids)))


def claim_records(work: pd.DataFrame, vocab: dict) -> list[Claim]:
    """The (corrected) claims as dicts with the working fields every later step reads:
    `_as_of` and `_object` ("" when missing), `_text` (see below) and `_vkey` (`_value_key`)."""
    unknown = [c for c in work.columns if c not in CLAIM_FIELDS]
    if unknown:
        raise ValueError(f"claims: columns {unknown} have no field in settle.CLAIM_FIELDS")
    # made from the frame a slice at a time: the rows' dicts are the transient form of each slice.
    # Without the quote (an Arrow string per claim, hotspots.pipeline.arrow_strings): no step of
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
    dates: dict[tuple, set[str]] = defaultdict(
        set
    )  # (subject, predicate, object, value) -> dates stated
    for claim in claims:
        claim["_undated_join"] = False
        if claim["_as_of"]:
            dates[
                claim["subject_id"],
                claim["predicate"],
                claim["_object"],
                claim["_vkey"],
                claim["_combined"],
            ].add(claim["_as_of"])
    # `dates` is complete before any undated claim is moved: a joined claim never attracts another one.
    for claim in claims:
        if claim["_as_of"]:
            continue
        matches = dates.get(
            (
                claim["subject_id"],
                claim["predicate"],
                claim["_object"],
                claim["_vkey"],
                claim["_combined"],
            ),
            (),
        )
        if len(matches) == 1:
            (claim["_as_of"],) = matches
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


def reconcile(
    claims: pd.DataFrame,
    documents: pd.DataFrame,
    mentions: pd.DataFrame,
    gazetteer: Gazetteer,
    reference_dir: Path,
) -> StageOutput:
    """facts, conflicts and cluster_rankings; `.warnings` names curated entries that no longer apply.
    In three steps, so a runner can settle the fact groups in parallel (flows/build.py):
    `prepare_groups`, `settle_groups` on any split of the groups, `finish_reconcile`."""
    prepared = prepare_groups(claims, documents, gazetteer, reference_dir)
    settled = settle_groups(prepared.groups, prepared.context(prepared.groups))
    return finish_reconcile(prepared, [settled], mentions, gazetteer)


# One fact group to settle: its key, its claims, and the value judgement naming its key (or None).
Group = tuple[FactKey, list[Claim], ValueJudgement | None]


@dataclass
class SettleContext:
    """What settling a list of groups reads besides the groups: the predicates' value types and the
    documents (and their authority) the groups' claims cite, only those, so a task on a worker is
    sent what it uses."""

    value_types: dict[str, str]
    docs: dict[str, dict]
    authority: dict[str, Authority]


@dataclass
class Settled:
    """The result of settling a list of groups, in their order."""

    facts: list[dict]
    conflicts: list[dict]
    warnings: list[dict]
    # warnings each group added, in group order: what splits `warnings` by subject (SubjectPart)
    warned: list[int] = field(default_factory=list)


@dataclass
class SubjectPart:
    """Reconcile's result for one subject: its facts, value conflicts and settling warnings in
    group order, its withheld claims and the value judgements its groups looked up. Every fact
    key and the undated-claim rule stay within one subject, so a subject whose claims did not
    change has the same part: an incremental run reuses it (`ReconcileState`)."""

    facts: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    withheld: list[Claim] = field(default_factory=list)
    judgements: list[ValueJudgement] = field(default_factory=list)


@dataclass
class ReconcileState:
    """What a run keeps for the next one to reconcile only the subjects its changed documents
    touch: each subject's part, the subjects each document's (corrected) claims are about, and
    each document's name conflicts (a name conflict reads one document's mentions and claims)."""

    subjects: dict[str, SubjectPart]
    doc_subjects: dict[str, set[str]]
    names: dict[str, list[dict]]


@dataclass
class PreparedGroups:
    """The reconcile stage up to settling: the fact groups in key order, with what settling and
    finishing need."""

    groups: list[Group]
    records: list[Claim]
    withheld: list[Claim]  # below the claim model's threshold: reported, not settled
    corrections_applied: int
    warnings: list[dict]
    unused_judgements: list[ValueJudgement]
    value_types: dict[str, str]
    docs: dict[str, dict]
    authority: dict[str, Authority]
    # incremental runs (`prepare_groups(..., previous=, changed=)`): the previous run's state, the
    # documents added, changed or removed since, and the subjects whose groups were prepared
    # again (None: every subject)
    previous: ReconcileState | None = None
    changed: set[str] = field(default_factory=set)
    touched: set[str] | None = None
    judgements: list[ValueJudgement] = field(default_factory=list)

    def context(self, groups: list[Group]) -> SettleContext:
        cited = {c["document_id"] for _, claims, _ in groups for c in claims}
        return SettleContext(
            self.value_types,
            {d: self.docs[d] for d in cited},
            {d: self.authority[d] for d in cited},
        )


def prepare_groups(
    claims: pd.DataFrame,
    documents: pd.DataFrame,
    gazetteer: Gazetteer,
    reference_dir: Path,
    previous: ReconcileState | None = None,
    changed: Collection[str] = (),
) -> PreparedGroups:
    """Corrections applied, undated claims attached, claims grouped into facts (in key order), and
    each group's value judgement looked up. Given the `previous` run's state and the documents
    `changed` since (added, edited or removed), only the subjects those documents' claims are
    about, before or now, are grouped (`.touched`); the rest is the previous run's."""
    authority_table = load_source_authority(reference_dir)
    judgements = load_judgements(reference_dir)
    corrections = load_corrections(reference_dir)
    check_entities(judgements, corrections, set(gazetteer.entities))
    vocab = predicates()
    # on every claim: a correction's warning and count read only its own document's claims, and
    # a correction may move a claim to another subject
    work, warnings = apply_corrections(claims, documents, corrections)
    corrections_applied = int((work["_correction"] != "").sum())
    touched = None
    changed = set(changed)
    if previous is not None:
        touched = {s for d in changed for s in previous.doc_subjects.get(d, ())}
        touched |= set(work.loc[work["document_id"].isin(changed), "subject_id"])
        work = work[work["subject_id"].isin(touched)].copy()
        cited = set(work["document_id"])
        documents = documents[documents["document_id"].isin(cited)]
    docs = {row["document_id"]: row for row in documents.to_dict("records")}
    authority = {
        document_id: authority_of(doc, authority_table) for document_id, doc in docs.items()
    }
    work["comparator"] = work["comparator"].where(work["comparator"].notna(), None)
    records = claim_records(work, vocab)
    kept, withheld = withhold_low_confidence(records, judgements, load_model(reference_dir), vocab)
    withheld = with_quotes(withheld, records, work)
    records = kept
    del kept
    attach_undated(records)
    groups: list[Group] = []
    used_judgements: set[ValueJudgement] = set()
    for key, group in fact_groups(records).items():
        subject, predicate, obj, as_of, _text, _combined = key
        judgement = judgements.value_for(subject, predicate, obj or None, as_of or None)
        if judgement is not None:
            used_judgements.add(judgement)
        groups.append((key, group, judgement))
    return PreparedGroups(
        groups=groups,
        records=records,
        withheld=withheld,
        corrections_applied=corrections_applied,
        warnings=warnings,
        unused_judgements=[j for j in judgements.values if j not in used_judgements],
        value_types={name: p.value_type for name, p in vocab.items()},
        docs=docs,
        authority=authority,
        previous=previous,
        changed=changed,
        touched=touched,
        judgements=list(judgements.values),
    )


def settle_groups(groups: list[Group], context: SettleContext) -> Settled:
    """One fact per group, and a value conflict where its claims disagree; the warnings of value
    judgements that no longer apply. Reads nothing but its arguments: any split of the groups,
    settled anywhere and concatenated in order, gives what settling them all at once gives."""
    out = Settled([], [], [])
    for key, group, judgement in groups:
        before = len(out.warnings)
        fact, conflict = _settle(
            key,
            group,
            context.value_types[key[1]],
            judgement,
            context.docs,
            context.authority,
            out.warnings,
        )
        out.facts.append(fact)
        out.warned.append(len(out.warnings) - before)
        if conflict is not None:
            out.conflicts.append(conflict)
    return out


def finish_reconcile(
    prepared: PreparedGroups,
    settled: list[Settled],
    mentions: pd.DataFrame,
    gazetteer: Gazetteer,
) -> StageOutput:
    """The stage's tables from the settled parts (in group order), name conflicts and rankings."""
    warnings = list(prepared.warnings)
    facts, conflicts = [], []
    for part in settled:
        facts.extend(part.facts)
        conflicts.extend(part.conflicts)
        warnings.extend(part.warnings)
    for judgement in prepared.unused_judgements:
        warnings.append(
            stale_judgement(judgement, "no claim is about that subject, predicate, object and date")
        )
    conflicts.extend(name_conflicts(prepared.records, mentions, gazetteer))
    return _stage_output(
        facts, conflicts, warnings, prepared.corrections_applied, prepared.withheld,
        prepared.docs, gazetteer,
    )  # fmt: skip


def _stage_output(
    facts: list[dict],
    conflicts: list[dict],
    warnings: list[dict],
    corrections_applied: int,
    withheld: list[Claim],
    docs: dict[str, dict],
    gazetteer: Gazetteer,
) -> StageOutput:
    facts_df = pd.DataFrame(facts, columns=columns("facts"))
    facts_df["value"] = facts_df["value"].astype(float)
    conflicts_df = pd.DataFrame(conflicts, columns=columns("conflicts"))
    report = {
        "corrections_applied": corrections_applied,
        "value_judgements_applied": int(
            (facts_df["rule"].str.split("+").str[0] == "judgement").sum()
        ),
    }
    tables = {
        "facts": facts_df,
        "conflicts": conflicts_df,
        "cluster_rankings": cluster_rankings(facts_df, gazetteer),
    }
    # not a published table: the build writes it to dist/reports/<run-id>.low_confidence.csv
    report[LOW_CONFIDENCE] = low_confidence_table(withheld, docs)
    return StageOutput(tables, warnings=warnings, report=report)


# --- incremental runs ------------------------------------------------------------------------
def subject_parts(prepared: PreparedGroups, settled: list[Settled]) -> dict[str, SubjectPart]:
    """The settled groups (in group order, any split) and the withheld claims, per subject."""
    parts: dict[str, SubjectPart] = defaultdict(SubjectPart)
    facts = chain.from_iterable(s.facts for s in settled)
    warned = chain.from_iterable(s.warned for s in settled)
    warnings = iter([w for s in settled for w in s.warnings])
    for (key, _claims, judgement), fact, n in zip(prepared.groups, facts, warned, strict=True):
        part = parts[key[0]]
        part.facts.append(fact)
        part.warnings.extend(next(warnings) for _ in range(n))
        if judgement is not None:
            part.judgements.append(judgement)
    for conflict in chain.from_iterable(s.conflicts for s in settled):
        parts[conflict["subject_id"]].conflicts.append(conflict)
    for claim in prepared.withheld:
        parts[claim["subject_id"]].withheld.append(claim)
    return dict(parts)


def names_by_document(
    records: list[Claim], mentions: pd.DataFrame, gazetteer: Gazetteer, documents: Iterable[str]
) -> dict[str, list[dict]]:
    """The name conflicts of each of `documents` (those that have any): `name_conflicts` reads
    a mention and the claims of its own document only."""
    wanted = set(documents)
    misnomers = {
        (a.entity_id, normalize_name(a.alias)) for a in gazetteer.aliases if a.kind == "misnomer"
    }
    mentions = mentions[mentions["document_id"].isin(wanted)]
    hits = [
        i
        for i, (entity, text) in enumerate(
            zip(mentions["entity_id"], mentions["text"], strict=True)
        )
        if (entity, normalize_name(text)) in misnomers
    ]
    mentions = mentions.iloc[hits]
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for claim in records:
        if claim["document_id"] in wanted:
            by_doc[claim["document_id"]].append(claim)
    out = {}
    for document_id in pd.unique(mentions["document_id"]):
        rows = name_conflicts(
            by_doc[document_id], mentions[mentions["document_id"] == document_id], gazetteer
        )
        if rows:
            out[document_id] = rows
    return out


def finish_incremental(
    prepared: PreparedGroups,
    settled: list[Settled],
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    gazetteer: Gazetteer,
) -> tuple[StageOutput, ReconcileState]:
    """`finish_reconcile` for groups prepared incrementally (or all of them, with no previous
    state): the subjects prepared now, the untouched ones from the previous state, in subject
    order (the first part of the fact key, so the same order as one run over every group); and
    the state for the next run."""
    previous, changed = prepared.previous, prepared.changed
    fresh = subject_parts(prepared, settled)
    ids = list(documents["document_id"])
    if previous is None:
        parts, doc_subjects, names, scope = fresh, {}, {}, set(ids)
    else:
        parts = {s: p for s, p in previous.subjects.items() if s not in prepared.touched}
        parts.update(fresh)
        doc_subjects = {d: s for d, s in previous.doc_subjects.items() if d not in changed}
        names = {d: rows for d, rows in previous.names.items() if d not in changed}
        scope = changed
    for claim in chain(prepared.records, prepared.withheld):
        if claim["document_id"] in scope:
            doc_subjects.setdefault(claim["document_id"], set()).add(claim["subject_id"])
    names.update(names_by_document(prepared.records, mentions, gazetteer, scope))
    order = sorted(parts)
    warnings = list(prepared.warnings)
    warnings.extend(w for s in order for w in parts[s].warnings)
    used = {j for part in parts.values() for j in part.judgements}
    for judgement in prepared.judgements:
        if judgement not in used:
            warnings.append(
                stale_judgement(
                    judgement, "no claim is about that subject, predicate, object and date"
                )
            )
    conflicts = [c for s in order for c in parts[s].conflicts]
    conflicts.extend(row for d in ids for row in names.get(d, ()))
    out = _stage_output(
        [f for s in order for f in parts[s].facts],
        conflicts,
        warnings,
        prepared.corrections_applied,
        [c for s in order for c in parts[s].withheld],
        {d: {"name": n} for d, n in zip(ids, documents["name"], strict=True)},
        gazetteer,
    )
    return out, ReconcileState(parts, doc_subjects, names)


def _settle(
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


def cluster_rankings(facts: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    ranks = facts[
        (facts["predicate"] == "wipo_cluster_rank")
        & facts["as_of"].notna()
        & facts["value"].notna()
    ]
    rows = [
        {
            "cluster_id": r.subject_id,
            "edition": period_order(str(r.as_of))[0],
            "rank": int(r.value),
            "country_code": gazetteer.entities[r.subject_id].country_code,
            "fact_id": r.fact_id,
        }
        for r in ranks.itertuples(index=False)
    ]
    df = pd.DataFrame(rows, columns=columns("cluster_rankings"))
    return df.astype({"edition": "int64", "rank": "int64"})
