"""The resolve stage (entities, aliases, relations, alias proposals) and the reconcile stage
(facts, conflicts, rankings): whole, or reconcile in three steps for a runner that settles the
fact groups as tasks (`group_claims`, `settle_parts`/`settle_part`, `finish_claims`)."""

from __future__ import annotations

import gc
from pathlib import Path

import pandas as pd

from hotspots.curation import StageOutput, corrected_entities, load_corrections, load_judgements
from hotspots.ingest import Document
from hotspots.ops import incremental as inc
from hotspots.ops.report import discovered_file
from hotspots.reconcile import (
    PreparedGroups,
    SettleContext,
    Settled,
    finish_reconcile,
    prepare_groups,
    reconcile,
    settle_groups,
)
from hotspots.reconcile_incremental import finish_incremental
from hotspots.reference import DEFAULT_REFERENCE_DIR, Gazetteer
from hotspots.resolve import resolve


def resolve_entities(
    gazetteer: Gazetteer,
    tables: dict[str, pd.DataFrame],
    documents: list[Document] | None = None,
    reference_dir: Path = DEFAULT_REFERENCE_DIR,
    proposals_path: Path | None = None,
    increment: inc.Increment | None = None,
) -> StageOutput:
    """entities, aliases, relations; given the documents, also the alias proposals for review
    (written to `proposals_path`, e.g. dist/reports/<run-id>.proposals.csv; counted in `.report`).
    Given an `increment` (hotspots.ops.incremental), the proposals' name candidates are found
    again only in its changed documents; `.candidates` holds them per document for the next run."""
    texts = {d.document_id: d.text for d in documents} if documents is not None else None
    candidates = None
    if texts is not None and increment is not None and increment.enabled:
        candidates = name_candidates(texts, increment)
    out = resolve(
        gazetteer,
        tables["mentions"],
        tables["claims"],
        texts,
        load_judgements(reference_dir),
        proposals_path,
        also=corrected_entities(load_corrections(reference_dir)),
        discovered=tables.get("discovered"),
        discovered_path=discovered_file(proposals_path) if proposals_path is not None else None,
        candidates=None
        if candidates is None
        else [c for d in sorted(candidates) for c in candidates[d]],
    )
    out.candidates = candidates
    return out


def name_candidates(texts: dict[str, str], increment: inc.Increment) -> dict[str, list]:
    """Each document's name candidates (hotspots.proposals.find_candidate_names, which reads one
    text at a time): the previous run's for unchanged documents, found again for the rest."""
    from hotspots.proposals import find_candidate_names

    previous = (increment.previous.candidates if increment.previous is not None else None) or {}
    todo = {d: t for d, t in texts.items() if d in increment.changed or d not in previous}
    out: dict[str, list] = {d: [] for d in todo}
    for candidate in find_candidate_names(todo):
        out[candidate.document_id].append(candidate)
    out |= {d: previous[d] for d in texts if d not in todo}
    return out


def reconcile_claims(
    gazetteer: Gazetteer,
    tables: dict[str, pd.DataFrame],
    reference_dir: Path = DEFAULT_REFERENCE_DIR,
    increment: inc.Increment | None = None,
) -> StageOutput:
    """facts, conflicts, cluster_rankings; `.warnings` lists corrections and judgements that no longer apply.
    With an `increment` that keeps state, only the subjects its changed documents touch are
    reconciled again, and `.state` is the state for the next run."""
    if increment is None or not increment.enabled:
        out = reconcile(
            tables["claims"], tables["documents"], tables["mentions"], gazetteer, reference_dir
        )
    else:
        prepared = group_claims(gazetteer, tables, reference_dir, increment)
        settled = settle_groups(prepared.groups, prepared.context(prepared.groups))
        out = finish_claims(gazetteer, tables, prepared, [settled], increment)
        del prepared, settled
    # One full collection now, the claim records gone: the stage paused the collector while it
    # made them (hotspots.reconcile.gc_paused), so the collections that would have found the
    # cycles pandas left meanwhile come later than before. Left to the thresholds, they came
    # during publish, whose peak rose (10,000 documents, extraction cached: 737.6 MiB before
    # the pause, 759.4 with it, 736.4 with this collection, which costs about 0.2 CPU seconds).
    gc.collect()
    return out


# The reconcile stage in three steps, for a runner that settles the fact groups as tasks
# (flows/build.py); `reconcile_claims` is the same three steps in one call.
def group_claims(
    gazetteer: Gazetteer,
    tables: dict[str, pd.DataFrame],
    reference_dir: Path = DEFAULT_REFERENCE_DIR,
    increment: inc.Increment | None = None,
) -> PreparedGroups:
    """The claims grouped into facts, in key order (hotspots.reconcile.prepare_groups); with an
    incremental plan, those of the subjects its changed documents touch."""
    previous = increment.previous if increment is not None else None
    return prepare_groups(
        tables["claims"],
        tables["documents"],
        gazetteer,
        reference_dir,
        previous=previous.reconcile if previous is not None else None,
        changed=increment.changed if increment is not None else (),
    )


def settle_parts(prepared: PreparedGroups, size: int) -> list[dict]:
    """The fact groups in consecutive parts of at most `size`, each with what settling it reads:
    the keyword arguments of one `settle_part` task each."""
    groups = prepared.groups
    parts = [groups[i : i + size] for i in range(0, len(groups), size)]
    return [{"groups": part, "context": prepared.context(part)} for part in parts]


def settle_part(groups: list, context: SettleContext) -> Settled:
    return settle_groups(groups, context)


def finish_claims(
    gazetteer: Gazetteer,
    tables: dict[str, pd.DataFrame],
    prepared: PreparedGroups,
    settled: list[Settled],
    increment: inc.Increment | None = None,
) -> StageOutput:
    """facts, conflicts, cluster_rankings from the settled parts, in group order; with an
    `increment` that keeps state, merged with the untouched subjects' parts (`.state`)."""
    if increment is None or not increment.enabled:
        return finish_reconcile(prepared, settled, tables["mentions"], gazetteer)
    out, state = finish_incremental(
        prepared, settled, tables["mentions"], tables["documents"], gazetteer
    )
    out.state = state
    increment.report["subjects"] = len(state.subjects)
    increment.report["subjects_redone"] = (
        len(state.subjects) if prepared.touched is None else len(prepared.touched)
    )
    increment.report["fact_groups_settled"] = len(prepared.groups)
    return out
