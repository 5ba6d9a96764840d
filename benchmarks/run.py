"""Performance benchmark of the build: throughput, memory, orchestration overhead, incremental cost.

    .venv/bin/python -m benchmarks.run                      # N = 1,000 and 10,000 (takes a while)
    .venv/bin/python -m benchmarks.run --sizes 300,1000     # other sizes
    .venv/bin/python -m benchmarks.run --quick --no-prefect # seconds: the unit test's run
    .venv/bin/python -m benchmarks.run --sizes 1000 --profile 1000

For every size N a synthetic corpus (benchmarks/corpus.py) is written to a temporary folder, then
each measured build runs in a fresh subprocess, whose wall time, CPU time and peak resident memory
(`process_peak`: ru_maxrss from os.wait4, i.e. the process and every descendant it waited for, such
as Prefect's temporary server, or the build's own record of its peak where that is larger) are
recorded:

- `plain`    the flow's stages called as plain functions (benchmarks/plain.py), no Prefect;
- `prefect`  the real build through the command line's entry (`hotspots build`, ephemeral
             Prefect, a private PREFECT_HOME), into a temporary dist with an empty cache;
- `noop`     the same command again, nothing changed (the command answers "no change");
- `forced`   `--force`: every stage runs, every extraction comes from the cache (for information);
- `changed`  one document edited, the same command again (one extraction, every later stage);
- `startup`  a trivial flow in ephemeral mode: the fixed cost of starting Prefect.

Extraction throughput is measured in-process on a sample against spaCy's blank English tokeniser
(`nlp.pipe`) on the same texts. The report prints a table with PASS/FAIL per target and writes
benchmarks/out/results.json (and results.md, the table for BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import itertools
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from hotspots.options import BuildOptions

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "benchmarks" / "out"
DEFAULT_SIZES = (1000, 10000)
QUICK_SIZES = (20, 40)
GIB = 1024**3

# Targets of issue #8. `at` is the size the target is judged at (None: every size).
TARGETS = {
    "prefect_over_plain": {
        "limit": 1.2,
        "op": "<=",
        "at": 10000,
        "what": "Prefect build / plain functions (wall)",
    },
    "extract_over_tokenise": {
        "limit": 0.5,
        "op": ">=",
        "at": None,
        "what": "extraction / spaCy blank tokeniser throughput",
    },
    "noop_over_full": {"limit": 0.05, "op": "<=", "at": None, "what": "no-op rebuild / full build"},
    "changed_over_full": {
        "limit": 0.10,
        "op": "<=",
        "at": None,
        "what": "one changed document / full build",
    },
    "growth_exponent": {
        "limit": (0.8, 1.2),
        "op": "in",
        "at": None,
        "what": "log-log slope of build time vs N",
    },
    "peak_rss_gib": {
        "limit": 1.5,
        "op": "<=",
        "at": 10000,
        "what": "peak resident memory of any build: full, no-op, forced, one changed (GiB)",
    },
}


# --- subprocesses ----------------------------------------------------------------------------------
@dataclass
class Measured:
    wall_s: float
    cpu_s: float
    maxrss_mib: float
    returncode: int
    stdout: str
    stderr: str
    load_before: float
    load_after: float

    def as_dict(self) -> dict:
        return {
            "wall_s": round(self.wall_s, 3),
            "cpu_s": round(self.cpu_s, 3),
            "maxrss_mib": round(self.maxrss_mib, 1),
            "returncode": self.returncode,
            "load_before": self.load_before,
            "load_after": self.load_after,
        }


def child_env(prefect_home: Path | None) -> dict[str, str]:
    """The environment of a measured process: ephemeral Prefect in a private home, quiet, and no
    HOTSPOTS_* or PREFECT_API_URL from the caller's shell that would change what is measured."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOTSPOTS_", "PREFECT_"))}
    env.update(
        {
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "PREFECT_LOGGING_LEVEL": "WARNING",
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300",
            "PYTHONHASHSEED": "0",
        }
    )
    if prefect_home is not None:
        env["PREFECT_HOME"] = str(prefect_home)
    return env


