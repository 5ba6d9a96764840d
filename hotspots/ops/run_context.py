"""The parts of a run around its stages: the lock (`locked`), the report itself (`reporting`),
the early "no change" when the inputs are those of the last good run (`skip_if_unchanged`, and
`preflight` for the command line), and which documents changed since the latest release
(`record_changes`). The report they fill: hotspots.ops.report.

Light on purpose (no spaCy, no Prefect): the command line uses it before it starts an engine.
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from hotspots.ops.fingerprint import input_fingerprint, unchanged_since
from hotspots.ops.lock import DEFAULT_MAX_AGE, LockBusy, RunLock
from hotspots.ops.report import RunReport, Timer, finish, new_report, record_failure
from hotspots.release.registry import latest_version

if TYPE_CHECKING:
    from hotspots.ingest import Document
    from hotspots.options import BuildOptions


def previous_inputs(dist_dir: Path, version: str | None) -> dict[str, str]:
    """{document name: sha256} of the documents a release was built from (its build.json)."""
    path = Path(dist_dir) / version / "build.json" if version else None
    if path is None or not path.is_file():
        return {}
    info = json.loads(path.read_text(encoding="utf-8"))
    return {d["name"]: d["sha256"] for d in info.get("input_documents", [])}


def record_changes(report: RunReport, documents: list[Document], dist_dir: Path) -> None:
    """Which documents are new, changed or gone since the latest release was built."""
    latest = latest_version(Path(dist_dir))
    before = previous_inputs(dist_dir, latest)
    now = {d.name: d.sha256 for d in documents}
    report.compared_with = latest
    report.documents_new = sorted(set(now) - set(before))
    report.documents_changed = sorted(n for n in now if n in before and before[n] != now[n])
    report.documents_removed = sorted(set(before) - set(now))
    report.documents_unchanged = sum(1 for n in now if before.get(n) == now[n])


def skip_if_unchanged(
    report: RunReport, raw_dir: Path, reference_dir: Path, dist_dir: Path, force: bool = False
) -> bool:
    """Record the inputs' fingerprint; unless `force`, when the last good run had the same inputs
    and its release is still the latest, fill the report from that run ("no change"), return True."""
    if not Path(raw_dir).is_dir():
        return False  # ingest says what is wrong
    report.fingerprint = input_fingerprint(Path(raw_dir), Path(reference_dir))
    if force:
        return False
    latest = latest_version(Path(dist_dir))
    run = unchanged_since(Path(dist_dir), report.fingerprint, latest)
    if run is None:
        return False
    for name in (
        "documents_seen",
        "documents_valid",
        "quarantined",
        "warnings",
        "curation",
        "discovered",
        "rows",
        "validation",
        "rules",
    ):
        setattr(report, name, run.get(name, getattr(report, name)))
    report.compared_with = latest
    report.documents_unchanged = run.get("documents_valid", 0)
    report.skipped = (
        f"inputs identical to run {run['run_id']}, whose release {latest} is still the latest"
    )
    report.release = {
        "version": latest,
        "path": str(Path(dist_dir) / latest),
        "bump": None,
        "previous": latest,
        "changed": False,
        "message": f"no change since {latest} (inputs identical to run {run['run_id']}; nothing rebuilt, --force rebuilds)",
    }
    return True


@contextlib.contextmanager
def locked(report: RunReport, dist_dir: Path, wait: float = 0.0, max_age: float = DEFAULT_MAX_AGE):
    """Hold dist/.run.lock for the block (stage "lock" while waiting for it); see hotspots.ops.lock."""
    lock = RunLock(Path(dist_dir), report.run_id, wait=wait, max_age=max_age)
    with Timer(report, "lock"):
        try:
            lock.acquire()
        finally:
            report.lock = lock.as_dict()
    try:
        yield lock
    finally:
        lock.release()
        report.lock = lock.as_dict()
        if lock.lost:
            report.warnings.append({"name": "lock", "warning": lock.lost})


@contextlib.contextmanager
def reporting(report: RunReport, dist_dir: Path):
    """Around a whole run: a failure is recorded with its stage and re-raised; the report is
    written at the end, whatever happened."""
    t0 = time.perf_counter()
    try:
        yield report
    except BaseException as exc:
        record_failure(report, exc)
        raise
    finally:
        report.timings["total"] = round(time.perf_counter() - t0, 4)
        finish(report, dist_dir)


def preflight(options: BuildOptions, run_id: str | None = None) -> dict | None:
    """What the command line does before it starts an engine (Prefect costs seconds to start):
    under the lock, when the inputs are those of the last good run, finish this run as "no
    change"; when another run holds the lock and `options.wait_seconds` is 0, finish it as failed
    (stage "lock"). Either way the report is written and returned; None means the flow has to run."""
    t0 = time.perf_counter()
    raw_dir, dist_dir, reference_dir = options.raw_dir, options.dist_dir, options.reference_dir
    report = new_report(raw_dir, dist_dir, run_id, options.runner, options.dask_address)
    try:
        with locked(report, dist_dir, 0.0, options.lock_max_age):
            if options.force or not skip_if_unchanged(report, raw_dir, reference_dir, dist_dir):
                return None
            report.timings["total"] = round(time.perf_counter() - t0, 4)
            finish(report, dist_dir)
            return report.as_dict()
    except LockBusy as exc:
        if options.wait_seconds > 0:
            return None  # the flow waits for it
        record_failure(report, exc)
        report.timings["total"] = round(time.perf_counter() - t0, 4)
        finish(report, dist_dir)
        return report.as_dict()
