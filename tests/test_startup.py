"""Start-up (issue #21, item 3): which Prefect API a build uses, and the temporary server started
before the imports (flows/server.py). A stand-in server (a few lines of http.server answering
/api/health) replaces Prefect's, so these tests run in seconds; the real one is exercised by the
flow tests and measured by benchmarks/startup.py."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from flows import server

# Serves GET /api/health -> true on the listening socket whose descriptor is argv[1].
STAND_IN = textwrap.dedent(
    """
    import socket, sys
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class H(BaseHTTPRequestHandler):
        def do_GET(self):
            ok = self.path == "/api/health"
            self.send_response(200 if ok else 404)
            self.end_headers()
            self.wfile.write(b"true" if ok else b"")

        def log_message(self, *args):
            pass

    s = HTTPServer(("127.0.0.1", 0), H, bind_and_activate=False)
    s.socket = socket.socket(fileno=int(sys.argv[1]))
    s.serve_forever()
    """
)


class Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        ok = self.path == "/api/health"
        self.send_response(200 if ok else 404)
        self.end_headers()
        self.wfile.write(b"true" if ok else b"")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def running_api():
    """A server answering /api/health on 127.0.0.1, in a thread; its API URL."""
    httpd = HTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/api"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect-home"))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    return tmp_path / "prefect-home"


def _dead_url() -> str:
    import socket

    with socket.socket() as s:  # a port nothing listens on once closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/api"


def _stand_in(monkeypatch, script: str = STAND_IN) -> None:
    monkeypatch.setattr(
        server, "server_command", lambda fd: [sys.executable, "-c", script, str(fd)]
    )


def test_a_configured_server_that_answers_is_used_and_named(home, running_api, monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", running_api)
    monkeypatch.setattr(server, "start_temporary_server", lambda: pytest.fail("started a server"))
    api = server.prefect_api()
    assert (api.source, api.url, api.process) == ("configured", running_api, None)
    assert "PREFECT_API_URL" in api.describe() and running_api in api.describe()


def test_the_kept_server_is_used_when_the_configured_one_does_not_answer(
    home, running_api, monkeypatch
):
    dead = _dead_url()
    monkeypatch.setenv("PREFECT_API_URL", dead)
    home.mkdir(parents=True)
    server.kept_server_file().write_text(json.dumps({"api_url": running_api, "pid": 1}))
    monkeypatch.setattr(server, "start_temporary_server", lambda: pytest.fail("started a server"))
    api = server.prefect_api()
    assert (api.source, api.url) == ("kept", running_api)
    assert f"{dead} does not answer" in api.describe()
    import os

    assert os.environ["PREFECT_API_URL"] == running_api  # what Prefect reads at import


def test_a_kept_server_that_stopped_is_not_used(home, monkeypatch):
    home.mkdir(parents=True)
    server.kept_server_file().write_text(json.dumps({"api_url": _dead_url(), "pid": 1}))
    assert server.kept_server_url() is None
    server.kept_server_file().write_text("not json")
    assert server.kept_server_url() is None


def test_temporary_server_listens_on_the_socket_handed_over_and_stops(home, monkeypatch):
    _stand_in(monkeypatch)
    api = server.prefect_api()
    try:
        assert api.source == "temporary" and api.url.startswith("http://127.0.0.1:")
        import os

        assert os.environ["PREFECT_API_URL"] == api.url
        api.wait_ready(timeout=60)
        assert server.server_ok(api.url)
        process = api.process
    finally:
        api.stop()
    assert process.poll() is not None and not server.server_ok(api.url, timeout=0.5)
    api.stop()  # twice is harmless


def test_a_server_that_exits_is_a_clear_error_with_its_output(home, monkeypatch):
    _stand_in(monkeypatch, "import sys; print('no database here'); sys.exit(3)")
    api = server.start_temporary_server()
    with pytest.raises(RuntimeError, match=r"exited with code 3.*no database here"):
        api.wait_ready(timeout=60)


def test_a_server_that_never_answers_is_stopped_at_the_timeout(home, monkeypatch):
    _stand_in(monkeypatch, "import time; time.sleep(60)")
    api = server.start_temporary_server()
    process = api.process
    with pytest.raises(RuntimeError, match=r"did not answer .* within 1 s.*hotspots server"):
        api.wait_ready(timeout=1)
    assert process.poll() is not None


def test_startup_timeout_is_600_s_unless_set(monkeypatch):
    monkeypatch.delenv(server.STARTUP_TIMEOUT_ENV, raising=False)
    assert server.startup_timeout() == 600.0
    monkeypatch.setenv(server.STARTUP_TIMEOUT_ENV, "42")
    assert server.startup_timeout() == 42.0
    monkeypatch.setenv(server.STARTUP_TIMEOUT_ENV, "soon")
    with pytest.raises(ValueError, match="soon"):
        server.startup_timeout()


def test_the_server_module_does_not_import_prefect():
    # it runs before the imports it overlaps
    code = "import sys, flows.server; print('prefect' in sys.modules)"
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["versions", "--dist", "{dist}"],
        ["sources", "--raw", "{raw}", "--dist", "{dist}"],
    ],
)
def test_quick_commands_import_neither_prefect_nor_pandas(args, tmp_path):
    """What keeps --help, versions and sources quick: no engine or data library is loaded."""
    root = Path(__file__).resolve().parent.parent
    args = [a.format(dist=tmp_path / "dist", raw=root / "raw") for a in args]
    code = (
        "import sys\nfrom hotspots.cli import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('LOADED', sorted(m for m in ('prefect', 'pandas', 'pyarrow') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=root, capture_output=True, text=True
    )
    assert "LOADED []" in out.stdout, out.stdout[-500:] + out.stderr[-500:]


# Serves /api/health on 127.0.0.1:<--port> until terminated: the stand-in for `prefect server start`.
KEPT_STAND_IN = textwrap.dedent(
    """
    import sys
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class H(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"true")

        def log_message(self, *args):
            pass

    HTTPServer(("127.0.0.1", int(sys.argv[sys.argv.index("--port") + 1])), H).serve_forever()
    """
)


def test_hotspots_server_is_found_by_builds_while_it_runs_and_forgotten_after(home, monkeypatch):
    import os
    import signal
    import socket
    import time

    from typer.testing import CliRunner

    from hotspots.cli import app
    from hotspots.ops import cli as ops_cli

    monkeypatch.setattr(ops_cli, "KEPT_SERVER_COMMAND", [sys.executable, "-c", KEPT_STAND_IN])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result: dict = {}
    command = threading.Thread(
        target=lambda: result.update(out=CliRunner().invoke(app, ["server", "--port", str(port)]))
    )
    command.start()
    record = server.kept_server_file()
    deadline = time.monotonic() + 60
    while server.kept_server_url() is None:
        assert time.monotonic() < deadline, "the kept server never answered"
        time.sleep(0.2)
    monkeypatch.setattr(server, "start_temporary_server", lambda: pytest.fail("started a server"))
    api = server.prefect_api()
    assert (api.source, api.url) == ("kept", f"http://127.0.0.1:{port}/api")
    assert "hotspots server" in api.describe()
    os.kill(json.loads(record.read_text())["pid"], signal.SIGTERM)  # the server stops
    command.join(30)
    assert not command.is_alive() and result["out"].exit_code == 0, result["out"].output
    assert not record.exists() and server.kept_server_url() is None