def measure(
    cmd: list[str], env: dict[str, str], timeout: float, log: Path, cwd: Path = ROOT
) -> Measured:
    """Run `cmd` in a fresh process; wall time, and from os.wait4 the CPU time and peak RSS of the
    process together with every descendant it reaped (Linux: ru_maxrss in KiB)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log.with_suffix(".out"), log.with_suffix(".err")
    load_before = round(os.getloadavg()[0], 2)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True
        )
        timer = threading.Timer(timeout, _kill_group, args=(proc.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    return Measured(
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        proc.returncode,
        out_path.read_text(encoding="utf-8", errors="replace"),
        err_path.read_text(encoding="utf-8", errors="replace"),
        load_before,
        round(os.getloadavg()[0], 2),
    )


def process_peak(maxrss_mib: float, report: dict | None) -> float:
    """The peak resident memory of a measured build: the larger of its ru_maxrss (the process and
    every descendant it reaped, e.g. Prefect's temporary server) and the peak the build recorded
    itself (`peak_rss_mib` of its run report). A build resets its high-water mark as each stage
    starts (per-stage peaks, hotspots.ops.memory), which resets ru_maxrss too: alone it is only the
    last stage's peak."""
    return max(maxrss_mib, (report or {}).get("peak_rss_mib") or 0.0)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(
            pid, 9
        )  # the process group this benchmark started (start_new_session), nothing else


def child_cmd(kind: str, **params) -> list[str]:
    return [sys.executable, "-m", "benchmarks.run", "child", kind, json.dumps(params)]


def cli_cmd(*args: str) -> list[str]:
    """The `hotspots` console script's entry (hotspots.cli:main), in a fresh interpreter."""
    return [sys.executable, "-c", "from hotspots.cli import main; main()", *args]


def last_json(text: str) -> dict:
    """The JSON object a child printed last (stdout may hold other lines before it)."""
    start = text.rfind("\n{")
    start = 0 if text.lstrip().startswith("{") and start < 0 else start + 1
    try:
        return json.loads(text[start:])
    except ValueError:
        return {}


# --- what children do ------------------------------------------------------------------------------
def child(kind: str, params: dict) -> None:
    t0 = time.perf_counter()
    if kind == "plain":
        from benchmarks.plain import build_plain

        imported = time.perf_counter()
        report = build_plain(BuildOptions(**params["options"]))
        out = {
            "import_s": imported - t0,
            "run_s": time.perf_counter() - imported,
            "report": _report_summary(report),
        }
    elif kind == "startup":
        from prefect import flow

        imported = time.perf_counter()

        @flow(name="benchmark-noop")
        def noop() -> int:
            return 1

        noop()
        out = {"import_s": imported - t0, "flow_s": time.perf_counter() - imported}
    elif kind == "corpus":
        from benchmarks.corpus import generate

        paths = generate(
            Path(params["raw"]), params["n"], params["seed"], Path(params["reference"])
        )
        sizes = [p.stat().st_size for p in paths]
        out = {
            "seconds": time.perf_counter() - t0,
            "bytes": sum(sizes),
            "min_bytes": min(sizes),
            "max_bytes": max(sizes),
        }
    elif kind == "extract":
        out = extraction_throughput(
            Path(params["raw"]), Path(params["reference"]), params["sample"]
        )
    elif kind == "profile":
        out = profile_plain(params)
    else:
        raise SystemExit(f"unknown child {kind!r}")
    print(json.dumps(out))


def _report_summary(report: dict) -> dict:
    keys = (
        "status",
        "timings",
        "rows",
        "cache",
        "documents_valid",
        "quarantined",
        "skipped",
        "error",
        "failed_stage",
        "peak_rss_mib",
    )
    out = {k: report.get(k) for k in keys}
    out["quarantined"] = len(report.get("quarantined") or [])
    out["release"] = (report.get("release") or {}).get("version")
    if isinstance(out.get("cache"), dict):
        out["cache"] = {k: out["cache"].get(k) for k in ("hits", "misses", "stored")}
    return out


def extraction_throughput(raw: Path, reference: Path, sample: int) -> dict:
    """Documents and characters per second: full extraction vs spaCy's blank English tokeniser."""
    import spacy

    from hotspots.extract import Extractor
    from hotspots.extract.model import load_scorer
    from hotspots.ingest import ingest
    from hotspots.reference import load_gazetteer

    documents = ingest(raw).documents[:sample]
    texts = [d.text for d in documents]
    chars = sum(map(len, texts))
    t0 = time.perf_counter()
    # as the build extracts: with the claim model scoring every claim
    extractor = Extractor(load_gazetteer(reference), scorer=load_scorer(reference))
    setup = time.perf_counter() - t0
    extractor.extract(documents[0])  # first call pays lazy set-up
    t0, c0 = time.perf_counter(), time.process_time()
    n_claims = sum(len(extractor.extract(d).claims) for d in documents)
    extract_s, extract_cpu = time.perf_counter() - t0, time.process_time() - c0
    nlp = spacy.blank("en")
    list(nlp.pipe(texts[:5]))
    t0, c0 = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=256))
    tok_s, tok_cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "documents": len(documents),
        "chars": chars,
        "tokens": tokens,
        "claims": n_claims,
        "extractor_setup_s": setup,
        "extract_s": extract_s,
        "extract_cpu_s": extract_cpu,
        "tokenise_s": tok_s,
        "tokenise_cpu_s": tok_cpu,
        "extract_docs_per_s": len(documents) / extract_s,
        "tokenise_docs_per_s": len(documents) / tok_s,
        "extract_chars_per_s": chars / extract_s,
        "tokenise_chars_per_s": chars / tok_s,
        "ratio": tok_s / extract_s,
        "ratio_cpu": tok_cpu / extract_cpu,
    }


