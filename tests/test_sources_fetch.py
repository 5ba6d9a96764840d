"""Fetching a URL for `hotspots add`, against a local HTTP server started by the test: what
arrives whole is kept with the address it came from; anything else is a clear error and nothing
reaches raw/."""

from __future__ import annotations

import contextlib
import http.server
import json
import socket
import threading
import time
from pathlib import Path

import pytest

from hotspots.sources.add import AddRefused, Overrides, add_source
from hotspots.sources.fetch import FetchError, fetch
from tests.test_sources_add import HTML, make_pdf

PDF = make_pdf("Global Innovation Index 2024", {"Title": "GII 2024", "CreationDate": "D:20240926"})
SMALL_CAP = 64 * 1024  # the cap under test; the default (the ingest's 5 MiB) is the same code path


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep the test output clean
        pass

    def send_body(self, body: bytes, content_type: str | None, status: int = 200) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):  # one route per case, read as a table
        path = self.path
        if path == "/page":
            self.send_body(HTML.encode(), "text/html; charset=utf-8")
        elif path == "/report":
            self.send_body(PDF, "application/pdf")
        elif path == "/pdf-said-html":
            self.send_body(PDF, "text/html; charset=utf-8")
        elif path == "/download":
            self.send_body(PDF, "application/octet-stream")
        elif path == "/plain":
            self.send_body(b"Hefei is home to more than 20 universities.\n", None)
        elif path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            codes = (301, 302, 303, 307, 308)
            self.redirect("/page" if n == 0 else f"/hop/{n - 1}", codes[n % len(codes)])
        elif path.startswith("/loop/"):
            self.redirect(f"/loop/{int(path.rsplit('/', 1)[1]) + 1}")
        elif path == "/to-file":
            self.redirect("file:///etc/passwd")
        elif path == "/no-location":
            self.send_response(302)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/declared-too-big":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(SMALL_CAP + 1))
            self.end_headers()  # and no body: a client that waited for one would time out
        elif path == "/streamed-too-big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<p>" + b"x" * 4093 + b"\n"
            try:
                for _ in range(10_000):  # 40 MB if nobody stops reading
                    self.wfile.write(chunk)
                    self.server.bytes_sent += len(chunk)
            except OSError:
                pass  # the client hung up: what a size cap should do
        elif path == "/image":
            self.send_body(b"\x89PNG\r\n\x1a\n", "image/png")
        elif path == "/json":
            self.send_body(b"{}", "application/json")
        elif path == "/slow":
            time.sleep(3)
            with contextlib.suppress(OSError):  # the client gave up long ago
                self.send_body(HTML.encode(), "text/html")
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "100")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
        elif path == "/missing":
            self.send_body(b"not here", "text/html", status=404)
        elif path == "/dropped":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(HTML) * 2))
            self.end_headers()
            self.wfile.write(HTML.encode())
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif path == "/dropped-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            body = HTML.encode()
            self.wfile.write(b"%x\r\n" % len(body) + body + b"\r\n")
            self.wfile.write(b"%x\r\n" % 1000 + b"only part of the next chunk")
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        else:
            self.send_body(b"?", "text/plain", status=500)


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.bytes_sent = 0
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """The local server is reached directly even where a proxy is configured."""
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def base(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


# --- what arrives whole ------------------------------------------------------------------------------
def test_a_page_is_fetched_with_its_type_and_charset(server):
    got = fetch(base(server) + "/page")
    assert got.data == HTML.encode()
    assert (got.content_type, got.charset) == ("text/html", "utf-8")
    assert got.final_url == base(server) + "/page" and got.redirects == ()


def test_a_pdf_and_a_generic_download_are_fetched(server):
    assert fetch(base(server) + "/report").data == PDF
    assert fetch(base(server) + "/download").content_type == "application/octet-stream"


def test_a_redirect_chain_is_followed_and_the_final_url_kept(server):
    got = fetch(base(server) + "/hop/4")
    assert got.data == HTML.encode()
    assert got.final_url == base(server) + "/page"
    assert [u.rsplit("/", 2)[-2:] for u in got.redirects] == [
        ["hop", "4"], ["hop", "3"], ["hop", "2"], ["hop", "1"], ["hop", "0"]
    ]  # fmt: skip


# --- what is refused ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "kwargs", "message"),
    [
        ("/hop/5", {}, "more than 5 redirects"),
        ("/loop/0", {}, "more than 5 redirects"),
        ("/hop/2", {"max_redirects": 2}, "more than 2 redirects"),
        ("/to-file", {}, "only http"),
        ("/no-location", {}, "without a Location"),
        ("/image", {}, "Content-Type image/png is not"),
        ("/json", {}, "Content-Type application/json is not"),
        ("/missing", {}, "HTTP 404"),
        ("/slow", {"timeout": 0.5}, "timed out"),
        ("/trickle", {"timeout": 1.0, "deadline": 0.6}, "took too long"),
        ("/dropped", {}, "connection closed after"),
        ("/dropped-chunked", {}, "connection closed after|transfer failed after"),
    ],
)
def test_fetch_refuses_with_a_clear_reason(server, path, kwargs, message):
    with pytest.raises(FetchError, match=message):
        fetch(base(server) + path, **kwargs)


