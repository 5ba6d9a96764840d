"""Operations without Prefect: the run lock, the extraction cache, the input fingerprint, the run
report, retries. Fast; the flow itself is exercised in test_flow*.py (slow)."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from hotspots.ingest import Document
from hotspots.ops import cache as cache_mod
from hotspots.ops import fingerprint as fp
from hotspots.ops import report as rep
from hotspots.ops import run_context, summary
from hotspots.ops.lock import (
    LOCK_NAME,
    Holder,
    LockBusy,
    RunLock,
    pid_alive,
    read_holder,
    stale_reason,
)
from hotspots.ops.retry import is_transient_io_error
from hotspots.options import BuildOptions
from tests.conftest import RAW, REFERENCE, ROOT, write_doc


def doc(name: str, text: str) -> Document:
    import hashlib

    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(document_id=sha[:16], name=name, text=text, sha256=sha, meta={})


def write_lock(dist: Path, **fields) -> Path:
    dist.mkdir(parents=True, exist_ok=True)
    holder = {
        "pid": os.getpid(),
        "host": "elsewhere",
        "started_at": "2026-01-01T00:00:00+00:00",
        "run_id": "old-run",
        "token": "t0",
        "proc_start": None,
        **fields,
    }
    path = dist / LOCK_NAME
    path.write_text(json.dumps(holder))
    return path


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# --- lock ------------------------------------------------------------------------------------------
def test_lock_is_exclusive_and_names_its_holder(tmp_path):
    with RunLock(tmp_path, "run-a") as first:
        holder = read_holder(tmp_path / LOCK_NAME)
        assert (holder.pid, holder.run_id) == (os.getpid(), "run-a")
        with pytest.raises(LockBusy) as busy:
            RunLock(tmp_path, "run-b").acquire()
        assert (
            "run-a" in str(busy.value)
            and f"pid {os.getpid()}" in str(busy.value)
            and "--wait" in str(busy.value)
        )
        assert first.cleared is None
    assert not (tmp_path / LOCK_NAME).exists()
    with RunLock(tmp_path, "run-c"):  # free again
        pass


def test_a_second_run_waits_for_the_first(tmp_path):
    first = RunLock(tmp_path, "run-a").acquire()
    threading.Timer(0.4, first.release).start()
    second = RunLock(tmp_path, "run-b", wait=10, poll=0.05).acquire()
    try:
        assert 0.3 <= second.waited < 5
        assert read_holder(tmp_path / LOCK_NAME).run_id == "run-b"
    finally:
        second.release()


def test_waiting_gives_up_after_the_wait(tmp_path):
    with RunLock(tmp_path, "run-a"):
        t0 = time.monotonic()
        with pytest.raises(LockBusy, match="gave up after waiting"):
            RunLock(tmp_path, "run-b", wait=0.3, poll=0.05).acquire()
        assert time.monotonic() - t0 < 3


def test_stale_lock_of_a_dead_process_on_this_host_is_cleared(tmp_path):
    import socket

    pid = dead_pid()
    write_lock(tmp_path, pid=pid, host=socket.gethostname())
    with RunLock(tmp_path, "run-b") as lock:
        assert lock.cleared["run_id"] == "old-run"
        assert "no longer running" in lock.cleared["reason"]
        assert read_holder(tmp_path / LOCK_NAME).run_id == "run-b"


def test_lock_without_heartbeat_for_max_age_is_stale_even_from_another_host(tmp_path):
    path = write_lock(tmp_path, host="other-machine")
    old = time.time() - 7200
    os.utime(path, (old, old))
    with RunLock(tmp_path, "run-b", max_age=3600) as lock:
        assert "no heartbeat" in lock.cleared["reason"]


def test_fresh_lock_from_another_host_is_respected(tmp_path):
    write_lock(tmp_path, host="other-machine", pid=dead_pid())  # its pid means nothing here
    with pytest.raises(LockBusy, match="other-machine"):
        RunLock(tmp_path, "run-b", max_age=3600).acquire()


def test_reused_pid_and_unreadable_lock_are_stale(tmp_path):
    import socket

    me = Holder(
        pid=os.getpid(),
        host=socket.gethostname(),
        started_at="x",
        run_id="r",
        token="t",
        proc_start="1",
        heartbeat=time.time(),
    )
    if Path("/proc/self/stat").exists():
        assert "another process" in stale_reason(me, time.time(), 3600)
    (tmp_path / LOCK_NAME).write_text("{not json")
    with RunLock(tmp_path, "run-b") as lock:
        assert lock.cleared is not None


def test_heartbeat_keeps_the_lock_fresh_and_release_only_removes_its_own(tmp_path):
    lock = RunLock(tmp_path, "run-a", max_age=0.4).acquire()
    path = tmp_path / LOCK_NAME
    old = time.time() - 100
    os.utime(path, (old, old))
    time.sleep(0.4)
    assert time.time() - path.stat().st_mtime < 50  # touched again by the heartbeat
    write_lock(tmp_path, run_id="intruder", token="other")
    lock.release()
    assert path.exists() and "intruder" in lock.lost


def test_pid_alive():
    assert pid_alive(os.getpid())
    assert not pid_alive(dead_pid())
    assert not pid_alive(0)


LOCK_HOLDER = textwrap.dedent("""
    import sys, time
    from hotspots.ops.lock import RunLock
    lock = RunLock(sys.argv[1], "holder-run").acquire()
    print("held", flush=True)
    time.sleep(120)
