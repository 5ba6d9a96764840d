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

This module runs the stage's steps (`prepare_groups`, `settle_groups`, `finish_reconcile`); beside
it: reconcile_groups.py (claims as records, grouped into facts), reconcile_fact.py (one group's
fact and conflict), reconcile_output.py (the stage's tables), reconcile_incremental.py (only the
subjects changed documents touch).
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from hotspots.curation import (
    StageOutput,
    ValueJudgement,
    apply_corrections,
    check_entities,
    load_corrections,
    load_judgements,
)
from hotspots.extract.model.score import load_model
from hotspots.low_confidence import withhold_low_confidence
from hotspots.name_conflicts import name_conflicts
from hotspots.reconcile_fact import settle_fact
from hotspots.reconcile_groups import (
    FactKey,
    attach_undated,
    claim_records,
    fact_groups,
    with_quotes,
)
from hotspots.reconcile_output import stage_output
from hotspots.reference import Gazetteer
from hotspots.settle import (
    Authority,
    Claim,
    authority_of,
    load_source_authority,
    stale_judgement,
)
from schemas import predicates


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
        if groups is self.groups:  # every record is in one group: read them in table order
            cited = {c["document_id"] for c in self.records}
        else:
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
    model = load_model(reference_dir)
    with gc_paused():
        records = claim_records(work, vocab)
        kept, withheld = withhold_low_confidence(records, judgements, model, vocab)
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


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the claim records, their groups and the
    containers indexing them are made: a record per claim, all alive until the stage ends and
    none in a reference cycle. Each full collection walks every tracked object of the process,
    and while millions are made at once such collections recur, each longer than the last
    (at 40,000 documents, 12 full collections took 6.9 of reconcile's 43 CPU seconds in the
    build, with a growing share as the corpus grows). Objects are still freed by their
    reference counts meanwhile; only cycles would wait, and these steps make none. Process-wide:
    settling parts in threads at once leaves it on as it was once the last is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def settle_groups(groups: list[Group], context: SettleContext) -> Settled:
    """One fact per group, and a value conflict where its claims disagree; the warnings of value
    judgements that no longer apply. Reads nothing but its arguments: any split of the groups,
    settled anywhere and concatenated in order, gives what settling them all at once gives."""
    out = Settled([], [], [])
    with gc_paused():  # dicts and lists of strings and numbers: no cycles
        for key, group, judgement in groups:
            before = len(out.warnings)
            fact, conflict = settle_fact(
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
    return stage_output(
        facts, conflicts, warnings, prepared.corrections_applied, prepared.withheld,
        prepared.docs, gazetteer,
    )  # fmt: skip