def profile_plain(params: dict) -> dict:
    """cProfile of the plain build; the .pstats file and the top functions by own and by cumulative time."""
    import cProfile
    import io
    import pstats

    from benchmarks.plain import build_plain

    profiler = cProfile.Profile()
    profiler.enable()
    report = build_plain(BuildOptions(**params["options"]))
    profiler.disable()
    Path(params["pstats"]).parent.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(params["pstats"])
    stats = pstats.Stats(profiler)
    text = io.StringIO()
    for order in ("tottime", "cumulative"):
        pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(40)
    Path(params["pstats"]).with_suffix(".txt").write_text(text.getvalue(), encoding="utf-8")
    rows = []
    for (filename, line, name), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():
        rows.append(
            {
                "function": f"{_short(filename)}:{line}({name})",
                "calls": ncalls,
                "tottime_s": round(tottime, 3),
                "cumtime_s": round(cumtime, 3),
            }
        )
    return {
        "timings": report["timings"],
        "top_tottime": sorted(rows, key=lambda r: -r["tottime_s"])[:25],
        "top_cumtime": sorted(rows, key=lambda r: -r["cumtime_s"])[:40],
    }


def _short(filename: str) -> str:
    for marker in ("site-packages/", str(ROOT) + "/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


# --- one size --------------------------------------------------------------------------------------
@dataclass
class Setup:
    work: Path
    code: Path  # the snapshot of the code every measured process runs (see `snapshot`)
    reference: Path
    prefect_home: Path
    seed: int
    batch_size: int
    timeout: float
    prefect: bool


def say(message: str) -> None:
    print(f"[{dt.datetime.now().strftime('%H:%M:%S')}] {message}", flush=True)


def run_build(
    setup: Setup, name: str, cmd: list[str], log: Path, use_prefect_home: bool = True
) -> dict:
    say(f"  {name} ...")
    m = measure(
        cmd,
        child_env(setup.prefect_home if use_prefect_home else None),
        setup.timeout,
        log,
        setup.code,
    )
    out = m.as_dict()
    payload = last_json(m.stdout)
    if m.returncode != 0:
        out["error"] = (m.stderr.strip().splitlines() or ["(no output)"])[-1][:500]
    report = payload.get("report", payload) if isinstance(payload, dict) else {}
    if report:
        out["report"] = _report_summary(report) if "run_id" in report else report
    if "import_s" in payload:
        out["import_s"] = round(payload["import_s"], 3)
    out["maxrss_mib"] = round(process_peak(m.maxrss_mib, report), 1)
    say(
        f"  {name}: {m.wall_s:.1f} s wall, {m.cpu_s:.1f} s CPU, {out['maxrss_mib']:.0f} MiB, rc={m.returncode}"
        + (f" ({out['report'].get('status')})" if out.get("report") else "")
    )
    return out


def build_cmd(
    raw: Path, dist: Path, cache: Path, reference: Path, batch_size: int, *extra: str
) -> list[str]:
    return cli_cmd(
        "build",
        "--raw",
        str(raw),
        "--dist",
        str(dist),
        "--reference",
        str(reference),
        "--cache-dir",
        str(cache),
        "--batch-size",
        str(batch_size),
        "--json",
        *extra,
    )


def change_one_document(raw: Path) -> str:
    """Edit the middle document of the corpus: one more sentence (new bytes, new sha256)."""
    docs = sorted(raw.glob("*.txt"))
    path = docs[len(docs) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text + "\nUpdate: the city now counts more than 75 universities and colleges.\n",
        encoding="utf-8",
    )
    return path.name


def write_corpus(setup: Setup, raw: Path, n: int, log: Path) -> dict:
    """The corpus is written by a child process too: this one stays small, so that the peak RSS
    of the processes it starts is theirs alone (a fork starts with the parent's pages)."""
    m = measure(
        child_cmd("corpus", raw=str(raw), n=n, seed=setup.seed, reference=str(setup.reference)),
        child_env(None),
        setup.timeout,
        log,
        setup.code,
    )
    if m.returncode:
        raise RuntimeError(f"corpus generation failed: {m.stderr.strip()[-500:]}")
    return last_json(m.stdout)


def run_size(setup: Setup, n: int, extract_sample: int | None) -> dict:
    base = setup.work / f"n{n}"
    raw = base / "raw"
    logs = base / "logs"
    say(f"N = {n:,}: writing the corpus")
    result: dict = {"n": n, "corpus": write_corpus(setup, raw, n, logs / "corpus")}
    plain = base / "plain"
    plain_cmd = child_cmd(
        "plain",
        options=BuildOptions(
            raw_dir=raw,
            dist_dir=plain / "dist",
            cache_dir=plain / "cache",
            reference_dir=setup.reference,
            batch_size=setup.batch_size,
        ).as_json(),
    )
    result["plain"] = run_build(
        setup,
        "plain (no Prefect)",
        plain_cmd,
        logs / "plain",
        use_prefect_home=False,
    )
    if extract_sample:
        say(f"  extraction throughput on {min(n, extract_sample)} documents ...")
        m = measure(
            child_cmd(
                "extract", raw=str(raw), reference=str(setup.reference), sample=extract_sample
            ),
            child_env(None),
            setup.timeout,
            logs / "extract",
            setup.code,
        )
        result["extraction"] = last_json(m.stdout) | {"returncode": m.returncode}
        if m.returncode:
            result["extraction"]["error"] = m.stderr.strip().splitlines()[-1:]
    if setup.prefect:
        pf = base / "prefect"
        args = (raw, pf / "dist", pf / "cache", setup.reference, setup.batch_size)
        result["prefect"] = run_build(
            setup, "Prefect build (hotspots build)", build_cmd(*args), logs / "prefect"
        )
        result["noop"] = run_build(setup, "no-op rebuild", build_cmd(*args), logs / "noop")
        result["forced"] = run_build(
            setup, "forced rebuild, warm cache", build_cmd(*args, "--force"), logs / "forced"
        )
        result["changed_document"] = change_one_document(raw)
        result["changed"] = run_build(
            setup, "one changed document", build_cmd(*args), logs / "changed"
        )
        result["changed_plain"] = run_build(
            setup,
            "one changed document, plain",
            plain_cmd,
            logs / "changed_plain",
            use_prefect_home=False,
        )
    return result


# --- derived figures and the verdict ---------------------------------------------------------------
def derive(results: dict) -> dict:
    startup = (results.get("startup") or {}).get("wall_s")
    for r in results["sizes"]:
        n, d = r["n"], {}
        plain, pf = r.get("plain", {}), r.get("prefect", {})
        d["plain_s"] = plain.get("wall_s")
        d["plain_docs_per_s"] = n / plain["wall_s"] if plain.get("wall_s") else None
        if pf.get("wall_s"):
            d["build_s"] = pf["wall_s"]
            d["docs_per_s"] = n / pf["wall_s"]
            d["prefect_over_plain"] = (
                pf["wall_s"] / plain["wall_s"] if plain.get("wall_s") else None
            )
            d["prefect_over_plain_cpu"] = (
                pf["cpu_s"] / plain["cpu_s"] if plain.get("cpu_s") else None
            )
            if startup and plain.get("wall_s"):
                d["prefect_minus_startup_over_plain"] = (pf["wall_s"] - startup) / plain["wall_s"]
            stages_pf = ((pf.get("report") or {}).get("timings") or {}).get("total")
            stages_plain = ((plain.get("report") or {}).get("timings") or {}).get("total")
            if stages_pf and stages_plain:
                d["stages_prefect_s"], d["stages_plain_s"] = stages_pf, stages_plain
                d["outside_stages_prefect_s"] = (
                    pf["wall_s"] - stages_pf
                )  # interpreter, imports, server, flow run
                d["outside_stages_plain_s"] = plain["wall_s"] - stages_plain  # interpreter, imports
            for name in ("noop", "changed", "forced"):
                if (r.get(name) or {}).get("wall_s"):
                    d[f"{name}_s"] = r[name]["wall_s"]
                    d[f"{name}_over_full"] = r[name]["wall_s"] / pf["wall_s"]
                    d[f"{name}_over_full_cpu"] = r[name]["cpu_s"] / pf["cpu_s"]
            # The target holds for every build a schedule runs, not only the first: the rebuild
            # with a changed document also reads and diffs the previous release.
            peaks = {
                name: r[name]["maxrss_mib"]
                for name in ("prefect", "noop", "forced", "changed")
                if (r.get(name) or {}).get("maxrss_mib")
            }
            d["full_peak_rss_gib"] = pf["maxrss_mib"] / 1024
            d["peak_rss_build"] = max(peaks, key=peaks.get)
            d["peak_rss_gib"] = peaks[d["peak_rss_build"]] / 1024
        d["plain_peak_rss_gib"] = plain["maxrss_mib"] / 1024 if plain.get("maxrss_mib") else None
        if (r.get("changed_plain") or {}).get("wall_s") and plain.get("wall_s"):
            d["changed_plain_over_plain"] = r["changed_plain"]["wall_s"] / plain["wall_s"]
        ex = r.get("extraction") or {}
        if ex.get("ratio"):
            d["extract_over_tokenise"] = ex["ratio"]
            d["extract_over_tokenise_cpu"] = ex["ratio_cpu"]
            d["extract_docs_per_s"] = ex["extract_docs_per_s"]
            d["tokenise_docs_per_s"] = ex["tokenise_docs_per_s"]
        r["derived"] = d
    sizes = [r for r in results["sizes"] if r["derived"].get("plain_s")]
    growth = []
    for a, b in itertools.pairwise(sizes):
        entry = {"from": a["n"], "to": b["n"]}
        for key, (run_name, measure_key) in {
            "build_s": ("prefect", "wall_s"),
            "build_cpu_s": ("prefect", "cpu_s"),
            "plain_s": ("plain", "wall_s"),
            "plain_cpu_s": ("plain", "cpu_s"),
        }.items():
            ta, tb = (
                (a.get(run_name) or {}).get(measure_key),
                (b.get(run_name) or {}).get(measure_key),
            )
            if ta and tb:
                entry[key] = math.log(tb / ta) / math.log(b["n"] / a["n"])
        # the same without what does not depend on N (interpreter, imports, Prefect's server)
        ta, tb = a["derived"].get("stages_prefect_s"), b["derived"].get("stages_prefect_s")
        if ta and tb:
            entry["stages_s"] = math.log(tb / ta) / math.log(b["n"] / a["n"])
        growth.append(entry)
    results["growth"] = growth
    return results


def _passes(value: float, target: dict) -> bool:
    if target["op"] == "<=":
        return value <= target["limit"]
    if target["op"] == ">=":
        return value >= target["limit"]
    lo, hi = target["limit"]
    return lo <= value <= hi


def verdicts(results: dict) -> list[dict]:
    """One row per target and size: value, limit, PASS/FAIL (n/a when not measured)."""
    rows = []
    largest = max((r["n"] for r in results["sizes"]), default=0)
    for key, target in TARGETS.items():
        if key == "growth_exponent":
            for g in results.get("growth", []):
                basis = "build" if "build_s" in g else "plain"
                value, cpu = g.get(f"{basis}_s"), g.get(f"{basis}_cpu_s")
                rows.append(
                    _row(
                        key,
                        target,
                        f"{g['from']:,}→{g['to']:,} ({'Prefect build' if basis == 'build' else 'plain'})",
                        value,
                        cpu,
                    )
                )
                if "stages_s" in g:
                    rows.append(
                        _row(
                            key,
                            target,
                            f"{g['from']:,}→{g['to']:,} (stages only, no start-up)",
                            g["stages_s"],
                        )
                    )
            if not results.get("growth"):
                rows.append(_row(key, target, "one size only", None))
            continue
        for r in results["sizes"]:
            at = target["at"]
            if at is not None and r["n"] != at and not (results.get("quick") and r["n"] == largest):
                continue
            if key == "extract_over_tokenise" and not r.get("extraction"):
                continue  # measured once, on the first size
            rows.append(
                _row(
                    key,
                    target,
                    f"N={r['n']:,}",
                    r["derived"].get(key),
                    r["derived"].get(f"{key}_cpu"),
                )
            )
        if (
            target["at"] is not None
            and not any(r["n"] == target["at"] for r in results["sizes"])
            and not results.get("quick")
        ):
            rows.append(_row(key, target, f"N={target['at']:,} not run", None))
    return rows


def _row(key: str, target: dict, where: str, value: float | None, cpu: float | None = None) -> dict:
    """The verdict is on wall time (the target); the same figure in CPU time is shown beside it,
    since wall time on a shared machine also measures everyone else's load."""
    limit = target["limit"]
    shown = f"{limit[0]}–{limit[1]}" if isinstance(limit, tuple) else f"{target['op']} {limit}"
    verdict = "n/a" if value is None else ("PASS" if _passes(value, target) else "FAIL")
    return {
        "target": key,
        "what": target["what"],
        "where": where,
        "value": value,
        "value_cpu": cpu,
        "limit": shown,
        "verdict": verdict,
    }


def figures_table(results: dict) -> list[list[str]]:
    head = [
        "N",
        "plain s (CPU)",
        "Prefect build s (CPU)",
        "docs/s",
        "Prefect/plain",
        "no-op s",
        "changed s",
        "forced s",
        "peak RSS MiB (Prefect / plain)",
    ]
    rows = [head]
    for r in results["sizes"]:
        d = r["derived"]
        plain, pf = r.get("plain") or {}, r.get("prefect") or {}
        rows.append(
            [
                f"{r['n']:,}",
                f"{_fmt(d.get('plain_s'), 1)} ({_fmt(plain.get('cpu_s'), 1)})",
                f"{_fmt(d.get('build_s'), 1)} ({_fmt(pf.get('cpu_s'), 1)})",
                _fmt(d.get("docs_per_s"), 1),
                _fmt(d.get("prefect_over_plain"), 2),
                _fmt(d.get("noop_s"), 1),
                _fmt(d.get("changed_s"), 1),
                _fmt(d.get("forced_s"), 1),
                f"{_fmt((r.get('prefect') or {}).get('maxrss_mib'), 0)} / {_fmt((r.get('plain') or {}).get('maxrss_mib'), 0)}",
            ]
        )
    return rows


STAGES = ("check", "ingest", "extract", "resolve", "reconcile", "validate", "publish", "total")


def stages_table(results: dict) -> list[list[str]]:
    """Seconds per stage (the run reports' own timings) for each measured build, and what lies
    outside the stages: interpreter, imports and — for Prefect — its server and flow run."""
    runs = [
        (f"{name} {r['n']:,}", r.get(key) or {})
        for r in results["sizes"]
        for name, key in (
            ("plain", "plain"),
            ("Prefect", "prefect"),
            ("changed", "changed"),
            ("changed plain", "changed_plain"),
        )
        if (r.get(key) or {}).get("report")
    ]
    rows = [["stage", *(name for name, _ in runs)]]
    for stage in STAGES:
        rows.append(
            [
                stage,
                *(
                    _fmt(((m.get("report") or {}).get("timings") or {}).get(stage), 1)
                    for _, m in runs
                ),
            ]
        )
    rows.append(
        [
            "outside stages",
            *(
                _fmt(
                    m["wall_s"] - m["report"]["timings"]["total"]
                    if (m["report"].get("timings") or {}).get("total")
                    else None,
                    1,
                )
                for _, m in runs
            ),
        ]
    )
    rows.append(["wall", *(_fmt(m.get("wall_s"), 1) for _, m in runs)])
    return rows


def _fmt(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def render(rows: list[list[str]], markdown: bool = False) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    if markdown:
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        lines.insert(1, "|" + "|".join("---" for _ in rows[0]) + "|")
        return "\n".join(lines)
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows
    )


def verdict_table(rows: list[dict]) -> list[list[str]]:
    table = [["target", "where", "value (wall)", "same in CPU time", "limit", "result"]]
    for row in rows:
        value = "—" if row["value"] is None else f"{row['value']:.3g}"
        cpu = "—" if row.get("value_cpu") is None else f"{row['value_cpu']:.3g}"
        table.append([row["what"], row["where"], value, cpu, row["limit"], row["verdict"]])
    return table


# --- machine and the whole run ---------------------------------------------------------------------
def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kib = next(
        (
            int(line.split()[1])
            for line in _read("/proc/meminfo").splitlines()
            if line.startswith("MemTotal:")
        ),
        0,
    )
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kib / 1024**2, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit,
    }


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


