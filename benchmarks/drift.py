"""Does extraction get slower as a build goes on? A check of the extract stage's CPU per document
against the document's position, that the load of a shared machine does not fake.

    .venv/bin/python -m benchmarks.drift /tmp/scale/raw-20000 --n 20000 --out /tmp/drift.json

Two builds of different sizes measured at different times give a growth exponent that also
measures the machine: on the 2 shared cores the extract stage of the same 10,000 documents took
181.3, 193.1 and 212.2 CPU seconds in three builds of the same code (BENCHMARKS.md, "The extract
CPU exponent"). Here one process runs the real extract stage
(`hotspots.stages.extraction.extracted_tables`: rounds,
cache, rows, typed tables) over the first N documents of RAW in order, in blocks of `--block`
documents, and before each block extracts a fixed probe (the first `--probe` documents) again. Per
block: its CPU seconds (user and system), the probe's, the garbage collector's, minor page faults.
The probe is the same work every time, so a probe that slows down is the process (or the machine)
slowing down, and a block whose ratio to its probe grows is the work growing with the position.
`drift` sums it up: per-document milliseconds and probe seconds of the first and the last quarter
of the blocks; a stage that is linear in N has both near 1.0 within the load's noise, which the
small probe only partly cancels (two runs of 20,000 documents: last quarter over first 1.10 and
0.92 under a load that rose and fell; run it twice).
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path


class GcTimer:
    """Seconds the garbage collector spends per generation (gc.callbacks), while installed."""

    def __init__(self) -> None:
        self.seconds = [0.0, 0.0, 0.0]
        self.count = [0, 0, 0]
        self._start = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds[info["generation"]] += time.perf_counter() - self._start
            self.count[info["generation"]] += 1

    def __enter__(self) -> GcTimer:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


def measure(
    raw: Path, n: int, block: int = 500, probe: int = 30, tune: bool = True, log=None
) -> dict:
    """The extract stage over the first `n` documents of `raw`, timed per block (module doc)."""
    from hotspots import pipeline as p
    from hotspots.ops.memory import tune_allocators
    from hotspots.ops.report import new_report
    from hotspots.options import DEFAULT_REFERENCE_DIR
    from hotspots.stages import extraction

    allocators = tune_allocators() if tune else {}
    documents = p.ingest_documents(raw, None, use_cache=False).documents[:n]
    extractor = p.process_extractor(DEFAULT_REFERENCE_DIR)
    probe_docs = documents[:probe]
    for d in probe_docs:  # the first extraction of a text warms lazy tables: not counted
        extractor.extract(d)
    blocks: list[dict] = []
    timer = GcTimer()

    def extract_all(todo: list) -> list:
        out = []
        for i in range(0, len(todo), block):
            t = time.process_time()
            for d in probe_docs:
                extractor.extract(d)
            probe_s = time.process_time() - t
            gc_before = list(timer.seconds)
            before = resource.getrusage(resource.RUSAGE_SELF)
            out += [extractor.extract(d) for d in todo[i : i + block]]
            after = resource.getrusage(resource.RUSAGE_SELF)
            row = {
                "documents": len(todo[i : i + block]),
                "cpu_s": round(
                    after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 3
                ),
                "sys_s": round(after.ru_stime - before.ru_stime, 3),
                "probe_s": round(probe_s, 3),
                "gc_s": round(sum(timer.seconds) - sum(gc_before), 3),
                "minor_faults": after.ru_minflt - before.ru_minflt,
            }
            blocks.append(row)
            if log:
                print(len(blocks), json.dumps(row), file=log, flush=True)
        return out

    report = new_report(raw, Path(tempfile.mkdtemp()), None, "plain", None)
    with tempfile.TemporaryDirectory() as cache, timer:
        start = time.process_time()
        tables = extraction.extracted_tables(
            report, documents, DEFAULT_REFERENCE_DIR, cache, True, extract_all
        )
        stage_s = time.process_time() - start
    blocks_s = sum(b["cpu_s"] for b in blocks)
    probes_s = sum(b["probe_s"] for b in blocks)
    return {
        "n": len(documents),
        "block": block,
        "probe": len(probe_docs),
        "allocators": allocators,
        "stage_cpu_s": round(stage_s, 2),
        "blocks_cpu_s": round(blocks_s, 2),
        "probes_cpu_s": round(probes_s, 2),
        # rounds' rows, cache writes, joining and typing the tables: the stage without extraction
        "rest_cpu_s": round(stage_s - blocks_s - probes_s, 2),
        "gc_s": [round(s, 2) for s in timer.seconds],
        "gc_collections": timer.count,
        "rows": {name: len(frame) for name, frame in tables.items()},
        "drift": drift(blocks),
        "blocks": blocks,
    }


def drift(blocks: list[dict]) -> dict:
    """Per-document CPU milliseconds and probe seconds of the first and the last quarter of the
    blocks (at least one block each), and the last over the first: the cost's growth with the
    position; `per_probe` is the same for blocks divided by their probe (the load cancels)."""
    if not blocks:
        return {}
    q = max(1, len(blocks) // 4)
    first, last = blocks[:q], blocks[-q:]

    def per_doc(rows: list[dict]) -> float:
        return 1000 * sum(r["cpu_s"] for r in rows) / sum(r["documents"] for r in rows)

    def probe(rows: list[dict]) -> float:
        return statistics.fmean(r["probe_s"] for r in rows)

    def per_probe(rows: list[dict]) -> float:
        return statistics.fmean(r["cpu_s"] / r["documents"] / r["probe_s"] for r in rows)

    out = {
        "quarter_blocks": q,
        "ms_per_document": [round(per_doc(first), 2), round(per_doc(last), 2)],
        "probe_s": [round(probe(first), 3), round(probe(last), 3)],
        "last_over_first": round(per_doc(last) / per_doc(first), 3),
        "probe_last_over_first": round(probe(last) / probe(first), 3),
    }
    if all(r["probe_s"] > 0 for r in blocks):
        out["per_probe_last_over_first"] = round(per_probe(last) / per_probe(first), 3)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="a corpus folder (benchmarks.corpus)")
    parser.add_argument("--n", type=int, default=10_000, help="its first N documents")
    parser.add_argument("--block", type=int, default=500)
    parser.add_argument("--probe", type=int, default=30)
    parser.add_argument("--no-tune", action="store_true", help="leave the allocators as they are")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    result = measure(args.raw, args.n, args.block, args.probe, not args.no_tune, log=sys.stderr)
    text = json.dumps(result, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "blocks"}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
