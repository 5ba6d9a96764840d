"""Helpers for the reliability tests: the build as plain stage calls (`hotspots.pipeline.build`,
which flows/build.py runs with Prefect tasks), small corpora, and a snapshot of every file under
a folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hotspots import pipeline as p
from hotspots.options import BuildOptions
from tests.conftest import REFERENCE, write_doc

ROOT = Path(__file__).resolve().parent.parent

# A ranked list under a heading that names a GII edition, and a few sentences the rules read.
RANKED_LIST = [
    "Global Innovation Index 2023: the top science and technology clusters",
    "",
    "The WIPO ranking of the top clusters in 2023:",
    "1. Tokyo-Yokohama (Japan)",
    "2. Shenzhen-Hong Kong-Guangzhou (China)",
    "3. Seoul (Republic of Korea)",
    "4. Beijing (China)",
    "5. Shanghai-Suzhou (China)",
    "",
    "Hefei is home to more than 20 universities.",
    "Shenzhen has 7 unicorns.",
]


def ranked_list_text(newline: str = "\n") -> str:
    return newline.join(RANKED_LIST) + newline


def good_corpus(raw: Path) -> None:
    """Two small valid documents with claims."""
    write_doc(raw, "ranking", ranked_list_text())
    write_doc(
        raw, "hefei", "Hefei is home to more than 20 universities.\nShenzhen has 7 unicorns.\n"
    )


def run_build(raw: Path, dist: Path, reference: Path = REFERENCE) -> dict:
    """One whole build as flows/build.py runs it, with plain calls instead of Prefect tasks,
    without the extraction cache and without the "no change" shortcut; returns the run report
    (also written to dist/reports/). A failure is recorded in the report and re-raised."""
    options = BuildOptions(
        raw_dir=raw, dist_dir=dist, reference_dir=reference, use_cache=False, force=True
    )
    return p.build(options, p.PLAIN, runner="plain")


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes | None]]:
    """Every file, folder and link under `folder`: (mode, size, bytes of small files)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            info = path.lstat()
            small = path.is_file() and not path.is_symlink() and info.st_size < 1 << 20
            out[str(path.relative_to(folder))] = (
                info.st_mode,
                info.st_size,
                path.read_bytes() if small else None,
            )
    return out


def run_child_and_kill_when_paused(
    code: str, env: dict[str, str], signal_file: Path, what: str
) -> None:
    """Run `python -c code` (which writes `signal_file` when it reaches the point to die at),
    SIGKILL it there, and check that it really died by the signal."""
    child = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, env=env, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120
        while not signal_file.exists():
            if child.poll() is not None:
                raise AssertionError(f"child ended before {what}: {child.stderr.read().decode()}")
            assert time.monotonic() < deadline, f"child never reached {what}"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
