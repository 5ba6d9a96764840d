"""Issue #21, item 2: what one changed document costs with and without the incremental state.

    .venv/bin/python -m benchmarks.incremental --n 2000 --out benchmarks/out/incremental-n2000.json

In one process, plain path (the stages as functions, `benchmarks.plain`), into a temporary
folder: (1) a full build of an N-document corpus (`benchmarks.corpus`, seed 0), empty caches;
(2) one document edited, its state file deleted first: the build without reuse (every fact group
resolved and reconciled again, as before the state existed); (3) another document edited, with
the state: the incremental build. Each build publishes a release. Seconds per stage from the
run reports. The served path runs these same stages in the flow run's process, so the stages'
seconds are what it pays besides Prefect's per-run cost (docs/SCALE.md, BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import generate
from benchmarks.plain import build_plain
from hotspots.ops import incremental as inc
from hotspots.options import BuildOptions

STAGES = ("check", "ingest", "extract", "resolve", "reconcile", "validate", "publish")


def edit(raw: Path, k: int) -> str:
    """Edit document k of the sorted corpus: one more sentence (new bytes, new claims)."""
    path = sorted(raw.glob("*.txt"))[k]
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\nUpdate: the city now counts more than 75 universities and colleges.\n",
        encoding="utf-8",
    )
    return path.name


def timed_build(options: BuildOptions) -> dict:
    start, cpu = time.perf_counter(), time.process_time()
    report = build_plain(options)
    stages = {s: report["timings"].get(s) for s in STAGES}
    return {
        "wall_s": round(time.perf_counter() - start, 2),
        "cpu_s": round(time.process_time() - cpu, 2),
        "stages_s": stages,
        "stages_total_s": round(sum(v for v in stages.values() if v), 2),
        "incremental": report.get("incremental"),
        "status": report["status"],
    }


def run(n: int, work: Path) -> dict:
    raw = work / "raw"
    generate(raw, n)
    options = BuildOptions(raw_dir=raw, dist_dir=work / "dist", cache_dir=work / "cache")
    out = {"n": n, "full": timed_build(options)}
    out["changed_without_state_document"] = edit(raw, n // 2)
    inc.state_path(options.cache_dir, raw).unlink()
    out["changed_without_state"] = timed_build(options)
    out["changed_incremental_document"] = edit(raw, n // 3)
    out["changed_incremental"] = timed_build(options)
    full = out["full"]["stages_total_s"]
    for name in ("changed_without_state", "changed_incremental"):
        out[name]["over_full"] = round(out[name]["stages_total_s"] / full, 3)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hotspots-incremental-") as tmp:
        result = run(args.n, Path(tmp))
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
