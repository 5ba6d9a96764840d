"""The build's stages as plain functions: what the Prefect flow (flows/build.py) calls, task by task.

Each function takes and returns plain data, so it can be tested and benchmarked without Prefect.
The run report and the parts of a run around its stages (lock, "no change" check) live in
`hotspots.ops.report` and are re-exported here, so the flow reads `p.<step>` throughout.
"""

from __future__ import annotations

import platform
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from hotspots import __version__
from hotspots.curation import StageOutput, corrected_entities, load_corrections, load_judgements
from hotspots.extract import (
    EXTRACTOR_NAME,
    EXTRACTOR_VERSION,
    DocumentExtraction,
    Extractor,
    share_values,
)
from hotspots.ingest import Document, IngestResult, ingest
from hotspots.ops.cache import ExtractionCache
from hotspots.ops.memory import tune_allocators
from hotspots.ops.report import (  # noqa: F401 - re-exported: the flow and tests call them as p.<name>
    NothingToPublish,
    RunReport,
    Stopwatch,
    finish,
    locked,
    new_report,
    new_run_id,
    now_iso,
    proposals_file,
    record_changes,
    record_failure,
    record_ingest,
    record_release,
    record_stage,
    record_validation,
    reporting,
    skip_if_unchanged,
    summary_lines,
    write_report,
)
from hotspots.reconcile import reconcile
from hotspots.reference import DEFAULT_REFERENCE_DIR, Gazetteer, load_gazetteer, reference_hash
from hotspots.resolve import resolve
from hotspots.validate import ValidationReport, validate_tables
from schemas import columns

# Documents per extraction task: big enough that Prefect's per-task cost (~0.1 s) stays small beside the
# work (~1-2 s per 500 documents), small enough to spread over Dask workers and show progress.
DEFAULT_BATCH_SIZE = 500


def code_version() -> str:
    """The git commit of the code, with '+dirty' when the tree has changes; the package version otherwise."""
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "hotspots", "schemas", "flows", "reference"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
        return f"{__version__}+g{commit[:12]}{'.dirty' if dirty else ''}"
    except (OSError, subprocess.SubprocessError):
        return __version__


# --- stages ------------------------------------------------------------------------------------
def prepare_process(report: RunReport) -> None:
    """Allocator settings for the build's process (hotspots.ops.memory), recorded in the report."""
    report.runner["allocators"] = tune_allocators()


def ingest_documents(raw_dir: Path) -> IngestResult:
    return ingest(raw_dir)


def batches(documents: list[Document], size: int = DEFAULT_BATCH_SIZE) -> list[list[Document]]:
    return [documents[i : i + size] for i in range(0, len(documents), size)]


_EXTRACTORS: dict[str, Extractor] = {}
# Batches run on threads: without the lock every concurrent batch built its own matcher (measured:
# 20 threads, 20 extractors, 20 s of CPU instead of 7 s).
_EXTRACTORS_LOCK = threading.Lock()


def extract_batch(
    documents: list[Document], reference_dir: Path = DEFAULT_REFERENCE_DIR
) -> list[DocumentExtraction]:
    """Mentions and claims of one batch. The matcher is built once per process and reference data."""
    key = str(reference_dir) + ":" + reference_hash(reference_dir)
    with _EXTRACTORS_LOCK:
        extractor = _EXTRACTORS.get(key)
        if extractor is None:
            extractor = _EXTRACTORS[key] = Extractor(load_gazetteer(reference_dir))
    return [extractor.extract(doc) for doc in documents]


def extraction_cache(
    report: RunReport, cache_dir: Path | str | None, reference_dir: Path, enabled: bool = True
) -> ExtractionCache:
    cache = ExtractionCache(Path(cache_dir) if cache_dir else None, reference_dir, enabled=enabled)
    report.cache = cache.as_dict()
    return cache


def merge_extractions(
    report: RunReport,
    cache: ExtractionCache,
    documents: list[Document],
    found: dict[str, DocumentExtraction],
    extracted: list[DocumentExtraction],
) -> list[DocumentExtraction]:
    """Cached and freshly extracted results in document order; the fresh ones go into the cache."""
    cache.store(documents, extracted)
    report.cache = cache.as_dict()
    for e in extracted:
        share_values(e.mentions, cache.strings)
        share_values(e.claims, cache.strings)
    by_id = {**found, **{e.document_id: e for e in extracted}}
    missing = [d.name for d in documents if d.document_id not in by_id]
    if missing:
        raise RuntimeError(
            f"extraction returned no result for {len(missing)} document(s), e.g. {missing[0]}"
        )
    return [by_id[d.document_id] for d in documents]


