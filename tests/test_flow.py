"""The real build flow under ONE session-scoped Prefect test harness (slow): a full build, a
rebuild from the cache, one changed document, the Dask runner, a concurrent run, a bad corpus.
Everything builds into temporary folders from copies of raw/ and reference/."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from hotspots.options import BuildOptions
from tests.conftest import RAW, REFERENCE, write_doc

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="module")
def baseline(harness, tmp_path_factory):
    """One full build of a copy of raw/ with an empty cache; the other tests compare with it."""
    from flows.build import build

    base = tmp_path_factory.mktemp("flow")
    shutil.copytree(RAW, base / "raw")
    shutil.copytree(
        REFERENCE, base / "reference"
    )  # a private copy: the project's may be edited meanwhile
    report = build(
        BuildOptions(
            raw_dir=base / "raw",
            dist_dir=base / "dist",
            reference_dir=base / "reference",
            cache_dir=base / "cache",
        )
    )
    names = sorted(p.stem for p in (base / "raw").glob("*.txt"))
    return SimpleNamespace(
        base=base,
        raw=base / "raw",
        ref=base / "reference",
        dist=base / "dist",
        cache=base / "cache",
        report=report,
        names=names,
    )


def run(baseline, run_id: str | None = None, **changes) -> dict:
    from flows.build import build

    options = BuildOptions(
        raw_dir=baseline.raw,
        dist_dir=baseline.dist,
        reference_dir=baseline.ref,
        cache_dir=baseline.cache,
    )
    return build(options.replace(**changes), run_id=run_id)


def data_sums(release: Path) -> dict[str, str]:
    lines = (release / "SHA256SUMS").read_text().splitlines()
    return {
        name.lstrip("*"): digest
        for digest, name in (line.split(maxsplit=1) for line in lines)
        if "data/" in name
    }


def test_full_build_publishes_and_reports_everything(baseline):
    report = baseline.report
    assert report["status"] == "published" and report["release"]["version"] == "1.0.0"
    assert report["cache"]["misses"] == len(baseline.names) and report["cache"]["hits"] == 0
    assert report["documents_new"] == baseline.names and report["compared_with"] is None
    assert (
        report["rows"]["claims"] > 0 and report["rows"]["facts"] > 0 and report["validation"]["ok"]
    )
    for stage in (
        "lock",
        "check",
        "ingest",
        "extract",
        "resolve",
        "reconcile",
        "validate",
        "publish",
        "total",
    ):
        assert stage in report["timings"]
    saved = json.loads((baseline.dist / "reports" / f"{report['run_id']}.json").read_text())
    assert saved["status"] == "published" and saved["fingerprint"]["combined"]
    build_json = json.loads((baseline.dist / "1.0.0" / "build.json").read_text())
    assert build_json["input_fingerprint"] == saved["fingerprint"]["combined"]
    assert not (baseline.dist / ".run.lock").exists()


def test_rebuild_takes_every_extraction_from_the_cache(baseline):
    forced = run(baseline, force=True)
    assert forced["status"] == "no_change" and forced["skipped"] is None
    assert (forced["cache"]["hits"], forced["cache"]["misses"]) == (len(baseline.names), 0)
    assert forced["documents_unchanged"] == len(baseline.names) and not forced["documents_changed"]
    quick = run(baseline)  # same inputs as the last good run: stops after the check
    assert quick["status"] == "no_change" and quick["skipped"] and "extract" not in quick["timings"]


def test_one_changed_document_is_the_only_one_extracted(baseline, tmp_path):
    raw, dist = tmp_path / "raw", tmp_path / "dist"
    shutil.copytree(baseline.raw, raw)
    shutil.copytree(baseline.dist, dist)
    changed = baseline.names[1]
    with (raw / f"{changed}.txt").open("a", encoding="utf-8") as fh:
        fh.write("\nHefei has more than 90 research institutes.\n")
    report = run(baseline, raw_dir=raw, dist_dir=dist)
    assert (report["cache"]["hits"], report["cache"]["misses"]) == (len(baseline.names) - 1, 1)
    assert report["documents_changed"] == [changed] and report["compared_with"] == "1.0.0"
    assert report["status"] == "published" and report["release"]["previous"] == "1.0.0"


def test_dask_runner_gives_the_same_release(baseline, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        report = run(
            baseline,
            dist_dir=tmp_path / "dist",
            cache_dir=tmp_path / "cache",
            batch_size=2,
            runner="dask",
            dask_address=cluster.scheduler_address,
        )
    assert report["status"] == "published" and report["runner"]["name"] == "dask"
    assert report["cache"]["misses"] == len(baseline.names)
    assert data_sums(tmp_path / "dist" / "1.0.0") == data_sums(baseline.dist / "1.0.0")


def test_a_concurrent_run_fails_at_the_lock_stage(baseline, tmp_path):
    from hotspots.ops.lock import LockBusy, RunLock

    dist = tmp_path / "dist"
    with RunLock(dist, "the-other-run"), pytest.raises(LockBusy, match="the-other-run"):
        run(baseline, dist_dir=dist, run_id="20990101T000000Z-locked")
    saved = json.loads((dist / "reports" / "20990101T000000Z-locked.json").read_text())
    assert (saved["status"], saved["failed_stage"]) == ("failed", "lock")


def test_a_corpus_with_no_valid_document_fails_at_ingest(baseline, tmp_path):
    from hotspots.ops.report import NothingToPublish

    raw, dist = tmp_path / "raw", tmp_path / "dist"
    write_doc(raw, "broken", b"\xff\xfe not utf-8")
    with pytest.raises(NothingToPublish):
        run(baseline, raw_dir=raw, dist_dir=dist, run_id="20990101T000000Z-bad")
    saved = json.loads((dist / "reports" / "20990101T000000Z-bad.json").read_text())
    assert (saved["status"], saved["failed_stage"]) == ("failed", "ingest")
    assert saved["quarantined"][0]["name"] == "broken.txt" and not (dist / "LATEST").exists()


def test_transient_read_errors_are_retried_and_permanent_ones_are_not(
    baseline, tmp_path, monkeypatch
):
    import errno

    from hotspots import pipeline as p

    real, calls = p.ingest, []

    def flaky(raw_dir, error, **options):  # options: the conversion cache
        calls.append(error)
        if len(calls) == 1:
            raise error
        return real(raw_dir, **options)

    monkeypatch.setattr(
        p,
        "ingest",
        lambda raw_dir, **kw: flaky(raw_dir, OSError(errno.EIO, "I/O error on the share"), **kw),
    )
    report = run(baseline, dist_dir=tmp_path / "a", force=True)
    assert report["status"] == "published" and len(calls) == 2  # failed once, retried, went on

    calls.clear()
    monkeypatch.setattr(
        p,
        "ingest",
        lambda raw_dir, **kw: flaky(raw_dir, PermissionError(errno.EACCES, "denied"), **kw),
    )
    with pytest.raises(PermissionError):
        run(baseline, dist_dir=tmp_path / "b", force=True)
    assert len(calls) == 1  # not retried


class _CountingList(list):
    """A list that counts how often something walks it."""

    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


def _first_and_size(rows: list, extra: list | str) -> list:
    return [rows[0], len(extra)]


def test_stages_pass_arguments_and_results_through_without_prefect_walking_them(harness):
    """Prefect walks task parameters and results element by element unless they are sealed
    (flows.runners.Stage): at 10,000 documents that walk cost more than some stages."""
    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE

    from flows.runners import Stage, map_batches

    stage = Stage(_first_and_size, name="first", cache_policy=NO_CACHE)
    plain_task = task(_first_and_size, name="plain", cache_policy=NO_CACHE)

    @flow
    def run() -> list:
        direct = stage(_CountingList(["a", "b"]), extra="x")
        mapped = map_batches(
            stage, [_CountingList(["c"]), _CountingList(["d"])], extra=_CountingList(["y"])
        )
        return [direct, mapped]

    @flow
    def run_plain_task() -> list:
        return plain_task(_CountingList(["a", "b"]), extra="x")

    _CountingList.walks = 0
    assert run() == [["a", 1], ["c", 1, "d", 1]]
    assert _CountingList.walks == 0
    assert run_plain_task() == ["a", 1]
    assert _CountingList.walks > 0  # what Stage spares: Prefect walked the plain task's argument
