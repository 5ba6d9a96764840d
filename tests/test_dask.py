"""The cluster path (issue #21, item 4), slow: a real `dask scheduler` and two `dask worker`
processes on this machine, and `hotspots build --runner dask --dask-address ...` as a user types
it. Extraction batches and the settling of fact groups run as tasks on the workers; the release's
data files must be byte for byte those of the local runner's build of the same documents."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import RAW, REFERENCE

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
DASK = Path(sys.executable).parent / "dask"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOTSPOTS_", "PREFECT_"))}
    env |= {
        "PYTHONPATH": str(ROOT),  # the workers unpickle the project's functions (flows, hotspots)
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        # several settle tasks even for the seed documents' few fact groups
        "HOTSPOTS_GROUPS_PER_TASK": "10",
    }
    return env


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """`dask scheduler` and two single-threaded `dask worker` processes on 127.0.0.1."""
    from distributed import Client

    logs = tmp_path_factory.mktemp("dask-logs")
    env = _env(tmp_path_factory.mktemp("prefect-home"))
    address = f"tcp://127.0.0.1:{_free_port()}"
    port = address.rsplit(":", 1)[1]
    common = {"cwd": ROOT, "env": env, "stdin": subprocess.DEVNULL, "stderr": subprocess.STDOUT}
    processes = [
        subprocess.Popen(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"],
            stdout=open(logs / "scheduler.log", "wb"),  # noqa: SIM115 - closed with the process
            **common,
        )
    ]
    try:
        worker = [str(DASK), "worker", address, "--nthreads", "1", "--no-dashboard"]
        for i in range(2):
            processes.append(
                subprocess.Popen(
                    [*worker, "--host", "127.0.0.1", "--name", f"worker-{i}"],
                    stdout=open(logs / f"worker-{i}.log", "wb"),  # noqa: SIM115
                    **common,
                )
            )
        deadline = time.monotonic() + 180
        while True:  # the scheduler may not listen yet
            try:
                with Client(address, timeout=10) as client:
                    client.wait_for_workers(2, timeout=180)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        yield address, env
    finally:
        for process in reversed(processes):
            _stop(process)


def _build(base: Path, env: dict, name: str, *extra: str) -> dict:
    cmd = [sys.executable, "-c", "from hotspots.cli import main; main()", "build"]
    cmd += ["--raw", str(base / "raw"), "--reference", str(base / "reference")]
    cmd += ["--dist", str(base / name / "dist"), "--cache-dir", str(base / name / "cache")]
    cmd += ["--batch-size", "2", "--json", *extra]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "Prefect: a temporary server for this build" in out.stderr  # said which API it used
    return json.loads(out.stdout[out.stdout.index("{") :])


def _release_files(dist: Path) -> dict[str, bytes]:
    release = dist / "1.0.0" / "data"
    return {p.name: p.read_bytes() for p in sorted(release.iterdir())}


def _worker_state() -> dict:
    """Run on each worker: did an extraction batch and a settle task run in this process?"""
    import sys

    extraction = sys.modules.get("hotspots.stages.extraction")
    return {
        "extracted": bool(extraction and extraction._EXTRACTORS),
        "settled": "hotspots.reconcile" in sys.modules,
    }


def test_dask_workers_build_the_same_release_as_the_local_runner(cluster, tmp_path):
    from distributed import Client

    address, env = cluster
    shutil.copytree(RAW, tmp_path / "raw")
    shutil.copytree(REFERENCE, tmp_path / "reference")

    local = _build(tmp_path, env, "local")
    on_dask = _build(tmp_path, env, "dask", "--runner", "dask", "--dask-address", address)

    assert local["status"] == on_dask["status"] == "published"
    assert on_dask["runner"]["name"] == "dask"
    assert on_dask["cache"]["misses"] == local["cache"]["misses"] == len(list(RAW.glob("*.txt")))
    assert local["rows"] == on_dask["rows"]
    ours, theirs = (
        _release_files(tmp_path / "local" / "dist"),
        _release_files(tmp_path / "dask" / "dist"),
    )
    assert sorted(ours) == sorted(theirs) and len(ours) >= 10
    assert [n for n in ours if ours[n] != theirs[n]] == []
    import cloudpickle

    # by value: the workers cannot import this test module under pytest's name for it
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    with Client(address, timeout=30) as client:
        states = client.run(_worker_state)
    assert len(states) == 2
    assert any(s["extracted"] for s in states.values()), states
    assert any(s["settled"] for s in states.values()), states