def extracted_tables(
    report: RunReport,
    documents: list[Document],
    reference_dir: Path,
    cache_dir: Path | str | None,
    use_cache: bool,
    extract_all: Callable[[list[Document]], list[DocumentExtraction]],
) -> dict[str, pd.DataFrame]:
    """mentions and claims of every document: from the cache, else by `extract_all(documents)`
    (the flow runs it as batches on its task runner, the plain path one batch after another).
    A function of its own so the per-document results are freed once the tables exist (at
    10,000 documents they held hundreds of MiB through every later stage)."""
    cache = extraction_cache(report, cache_dir, reference_dir, use_cache)
    found, todo = cache.lookup(documents)
    fresh = extract_all(todo)
    return extraction_tables(merge_extractions(report, cache, documents, found, fresh))


def documents_table(documents: list[Document]) -> pd.DataFrame:
    rows = [
        {
            "document_id": d.document_id,
            "name": d.name,
            "title": d.meta["title"],
            "url": d.meta["url"],
            "publisher": d.meta["publisher"],
            "published": d.meta["published"],
            "retrieved": d.meta["retrieved"],
            "license": d.meta["license"],
            "language": d.meta["language"],
            "sha256": d.sha256,
            "n_chars": len(d.text),
        }
        for d in documents
    ]
    return pd.DataFrame(rows, columns=columns("documents")).astype({"n_chars": "int64"})


def extraction_tables(extractions: list[DocumentExtraction]) -> dict[str, pd.DataFrame]:
    mentions = pd.DataFrame(
        [m for e in extractions for m in e.mentions], columns=columns("mentions")
    )
    claims = pd.DataFrame([c for e in extractions for c in e.claims], columns=columns("claims"))
    mentions = mentions.astype({"char_start": "int64", "char_end": "int64"})
    claims = claims.astype({"char_start": "int64", "char_end": "int64", "value": "float64"})
    return {"mentions": mentions, "claims": claims}


def resolve_entities(
    gazetteer: Gazetteer,
    tables: dict[str, pd.DataFrame],
    documents: list[Document] | None = None,
    reference_dir: Path = DEFAULT_REFERENCE_DIR,
    proposals_path: Path | None = None,
) -> StageOutput:
    """entities, aliases, relations; given the documents, also the alias proposals for review
    (written to `proposals_path`, e.g. dist/reports/<run-id>.proposals.csv; counted in `.report`)."""
    texts = {d.document_id: d.text for d in documents} if documents is not None else None
    return resolve(
        gazetteer,
        tables["mentions"],
        tables["claims"],
        texts,
        load_judgements(reference_dir),
        proposals_path,
        also=corrected_entities(load_corrections(reference_dir)),
    )


def reconcile_claims(
    gazetteer: Gazetteer,
    tables: dict[str, pd.DataFrame],
    reference_dir: Path = DEFAULT_REFERENCE_DIR,
) -> StageOutput:
    """facts, conflicts, cluster_rankings; `.warnings` lists corrections and judgements that no longer apply."""
    return reconcile(
        tables["claims"], tables["documents"], tables["mentions"], gazetteer, reference_dir
    )


def validate(tables: dict[str, pd.DataFrame]) -> ValidationReport:
    return validate_tables(tables)


def build_info(report: RunReport, documents: list[Document], reference_dir: Path) -> dict:
    return {
        "run_id": report.run_id,
        "started_at": report.started_at,
        "finished_at": now_iso(),
        "code_version": code_version(),
        "extractor_version": f"{EXTRACTOR_NAME}@{EXTRACTOR_VERSION}",
        "reference_hash": reference_hash(reference_dir),
        "input_fingerprint": report.fingerprint.get("combined"),
        "input_documents": [{"name": d.name, "sha256": d.sha256} for d in documents],
        "quarantined": report.quarantined,
        "timings": report.timings,
        "python": platform.python_version(),
    }
