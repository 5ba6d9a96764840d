"""Issue #21, item 1: memory and time of the plain build as the corpus grows (5,000 to 100,000).

    .venv/bin/python -m benchmarks.scale --sizes 5000,20000 --work /tmp/scale --out benchmarks/out/scale.json

For each size N: the corpus of `benchmarks.corpus` (seed 0; written once into WORK/raw-N and
reused), then one full plain build (`benchmarks.plain`: every stage, publishing a release) in a
fresh process with an empty extraction cache. Recorded per build: wall and CPU time and peak
resident memory of the process (`os.wait4`), and from its run report each stage's seconds and
its own peak and end resident memory (`RunReport.memory`, hotspots.ops.memory). With `--tables`
the build also records, as validation starts, the deep size of every table and of each column
over 10 MiB: what holds the memory between the stages. Growth exponents (log-log slope) of each
stage's seconds and of the memory per document come from consecutive sizes.

`--keep` keeps each release (WORK/dist-LABEL-N) for a byte comparison (`--compare A B`: every
file of two releases, and every member of their archives, except those that carry run ids and
times, and the archive's checksum, which follows from them).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import math
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

STAGES = ("check", "ingest", "extract", "resolve", "reconcile", "validate", "publish")
# carry the run id, times or their checksums: differ between any two builds
VOLATILE = {"build.json", "datapackage.json", "index.html", "SHA256SUMS"}


def corpus(work: Path, n: int) -> Path:
    """WORK/raw-N, written once (a `.complete` marker says the folder is whole)."""
    from benchmarks.corpus import generate

    raw = work / f"raw-{n}"
    if not (raw / ".complete").exists():
        shutil.rmtree(raw, ignore_errors=True)
        generate(raw, n)
        (raw / ".complete").write_text(str(n), encoding="utf-8")
    return raw


def child(raw: Path, dist: Path, cache: Path, out: Path, tables: bool) -> None:
    """One plain build; its run report (and table sizes) written to `out`."""
    from benchmarks.plain import build_plain
    from hotspots import pipeline as p
    from hotspots.options import BuildOptions

    sizes: dict = {}
    if tables:

        def measured_validate(t):
            # inside the validate stage's timer: its seconds are recorded, to be subtracted
            start = time.perf_counter()
            sizes.update(table_sizes(t))
            sizes["seconds"] = round(time.perf_counter() - start, 2)
            return p.validate(t)

        p.PLAIN = dataclasses.replace(p.PLAIN, validate=measured_validate)
    report = build_plain(BuildOptions(raw_dir=raw, dist_dir=dist, cache_dir=cache))
    out.write_text(json.dumps({"report": report, "tables": sizes}, default=str), encoding="utf-8")


def table_sizes(tables: dict) -> dict:
    """MiB per table (pandas' deep memory usage) and per column over 10 MiB, with its dtype."""
    out = {}
    for name, frame in tables.items():
        usage = frame.memory_usage(deep=True, index=True)
        out[name] = {
            "rows": len(frame),
            "mib": round(usage.sum() / 2**20, 1),
            "columns": {
                str(c): {"mib": round(v / 2**20, 1), "dtype": str(frame[c].dtype)}
                for c, v in usage.items()
                if c != "Index" and v > 10 * 2**20
            },
        }
    return out


def measure(work: Path, code: Path, label: str, n: int, keep: bool, tables: bool) -> dict:
    from benchmarks.run import process_peak

    raw = corpus(work, n)
    dist, cache = (work / f"{kind}-{label}-{n}" for kind in ("dist", "cache"))
    out = work / f"report-{label}-{n}.json"
    for folder in (dist, cache):
        shutil.rmtree(folder, ignore_errors=True)
    cmd = [sys.executable, "-m", "benchmarks.scale", "--child", str(raw), str(dist), str(cache)]
    cmd += [str(out)] + (["--tables"] if tables else [])
    load = os.getloadavg()
    start = time.perf_counter()
    # the frozen copy of the code first on the path: the tree may be edited during a long run
    env = {**os.environ, "PYTHONPATH": str(code)}
    proc = subprocess.Popen(cmd, env=env, cwd=code)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    result = {
        "n": n,
        "returncode": os.waitstatus_to_exitcode(status),
        "wall_s": round(wall, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "load_before_after": [round(load[0], 1), round(os.getloadavg()[0], 1)],
    }
    if out.exists():
        data = json.loads(out.read_text(encoding="utf-8"))
        report = data["report"]
        result["status"] = report["status"]
        result["stages_s"] = {s: report["timings"].get(s) for s in STAGES}
        result["stages_cpu_s"] = {s: (report.get("cpu_seconds") or {}).get(s) for s in STAGES}
        result["stages_memory_mib"] = report.get("memory", {})
        result["peak_rss_mib"] = process_peak(result["peak_rss_mib"], report)
        result["rows"] = report.get("rows", {})
        result["tables_mib"] = data["tables"]
    shutil.rmtree(cache, ignore_errors=True)
    if not keep:
        shutil.rmtree(dist, ignore_errors=True)
    return result


def growth(results: list[dict]) -> list[dict]:
    """Log-log slopes between consecutive sizes: each stage's seconds, the whole wall time, and
    the peak memory above the smallest size's (the part that grows with N) per document."""
    out = []
    ok = [r for r in results if r.get("stages_s")]
    for a, b in itertools.pairwise(ok):
        ratio = math.log(b["n"] / a["n"])
        slopes = {
            s: round(math.log(b["stages_s"][s] / a["stages_s"][s]) / ratio, 2)
            for s in STAGES
            if a["stages_s"].get(s) and b["stages_s"].get(s)
        }
        slopes["wall"] = round(math.log(b["wall_s"] / a["wall_s"]) / ratio, 2)
        # CPU seconds: on a shared machine the wall-time slopes above are mostly the load
        cpu_a, cpu_b = a.get("stages_cpu_s") or {}, b.get("stages_cpu_s") or {}
        cpu_slopes = {
            s: round(math.log(cpu_b[s] / cpu_a[s]) / ratio, 2)
            for s in STAGES
            if cpu_a.get(s) and cpu_b.get(s)
        }
        cpu_slopes["process"] = round(math.log(b["cpu_s"] / a["cpu_s"]) / ratio, 2)
        per_doc = {
            s: round(
                (b["stages_memory_mib"][s]["peak_mib"] - a["stages_memory_mib"][s]["peak_mib"])
                / (b["n"] - a["n"])
                * 1024,
                1,
            )
            for s in STAGES
            if s in a.get("stages_memory_mib", {}) and s in b.get("stages_memory_mib", {})
        }
        per_doc["process"] = round(
            (b["peak_rss_mib"] - a["peak_rss_mib"]) / (b["n"] - a["n"]) * 1024, 1
        )
        out.append(
            {
                "from": a["n"],
                "to": b["n"],
                "exponent": slopes,
                "cpu_exponent": cpu_slopes,
                "peak_kib_per_document": per_doc,
            }
        )
    return out


def compare(a: Path, b: Path) -> list[str]:
    """Files that differ between two releases (dist folders: each's `latest/`), or exist in one
    only, apart from VOLATILE; [] when every other file is byte-identical."""
    import filecmp

    ra, rb = (d / "latest" if (d / "latest").is_dir() else d for d in (a, b))
    files_a = {p.relative_to(ra) for p in ra.rglob("*") if p.is_file()}
    files_b = {p.relative_to(rb) for p in rb.rglob("*") if p.is_file()}
    diff = sorted(str(f) + " (only in one)" for f in files_a ^ files_b)
    for f in sorted(files_a & files_b):
        if f.name in VOLATILE or filecmp.cmp(ra / f, rb / f, shallow=False):
            continue
        if f.suffix == ".zip":  # the archive holds the volatile files too: compare its members
            diff += [f"{f}:{m}" for m in _zip_diff(ra / f, rb / f)]
        elif not (f.name.endswith(".zip.sha256") and (ra / f.with_suffix("")).exists()):
            diff.append(str(f))  # (an archive's checksum differs with the archive's build.json)
    return diff


def _zip_diff(a: Path, b: Path) -> list[str]:
    import zipfile

    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        names_a, names_b = set(za.namelist()), set(zb.namelist())
        diff = sorted(n + " (only in one)" for n in names_a ^ names_b)
        for name in sorted(names_a & names_b):
            if Path(name).name not in VOLATILE and za.read(name) != zb.read(name):
                diff.append(name)
    return diff


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,20000")
    parser.add_argument("--work", type=Path, default=Path("/tmp/hotspots-scale"))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--label", default="run", help="names the code snapshot and the folders")
    parser.add_argument("--keep", action="store_true", help="keep each release (WORK/dist-N)")
    parser.add_argument("--tables", action="store_true", help="record table and column sizes")
    parser.add_argument("--child", nargs=4, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("DIST_A", "DIST_B"))
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child, tables=args.tables)
        return 0
    if args.compare:
        diff = compare(*args.compare)
        print(
            "identical (apart from " + ", ".join(sorted(VOLATILE)) + ")"
            if not diff
            else "\n".join(diff)
        )
        return 1 if diff else 0
    from benchmarks.run import snapshot

    args.work.mkdir(parents=True, exist_ok=True)
    code, info = snapshot(args.work / f"code-{args.label}")
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        print(time.strftime("%H:%M:%S"), f"N={n}: building", flush=True)
        results.append(measure(args.work, code, args.label, n, args.keep, args.tables))
        print(time.strftime("%H:%M:%S"), json.dumps(results[-1]), flush=True)
        summary = {"label": args.label, "code": info, "results": results, "growth": growth(results)}
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(growth(results), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
