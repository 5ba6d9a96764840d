"""Crashes never lose data: a run killed during extraction or publishing, or one that runs out of
disk or permission while publishing, leaves the last release intact and verifiable, never leaves
a partial version directory, and the next run completes normally. See docs/GUARANTEES.md."""

from __future__ import annotations

import builtins
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hotspots.release import list_versions, publish_release, verify_release
from hotspots.release.distdir import PAUSE_ENV, PAUSE_POINTS, PAUSE_SIGNAL_ENV
from hotspots.release.registry import parse_version
from tests.conftest import write_doc
from tests.release_fixtures import build_info, changed_value, sample_tables
from tests.reliability_support import ROOT, good_corpus, run_build, run_child_and_kill_when_paused

NEW_DOC = "Wuhan is home to more than 80 universities.\nHefei has 12 state key laboratories.\n"

CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from hotspots.release import distdir
from hotspots.stages import extraction
from tests.reliability_support import run_build

if {during_extract!r}:
    # (the plain build's extract_batches calls the stage module's extract_batch)
    real = extraction.extract_batch
    def paused(batch, reference):
        Path({signal_file!r}).write_text("extract")
        time.sleep(120)
        return real(batch, reference)
    extraction.extract_batch = paused
if {no_exchange!r}:
    distdir.exchange = lambda a, b: False  # take the two-rename path, which has a window to kill in
