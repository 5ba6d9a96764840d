"""The run report: what every build saw and did, as `dist/reports/<run-id>.json`, recorded
stage by stage (`Stopwatch`, `record_*`). The short summary for people: hotspots.ops.summary;
the parts of a run around its stages (lock, "no change" check): hotspots.ops.run_context.

Light on purpose (no spaCy, no Prefect): the command line uses it before it starts an engine.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hotspots.ops.memory import process_peak_mib, reset_peak, rss_mib, start_steps, take_steps

if TYPE_CHECKING:
    from hotspots.curation import StageOutput
    from hotspots.ingest import IngestResult
    from hotspots.validate import ValidationReport


class NothingToPublish(RuntimeError):
    """No valid document: there is nothing a release could be built from."""


@dataclass
class RunReport:
    run_id: str
    started_at: str
    raw_dir: str
    dist_dir: str
    runner: dict = field(default_factory=dict)  # where the extraction batches ran
    documents_seen: int = 0
    documents_valid: int = 0
    # compared with the input documents of the latest release (`compared_with`, its build.json)
    compared_with: str | None = None
    documents_new: list[str] = field(default_factory=list)
    documents_changed: list[str] = field(default_factory=list)
    documents_removed: list[str] = field(default_factory=list)
    documents_unchanged: int = 0
    quarantined: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    # alias proposals for review, corrections and judgements applied
    curation: dict = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    validation: dict = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    # CPU seconds of this process per stage (all its threads, not its worker processes): on a
    # shared machine the stages' growth with the corpus is read from these, wall times are load
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    cache: dict = field(default_factory=dict)  # extraction cache hits and misses
    lock: dict = field(default_factory=dict)  # how long the run waited, a stale lock it cleared
    fingerprint: dict = field(default_factory=dict)  # hashes of raw/, reference/, code, packages
    provenance: dict = field(default_factory=dict)  # commit, clean tree (hotspots.ops.provenance)
    rules: dict = field(default_factory=dict)  # claims per rule, rules that never fired
    # entities the gazetteer lacks found from typed cues: counts, the first few, the review file
    discovered: dict = field(default_factory=dict)
    # drafts the subject-doubt check refused (hotspots.extract.doubt), counted by shape
    refused: dict = field(default_factory=dict)
    # claims the claim model scored below its threshold, withheld from facts: count, review file
    low_confidence: dict = field(default_factory=dict)
    # full or incremental resolve and reconcile, and why (hotspots.ops.incremental)
    incremental: dict = field(default_factory=dict)
    # resident memory per stage, MiB: its peak and what is left at its end (hotspots.ops.memory);
    # for a stage that marks its steps (publish), "steps": the peak so far and the size after each
    memory: dict = field(default_factory=dict)
    # the process's own peak, MiB (the per-stage resets hide it from ru_maxrss)
    peak_rss_mib: float | None = None
    skipped: str | None = None  # why the build stopped early: inputs identical to an earlier run
    release: dict = field(default_factory=dict)
    status: str = "running"  # published | no_change | failed
    failed_stage: str | None = None
    error: str | None = None
    finished_at: str | None = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def new_run_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


def new_report(
    raw_dir: Path,
    dist_dir: Path,
    run_id: str | None = None,
    runner: str = "local",
    dask_address: str | None = None,
) -> RunReport:
    return RunReport(
        run_id=run_id or new_run_id(),
        started_at=now_iso(),
        raw_dir=str(raw_dir),
        dist_dir=str(dist_dir),
        runner={"name": runner, "address": dask_address},
    )


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def proposals_file(report: RunReport, dist_dir: Path) -> Path:
    """Where this run writes the alias proposals for review: beside its report."""
    return Path(dist_dir) / "reports" / f"{report.run_id}.proposals.csv"


def discovered_file(proposals: Path) -> Path:
    """Where this run lists its discovered entities for review: beside its alias proposals
    (`<run-id>.discovered.csv`)."""
    return proposals.with_name(proposals.name.removesuffix(".proposals.csv") + ".discovered.csv")


def low_confidence_file(report: RunReport, dist_dir: Path) -> Path:
    """Where this run lists the claims withheld from facts for low confidence: beside its report."""
    return Path(dist_dir) / "reports" / f"{report.run_id}.low_confidence.csv"


def refused_file(report: RunReport, dist_dir: Path) -> Path:
    """Where this run lists the drafts its subject-doubt check refused: beside its report."""
    return Path(dist_dir) / "reports" / f"{report.run_id}.refused.csv"


def record_refused(report: RunReport, refused, path: Path) -> None:
    """Write the refused drafts (hotspots.stages.tables.refused_table) to `path` when there are any,
    and name the file in the report (the counts by shape are `hotspots.stages.extraction.count_refused`'s)."""
    report.refused = {**report.refused, "path": None}
    if len(refused):
        report.refused["path"] = str(write_review_csv(refused, path))


def write_review_csv(rows, path: Path) -> Path:
    """`rows` (a DataFrame) as a review file beside the run report, written atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    rows.to_csv(tmp, index=False, lineterminator="\n")
    tmp.replace(path)
    return path


def record_low_confidence(report: RunReport, withheld, path: Path) -> None:
    """Write the withheld claims (hotspots.low_confidence.low_confidence_table) to `path` (only when
    there are any) and count them in the report."""
    report.low_confidence = {"withheld": len(withheld), "path": None}
    if len(withheld):
        report.low_confidence["path"] = str(write_review_csv(withheld, path))
        report.low_confidence["threshold"] = float(withheld["threshold"].iloc[0])


def write_report(report: RunReport, dist_dir: Path) -> Path:
    """dist/reports/<run-id>.json, written atomically."""
    reports = dist_dir / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    path = reports / f"{report.run_id}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(
        json.dumps(report.as_dict(), indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8"
    )
    os.replace(tmp, path)
    return path


class Stopwatch:
    """Records wall time per stage into a report."""

    def __init__(self, report: RunReport) -> None:
        self.report = report

    def __call__(self, stage: str):
        return Timer(self.report, stage)


class Timer:
    def __init__(self, report: RunReport, stage: str) -> None:
        self.report, self.stage = report, stage

    def __enter__(self):
        self.t0, self.c0 = time.perf_counter(), time.process_time()
        self.report.failed_stage = self.stage
        reset_peak()
        start_steps()
        return self

    def __exit__(self, exc_type, exc, tb):
        self.report.timings[self.stage] = round(
            self.report.timings.get(self.stage, 0.0) + time.perf_counter() - self.t0, 4
        )
        self.report.cpu_seconds[self.stage] = round(
            self.report.cpu_seconds.get(self.stage, 0.0) + time.process_time() - self.c0, 4
        )
        rss, steps = rss_mib(), take_steps()
        if rss is not None:
            before = self.report.memory.get(self.stage, {}).get("peak_mib", 0.0)
            self.report.memory[self.stage] = {**rss, "peak_mib": max(before, rss["peak_mib"])}
            if steps:  # where in the stage its peak was (hotspots.ops.memory.mark)
                self.report.memory[self.stage]["steps"] = steps
            self.report.peak_rss_mib = process_peak_mib()
        if exc_type is None:
            self.report.failed_stage = None
        return False


# --- the run report ------------------------------------------------------------------------------
def record_ingest(report: RunReport, ingested: IngestResult) -> None:
    from hotspots.ingest import DOCUMENT_SUFFIXES

    report.documents_valid = len(ingested.documents)
    report.documents_seen = len(ingested.documents) + len(
        [q for q in ingested.quarantined if q.name.endswith(DOCUMENT_SUFFIXES)]
    )
    report.quarantined = [{"name": q.name, "reason": q.reason} for q in ingested.quarantined]
    report.warnings = [
        {"name": d.name, "warning": w} for d in ingested.documents for w in d.warnings
    ]
    if not ingested.documents:
        raise NothingToPublish(
            f"no valid document in {report.raw_dir}: add <name>.txt (UTF-8), .html or .pdf with <name>.meta.json"
            + (
                f"; {len(ingested.quarantined)} file(s) were quarantined, see the report"
                if ingested.quarantined
                else ""
            )
        )


def record_stage(report: RunReport, out: StageOutput) -> StageOutput:
    """A stage's warnings (stale corrections, judgements) and counts (proposals, corrections
    applied); returns the stage's tables, to be merged into the build's (`tables |= ...`)."""
    report.warnings.extend(out.warnings)
    stage = dict(out.report)
    if "discovered" in stage:
        report.discovered = {
            **stage.pop("discovered"),
            "path": stage.pop("discovered_path", None),
        }
    report.curation.update(stage)
    return out


def record_validation(report: RunReport, validation: ValidationReport) -> None:
    from hotspots.validate import ValidationFailed

    report.validation = validation.as_dict()
    report.rows = dict(validation.rows)
    if not validation.ok:
        raise ValidationFailed(validation)


def rule_statistics(
    fired: Mapping[str, int], registered: Iterable[str], registry: str | None
) -> dict:
    """How often each rule fired (claims per rule name) and which registered rules never did: the
    list a maintainer reads to find dead rules. `registry` names where `registered` came from;
    None when the rule names are not known, and then nothing can be called never fired."""
    names = sorted(set(registered))
    stats = {
        "registry": registry,
        "registered": len(names),
        "claims": sum(fired.values()),
        "fired": {name: int(n) for name, n in sorted(fired.items()) if n},
        "never_fired": [name for name in names if not fired.get(name)],
        # a name in the claims that no rule registers: renamed or removed rule, stale cache entry
        "unregistered": sorted(n for n in fired if n not in set(names)) if registry else [],
    }
    if registry is None:
        stats["note"] = (
            "the registered rule names are not known to this code (no rule registry): rules that "
            "never fired cannot be listed"
        )
    return stats


def record_rules(
    report: RunReport, fired: Mapping[str, int], registered: Iterable[str], registry: str | None
) -> None:
    report.rules = rule_statistics(fired, registered, registry)


def record_release(report: RunReport, result) -> None:
    report.release = {
        "version": result.version,
        "path": str(result.path) if result.path else None,
        "bump": result.bump,
        "previous": result.previous,
        "changed": result.changed,
        "message": result.message,
        # "extractor_only": the rebuild differed from the latest release only in extractor_version
        "skipped": getattr(result, "skipped", None),
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