def test_a_declared_size_over_the_cap_is_refused_before_the_body(server):
    started = time.monotonic()
    with pytest.raises(FetchError, match="over the 65,536-byte limit; not fetched"):
        fetch(base(server) + "/declared-too-big", max_bytes=SMALL_CAP, timeout=5)
    assert time.monotonic() - started < 4  # refused from the header, not after waiting for a body


def test_a_streamed_body_over_the_cap_is_stopped_not_read_to_the_end(server):
    server.bytes_sent = 0
    with pytest.raises(FetchError, match="over the 65,536-byte limit; stopped"):
        fetch(base(server) + "/streamed-too-big", max_bytes=SMALL_CAP)
    time.sleep(0.2)
    assert server.bytes_sent < 10_000 * 4097  # the server was cut off, not drained


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/a", "http://", "gopher://x"]
)
def test_only_http_urls_are_fetched(url):
    with pytest.raises(FetchError, match="only http"):
        fetch(url)


def test_nothing_listening_is_a_clear_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nobody listens there
    with pytest.raises(FetchError, match=r"refused|Connection"):
        fetch(f"http://127.0.0.1:{port}/page", timeout=2)


# --- through `hotspots add URL` ---------------------------------------------------------------------
def test_add_url_keeps_the_final_url_and_the_bytes_as_sent(server, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    added = add_source(base(server) + "/hop/2", raw)
    assert added.document.read_bytes() == HTML.encode()
    meta = json.loads(added.sidecar.read_text())
    assert meta["url"] == base(server) + "/page"
    assert meta["media_type"] == "text/html" and meta["publisher"] == "Innovation Desk"
    pdf = add_source(base(server) + "/download", raw, Overrides(publisher="WIPO"))
    assert pdf.document.suffix == ".pdf" and pdf.meta["title"] == "GII 2024"
    assert pdf.meta["published"] == "2024-09-26"
    with pytest.raises(AddRefused, match=f"already in raw/ as {pdf.document.name}"):
        add_source(base(server) + "/report", raw, Overrides(publisher="WIPO"))


def test_the_bytes_decide_the_type_when_the_server_names_another(server, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    added = add_source(base(server) + "/pdf-said-html", raw, Overrides(publisher="WIPO"))
    assert added.document.suffix == ".pdf" and added.meta["media_type"] == "application/pdf"
    assert "the server said text/html; the bytes are application/pdf" in " ".join(added.warnings)


def test_a_plain_text_response_without_a_type_is_sniffed(server, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    added = add_source(base(server) + "/plain", raw)
    assert added.document.suffix == ".txt" and added.meta["media_type"] == "text/plain"


@pytest.mark.parametrize("path", ["/dropped", "/dropped-chunked", "/streamed-too-big", "/missing"])
def test_a_failed_download_leaves_raw_untouched(server, tmp_path, path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "kept.txt").write_text("existing")
    with pytest.raises(AddRefused):
        add_source(base(server) + path, raw)
    assert [p.name for p in raw.iterdir()] == ["kept.txt"]


def test_cli_add_url_and_its_refusal(server, tmp_path):
    from typer.testing import CliRunner

    from hotspots.cli import app

    raw = tmp_path / "raw"
    raw.mkdir()
    runner = CliRunner()
    ok = runner.invoke(app, ["add", base(server) + "/page", "--raw", str(raw)])
    assert ok.exit_code == 0, ok.output
    assert "added " in ok.stdout and Path(ok.stdout.split()[1]).is_file()
    bad = runner.invoke(app, ["add", base(server) + "/image", "--raw", str(raw)])
    assert bad.exit_code == 1 and "image/png" in bad.stderr


def test_the_default_cap_is_the_ingests_document_limit():
    import inspect

    from hotspots.ingest import MAX_DOCUMENT_BYTES

    assert inspect.signature(fetch).parameters["max_bytes"].default == MAX_DOCUMENT_BYTES