SNAPSHOT = ("hotspots", "schemas", "flows", "benchmarks", "reference")


def snapshot(work: Path) -> tuple[Path, dict]:
    """A frozen copy of the code and reference data under `work/code`, which every measured process
    runs (it is first on their sys.path). Other people edit the tree while a long benchmark runs;
    an edit would change the build's fingerprint and the extraction cache's keys between the full
    build and the rebuilds, so the incremental figures would measure a code change, not a rebuild."""
    code = work / "code"
    if not code.exists():
        for name in SNAPSHOT:
            shutil.copytree(
                ROOT / name,
                code / name,
                ignore=shutil.ignore_patterns("__pycache__", "out", "*.pyc"),
            )
        shutil.copy2(ROOT / "pyproject.toml", code / "pyproject.toml")
    digest = hashlib.sha256()
    for path in sorted(p for p in code.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(code)).encode() + b"\0" + path.read_bytes())
    info = {"snapshot_sha256": digest.hexdigest()[:16]}
    try:
        status = subprocess.run(
            ["git", "status", "--porcelain", "--", *SNAPSHOT],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        )
        info["uncommitted"] = [line[3:] for line in status.stdout.splitlines()]
    except (OSError, subprocess.SubprocessError):
        info["uncommitted"] = None
    return code, info


