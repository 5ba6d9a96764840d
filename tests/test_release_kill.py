"""A publish killed with SIGKILL at any point leaves the last release intact, and the next
publish finishes the job (cleans leftovers, adopts or rewrites the new version, fixes latest/)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from release_fixtures import build_info, changed_value, sample_tables

from hotspots.release import list_versions, publish_release, verify_release
from hotspots.release.distdir import PAUSE_ENV, PAUSE_POINTS, PAUSE_SIGNAL_ENV
from tests.reliability_support import run_child_and_kill_when_paused

ROOT = Path(__file__).resolve().parents[1]

# Runs in the child: publish the changed tables; `distdir.exchange` is disabled for the latest-swap
# point so that the publish takes the two-rename path that has a window to kill in.
CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from release_fixtures import build_info, changed_value, sample_tables
from hotspots.release import distdir, publish
if {no_exchange!r}:
    distdir.exchange = lambda a, b: False
publish.publish_release(changed_value(sample_tables()), Path({dist!r}), build_info(run_id="killed"))
"""


def _run_and_kill(dist: Path, point: str, tmp_path: Path) -> None:
    signal_file = tmp_path / f"paused-{point}"
    code = CHILD.format(
        tests=str(Path(__file__).parent), dist=str(dist), no_exchange=point == "latest-swap"
    )
    env = {
        **os.environ,
        PAUSE_ENV: point,
        PAUSE_SIGNAL_ENV: str(signal_file),
        "PYTHONPATH": str(ROOT),
    }
    run_child_and_kill_when_paused(code, env, signal_file, point)


@pytest.mark.slow
@pytest.mark.parametrize("point", PAUSE_POINTS)
def test_killed_publish_leaves_last_release_and_next_run_recovers(tmp_path, point):
    dist = tmp_path / "dist"
    publish_release(sample_tables(), dist, build_info())

    _run_and_kill(dist, point, tmp_path)

    assert verify_release(dist / "1.0.0") == []
    registered = [e["version"] for e in list_versions(dist)]
    if point in ("writing", "before-rename", "before-registry"):
        assert registered == ["1.0.0"] and (dist / "LATEST").read_text() == "1.0.0\n"
        assert verify_release(dist / "latest") == []
    if point in ("writing", "before-rename"):
        assert not (dist / "1.0.1").exists() and list(dist.glob(".tmp-*"))
    if point == "latest-swap":
        assert registered == ["1.0.0", "1.0.1"] and not (dist / "latest").exists()

    result = publish_release(changed_value(sample_tables()), dist, build_info(run_id="next"))

    if point in ("writing", "before-rename"):
        assert result.changed and result.version == "1.0.1"
    else:  # the killed run had already put 1.0.1 in place
        assert not result.changed and result.message.startswith("no change since 1.0.1")
    if point == "before-registry":
        assert "registered 1.0.1" in result.message
    assert [e["version"] for e in list_versions(dist)] == ["1.0.0", "1.0.1"]
    assert (dist / "LATEST").read_text() == "1.0.1\n"
    for name in ("1.0.0", "1.0.1", "latest"):
        assert verify_release(dist / name) == [], name
    assert (dist / "latest" / "SHA256SUMS").read_bytes() == (
        dist / "1.0.1" / "SHA256SUMS"
    ).read_bytes()
    assert not list(dist.glob(".tmp-*"))
