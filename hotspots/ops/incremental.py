"""Incremental rebuilds: what a run keeps so the next one resolves and reconciles only what its
changed documents touch.

A state file sits next to the extraction cache, `<cache-dir>/state/<raw folder hash>.pickle`,
one per raw/ folder. It holds

- its **key**: everything besides the documents the kept results depend on (the extraction
  cache's key parts: extractor version, reference data — gazetteer, judgements, corrections,
  source authority, claim model — and the extraction code; plus the hash of all of the
  project's code and a format number). Any difference and the run is a full one, its reason in
  the run report (`incremental`);
- a **fingerprint per document** (a hash of its documents-table row: bytes, converted text,
  sidecar): what a document's mentions and claims follow from once the key is the same, so a
  document whose fingerprint is unchanged has the same rows;
- resolve's **name candidates per document** (the alias proposals' first step, a scan of
  every text) and reconcile's **parts per subject** (`hotspots.reconcile.ReconcileState`).

A run compares the fingerprints, re-does those parts for the documents added, changed or
removed, and writes the new state (atomically: a temporary file renamed into place). The state
is a cache: deleting it costs one full run; a state that cannot be read means a full run (said
in the report), one that cannot be written only means the next run is full. Pickle, not JSON:
the kept rows hold floats, NaN, None and pandas' NA, and must come back exactly as they were to
give byte-identical tables; the file is this project's own cache, read only from its cache
folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hotspots.ops.cache import code_hash, default_cache_dir, key_parts

if TYPE_CHECKING:
    import pandas as pd

    from hotspots.reconcile import ReconcileState

STATE_FORMAT = 1
# The code the kept results depend on: all of it (a change to resolve, reconcile, curation or the
# schemas must not reuse results computed by the old code).
STATE_CODE = ("hotspots", "schemas")
KEY_WORDS = {
    "extractor": "extractor version",
    "reference": "reference data (gazetteer, judgements, corrections, source authority, model)",
    "code": "extraction code",
    "project_code": "project code",
    "spacy": "spaCy version",
    "format": "extraction cache format",
    "state_format": "state format",
}


@dataclass
class BuildState:
    key: dict[str, str]
    fingerprints: dict[str, str]  # document_id -> document_fingerprint
    candidates: dict[str, list]  # document_id -> its NameCandidates (hotspots.proposals)
    reconcile: ReconcileState


@dataclass
class Increment:
    """This run's plan: `previous` is None for a full run (`reason` says why), else the documents
    added, changed or removed since it (`changed`) are the only ones redone."""

    path: Path | None  # where the state is kept; None: no state (--no-cache)
    key: dict[str, str]
    fingerprints: dict[str, str]
    previous: BuildState | None = None
    changed: set[str] = field(default_factory=set)
    reason: str = ""
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        return self.path is not None


def state_key(reference_dir: Path) -> dict[str, str]:
    return {
        **key_parts(reference_dir),
        "project_code": code_hash(STATE_CODE),
        "state_format": str(STATE_FORMAT),
    }


def state_path(cache_dir: Path | str | None, raw_dir: Path) -> Path:
    root = Path(cache_dir) if cache_dir else default_cache_dir()
    name = hashlib.sha256(str(Path(raw_dir).resolve()).encode()).hexdigest()[:24]
    return root / "state" / f"{name}.pickle"


def document_fingerprints(documents: pd.DataFrame) -> dict[str, str]:
    """document_id -> hash of its whole documents-table row."""
    cols = list(documents.columns)
    out = {}
    for row in zip(*(documents[c] for c in cols), strict=True):
        text = json.dumps([str(v) for v in row], ensure_ascii=False)
        out[row[cols.index("document_id")]] = hashlib.sha256(text.encode()).hexdigest()
    return out


def plan(
    documents: pd.DataFrame,
    raw_dir: Path,
    reference_dir: Path,
    cache_dir: Path | str | None,
    enabled: bool = True,
) -> Increment:
    """Read the previous state and compare: an incremental plan, or a full one and why."""
    fingerprints = document_fingerprints(documents)
    if not enabled:
        return Increment(None, {}, fingerprints, reason="no state kept (--no-cache)")
    key = state_key(reference_dir)
    path = state_path(cache_dir, raw_dir)
    inc = Increment(path, key, fingerprints)
    try:
        with path.open("rb") as f:
            previous = pickle.load(f)
    except FileNotFoundError:
        inc.reason = "no previous state"
        return inc
    except Exception as exc:  # any unreadable state (a truncated or foreign pickle): a full run
        inc.reason = f"previous state unreadable ({type(exc).__name__}: {exc})"
        return inc
    if not isinstance(previous, BuildState):
        inc.reason = "previous state unreadable (not a build state)"
        return inc
    differ = [k for k in sorted(set(key) | set(previous.key)) if key.get(k) != previous.key.get(k)]
    if differ:
        inc.reason = "changed since the previous state: " + ", ".join(
            KEY_WORDS.get(k, k) for k in differ
        )
        return inc
    before = previous.fingerprints
    inc.changed = {d for d, fp in fingerprints.items() if before.get(d) != fp}
    inc.changed |= set(before) - set(fingerprints)
    inc.previous = previous
    return inc


def save(inc: Increment, candidates: dict[str, list], reconciled: ReconcileState) -> str | None:
    """Write the state for the next run; the error in words when it could not be written."""
    if inc.path is None:
        return None
    state = BuildState(inc.key, inc.fingerprints, candidates, reconciled)
    tmp = inc.path.parent / f".{inc.path.stem}.{secrets.token_hex(4)}.tmp"
    try:
        inc.path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, inc.path)
    except (OSError, pickle.PicklingError) as exc:
        return f"could not write the incremental state {inc.path}: {exc}"
    finally:
        tmp.unlink(missing_ok=True)
    return None


def summary(inc: Increment, documents: int) -> dict[str, Any]:
    """The run report's `incremental` entry."""
    if inc.previous is None:
        return {
            "mode": "full",
            "reason": inc.reason,
            "state": str(inc.path) if inc.path else None,
            **inc.report,
        }
    return {
        "mode": "incremental",
        "state": str(inc.path),
        "documents": documents,
        "documents_redone": len(inc.changed),
        **inc.report,
    }