def run(
    sizes: list[int],
    *,
    seed: int = 0,
    prefect: bool = True,
    extract_sample: int = 1000,
    profile: int | None = None,
    batch_size: int = 500,
    timeout: float = 4 * 3600,
    work: Path | None = None,
    keep: bool = False,
    out: Path = OUT_DIR / "results.json",
    quick: bool = False,
) -> dict:
    own_work = work is None
    work = Path(tempfile.mkdtemp(prefix="hotspots-bench-")) if work is None else work
    work.mkdir(parents=True, exist_ok=True)
    code, code_info = snapshot(work)
    setup = Setup(
        work, code, code / "reference", work / "prefect-home", seed, batch_size, timeout, prefect
    )
    results: dict = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "quick": quick,
        "code": code_info,
        "config": {
            "sizes": sizes,
            "seed": seed,
            "batch_size": batch_size,
            "prefect": prefect,
            "extract_sample": extract_sample,
            "work": str(work),
        },
        "load_average_start": os.getloadavg(),
        "sizes": [],
    }
    say(
        f"benchmark in {work} on {results['machine']['cpu']} ({results['machine']['cores']} cores), load {os.getloadavg()[0]:.1f}"
    )
    try:
        if prefect:
            say(
                "Prefect start-up (a trivial flow, ephemeral mode; the first run creates the private PREFECT_HOME)"
            )
            warm = run_build(
                setup,
                "start-up, first (database created)",
                child_cmd("startup"),
                work / "logs" / "startup-first",
            )
            results["startup_first"] = warm
            results["startup"] = run_build(
                setup, "start-up", child_cmd("startup"), work / "logs" / "startup"
            )
            results["python_bare"] = run_build(
                setup, "bare interpreter", [sys.executable, "-c", "pass"], work / "logs" / "bare"
            )
        for i, n in enumerate(sizes):
            results["sizes"].append(run_size(setup, n, extract_sample if i == 0 else None))
            derive(results)
            _save(results, out)
        if profile:
            results["profile"] = run_profile(setup, profile, out.parent)
    finally:
        results["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        results["load_average_end"] = os.getloadavg()
        derive(results)
        results["verdicts"] = verdicts(results)
        _save(results, out)
        if own_work and not keep:
            shutil.rmtree(work, ignore_errors=True)
    return results


def run_profile(setup: Setup, n: int, out_dir: Path) -> dict:
    base = setup.work / f"profile-n{n}"
    raw = setup.work / f"n{n}" / "raw"
    if not raw.is_dir():
        raw = base / "raw"
        write_corpus(setup, raw, n, base / "corpus")
    pstats_path = out_dir / f"profile-n{n}.pstats"
    say(f"profiling the plain build at N = {n:,} (cProfile) ...")
    m = measure(
        child_cmd(
            "profile",
            options=BuildOptions(
                raw_dir=raw,
                dist_dir=base / "dist",
                cache_dir=base / "cache",
                reference_dir=setup.reference,
                batch_size=setup.batch_size,
            ).as_json(),
            pstats=str(pstats_path),
        ),
        child_env(None),
        setup.timeout,
        base / "profile",
        setup.code,
    )
    payload = last_json(m.stdout)
    payload |= {"n": n, "wall_s": m.wall_s, "pstats": str(pstats_path), "returncode": m.returncode}
    if m.returncode:
        payload["error"] = m.stderr.strip().splitlines()[-1:]
    return payload


def _save(results: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, out)


def summary(results: dict, markdown: bool = False) -> str:
    m = results["machine"]
    lines = [
        f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}, commit {m['commit']}",
        f"run: {results['started']} → {results.get('finished')}, load average {results['load_average_start'][0]:.1f} → "
        f"{(results.get('load_average_end') or [0])[0]:.1f}",
    ]
    if results.get("startup"):
        s = results["startup"]
        lines.append(
            f"Prefect start-up (trivial flow, ephemeral, fresh process): {s['wall_s']:.1f} s wall "
            f"(import prefect {s.get('import_s', float('nan')):.1f} s); bare interpreter {results['python_bare']['wall_s']:.2f} s"
        )
    lines += [
        "",
        render(figures_table(results), markdown),
        "",
        render(stages_table(results), markdown),
        "",
        render(verdict_table(results["verdicts"]), markdown),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["child"]:
        child(argv[1], json.loads(argv[2]) if len(argv) > 2 else {})
        return 0
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--sizes",
        default=None,
        help="comma-separated corpus sizes (default 1000,10000; --quick: 20,40)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes and sample: checks the benchmark works, no figures",
    )
    parser.add_argument(
        "--no-prefect",
        dest="prefect",
        action="store_false",
        help="only the plain path and extraction",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--extract-sample",
        type=int,
        default=None,
        help="documents for the extraction throughput (default 1000)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=None,
        metavar="N",
        help="also profile the plain build at N documents",
    )
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument(
        "--timeout", type=float, default=4 * 3600, help="seconds per measured process"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=None,
        help="working folder (default: a temporary one, removed after)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary working folder")
    parser.add_argument("--out", type=Path, default=OUT_DIR / "results.json")
    args = parser.parse_args(argv)
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    )
    sample = args.extract_sample or (min(sizes) if args.quick else 1000)
    results = run(
        sizes,
        seed=args.seed,
        prefect=args.prefect,
        extract_sample=sample,
        profile=args.profile,
        batch_size=args.batch_size,
        timeout=args.timeout,
        work=args.work,
        keep=args.keep,
        out=args.out,
        quick=args.quick,
    )
    text = summary(results)
    print("\n" + text)
    args.out.with_suffix(".md").write_text(summary(results, markdown=True) + "\n", encoding="utf-8")
    failed = [
        r
        for r in results["sizes"]
        for k in ("plain", "prefect")
        if (r.get(k) or {}).get("returncode")
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