run_build(Path({raw!r}), Path({dist!r}))
"""


def assert_consistent(dist: Path) -> list[str]:
    """Every version directory verifies (none is partial), the registry names only those, LATEST
    names the last registered one. Returns the registered versions."""
    registered = [e["version"] for e in list_versions(dist)]
    on_disk = sorted(
        (p.name for p in dist.iterdir() if p.is_dir() and parse_version(p.name)), key=parse_version
    )
    for name in on_disk:
        assert verify_release(dist / name) == [], name
    assert set(registered) <= set(on_disk)
    # at most the newest one is not registered yet: complete, verified, awaiting adoption
    assert set(on_disk) - set(registered) <= {on_disk[-1]}
    if registered:
        assert (dist / "LATEST").read_text().strip() in registered
    return registered


def assert_next_run_completes(raw: Path, dist: Path, expected: list[str]) -> dict:
    report = run_build(raw, dist)
    assert report["status"] in ("published", "no_change"), report
    assert assert_consistent(dist) == expected
    assert (dist / "LATEST").read_text() == expected[-1] + "\n"
    assert verify_release(dist / "latest") == []
    assert not list(dist.glob(".tmp-*"))
    return report


@pytest.fixture
def released(tmp_path):
    """raw/ with a first release built from it in dist/, and a new document added since."""
    raw, dist = tmp_path / "raw", tmp_path / "dist"
    good_corpus(raw)
    first = run_build(raw, dist)
    assert first["release"]["version"] == "1.0.0"
    write_doc(raw, "wuhan", NEW_DOC)
    return raw, dist


def _run_and_kill(raw: Path, dist: Path, tmp_path: Path, *, point: str | None) -> None:
    signal_file = tmp_path / "paused"
    code = CHILD.format(
        root=str(ROOT),
        raw=str(raw),
        dist=str(dist),
        signal_file=str(signal_file),
        during_extract=point is None,
        no_exchange=point == "latest-swap",
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), PAUSE_SIGNAL_ENV: str(signal_file)}
    if point:
        env[PAUSE_ENV] = point
    run_child_and_kill_when_paused(code, env, signal_file, point or "extract")


@pytest.mark.slow
def test_run_killed_during_extraction_leaves_last_release_and_next_run_completes(
    released, tmp_path
):
    raw, dist = released
    before = (dist / "1.0.0" / "SHA256SUMS").read_bytes()
    _run_and_kill(raw, dist, tmp_path, point=None)
    assert assert_consistent(dist) == ["1.0.0"]
    assert (dist / "1.0.0" / "SHA256SUMS").read_bytes() == before
    assert verify_release(dist / "latest") == []
    report = assert_next_run_completes(raw, dist, ["1.0.0", "1.1.0"])
    assert report["status"] == "published"


@pytest.mark.slow
@pytest.mark.parametrize("point", PAUSE_POINTS)
def test_run_killed_while_publishing_leaves_last_release_and_next_run_completes(
    released, tmp_path, point
):
    raw, dist = released
    _run_and_kill(raw, dist, tmp_path, point=point)
    registered = assert_consistent(dist)
    assert verify_release(dist / "1.0.0") == []
    assert registered == (["1.0.0", "1.1.0"] if point == "latest-swap" else ["1.0.0"])
    if point in ("writing", "before-rename"):
        assert not (dist / "1.1.0").exists()
    assert_next_run_completes(raw, dist, ["1.0.0", "1.1.0"])


# --- disk full / permission denied while publishing ------------------------------------------
class Budget:
    """Lets `n` calls through, then raises OSError(code) on every later one."""

    def __init__(self, n: int, code: int) -> None:
        self.n, self.code, self.calls = n, code, 0

    def spend(self, what: str) -> None:
        self.calls += 1
        if self.calls > self.n:
            raise OSError(self.code, os.strerror(self.code), what)


def _fail_writes_after(
    monkeypatch, dist: Path, budget: Budget, spare: tuple[Path, ...] = ()
) -> None:
    real_open = builtins.open

    def open_(file, mode="r", *args, **kwargs):
        writes = any(c in mode for c in "wax+") and str(file).startswith(str(dist))
        if writes and not any(str(file).startswith(str(s)) for s in spare):
            budget.spend(str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", open_)


def _fail_calls_after(monkeypatch, name: str, budget: Budget) -> None:
    real = getattr(os, name)

    def call(*args, **kwargs):
        budget.spend(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, call)


def _install(monkeypatch, dist: Path, how: str, budget: Budget) -> None:
    if how == "open":
        _fail_writes_after(monkeypatch, dist, budget)
    else:
        _fail_calls_after(monkeypatch, how, budget)


@pytest.fixture(scope="module")
def first_release(tmp_path_factory):
    """A dist/ holding release 1.0.0 of the release tests' small tables, and a patch change of
    them (small tables keep each publish well under a second; the pipeline's own tables are
    published under failure by test_build_run_failing_to_publish_...)."""
    dist = tmp_path_factory.mktemp("first") / "dist"
    publish_release(sample_tables(), dist, build_info(run_id="first"))
    return dist, changed_value(sample_tables())


def _publish_with_failure(
    first_release, tmp_path, monkeypatch, how: str, n: int, code: int
) -> Budget:
    template, second = first_release
    dist = tmp_path / "dist"
    shutil.copytree(template, dist, symlinks=True)
    budget = Budget(n, code)
    with monkeypatch.context() as m:
        _install(m, dist, how, budget)
        try:
            result = publish_release(second, dist, build_info(run_id="failing"))
        except OSError as failure:
            assert failure.errno == code or os.strerror(code) in str(failure)
        else:
            if budget.calls > n:
                # the failure hit only the latest/ copy, after the version was registered: the
                # run reports the version as published and says latest/ was not refreshed
                assert result.version == "1.0.1" and "latest/ not refreshed" in result.message
                assert assert_consistent(dist) == ["1.0.0", "1.0.1"]
            shutil.rmtree(dist)
            return budget
    assert assert_consistent(dist) in (["1.0.0"], ["1.0.0", "1.0.1"])
    assert verify_release(dist / "1.0.0") == []
    assert (dist / "1.0.0" / "SHA256SUMS").read_bytes() == (
        template / "1.0.0" / "SHA256SUMS"
    ).read_bytes()
    result = publish_release(second, dist, build_info(run_id="next"))  # the disk has room again
    assert result.version == "1.0.1"
    assert assert_consistent(dist) == ["1.0.0", "1.0.1"]
    assert (dist / "LATEST").read_text() == "1.0.1\n" and verify_release(dist / "latest") == []
    assert not list(dist.glob(".tmp-*"))
    shutil.rmtree(dist)
    return budget


@pytest.mark.parametrize(
    ("how", "n", "code"),
    [
        ("open", 0, errno.ENOSPC),  # the lock file
        ("open", 3, errno.ENOSPC),  # among the data files
        ("fsync", 5, errno.ENOSPC),  # a delayed write error surfaces at fsync
        ("rename", 0, errno.EACCES),  # the version directory cannot be renamed into place
        ("replace", 0, errno.EROFS),  # versions.json: the version is in place, not registered
    ],
)
def test_publish_failing_on_disk_full_or_permission_fails_cleanly(
    first_release, tmp_path, monkeypatch, how, n, code
):
    budget = _publish_with_failure(first_release, tmp_path, monkeypatch, how, n, code)
    assert budget.calls > n  # the failure did happen


@pytest.mark.slow
@pytest.mark.parametrize("how", ["open", "fsync", "rename", "replace"])
def test_publish_failing_at_every_write_fails_cleanly(first_release, tmp_path, monkeypatch, how):
    n = 0  # the errno does not change the code path: ENOSPC stands for all (see the fast test)
    while (
        _publish_with_failure(first_release, tmp_path, monkeypatch, how, n, errno.ENOSPC).calls > n
    ):
        n += 1
    assert n > 0


def test_build_run_failing_to_publish_reports_the_stage_and_keeps_the_release(
    released, monkeypatch
):
    raw, dist = released
    budget = Budget(0, errno.ENOSPC)
    with monkeypatch.context() as m:
        # the run's own files (its report, the alias proposals written by resolve) are spared:
        # this is about the release
        _fail_writes_after(m, dist, budget, spare=(dist / "reports",))
        with pytest.raises(OSError):
            run_build(raw, dist)
    assert assert_consistent(dist) == ["1.0.0"]
    reports = [json.loads(p.read_text()) for p in (dist / "reports").glob("*.json")]
    failed = [r for r in reports if r["status"] == "failed"]
    assert (
        len(failed) == 1
        and failed[0]["failed_stage"] == "publish"
        and "No space left" in failed[0]["error"]
    )
    assert not (dist / "1.1.0").exists()


# --- the real command, once ------------------------------------------------------------------------
def _cli(raw: Path, dist: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from hotspots.cli import app; app()",
        "build",
        "--raw",
        str(raw),
        "--dist",
        str(dist),
    ]


@pytest.mark.slow
def test_cli_build_quarantines_bad_input_survives_a_kill_and_recovers(tmp_path):
    raw, dist = tmp_path / "raw", tmp_path / "dist"
    good_corpus(raw)
    write_doc(raw, "empty", b"")
    write_doc(raw, "latin1", "Caf\u00e9 in Shenzhen".encode("latin-1"))
    (raw / "orphan.meta.json").write_text("{}")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run_build(raw, dist)  # the last good release, built in-process to save a Prefect start
    assert assert_consistent(dist) == ["1.0.0"]

    write_doc(raw, "wuhan", NEW_DOC)
    signal_file = tmp_path / "paused"
    paused_env = {**env, PAUSE_ENV: "before-registry", PAUSE_SIGNAL_ENV: str(signal_file)}
    child = subprocess.Popen(
        _cli(raw, dist),
        cwd=tmp_path,
        env=paused_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 600
        while not signal_file.exists():
            assert child.poll() is None, "the build ended before it reached the pause"
            assert time.monotonic() < deadline
            time.sleep(0.2)
        os.killpg(child.pid, signal.SIGKILL)  # the build and anything it started
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    assert assert_consistent(dist) == ["1.0.0"] and (dist / "1.1.0").is_dir()

    again = subprocess.run(
        _cli(raw, dist), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert again.returncode == 0, again.stderr
    assert "registered 1.1.0" in again.stdout
    for name in ("empty.txt", "latin1.txt", "orphan.meta.json"):
        assert f"quarantined {name}: " in again.stdout
    assert assert_consistent(dist) == ["1.0.0", "1.1.0"]
    assert verify_release(dist / "latest") == [] and not list(dist.glob(".tmp-*"))


def test_publish_that_fails_only_to_refresh_latest_still_reports_the_published_version(
    first_release, tmp_path, monkeypatch
):
    template, second = first_release
    dist = tmp_path / "dist"
    shutil.copytree(template, dist, symlinks=True)

    def no_room(dist_dir, version):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dist_dir / "latest"))

    monkeypatch.setattr("hotspots.release.distdir.refresh_latest", no_room)
    result = publish_release(second, dist, build_info(run_id="latest-fails"))
    assert result.changed and result.version == "1.0.1"
    assert "latest/" in result.message
    assert assert_consistent(dist) == ["1.0.0", "1.0.1"]
