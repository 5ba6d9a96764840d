"""Reconcile for incremental runs: the settled groups per subject (`subject_parts`), name conflicts
per document, and `finish_incremental`, which merges the subjects prepared now with the untouched
ones of the previous run's state (`hotspots.reconcile.ReconcileState`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import chain

import pandas as pd

from hotspots.curation import StageOutput
from hotspots.name_conflicts import misnomer_aliases, name_conflicts
from hotspots.reconcile import PreparedGroups, ReconcileState, Settled, SubjectPart
from hotspots.reconcile_output import stage_output
from hotspots.reference import Gazetteer
from hotspots.settle import Claim, stale_judgement
from hotspots.text import normalize_name


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
    misnomers = misnomer_aliases(gazetteer)
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
    # each document's rows of `mentions`, documents in order of first row: one pass, not a
    # comparison of the whole column per document (quadratic in the documents)
    rows_of: dict[str, list[int]] = defaultdict(list)
    for i, document_id in enumerate(mentions["document_id"]):
        rows_of[document_id].append(i)
    out = {}
    for document_id, at in rows_of.items():
        rows = name_conflicts(by_doc[document_id], mentions.iloc[at], gazetteer, misnomers)
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
    out = stage_output(
        [f for s in order for f in parts[s].facts],
        conflicts,
        warnings,
        prepared.corrections_applied,
        [c for s in order for c in parts[s].withheld],
        {d: {"name": n} for d, n in zip(ids, documents["name"], strict=True)},
        gazetteer,
    )
    return out, ReconcileState(parts, doc_subjects, names)
