"""Issue #21, item 1: the resolve and reconcile stages alone, on captured inputs, in seconds.

    .venv/bin/python -m benchmarks.stage_inputs capture WORK/raw-40000 /tmp/stages
    .venv/bin/python -m benchmarks.stage_inputs run reconcile /tmp/stages --docs 10000,40000
    .venv/bin/python -m benchmarks.stage_inputs run resolve /tmp/stages --docs 40000 --profile /tmp/r.pstats

`capture` runs one plain build (`benchmarks.plain`, empty cache) whose resolve and reconcile steps
first pickle their arguments (STAGES/resolve.pkl, reconcile.pkl): the build's own stage times are
then not representative. `run` loads them and runs the stage as `hotspots.pipeline.build_tables`
does (reconcile with the incremental state written, as a plain build writes it), printing its CPU
seconds; `--docs N` keeps the first N documents of the corpus (document i of the benchmark corpus
does not depend on the corpus' size, so the first N of a captured 40,000 are the N-document corpus
and the tables extracted from them), and `--profile` writes a cProfile of the stage.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import hashlib
import json
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path


def capture(raw: Path, work: Path) -> None:
    from hotspots import pipeline as p
    from hotspots.options import BuildOptions

    work.mkdir(parents=True, exist_ok=True)
    held: dict = {}

    def resolve(gazetteer, tables, documents, ref, proposals, increment):
        with (work / "resolve.pkl").open("wb") as f:
            pickle.dump((gazetteer, dict(tables), documents, ref, increment), f, protocol=5)
        out = p.PLAIN.resolve(gazetteer, tables, documents, ref, proposals, increment)
        held["candidates"] = out.candidates
        return out

    def reconcile(gazetteer, tables, ref, increment):
        with (work / "reconcile.pkl").open("wb") as f:
            pickle.dump(
                (gazetteer, dict(tables), ref, increment, held.pop("candidates")), f, protocol=5
            )
        return p.PLAIN.reconcile(gazetteer, tables, ref, increment)

    steps = dataclasses.replace(p.PLAIN, resolve=resolve, reconcile=reconcile)
    options = BuildOptions(raw_dir=raw, dist_dir=work / "dist", cache_dir=work / "cache")
    report = p.build(options, steps, runner="plain")
    print(json.dumps(report.get("cpu_seconds")), flush=True)


def _first(tables: dict, ids: set) -> dict:
    return {
        name: frame[frame["document_id"].isin(ids)].reset_index(drop=True)
        if "document_id" in frame.columns
        else frame
        for name, frame in tables.items()
    }


def _ids(documents, n: int) -> set:
    """The ids of the first n documents of the benchmark corpus (named bench_<seed>_<i>)."""
    index = documents["name"].str.extract(r"_(\d+)$", expand=False).astype(int)
    return set(documents.loc[index < n, "document_id"])


ID_COLUMNS = ("document_id", "claim_id", "mention_id", "name")


def _copies(tables: dict, k: int) -> dict:
    """Each table with a document_id, K times over: copy i>0 with "-i" after each document,
    claim, mention id and document name (a corpus K times as large with the same values)."""
    import pandas as pd

    out = {}
    for name, frame in tables.items():
        if "document_id" not in frame.columns:
            out[name] = frame
            continue
        parts = [frame]
        for i in range(1, k):
            part = frame.copy()
            for column in ID_COLUMNS:
                if column in part.columns:
                    part[column] = (part[column].astype(object) + f"-{i}").astype(
                        frame[column].dtype
                    )
            parts.append(part)
        out[name] = pd.concat(parts, ignore_index=True)
    return out


def _copied(mapping: dict, k: int) -> dict:
    return mapping | {f"{d}-{i}": v for i in range(1, k) for d, v in mapping.items()}


def load(stage: str, work: Path, n: int | None, copies: int = 1):
    with (work / f"{stage}.pkl").open("rb") as f:
        args = pickle.load(f)
    if copies > 1:
        if stage == "resolve":
            gazetteer, tables, documents, ref, increment = args
            documents = documents + [
                dataclasses.replace(d, document_id=f"{d.document_id}-{i}", name=f"{d.name}-{i}")
                for i in range(1, copies)
                for d in documents
            ]
            increment.fingerprints = _copied(increment.fingerprints, copies)
            return gazetteer, _copies(tables, copies), documents, ref, increment
        gazetteer, tables, ref, increment, candidates = args
        increment.fingerprints = _copied(increment.fingerprints, copies)
        candidates = _copied(candidates, copies)
        return gazetteer, _copies(tables, copies), ref, increment, candidates
    if n is None:
        return args
    if stage == "resolve":
        gazetteer, tables, documents, ref, increment = args
        ids = _ids(tables["documents"], n)
        documents = [d for d in documents if d.document_id in ids]
        increment.fingerprints = {d: v for d, v in increment.fingerprints.items() if d in ids}
        return gazetteer, _first(tables, ids), documents, ref, increment
    gazetteer, tables, ref, increment, candidates = args
    ids = _ids(tables["documents"], n)
    increment.fingerprints = {d: v for d, v in increment.fingerprints.items() if d in ids}
    candidates = {d: c for d, c in candidates.items() if d in ids}
    return gazetteer, _first(tables, ids), ref, increment, candidates


def _frame_digest(frame) -> str:
    import pandas as pd

    h = hashlib.sha256(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    h.update(pd.util.hash_pandas_object(frame, index=True).values.tobytes())
    return h.hexdigest()


def digest(out, tmp: Path) -> str:
    """One sha256 of a stage's tables, warnings, report and the review files it wrote: what must
    not change when the stage gets faster."""
    import pandas as pd

    h = hashlib.sha256()
    for name in sorted(out):
        h.update(f"{name}:{_frame_digest(out[name])}".encode())
    h.update(json.dumps(out.warnings, sort_keys=True, default=str).encode())
    for key, value in sorted(out.report.items()):
        if isinstance(value, pd.DataFrame):
            value = _frame_digest(value)
        elif key.endswith("_path"):
            value = Path(value).name
        h.update(f"{key}={value}".encode())
    for path in sorted(tmp.glob("*.csv")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def run(stage: str, work: Path, n: int | None, profile: Path | None, copies: int = 1) -> dict:
    from hotspots import pipeline as p
    from hotspots.curation import StageOutput

    args = load(stage, work, n, copies)
    with tempfile.TemporaryDirectory() as tmp:
        if stage == "resolve":
            gazetteer, tables, documents, ref, increment = args
            call = lambda: p.PLAIN.resolve(  # noqa: E731
                gazetteer, tables, documents, ref, Path(tmp) / "proposals.csv", increment
            )
        else:
            gazetteer, tables, ref, increment, candidates = args
            increment.path = Path(tmp) / "state.pkl"

            def call():
                out = p.PLAIN.reconcile(gazetteer, tables, ref, increment)
                p.inc.save(increment, candidates, out.state)
                return out

        gc.collect()
        if os.environ.get("STAGE_GC") == "off":  # an experiment: the cyclic collector's share
            gc.disable()
        profiler = cProfile.Profile() if profile else None
        start_cpu, start = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        out: StageOutput = call()
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)
        result = {
            "stage": stage,
            "documents": len(tables["documents"]),
            "cpu_s": round(time.process_time() - start_cpu, 2),
            "wall_s": round(time.perf_counter() - start, 2),
            "rows": {k: len(v) for k, v in out.items()},
            "digest": digest(out, Path(tmp)),
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cap = sub.add_parser("capture")
    cap.add_argument("raw", type=Path)
    cap.add_argument("work", type=Path)
    go = sub.add_parser("run")
    go.add_argument("stage", choices=("resolve", "reconcile"))
    go.add_argument("work", type=Path)
    go.add_argument("--docs", help="sizes: the first N documents, comma-separated")
    go.add_argument("--profile", type=Path)
    go.add_argument(
        "--copies",
        type=int,
        default=1,
        help="every document K times (ids suffixed): a larger corpus",
    )
    args = parser.parse_args(argv)
    if args.command == "capture":
        capture(args.raw, args.work)
        return 0
    for n in args.docs.split(",") if args.docs else [None]:
        # each size in a fresh process: one size's heap does not slow the next
        if args.docs and len(args.docs.split(",")) > 1:
            import subprocess

            cmd = [sys.executable, "-m", "benchmarks.stage_inputs", "run", args.stage]
            cmd += [str(args.work), "--docs", n]
            if args.profile:
                cmd += ["--profile", str(args.profile.with_suffix(f".{n}.pstats"))]
            subprocess.run(cmd, check=True)
            continue
        print(
            json.dumps(run(args.stage, args.work, int(n) if n else None, args.profile, args.copies))
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
