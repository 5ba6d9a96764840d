"""Issue #21, item 2: what one changed document costs with and without the incremental state.

    .venv/bin/python -m benchmarks.incremental --n 2000 --out benchmarks/out/incremental-n2000.json

In one process, plain path (the stages as functions, `benchmarks.plain`), into a temporary
folder: (1) a full build of an N-document corpus (`benchmarks.corpus`, seed 0), empty caches;
(2) one document edited, its state file deleted first: the build without reuse (every fact group
resolved and reconciled again, as before the state existed); (3) another document edited, with
the state: the incremental build. Each build publishes a release. Seconds per stage from the
run reports. The served path runs these same stages in the flow run's process, so the stages'
seconds are what it pays besides Prefect's per-run cost (docs/SCALE.md, BENCHMARKS.md).

Publish alone, repeatably (what the incremental build hands to `publish_release`, replayed):

    .venv/bin/python -m benchmarks.incremental --n 10000 --work /tmp/inc10k --capture
    .venv/bin/python -m benchmarks.incremental --replay /tmp/inc10k/publish-input \
        --profile publish.prof --sums release.sums

`--capture` keeps the work folder and saves, for the incremental build, the tables and build
info given to `publish_release` and a hard-linked snapshot of dist/ before it ran. `--replay`
publishes them again into a fresh hard-linked copy of that snapshot (seconds, optionally a
cProfile), and writes the sha256 of every file of the new release, so that two versions of
the publish code can be shown to make the same bytes.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import hashlib
import json
import pickle
import pstats
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import generate
from benchmarks.plain import build_plain
from hotspots import pipeline as p
from hotspots.ops import incremental as inc
from hotspots.options import BuildOptions
from hotspots.release import publish_release

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


def timed_build(options: BuildOptions, capture: Path | None = None) -> dict:
    start, cpu = time.perf_counter(), time.process_time()
    if capture is None:
        report = build_plain(options)
    else:
        steps = dataclasses.replace(p.PLAIN, publish=_capturing_publish(capture))
        report = p.build(options, steps, runner="plain")
    stages = {s: report["timings"].get(s) for s in STAGES}
    return {
        "wall_s": round(time.perf_counter() - start, 2),
        "cpu_s": round(time.process_time() - cpu, 2),
        "stages_s": stages,
        "stages_total_s": round(sum(v for v in stages.values() if v), 2),
        "incremental": report.get("incremental"),
        "status": report["status"],
    }


def _capturing_publish(folder: Path):
    """`publish_release` that first saves what it is given (and dist/ as it was) in `folder`."""

    def publish(tables, dist_dir, build_info, **kwargs):
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "input.pkl", "wb") as fh:
            pickle.dump({"tables": tables, "build_info": build_info}, fh, protocol=5)
        # releases are immutable and the registry files are replaced, never written in place:
        # a hard-linked copy is a faithful snapshot
        subprocess.run(["cp", "-al", str(dist_dir), str(folder / "dist")], check=True)
        return publish_release(tables, dist_dir, build_info, **kwargs)

    return publish


def replay(folder: Path, profile: Path | None, sums: Path | None, validated: bool = False) -> dict:
    """Publish the captured input again into a fresh copy of the captured dist/."""
    with open(folder / "input.pkl", "rb") as fh:
        captured = pickle.load(fh)
    dist = folder.parent / "replay-dist"
    shutil.rmtree(dist, ignore_errors=True)
    subprocess.run(["cp", "-al", str(folder / "dist"), str(dist)], check=True)
    profiler = cProfile.Profile() if profile else None
    start, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    # the captured tables had passed the build's validate stage: --validated may say so
    kwargs = {"validated": True} if validated else {}
    result = publish_release(
        captured["tables"], dist, captured["build_info"], consume=True, **kwargs
    )
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    out = {
        "wall_s": round(time.perf_counter() - start, 2),
        "cpu_s": round(time.process_time() - cpu, 2),
        "version": result.version,
        "message": result.message,
    }
    if sums:
        files = sorted(f for f in result.path.rglob("*") if f.is_file())
        sums.write_text(
            "".join(
                f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {f.relative_to(result.path)}\n"
                for f in files
            ),
            encoding="utf-8",
        )
    return out


def run(n: int, work: Path, capture: bool = False) -> dict:
    raw = work / "raw"
    generate(raw, n)
    options = BuildOptions(raw_dir=raw, dist_dir=work / "dist", cache_dir=work / "cache")
    out = {"n": n, "full": timed_build(options)}
    out["changed_without_state_document"] = edit(raw, n // 2)
    inc.state_path(options.cache_dir, raw).unlink()
    out["changed_without_state"] = timed_build(options)
    out["changed_incremental_document"] = edit(raw, n // 3)
    out["changed_incremental"] = timed_build(options, work / "publish-input" if capture else None)
    full = out["full"]["stages_total_s"]
    for name in ("changed_without_state", "changed_incremental"):
        out[name]["over_full"] = round(out[name]["stages_total_s"] / full, 3)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--work", type=Path, help="work folder, kept (default: a temporary one)")
    parser.add_argument("--capture", action="store_true", help="save the incremental publish")
    parser.add_argument("--replay", type=Path, help="publish a captured input again")
    parser.add_argument("--profile", type=Path, help="with --replay: cProfile output")
    parser.add_argument("--sums", type=Path, help="with --replay: sha256 of the release's files")
    parser.add_argument(
        "--validated", action="store_true", help="with --replay: publish_release(validated=True)"
    )
    args = parser.parse_args(argv)
    if args.replay:
        result = replay(args.replay, args.profile, args.sums, args.validated)
    elif args.work:
        args.work.mkdir(parents=True, exist_ok=True)
        result = run(args.n, args.work, args.capture)
    else:
        with tempfile.TemporaryDirectory(prefix="hotspots-incremental-") as tmp:
            result = run(args.n, Path(tmp), args.capture)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
