"""The Prefect API a `hotspots build` talks to, started before the flow needs it.

Without a server Prefect starts a temporary one when the flow first calls its API: only then does
the build process import `prefect.server.api.server` (≈ 19 s of CPU on a slow machine) and start
the server's process, and the build waits for both. `prefect_api()` decides first, before the
project imports Prefect, pandas and the extraction rules:

1. `PREFECT_API_URL` set and answering: that server (the runs are recorded there);
2. a server kept by `hotspots server` for this PREFECT_HOME and answering: that one;
3. otherwise a temporary server in a child process, started now, the same uvicorn app Prefect's
   own temporary server runs, on a socket this process binds and hands over (no free-port race).
   Its URL goes into PREFECT_API_URL before `import prefect`, so Prefect never starts its own;
   the imports and checks of the build overlap the server's start, and `wait_ready` waits for
   what is left of it (at most PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, default 600 s:
   a busy machine needs far more than Prefect's 20 s). The server stops when the build exits.

This module must not import prefect (it runs before the import it overlaps).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from hotspots.ops.cli import kept_server_file, server_ok

STARTUP_TIMEOUT_ENV = "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"
STARTUP_TIMEOUT_S = 600.0


@dataclass
class PrefectApi:
    """Where the build's Prefect runs are recorded. `source`: "configured" (PREFECT_API_URL),
    "kept" (`hotspots server`) or "temporary" (a child of this process, stopped at exit)."""

    url: str
    source: str
    process: subprocess.Popen | None = None
    log: IO[bytes] | None = field(default=None, repr=False)
    note: str = ""

    def describe(self) -> str:
        what = {
            "configured": "the server in PREFECT_API_URL",
            "kept": "the local server kept by `hotspots server`",
            "temporary": "a temporary server for this build (`hotspots server` keeps one running)",
        }[self.source]
        return f"Prefect: {what}, {self.url}" + (f" ({self.note})" if self.note else "")

    def wait_ready(self, timeout: float | None = None) -> None:
        """Return once the API answers; RuntimeError with the server's output if it exits or does
        not answer within `timeout` (default: startup_timeout())."""
        if self.process is None:
            return
        limit = startup_timeout() if timeout is None else timeout
        deadline = time.monotonic() + limit
        while True:
            if server_ok(self.url, timeout=2.0):
                return
            code = self.process.poll()
            if code is not None:
                raise RuntimeError(
                    f"the temporary Prefect server exited with code {code} before answering: "
                    f"{self._output()}"
                )
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"the temporary Prefect server did not answer at {self.url} within {limit:.0f} s "
                    f"(raise {STARTUP_TIMEOUT_ENV}, or keep one running with `hotspots server`): "
                    f"{self._output()}"
                )
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop the temporary server (nothing for a configured or kept one)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def _output(self, limit: int = 2000) -> str:
        if self.log is None:
            return "(no output kept)"
        self.log.seek(0)
        text = self.log.read().decode("utf-8", "replace").strip()
        return text[-limit:] or "(no output)"


def startup_timeout() -> float:
    """Seconds the build waits for a temporary server: PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS
    (the setting Prefect's own temporary server reads), default 600."""
    value = os.environ.get(STARTUP_TIMEOUT_ENV)
    try:
        return float(value) if value else STARTUP_TIMEOUT_S
    except ValueError:
        raise ValueError(f"{STARTUP_TIMEOUT_ENV}={value!r} is not a number of seconds") from None


def kept_server_url() -> str | None:
    """The API URL `hotspots server` recorded for this PREFECT_HOME, if it is still running there."""
    try:
        url = json.loads(kept_server_file().read_text(encoding="utf-8"))["api_url"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return url if isinstance(url, str) and server_ok(url, timeout=1.0) else None


def prefect_api() -> PrefectApi:
    """The API for this build (see the module's docstring); PREFECT_API_URL is set to it. Call it
    before importing prefect: Prefect reads its settings once, at import."""
    configured = os.environ.get("PREFECT_API_URL")
    note = ""
    if configured:
        if server_ok(configured, timeout=3.0):
            return PrefectApi(configured, "configured")
        note = f"PREFECT_API_URL={configured} does not answer"
    kept = kept_server_url()
    if kept:
        os.environ["PREFECT_API_URL"] = kept
        return PrefectApi(kept, "kept", note=note)
    api = start_temporary_server()
    api.note = note
    os.environ["PREFECT_API_URL"] = api.url
    return api


def server_command(fd: int) -> list[str]:
    """Prefect's temporary server (prefect.server.api.server.SubprocessASGIServer) on a socket
    given by its file descriptor."""
    spec = importlib.util.find_spec("prefect")
    assert spec is not None and spec.origin is not None, "prefect is not installed"
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(Path(spec.origin).parent.parent),
        "--factory",
        "prefect.server.api.server:create_app",
        "--fd",
        str(fd),
        "--log-level",
        "error",
        "--lifespan",
        "on",
    ]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    # Linux: the server gets SIGTERM when the build's process dies, even by SIGKILL.
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_temporary_server() -> PrefectApi:
    """A temporary Prefect API server in a child process, listening on a socket bound here on
    127.0.0.1 (any free port) and handed to it; stopped when this process exits."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    # what Prefect sets for its own temporary server: no UI, no background services
    env |= {
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
    }
    # open for the server's life (its output, shown if it fails); closed when this process exits
    log = tempfile.TemporaryFile(prefix="hotspots-prefect-server-")  # noqa: SIM115
    try:
        process = subprocess.Popen(
            server_command(sock.fileno()),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=(sock.fileno(),),
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
    finally:
        sock.close()  # the child holds its own copy
    api = PrefectApi(f"http://127.0.0.1:{port}/api", "temporary", process, log)
    # Registered before prefect is imported: atexit runs last-in first-out, so Prefect's own exit
    # handlers (which flush events and logs to this server) run before it stops.
    atexit.register(api.stop)
    return api
