"""Issue #21, item 1: the resolve, reconcile, validate and publish stages alone, on captured
inputs, in seconds.

    .venv/bin/python -m benchmarks.stage_inputs capture WORK/raw-40000 /tmp/stages
    .venv/bin/python -m benchmarks.stage_inputs run reconcile /tmp/stages --docs 10000,40000
    .venv/bin/python -m benchmarks.stage_inputs run resolve /tmp/stages --docs 40000 --profile /tmp/r.pstats
    .venv/bin/python -m benchmarks.stage_inputs run validate /tmp/stages
    .venv/bin/python -m benchmarks.stage_inputs run publish /tmp/stages --keep /tmp/dist-new

`capture` runs one plain build (`benchmarks.plain`, empty cache) whose resolve, reconcile,
validate and publish steps first pickle their arguments (STAGES/resolve.pkl, reconcile.pkl,
validate.pkl: the tables, publish.pkl: the build info; validate does not change the tables, so
publish is handed the same ones): the build's own stage times are then not representative.
`run` loads them and runs the stage as `hotspots.pipeline.build_tables` and `run_stages` do
(reconcile with the incremental state written, as a plain build writes it; publish a first
release into a fresh dist, a temporary one unless `--keep DIR`), printing its CPU seconds and a
digest of its output (resolve, reconcile: tables, warnings, report, review files; validate: the
report; publish: every file of the release and every member of its zip, apart from those that
carry the run's id and times, `benchmarks.scale.VOLATILE`); for validate and publish also the
CPU seconds of each sub-step (`steps_cpu_s`). `--docs N` keeps the first N documents of the
corpus (resolve and reconcile only: document i of the benchmark corpus does not depend on the
corpus' size, so the first N of a captured 40,000 are the N-document corpus and the tables
extracted from them; validate and publish read tables that reconcile made from every document,
so each size is captured by a build of its own), and `--profile` writes a cProfile of the stage
(wall-clock timer: read it for shares, and the CPU seconds printed for time).
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
from collections.abc import Callable
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

    def validate(tables):
        # publish is handed the same tables, unchanged by validate: pickled once, here
        with (work / "validate.pkl").open("wb") as f:
            pickle.dump(dict(tables), f, protocol=5)
        return p.PLAIN.validate(tables)

    def publish(tables, dist, info, **kwargs):
        with (work / "publish.pkl").open("wb") as f:
            pickle.dump((info, kwargs), f, protocol=5)
        return p.PLAIN.publish(tables, dist, info, **kwargs)

    steps = dataclasses.replace(
        p.PLAIN, resolve=resolve, reconcile=reconcile, validate=validate, publish=publish
    )
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
    if stage in ("validate", "publish"):
        if n is not None or copies > 1:
            raise SystemExit(f"{stage}: no --docs or --copies (capture each size instead)")
        with (work / "validate.pkl").open("rb") as f:
            tables = pickle.load(f)
        if stage == "validate":
            return (tables,)
        with (work / "publish.pkl").open("rb") as f:
            info, kwargs = pickle.load(f)
        return tables, info, kwargs
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


def release_digest(dist: Path) -> str:
    """One sha256 of a published release's files (and each archive's members), apart from those
    that carry the run's id and times (`benchmarks.scale.VOLATILE`) and the archive's checksum."""
    import zipfile

    from benchmarks.scale import VOLATILE

    root = dist / "latest" if (dist / "latest").is_dir() else dist
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = str(path.relative_to(root))
        if path.name in VOLATILE or path.name.endswith(".zip.sha256"):
            h.update(f"{name}:volatile".encode())
            continue
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                for member in sorted(z.namelist()):
                    if Path(member).name not in VOLATILE:
                        h.update(f"{name}:{member}:".encode() + z.read(member))
            continue
        h.update(f"{name}:".encode() + path.read_bytes())
    return h.hexdigest()[:16]


def run(
    stage: str,
    work: Path,
    n: int | None,
    profile: Path | None,
    copies: int = 1,
    keep: Path | None = None,
) -> dict:
    from hotspots import pipeline as p
    from hotspots.curation import StageOutput

    args = load(stage, work, n, copies)
    with tempfile.TemporaryDirectory() as tmp:
        if stage == "validate":
            (tables,) = args
            call = lambda: p.PLAIN.validate(tables)  # noqa: E731
        elif stage == "publish":
            # a first release into a fresh dist, as the captured build published
            tables, info, kwargs = args
            dist = keep if keep is not None else Path(tmp) / "dist"
            if dist.exists():
                raise SystemExit(f"{dist} exists: --keep needs a new folder")
            call = lambda: p.PLAIN.publish(tables, dist, info, **kwargs)  # noqa: E731
        elif stage == "resolve":
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

        steps, begin, end = _step_clock(stage)
        gc.collect()
        if os.environ.get("STAGE_GC") == "off":  # an experiment: the cyclic collector's share
            gc.disable()
        profiler = cProfile.Profile() if profile else None
        start_cpu, start = time.process_time(), time.perf_counter()
        begin()
        if profiler:
            profiler.enable()
        out: StageOutput = call()
        end()
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)
        cpu_s = round(time.process_time() - start_cpu, 2)
        wall_s = round(time.perf_counter() - start, 2)
        if stage == "validate":
            rows = out.rows
            stamp = hashlib.sha256(json.dumps(out.as_dict(), sort_keys=True).encode())
            stamp = stamp.hexdigest()[:16]
        elif stage == "publish":
            rows = {"files": sum(1 for f in dist.rglob("*") if f.is_file())}
            stamp = release_digest(dist)
        else:
            rows = {k: len(v) for k, v in out.items()}
            stamp = digest(out, Path(tmp))
        result = {
            "stage": stage,
            "documents": len(tables["documents"]),
            "cpu_s": cpu_s,
            "wall_s": wall_s,
            "rows": rows,
            "digest": stamp,
        }
        if steps:
            result["steps_cpu_s"] = {k: round(v, 3) for k, v in steps.items()}
    return result


def _step_clock(stage: str) -> tuple[dict[str, float], Callable, Callable]:
    """CPU seconds of each sub-step of validate (each table's pandera model and primary key, the
    foreign keys) or publish (between the stage's own `mark` calls: to_arrow of each table,
    release_tables, write_data, ..., and within write_metadata the metadata files, the page and
    the zip; "the rest": after verify_release, the registry and latest/), filled in as the stage
    runs, and the calls that start and end publish's clock; empty for resolve and reconcile."""
    steps: dict[str, float] = {}
    if stage == "validate":
        from hotspots import validate as v

        def timed(name, fn):
            def call(*args, **kwargs):
                start = time.process_time()
                try:
                    return fn(*args, **kwargs)
                finally:
                    key = f"{name} {args[0]}" if name == "table" else name
                    steps[key] = steps.get(key, 0.0) + time.process_time() - start

            return call

        v.validate_table = timed("table", v.validate_table)
        v.check_foreign_keys = timed("foreign keys", v.check_foreign_keys)
    elif stage == "publish":
        from hotspots.release import publish as pub
        from hotspots.release import publish_metadata as meta

        last = [time.process_time()]

        def mark(step: str) -> None:
            now = time.process_time()
            steps[step] = steps.get(step, 0.0) + now - last[0]
            last[0] = now

        pub.mark = meta.mark = mark
        return steps, lambda: last.__setitem__(0, time.process_time()), lambda: mark("the rest")
    return steps, lambda: None, lambda: None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cap = sub.add_parser("capture")
    cap.add_argument("raw", type=Path)
    cap.add_argument("work", type=Path)
    go = sub.add_parser("run")
    go.add_argument("stage", choices=("resolve", "reconcile", "validate", "publish"))
    go.add_argument("work", type=Path)
    go.add_argument("--docs", help="sizes: the first N documents, comma-separated")
    go.add_argument("--profile", type=Path)
    go.add_argument(
        "--copies",
        type=int,
        default=1,
        help="every document K times (ids suffixed): a larger corpus",
    )
    go.add_argument(
        "--keep", type=Path, help="publish: into this (new) dist folder, kept, not a temporary one"
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
        size = int(n) if n else None
        print(json.dumps(run(args.stage, args.work, size, args.profile, args.copies, args.keep)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
