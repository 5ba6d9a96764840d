"""Scheduled rebuilds for real (slow): a local `prefect server` in a temporary PREFECT_HOME,
`hotspots serve` registering the cron deployment, a run triggered by hand through the server,
and a release appearing in a temporary dist. Every wait is bounded; both processes are killed."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from hotspots.ops.cli import server_ok
from tests.conftest import RAW, REFERENCE

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api_json(url: str, body: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url,
        data=data,
        headers={"Content-Type": "application/json"},
        method="POST" if data else "GET",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def wait_for(
    check, timeout: float, what: str, watch: dict[str, subprocess.Popen], interval: float = 1.0
):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
        except OSError:
            result = None
        if result:
            return result
        for name, proc in watch.items():
            if proc.poll() is not None:
                pytest.fail(f"{name} exited with {proc.returncode} while waiting for {what}")
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    for sig, grace in ((signal.SIGINT, 20), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue
        except ProcessLookupError:
            return


def test_served_deployment_runs_on_demand_and_publishes(tmp_path):
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    dist, logs = tmp_path / "dist", tmp_path / "logs"
    logs.mkdir()
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": api,
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    env.pop("PREFECT_PROFILE", None)
    server = serve = None
    try:
        with (logs / "server.log").open("w") as log:
            server = subprocess.Popen(
                [
                    str(BIN / "prefect"),
                    "server",
                    "start",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--no-ui",
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=tmp_path,
            )
        wait_for(
            lambda: server_ok(api, timeout=2), 180, "the Prefect server", {"prefect server": server}
        )

        with (logs / "serve.log").open("w") as log:
            serve = subprocess.Popen(
                [
                    str(BIN / "hotspots"),
                    "serve",
                    "--name",
                    "test",
                    "--cron",
                    "0 3 * * *",
                    "--raw",
                    str(RAW),
                    "--dist",
                    "dist",
                    "--reference",
                    str(REFERENCE),
                    "--cache-dir",
                    str(tmp_path / "cache"),
                    "--api-url",
                    api,
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=tmp_path,
            )
        watch = {"prefect server": server, "hotspots serve": serve}
        deployment = wait_for(
            lambda: api_json(f"{api}/deployments/name/build-hotspots/test"),
            180,
            "the deployment",
            watch,
        )
        assert deployment["schedules"][0]["schedule"]["cron"] == "0 3 * * *"
        assert deployment["parameters"]["options"]["dist_dir"] == str(
            dist
        )  # made absolute: runs do not start in this folder

        trigger = subprocess.run(
            [str(BIN / "prefect"), "deployment", "run", "build-hotspots/test"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert trigger.returncode == 0, trigger.stdout + trigger.stderr

        def completed():
            runs = api_json(
                f"{api}/flow_runs/filter", {"deployments": {"id": {"any_": [deployment["id"]]}}}
            )
            states = {r["state_type"] for r in runs}
            assert not states & {"FAILED", "CRASHED"}, (logs / "serve.log").read_text()[-3000:]
            return "COMPLETED" in states

        wait_for(completed, 420, "the triggered run to complete", watch, interval=2)
        assert (dist / "LATEST").read_text().strip() == "1.0.0"
        reports = [json.loads(p.read_text()) for p in (dist / "reports").glob("*.json")]
        assert [r["status"] for r in reports] == ["published"]
    finally:
        stop(serve)
        stop(server)
    assert server.poll() is not None and serve.poll() is not None