""")


def test_two_processes_then_a_killed_holder(tmp_path):
    """A second process is refused while the first holds the lock; once the first is killed
    (kill -9: no chance to clean up), its lock is found stale and cleared."""
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        second = subprocess.run(
            [
                sys.executable,
                "-c",
                textwrap.dedent(f"""
            from hotspots.ops.lock import RunLock, LockBusy
            try:
                RunLock({str(tmp_path)!r}, "second-run").acquire()
            except LockBusy as exc:
                print(exc); raise SystemExit(3)
        """),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 3, second.stderr
        assert "holder-run" in second.stdout and f"pid {holder.pid}" in second.stdout
    finally:
        holder.kill()
        holder.wait(timeout=30)
    with RunLock(tmp_path, "third-run") as lock:
        assert lock.cleared["pid"] == holder.pid and "no longer running" in lock.cleared["reason"]


# --- extraction cache -------------------------------------------------------------------------------
def test_cache_key_depends_on_every_part():
    parts = {"format": "1", "extractor": "x@1", "reference": "r", "code": "c", "spacy": "3.8"}
    base = cache_mod.entry_key("a" * 64, parts)
    assert cache_mod.entry_key("a" * 64, dict(parts)) == base
    assert cache_mod.entry_key("b" * 64, parts) != base
    for name in parts:
        assert cache_mod.entry_key("a" * 64, {**parts, name: parts[name] + "!"}) != base


def test_cache_key_parts_follow_reference_and_version(tmp_path, monkeypatch):
    import shutil

    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE, ref)
    before = cache_mod.key_parts(ref)
    assert before["extractor"].endswith(__import__("hotspots.extract").extract.EXTRACTOR_VERSION)
    some = sorted(ref.rglob("*.yaml"))[0]
    some.write_text(some.read_text() + "\n# reviewed again\n")
    assert cache_mod.key_parts(ref)["reference"] != before["reference"]
    # key_parts reads the version from hotspots.extract when called (cache.py imports it lazily)
    monkeypatch.setattr(__import__("hotspots.extract").extract, "EXTRACTOR_VERSION", "999.0.0")
    assert cache_mod.key_parts(ref)["extractor"] != before["extractor"]


def test_code_hash_changes_when_extraction_code_changes(tmp_path, monkeypatch):
    pkg = tmp_path / "fake_extract"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("RULE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    one = cache_mod.code_hash(("fake_extract",))
    (pkg / "__init__.py").write_text("RULE = 2\n")
    cache_mod.code_hash.cache_clear()
    assert cache_mod.code_hash(("fake_extract",)) != one
    assert len(cache_mod.code_hash()) == 64  # the real extraction modules are found


def test_cache_round_trip_is_exact_across_instances(tmp_path, extractor):
    from hotspots import pipeline as p
    from hotspots.stages import tables as tables_mod

    docs = p.ingest_documents(RAW).documents
    fresh = [extractor.extract(d) for d in docs]
    first = cache_mod.ExtractionCache(tmp_path, REFERENCE)
    found, todo = first.lookup(docs)
    assert (found, len(todo)) == ({}, len(docs))
    first.store(docs, fresh)
    assert first.stats.stored == len(docs) and not first.stats.errors
    second = cache_mod.ExtractionCache(tmp_path, REFERENCE)  # as a later process would
    found, todo = second.lookup(docs)
    assert todo == [] and second.stats.hits == len(docs)
    cached = [found[d.document_id] for d in docs]
    for name, table in tables_mod.extraction_tables(cached).items():
        pd.testing.assert_frame_equal(table, tables_mod.extraction_tables(fresh)[name])
    entries = list((tmp_path / "extract").rglob("*.json"))
    assert len(entries) == len(docs) and not list((tmp_path / "extract").rglob("*.tmp"))


def test_one_changed_document_is_the_only_miss(tmp_path):
    docs = [doc(f"d{i}", f"text {i}") for i in range(4)]
    cache = cache_mod.ExtractionCache(tmp_path, REFERENCE)
    cache.store(docs, [rep_extraction(d) for d in docs])
    changed = [*docs[:2], doc("d2", "text 2, edited"), docs[3]]
    again = cache_mod.ExtractionCache(tmp_path, REFERENCE)
    found, todo = again.lookup(changed)
    assert [d.name for d in todo] == ["d2"] and len(found) == 3
    assert again.as_dict()["hits"] == 3 and again.as_dict()["misses"] == 1


def test_a_changed_publication_date_is_a_miss(tmp_path):
    """The sidecar's `published` dates "last year" (hotspots.extract.scope): same bytes, another
    date, another extraction."""
    import dataclasses

    d = doc("d", "The city's GDP rose last year.")
    cache = cache_mod.ExtractionCache(tmp_path, REFERENCE)
    cache.store([d], [rep_extraction(d)])
    redated = dataclasses.replace(d, meta={**d.meta, "published": "2024-01-01"})
    found, todo = cache_mod.ExtractionCache(tmp_path, REFERENCE).lookup([d, redated])
    assert list(found) == [d.document_id] and todo == [redated]


def rep_extraction(d: Document):
    from hotspots.extract import DocumentExtraction

    return DocumentExtraction(
        d.document_id, mentions=[{"document_id": d.document_id, "char_start": 0}], claims=[]
    )


def test_broken_entries_are_misses_and_an_unwritable_cache_is_not_fatal(tmp_path):
    d = doc("d", "some text")
    cache = cache_mod.ExtractionCache(tmp_path, REFERENCE)
    path = cache.path(d)
    path.parent.mkdir(parents=True)
    path.write_text("{truncated")
    _, todo = cache.lookup([d])
    assert todo == [d] and "unreadable" in cache.stats.errors[0]
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    broken = cache_mod.ExtractionCache(blocked, REFERENCE)
    broken.store([d], [rep_extraction(d)])
    assert broken.stats.stored == 0 and "could not write" in broken.stats.errors[0]


def test_cache_can_be_disabled_and_defaults_to_env(tmp_path, monkeypatch):
    monkeypatch.setenv(cache_mod.CACHE_ENV, str(tmp_path / "c"))
    assert cache_mod.default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv(cache_mod.CACHE_ENV)
    assert cache_mod.default_cache_dir() == ROOT / ".cache"
    d = doc("d", "x")
    off = cache_mod.ExtractionCache(tmp_path, REFERENCE, enabled=False)
    off.store([d], [rep_extraction(d)])
    assert off.lookup([d]) == ({}, [d]) and not (tmp_path / "extract").exists()


def test_merge_extractions_keeps_document_order_and_stores_fresh_ones(tmp_path):
    docs = [doc(f"d{i}", f"text {i}") for i in range(3)]
    report = rep.new_report(Path("raw"), tmp_path)
    cache = cache_mod.ExtractionCache(tmp_path, REFERENCE)
    from hotspots.stages import extraction

    found = {docs[1].document_id: rep_extraction(docs[1])}
    merged = extraction.merge_extractions(
        report, cache, docs, found, [rep_extraction(docs[2]), rep_extraction(docs[0])]
    )
    assert [e.document_id for e in merged] == [d.document_id for d in docs]
    assert report.cache["stored"] == 2
    with pytest.raises(RuntimeError, match="no result"):
        extraction.merge_extractions(report, cache, docs, {}, [])


# --- fingerprint and "no change" -----------------------------------------------------------------------
def test_raw_hash_follows_names_and_bytes(tmp_path):
    write_doc(tmp_path, "a", "Hefei is a city.")
    first = fp.raw_hash(tmp_path)
    assert fp.raw_hash(tmp_path) == first
    write_doc(tmp_path, "a", "Hefei is a big city.")
    second = fp.raw_hash(tmp_path)
    assert second != first
    (tmp_path / "a.txt").rename(tmp_path / "b.txt")
    assert fp.raw_hash(tmp_path) not in (first, second)


def fake_release(dist: Path, version: str = "1.0.0", **run) -> dict:
    (dist / version).mkdir(parents=True)
    (dist / version / "SHA256SUMS").write_text("")
    (dist / version / "build.json").write_text(
        json.dumps(
            {"input_documents": [{"name": "a", "sha256": "1"}, {"name": "b", "sha256": "2"}]}
        )
    )
    (dist / "LATEST").write_text(version + "\n")
    report = {
        "run_id": "20260101T000000Z-aaaa",
        "status": "published",
        "release": {"version": version},
        "quarantined": [],
        "documents_seen": 2,
        "documents_valid": 2,
        "rows": {"claims": 7},
        "validation": {"ok": True},
        **run,
    }
    (dist / "reports").mkdir(exist_ok=True)
    (dist / "reports" / f"{report['run_id']}.json").write_text(json.dumps(report))
    return report


def test_unchanged_since_needs_same_inputs_same_latest_and_no_quarantine(tmp_path):
    print_ = {"combined": "abc"}
    fake_release(tmp_path, fingerprint=print_)
    assert fp.unchanged_since(tmp_path, print_, "1.0.0")["run_id"].startswith("2026")
    assert fp.unchanged_since(tmp_path, {"combined": "other"}, "1.0.0") is None
    assert fp.unchanged_since(tmp_path, print_, "1.1.0") is None
    # a failed run after it does not hide the last good one
    (tmp_path / "reports" / "20270101T000000Z-bbbb.json").write_text(
        json.dumps({"status": "failed"})
    )
    assert fp.unchanged_since(tmp_path, print_, "1.0.0") is not None
    (tmp_path / "reports" / "20280101T000000Z-cccc.json").write_text(
        json.dumps(
            {
                "run_id": "c",
                "status": "published",
                "release": {"version": "1.0.0"},
                "fingerprint": print_,
                "quarantined": [{"name": "x"}],
            }
        )
    )
    assert fp.unchanged_since(tmp_path, print_, "1.0.0") is None


def test_preflight_says_no_change_or_lock_busy_without_an_engine(tmp_path):
    import shutil

    raw, dist, ref = tmp_path / "raw", tmp_path / "dist", tmp_path / "reference"
    shutil.copytree(REFERENCE, ref)  # a private copy: the project's may be edited meanwhile
    write_doc(raw, "a", "Hefei is a city.")
    options = BuildOptions(raw_dir=raw, dist_dir=dist, reference_dir=ref)
    assert run_context.preflight(options) is None  # nothing published yet: the flow must run
    assert not list((dist / "reports").glob("*.json")) if (dist / "reports").exists() else True
    fake_release(dist, fingerprint=fp.input_fingerprint(raw, ref))
    assert run_context.preflight(options.replace(force=True)) is None
    report = run_context.preflight(options, run_id="20990101T000000Z-quick")
    assert report["status"] == "no_change" and "nothing rebuilt" in report["release"]["message"]
    assert report["skipped"] and report["rows"] == {"claims": 7} and report["lock"]["waited_s"] < 5
    saved = json.loads((dist / "reports" / "20990101T000000Z-quick.json").read_text())
    assert saved["status"] == "no_change" and not (dist / LOCK_NAME).exists()
    with RunLock(dist, "busy-run"):
        assert run_context.preflight(options.replace(wait_seconds=30)) is None  # the flow will wait
        busy = run_context.preflight(options, run_id="20990101T000000Z-busy")
    assert (busy["status"], busy["failed_stage"]) == ("failed", "lock") and "busy-run" in busy[
        "error"
    ]
    assert (
        json.loads((dist / "reports" / "20990101T000000Z-busy.json").read_text())["status"]
        == "failed"
    )
    write_doc(raw, "a", "Hefei is a big city.")
    assert run_context.preflight(options) is None


# --- the run report -------------------------------------------------------------------------------------
def test_record_changes_against_the_latest_release(tmp_path):
    fake_release(tmp_path)
    report = rep.new_report(Path("raw"), tmp_path)
    docs = [
        Document("x", "a", "t", "1", {}),
        Document("y", "b", "t", "9", {}),
        Document("z", "c", "t", "3", {}),
    ]
    run_context.record_changes(report, docs, tmp_path)
    assert (
        report.compared_with,
        report.documents_new,
        report.documents_changed,
        report.documents_removed,
        report.documents_unchanged,
    ) == ("1.0.0", ["c"], ["b"], [], 1)
    run_context.record_changes(report, docs[:1], tmp_path)
    assert report.documents_removed == ["b"]
    empty = rep.new_report(Path("raw"), tmp_path / "nothing")
    run_context.record_changes(empty, docs, tmp_path / "nothing")
    assert empty.compared_with is None and empty.documents_new == ["a", "b", "c"]


def test_a_failed_run_names_its_stage_and_still_writes_its_report(tmp_path):
    report = rep.new_report(Path("raw"), tmp_path, run_id="r1")
    stage = rep.Stopwatch(report)
    with (
        pytest.raises(rep.NothingToPublish),
        run_context.reporting(report, tmp_path),
        stage("ingest"),
    ):
        rep.record_ingest(report, __import__("hotspots.ingest").ingest.IngestResult())
    saved = json.loads((tmp_path / "reports" / "r1.json").read_text())
    assert (saved["status"], saved["failed_stage"]) == ("failed", "ingest")
    assert "no valid document" in saved["error"] and "total" in saved["timings"]
    lines = summary.summary_lines(saved)
    assert lines[-1].startswith("FAILED in stage ingest: NothingToPublish")


def test_lock_stage_failure_is_reported(tmp_path):
    with RunLock(tmp_path, "holder"):
        report = rep.new_report(Path("raw"), tmp_path, run_id="r2")
        with (
            pytest.raises(LockBusy),
            run_context.reporting(report, tmp_path),
            run_context.locked(report, tmp_path),
        ):
            pass
    saved = json.loads((tmp_path / "reports" / "r2.json").read_text())
    assert (saved["status"], saved["failed_stage"]) == ("failed", "lock") and "holder" in saved[
        "error"
    ]


def test_summary_names_changes_cache_and_stale_lock():
    report = {
        "run_id": "r",
        "documents_valid": 3,
        "quarantined": [{"name": "bad.txt", "reason": "not UTF-8"}],
        "compared_with": "1.0.0",
        "documents_new": ["c"],
        "documents_changed": ["b"],
        "documents_removed": [],
        "documents_unchanged": 1,
        "cache": {"enabled": True, "hits": 2, "misses": 1, "dir": "/c/extract", "errors": []},
        "lock": {
            "waited_s": 12.0,
            "cleared_stale": {
                "run_id": "old",
                "pid": 7,
                "host": "h",
                "reason": "process 7 is no longer running",
            },
        },
        "rows": {"claims": 5, "facts": 4},
        "timings": {"extract": 1.0, "total": 2.0},
        "release": {"message": "published 1.1.0: minor change since 1.0.0"},
        "status": "published",
    }
    text = "\n".join(summary.summary_lines(report))
    for expected in (
        "1 new, 1 changed, 0 removed, 1 unchanged",
        "quarantined bad.txt: not UTF-8",
        "2 hit(s), 1 miss(es)",
        "cleared a stale lock of run old",
        "waited 12 s",
        "claims=5, facts=4",
        "total 2.0s",
        "published 1.1.0",
    ):
        assert expected in text


# --- retries ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("exc", "transient"),
    [
        (OSError(errno.EIO, "I/O error"), True),
        (TimeoutError("timed out"), True),
        (OSError(errno.ESTALE, "stale NFS file handle"), True),
        (ConnectionResetError(), True),
        (PermissionError(errno.EACCES, "denied"), False),
        (OSError(errno.ENOSPC, "no space left"), False),
        (OSError(errno.EDQUOT, "quota"), False),
        (FileNotFoundError(errno.ENOENT, "raw"), False),
        (ValueError("bad data"), False),
        (RuntimeError("release refused"), False),
        (None, False),
    ],
)
def test_only_transient_io_errors_are_retried(exc, transient):
    assert is_transient_io_error(exc) is transient


# --- command line (no engine started) ------------------------------------------------------------------------
def test_cli_rejects_bad_runner_and_serve_needs_a_server(tmp_path):
    import socket

    from typer.testing import CliRunner

    from hotspots.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["build", "--runner", "spark", "--dist", str(tmp_path)])
    assert result.exit_code == 2 and "local or dask" in result.output
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    result = runner.invoke(app, ["serve", "--api-url", f"http://127.0.0.1:{port}/api"])
    assert result.exit_code == 2 and "prefect server start" in result.output


def test_deployment_parameters_are_absolute(tmp_path, monkeypatch):
    from hotspots.ops.cli import deployment_parameters

    monkeypatch.chdir(tmp_path)
    options = BuildOptions(
        raw_dir=Path("raw"), reference_dir=Path("ref"), runner="dask", dask_address="tcp://s:8786"
    )
    params = deployment_parameters(options)["options"]
    assert params["raw_dir"] == str(tmp_path / "raw") and params["dist_dir"] == str(
        tmp_path / "dist"
    )
    assert params["cache_dir"] is None and params["runner"] == "dask"
    assert BuildOptions(**params) == options.absolute()  # what the flow's parameter becomes


def test_build_and_serve_take_their_option_defaults_from_build_options():
    """One definition of every default: the commands' options come from BuildOptions (only
    serve's wait differs, on purpose: a scheduled run waits for one already on DIST)."""
    import inspect

    from hotspots import cli
    from hotspots.ops import cli as ops_cli
    from hotspots.options import DEFAULTS

    for command, wait in ((cli.build, DEFAULTS.wait_seconds), (ops_cli.serve, 600.0)):
        options = inspect.signature(command).parameters
        assert options["batch_size"].default.default == DEFAULTS.batch_size
        assert options["reference"].default.default == DEFAULTS.reference_dir
        assert options["wait"].default.default == wait


