"""Every shell and Python block of README.md runs as written (issue #20, item 8), from the root
of a folder laid out like a fresh clone after `make build`: .venv, examples/, raw/ and
reference/ of this checkout, and a dist/ built in a tmp dir from raw/ (1.0.0, then 1.1.0), with
HOME in the tmp dir (so `keygen` makes a throwaway key). Blocks run in README order, each shell
line on its own, each Python block as one script. Skipped, each with its reason: what needs the
network, a server or a file of the reader's, and the full builds (tested elsewhere)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from release_fixtures import build_info

from hotspots.release import publish_release

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"^```(sh|python)\n(.*?)^```", re.M | re.S)

# (what a skipped line or block contains, why it is not run here)
SKIPS = [
    ("make build", "the full build from raw/ (Prefect flow): tests/test_flow.py, slow"),
    ("make test", "runs this test suite"),
    ("hotspots build", "the full build from raw/ (Prefect flow): tests/test_flow.py, slow"),
    ("saved-page.html", "a file of the reader's (adding a file: tests/test_sources_add.py)"),
    ("notes.txt", "a file of the reader's (adding a file: tests/test_sources_add.py)"),
    ("hotspots add https://", "needs the network (fetches a URL)"),
    ("https://example.org", "needs the network (a web mirror)"),
    ("prefect server start", "starts a server (tests/test_flow_serve.py, slow)"),
    ("hotspots serve", "starts a server (tests/test_flow_serve.py, slow)"),
    ("prefect deployment run", "needs a running Prefect server"),
    ("dask scheduler", "starts a Dask scheduler (a server)"),
    ("dask worker", "needs a Dask scheduler"),
    ("--runner dask --dask-address", "needs a Dask scheduler"),
]


def blocks() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(README.read_text(encoding="utf-8"))]


def skip_reason(text: str) -> str | None:
    return next((reason for pattern, reason in SKIPS if pattern in text), None)


def shell_lines(body: str) -> list[str]:
    return [line for line in body.splitlines() if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def clone(seed_tables, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("readme")
    clone = root / "clone"
    clone.mkdir()
    for name in (".venv", "examples", "raw", "reference"):
        (clone / name).symlink_to(ROOT / name)
    older = dict(seed_tables)
    # 1.0.0 without the last alias, so that 1.1.0 (all of raw/) is a minor release after it
    older["aliases"] = seed_tables["aliases"].iloc[:-1]
    publish_release(older, clone / "dist", build_info())
    second = publish_release(seed_tables, clone / "dist", build_info("run-2"))
    assert second.version == "1.1.0"
    (root / "home").mkdir()
    return clone


def run_line(line: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTSPOTS_")}
    env["HOME"] = str(cwd.parent / "home")
    return subprocess.run(
        ["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_every_skip_still_matches_the_readme():
    text = README.read_text(encoding="utf-8")
    stale = [pattern for pattern, _ in SKIPS if pattern not in text]
    assert not stale, f"skips that match no README line any more: {stale}"


def test_every_readme_block_runs_as_written(clone):
    ran, skipped = [], []
    for kind, body in blocks():
        if kind == "python":
            reason = skip_reason(body)
            if reason:
                skipped.append((body.splitlines()[0], reason))
                continue
            script = clone.parent / f"block{len(ran)}.py"
            script.write_text(body, encoding="utf-8")
            done = run_line(f".venv/bin/python {script}", clone)
            assert done.returncode == 0, f"python block failed:\n{body}\n{done.stderr}"
            ran.append(body)
            continue
        for line in shell_lines(body):
            reason = skip_reason(line)
            if reason:
                skipped.append((line, reason))
                continue
            done = run_line(line, clone)
            assert done.returncode == 0, (
                f"{line}\nexit {done.returncode}\n{done.stdout}\n{done.stderr}"
            )
            ran.append(line)
    assert len(ran) >= 15, ran  # 19 when written
    print("\n".join(f"skipped: {line!r}: {reason}" for line, reason in skipped))


def test_what_the_readme_blocks_leave_behind(clone):
    # after the blocks above: the download is a mirror of its own, checked like dist/
    data = clone.parent / "hotspots-data"
    assert (data / "LATEST").read_text().strip() == "1.1.0"
    assert {"versions.json", "latest", "index.html", "1.1.0"} <= {p.name for p in data.iterdir()}
    versions = run_line(".venv/bin/hotspots versions --dist dist", clone).stdout
    assert "withdrawn on" in versions and "R&D spending" in versions
    assert (clone / "dist" / "1.1.0" / "SHA256SUMS.minisig").is_file()
    assert (clone.parent / "hotspots-site" / "1.1.0" / "SHA256SUMS.minisig").is_file()
    assert "withdrawn" in (clone.parent / "hotspots-site" / "versions.json").read_text()
