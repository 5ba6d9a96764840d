"""Start-up benchmark (issue #21, item 3): what a user waits for before anything happens.

    .venv/bin/python -m benchmarks.startup                 # 3 rounds, about 5 minutes on 2 cores
    .venv/bin/python -m benchmarks.startup --rounds 1

In one run, each in a fresh process on a frozen copy of the code (benchmarks.run.snapshot) with a
private PREFECT_HOME (created first by a warm-up flow, so no round pays the database's creation):

- `trivial`  a trivial `@flow` in ephemeral mode: the fixed price of Prefect on this machine now;
- `build`    `hotspots build` of raw/ (the five seed documents) into a new dist with an empty
             cache: the whole command a user types;
- `--help`, `verify`, `versions`, `sources`: the commands that must start in 1.5 s (`verify`'s
  start measured on a folder without releases, and the whole check of the build's release).

The trivial flow and the build alternate round by round, so a slow minute of a shared machine
hits both; the verdict is the ratio of their medians (and the ratio per round, for the spread).
Writes benchmarks/out/startup.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.run import (
    OUT_DIR,
    ROOT,
    child_cmd,
    child_env,
    cli_cmd,
    machine,
    measure,
    say,
    snapshot,
)

BUILD_OVER_TRIVIAL = 1.3  # issue #21: a 5-document build costs at most 1.3x a trivial flow
COMMAND_LIMIT_S = 1.5  # issue #21: --help, verify, versions, sources


def _timed(cmd: list[str], env: dict, code: Path, log: Path, timeout: float) -> dict:
    m = measure(cmd, env, timeout, log, code)
    out = m.as_dict()
    if m.returncode:
        out["error"] = (m.stderr.strip().splitlines() or ["(no output)"])[-1][:300]
    return out


def run(raw: Path, rounds: int, work: Path, timeout: float) -> dict:
    code, code_info = snapshot(work)
    home = work / "prefect-home"
    env = child_env(home)
    results: dict = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "code": code_info,
        "raw": str(raw),
        "documents": len(list(raw.glob("*.meta.json"))),
        "load_average_start": os.getloadavg(),
        "rounds": [],
    }
    say(f"start-up benchmark in {work}, load {os.getloadavg()[0]:.1f}")
    results["warmup"] = _timed(child_cmd("startup"), env, code, work / "logs" / "warmup", timeout)
    say(f"  warm-up flow (database created): {results['warmup']['wall_s']:.1f} s")
    dist = None
    for r in range(rounds):
        trivial = _timed(child_cmd("startup"), env, code, work / "logs" / f"trivial-{r}", timeout)
        dist = work / f"dist-{r}"
        cmd = cli_cmd(
            "build", "--raw", str(raw), "--dist", str(dist), "--cache-dir", str(work / f"cache-{r}")
        )
        build = _timed(cmd, env, code, work / "logs" / f"build-{r}", timeout)
        ratio = build["wall_s"] / trivial["wall_s"]
        results["rounds"].append({"trivial": trivial, "build": build, "ratio": round(ratio, 3)})
        say(
            f"  round {r + 1}: trivial flow {trivial['wall_s']:.1f} s ({trivial['cpu_s']:.1f} CPU), "
            f"build {build['wall_s']:.1f} s ({build['cpu_s']:.1f} CPU, rc={build['returncode']}), ratio {ratio:.2f}"
        )
    empty = work / "no-release"
    empty.mkdir()
    # (command, the exit code it must give): `verify` of a folder without releases stops with a
    # usage error right after the command starts (its start alone); `verify` checks the release
    commands = {
        "--help": (cli_cmd("--help"), 0),
        "verify (start)": (cli_cmd("verify", "--dist", str(empty)), 2),
        "verify": (cli_cmd("verify", "--dist", str(dist)), 0),
        "versions": (cli_cmd("versions", "--dist", str(dist)), 0),
        "sources": (cli_cmd("sources", "--raw", str(raw), "--dist", str(dist)), 0),
    }
    results["commands"] = {}
    for name, (cmd, expected) in commands.items():
        slug = "".join(ch if ch.isalnum() else "-" for ch in name).strip("-")
        runs = [
            _timed(cmd, env, code, work / "logs" / f"cmd-{slug}-{i}", timeout) for i in range(3)
        ]
        walls = [m["wall_s"] for m in runs]
        results["commands"][name] = {
            "wall_s": walls,
            "cpu_s": [m["cpu_s"] for m in runs],
            "median_s": statistics.median(walls),
            "as_expected": all(m["returncode"] == expected for m in runs),
        }
        say(f"  {name}: {', '.join(f'{w:.2f}' for w in walls)} s")
    trivial = statistics.median(r["trivial"]["wall_s"] for r in results["rounds"])
    build = statistics.median(r["build"]["wall_s"] for r in results["rounds"])
    starts = [(n, c) for n, c in results["commands"].items() if n != "verify"]
    results["verdict"] = {
        "trivial_median_s": round(trivial, 2),
        "build_median_s": round(build, 2),
        "build_over_trivial": round(build / trivial, 3),
        "limit": BUILD_OVER_TRIVIAL,
        "pass": build / trivial <= BUILD_OVER_TRIVIAL,
        # the whole `verify` checks a release (pandas, pandera, pyarrow): its start is "verify (start)"
        "commands_max_median_s": round(max(c["median_s"] for _, c in starts), 3),
        "commands_limit_s": COMMAND_LIMIT_S,
        "commands_pass": all(
            c["median_s"] <= COMMAND_LIMIT_S and c["as_expected"] for _, c in starts
        ),
    }
    results["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results["load_average_end"] = os.getloadavg()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.startup", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--raw", type=Path, default=ROOT / "raw")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=1200.0)
    parser.add_argument("--out", type=Path, default=OUT_DIR / "startup.json")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory(prefix="hotspots-startup-") as work:
        results = run(args.raw.resolve(), args.rounds, Path(work), args.timeout)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    v = results["verdict"]
    print(json.dumps(v, indent=2))
    failed = any(r["build"]["returncode"] for r in results["rounds"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