def test_bad_option_combinations_are_refused_once_for_every_caller():
    from hotspots.options import OptionError

    with pytest.raises(OptionError, match="local or dask"):
        BuildOptions(runner="spark")
    with pytest.raises(OptionError, match="needs --runner dask"):
        BuildOptions(dask_address="tcp://s:8786")
    assert BuildOptions(raw_dir="raw").raw_dir == Path("raw")  # JSON parameters arrive as text


def test_the_command_and_its_no_change_check_start_without_the_heavy_libraries():
    """`hotspots build` answers "no change" in about a second because the command and the check
    (report, fingerprint, reference hash, release registry) import no data library."""
    code = (
        "import sys, hotspots.cli, hotspots.ops.report, hotspots.ops.run_context, hotspots.ops.summary,"
        " hotspots.ops.fingerprint;"
        "print(sorted(m for m in ('numpy', 'pandas', 'pyarrow', 'pandera', 'spacy', 'prefect')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_example_scripts_are_an_input_of_the_build(tmp_path):
    from hotspots.ops.fingerprint import examples_hash

    (tmp_path / "a.py").write_text("print(1)\n", encoding="utf-8")
    one = examples_hash(tmp_path)
    (tmp_path / "a.py").write_text("print(2)\n", encoding="utf-8")
    assert examples_hash(tmp_path) != one
    assert "examples" in input_fingerprint_keys()


def input_fingerprint_keys() -> set[str]:
    from hotspots.ops.fingerprint import input_fingerprint

    root = Path(__file__).resolve().parent.parent
    return set(input_fingerprint(root / "raw", root / "reference"))
