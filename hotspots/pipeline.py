"""The build's stages as plain functions: what the Prefect flow (flows/build.py) calls, task by task.

Each function takes and returns plain data, so it can be tested and benchmarked without Prefect.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from hotspots import __version__
from hotspots.curation import StageOutput, corrected_entities, load_corrections, load_judgements
from hotspots.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION, DocumentExtraction, Extractor
from hotspots.ingest import Document, IngestResult, ingest
from hotspots.reconcile import reconcile
from hotspots.reference import DEFAULT_REFERENCE_DIR, Gazetteer, load_gazetteer, reference_hash
from hotspots.resolve import resolve
from hotspots.validate import ValidationReport, validate_tables
from schemas import columns

DEFAULT_BATCH_SIZE = 200


class NothingToPublish(RuntimeError):
    """No valid document: there is nothing a release could be built from."""


@dataclass
class RunReport:
    run_id: str
    started_at: str
    raw_dir: str
    dist_dir: str
    documents_seen: int = 0
    documents_valid: int = 0
    quarantined: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    curation: dict = field(default_factory=dict)  # alias proposals for review, corrections/judgements applied
    rows: dict[str, int] = field(default_factory=dict)
    validation: dict = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    release: dict = field(default_factory=dict)
    status: str = "running"
    failed_stage: str | None = None
    error: str | None = None
    finished_at: str | None = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def new_run_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def code_version() -> str:
    """The git commit of the code, with '+dirty' when the tree has changes; the package version otherwise."""
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "hotspots", "schemas", "flows", "reference"], cwd=root, capture_output=True, text=True, timeout=5).stdout.strip()
        return f"{__version__}+g{commit[:12]}{'.dirty' if dirty else ''}"
    except (OSError, subprocess.SubprocessError):
        return __version__


# --- stages ------------------------------------------------------------------------------------
def ingest_documents(raw_dir: Path) -> IngestResult:
    return ingest(raw_dir)


def batches(documents: list[Document], size: int = DEFAULT_BATCH_SIZE) -> list[list[Document]]:
    return [documents[i : i + size] for i in range(0, len(documents), size)]


_EXTRACTORS: dict[str, Extractor] = {}


def extract_batch(documents: list[Document], reference_dir: Path = DEFAULT_REFERENCE_DIR) -> list[DocumentExtraction]:
    """Mentions and claims of one batch. The matcher is built once per process and reference data."""
    key = str(reference_dir) + ":" + reference_hash(reference_dir)
    extractor = _EXTRACTORS.get(key)
    if extractor is None:
        extractor = _EXTRACTORS[key] = Extractor(load_gazetteer(reference_dir))
    return [extractor.extract(doc) for doc in documents]


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
    mentions = pd.DataFrame([m for e in extractions for m in e.mentions], columns=columns("mentions"))
    claims = pd.DataFrame([c for e in extractions for c in e.claims], columns=columns("claims"))
    mentions = mentions.astype({"char_start": "int64", "char_end": "int64"})
    claims = claims.astype({"char_start": "int64", "char_end": "int64", "value": "float64"})
    return {"mentions": mentions, "claims": claims}


def resolve_entities(gazetteer: Gazetteer, tables: dict[str, pd.DataFrame], documents: list[Document] | None = None,
                     reference_dir: Path = DEFAULT_REFERENCE_DIR, proposals_path: Path | None = None) -> StageOutput:
    """entities, aliases, relations; given the documents, also the alias proposals for review
    (written to `proposals_path`, e.g. dist/reports/<run-id>.proposals.csv; counted in `.report`)."""
    texts = {d.document_id: d.text for d in documents} if documents is not None else None
    return resolve(gazetteer, tables["mentions"], tables["claims"], texts, load_judgements(reference_dir), proposals_path,
                   also=corrected_entities(load_corrections(reference_dir)))


def reconcile_claims(gazetteer: Gazetteer, tables: dict[str, pd.DataFrame], reference_dir: Path = DEFAULT_REFERENCE_DIR) -> StageOutput:
    """facts, conflicts, cluster_rankings; `.warnings` lists corrections and judgements that no longer apply."""
    return reconcile(tables["claims"], tables["documents"], tables["mentions"], gazetteer, reference_dir)


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
        "input_documents": [{"name": d.name, "sha256": d.sha256} for d in documents],
        "quarantined": report.quarantined,
        "timings": report.timings,
        "python": platform.python_version(),
    }


def write_report(report: RunReport, dist_dir: Path) -> Path:
    """dist/reports/<run-id>.json, written atomically."""
    reports = dist_dir / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    path = reports / f"{report.run_id}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(report.as_dict(), indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


class Stopwatch:
    """Records wall time per stage into a report."""

    def __init__(self, report: RunReport) -> None:
        self.report = report

    def __call__(self, stage: str):
        return _Timer(self.report, stage)


class _Timer:
    def __init__(self, report: RunReport, stage: str) -> None:
        self.report, self.stage = report, stage

    def __enter__(self):
        self.t0 = time.perf_counter()
        self.report.failed_stage = self.stage
        return self

    def __exit__(self, exc_type, exc, tb):
        self.report.timings[self.stage] = round(self.report.timings.get(self.stage, 0.0) + time.perf_counter() - self.t0, 4)
        if exc_type is None:
            self.report.failed_stage = None
        return False


# --- the run report ------------------------------------------------------------------------------
def record_ingest(report: RunReport, ingested: IngestResult) -> None:
    report.documents_valid = len(ingested.documents)
    report.documents_seen = len(ingested.documents) + len([q for q in ingested.quarantined if q.name.endswith(".txt")])
    report.quarantined = [{"name": q.name, "reason": q.reason} for q in ingested.quarantined]
    report.warnings = [{"name": d.name, "warning": w} for d in ingested.documents for w in d.warnings]
    if not ingested.documents:
        raise NothingToPublish(
            f"no valid document in {report.raw_dir}: add <name>.txt (UTF-8) with <name>.meta.json"
            + (f"; {len(ingested.quarantined)} file(s) were quarantined, see the report" if ingested.quarantined else "")
        )


def record_stage(report: RunReport, out: StageOutput) -> None:
    """A stage's warnings (stale corrections, judgements) and counts (proposals, corrections applied)."""
    report.warnings.extend(out.warnings)
    report.curation.update(out.report)


def record_validation(report: RunReport, validation: ValidationReport) -> None:
    from hotspots.validate import ValidationFailed

    report.validation = validation.as_dict()
    report.rows = dict(validation.rows)
    if not validation.ok:
        raise ValidationFailed(validation)


def record_release(report: RunReport, result) -> None:
    report.release = {
        "version": result.version,
        "path": str(result.path) if result.path else None,
        "bump": result.bump,
        "previous": result.previous,
        "changed": result.changed,
        "message": result.message,
    }


def record_failure(report: RunReport, exc: BaseException) -> None:
    report.status = "failed"
    report.error = f"{type(exc).__name__}: {exc}"


def finish(report: RunReport, dist_dir: Path) -> None:
    if report.status == "running":
        report.status = "published" if report.release.get("changed") else "no_change"
    report.finished_at = now_iso()
    try:
        write_report(report, dist_dir)
    except OSError as exc:  # a report that cannot be written must not hide the run's own outcome
        report.warnings.append({"name": "report", "warning": f"could not write run report: {exc}"})
