"""`hotspots download`: a release fetched from a real local HTTP server, verified before it appears.

The server (ThreadingHTTPServer on 127.0.0.1, a free port, in a thread) serves a mirror made by
`mirror_dist`, supports Range requests like any static web server, and can be told to misbehave
for one path: drop the connection mid-file once or every time, or answer 503 once.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import typer
from release_fixtures import build_info, changed_value, sample_tables
from typer.testing import CliRunner

from hotspots.distribution.download import DownloadError, download_release
from hotspots.distribution.mirror import mirror_dist
from hotspots.release import publish_release, verify_release
from hotspots.release.verify import sums_text

runner = CliRunner()
FAST = {"retries": 2, "backoff": 0.01, "timeout": 5.0}  # bounded: no test waits long


class Handler(SimpleHTTPRequestHandler):
    """Static files with Range support and injectable faults (server.faults: path -> mode)."""

    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def do_GET(self) -> None:
        server = self.server
        path = self.path.split("?", 1)[0]
        rng = self.headers.get("Range")
        server.requests.append((path, rng))
        fault = server.faults.get(path)
        if fault == "503-once" and path not in server.tripped:
            server.tripped.add(path)
            self.send_error(503, "busy (simulated)")
            return
        file = Path(self.translate_path(path))
        if not file.is_file():
            self.send_error(404)
            return
        data = file.read_bytes()
        start, end = 0, len(data) - 1
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", rng or "")
        if match:
            a, b = match.groups()
            start, end = (
                (max(0, len(data) - int(b)), len(data) - 1)
                if a == ""
                else (int(a), int(b) if b else len(data) - 1)
            )
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            end = min(end, len(data) - 1)
        body = data[start : end + 1]
        self.send_response(206 if match else 200)
        if match:
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Type", "application/octet-stream")
        self.end_headers()
        drop = fault == "drop-always" or (fault == "drop-once" and path not in server.tripped)
        if drop and len(body) > 1:
            server.tripped.add(path)
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)  # the client sees the body end early
            self.close_connection = True
            return
        self.wfile.write(body)

    def do_HEAD(self) -> None:
        file = Path(self.translate_path(self.path))
        if not file.is_file():
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(file.stat().st_size))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()


@pytest.fixture(scope="module")
def mirrored(tmp_path_factory) -> Path:
    """A mirror (made by `mirror_dist`) of a dist with versions 1.0.0 and 1.0.1."""
    root = tmp_path_factory.mktemp("download")
    dist = root / "dist"
    publish_release(sample_tables(), dist, build_info())
    publish_release(changed_value(sample_tables()), dist, build_info("run-2"))
    mirror_dist(dist, str(root / "mirror"))
    return root / "mirror"


@pytest.fixture
def site(mirrored, tmp_path_factory):
    """A private copy of the mirror served over HTTP; yields (base URL, served folder, server)."""
    served = tmp_path_factory.mktemp("served") / "mirror"
    shutil.copytree(mirrored, served)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(served)))
    server.requests, server.faults, server.tripped = [], {}, set()
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", served, server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        assert not thread.is_alive()


def visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_latest_over_http_arrives_whole_and_verified(site, tmp_path):
    url, served, _ = site
    dest = tmp_path / "data"
    result = download_release(url, "latest", dest, **FAST)

    assert result.version == "1.0.1" and result.path == str(dest / "1.0.1")
    assert result.registry_checked and not result.already_present and result.retries == 0
    # no temporary folder left; the pointers make dest a mirror of what it holds (issue 20)
    assert visible(dest) == ["1.0.1", "LATEST", "index.html", "latest", "versions.json"]
    assert (dest / "LATEST").read_text() == "1.0.1\n"
    assert [e["version"] for e in json.loads((dest / "versions.json").read_text())] == ["1.0.1"]
    assert verify_release(dest / "latest") == []
    release = dest / "1.0.1"
    sums = (release / "SHA256SUMS").read_text().splitlines()
    assert result.files == len(sums) + 1
    for line in sums:
        rel = line.split("  ", 1)[1]
        assert (release / rel).read_bytes() == (served / "1.0.1" / rel).read_bytes()
    assert verify_release(release) == []  # the full check: schemas, CSV = Parquet, database

    again = download_release(url, None, dest, **FAST)
    assert again.already_present and again.bytes == 0


def test_a_named_version_and_a_pinned_hash(site, tmp_path):
    url, served, _ = site
    pin = json.loads((served / "versions.json").read_text())[0]["sha256"]
    result = download_release(url, "1.0.0", tmp_path, sha256=pin, **FAST)
    assert result.version == "1.0.0" and result.pinned
    with pytest.raises(DownloadError, match="not the"):
        download_release(url, "1.0.1", tmp_path / "other", sha256=pin, **FAST)
    assert visible(tmp_path / "other") == []


def test_a_tampered_file_is_refused_and_nothing_is_left(site, tmp_path):
    url, served, server = site
    target = served / "1.0.1" / "data" / "facts.csv"
    data = target.read_bytes()
    target.write_bytes(data.replace(b"single_source", b"single_sourcX", 1))  # same length
    dest = tmp_path / "data"

    with pytest.raises(DownloadError, match=r"data/facts\.csv: sha256 does not match") as err:
        download_release(url, "latest", dest, **FAST)
    assert err.value.hint
    assert visible(dest) == []
    # Fetched a second time from scratch before giving up, never more.
    assert [r for r in server.requests if r[0] == "/1.0.1/data/facts.csv"] == [
        ("/1.0.1/data/facts.csv", None),
        ("/1.0.1/data/facts.csv", None),
    ]


def test_resummed_tampering_is_caught_by_versions_json(site, tmp_path):
    url, served, _ = site
    release = served / "1.0.1"
    target = release / "data" / "facts.csv"
    target.write_bytes(target.read_bytes().replace(b"single_source", b"single_sourcX", 1))
    (release / "SHA256SUMS").write_text(sums_text(release))
    with pytest.raises(DownloadError, match=r"versions\.json recorded"):
        download_release(url, "1.0.1", tmp_path, **FAST)
    assert visible(tmp_path) == []


def test_a_connection_dropped_mid_file_once_is_resumed(site, tmp_path):
    url, served, server = site
    path = "/1.0.1/data/claims.parquet"
    server.faults[path] = "drop-once"
    result = download_release(url, "latest", tmp_path, **FAST)

    assert result.resumed == ["data/claims.parquet"] and result.retries == 1
    size = (served / path.lstrip("/")).stat().st_size
    requests = [r for r in server.requests if r[0] == path]
    assert requests == [(path, None), (path, f"bytes={size // 2}-")]  # resumed, not restarted
    assert verify_release(tmp_path / "1.0.1") == []


def test_a_server_error_is_retried(site, tmp_path):
    url, _, server = site
    server.faults["/1.0.1/SHA256SUMS"] = "503-once"
    server.faults["/1.0.1/data/facts.parquet"] = "503-once"
    result = download_release(url, "latest", tmp_path, **FAST)
    assert result.resumed == ["data/facts.parquet"]


def test_a_connection_that_always_drops_is_refused_after_bounded_retries(site, tmp_path):
    url, _, server = site
    path = "/1.0.1/data/mentions.csv"
    server.faults[path] = "drop-always"
    with pytest.raises(DownloadError, match="failed 3 times") as err:
        download_release(url, "latest", tmp_path, **FAST)
    assert "run the same command again" in err.value.hint
    assert len([r for r in server.requests if r[0] == path]) == 3  # 1 + 2 retries
    assert visible(tmp_path) == []


def test_a_file_truncated_on_the_server_is_refused(site, tmp_path):
    url, served, _ = site
    target = served / "1.0.1" / "data" / "entities.parquet"
    target.write_bytes(target.read_bytes()[:100])  # served whole, consistently short
    with pytest.raises(DownloadError, match=r"entities\.parquet: sha256 does not match.*100 bytes"):
        download_release(url, "latest", tmp_path, **FAST)
    assert visible(tmp_path) == []


def test_unknown_version_lists_what_there_is(site, tmp_path):
    url, _, _ = site
    with pytest.raises(DownloadError, match=r"9\.9\.9 is not in .*versions: 1\.0\.0, 1\.0\.1"):
        download_release(url, "9.9.9", tmp_path, **FAST)


def test_a_hostile_latest_or_sums_never_writes_outside_the_destination(site, tmp_path):
    url, served, _ = site
    (served / "LATEST").write_text("../../etc\n")
    with pytest.raises(DownloadError, match="not a version"):
        download_release(url, "latest", tmp_path, **FAST)

    (served / "versions.json").unlink()  # no record to check the sums against
    (served / "1.0.1" / "SHA256SUMS").write_text("0" * 64 + "  ../../escaped\n")
    with pytest.raises(DownloadError, match="unsafe path"):
        download_release(url, "1.0.1", tmp_path / "dest", **FAST)
    assert not (tmp_path / "escaped").exists() and visible(tmp_path / "dest") == []


def test_an_existing_different_copy_is_not_overwritten(site, tmp_path):
    url, _, _ = site
    download_release(url, "1.0.1", tmp_path, **FAST)
    (tmp_path / "1.0.1" / "README.md").write_text("edited")
    with pytest.raises(DownloadError, match="not an intact copy"):
        download_release(url, "1.0.1", tmp_path, **FAST)
    assert (tmp_path / "1.0.1" / "README.md").read_text() == "edited"


def test_from_a_path_and_a_file_url(mirrored, tmp_path):
    by_path = download_release(str(mirrored), "latest", tmp_path / "a", **FAST)
    by_url = download_release(mirrored.as_uri(), "1.0.0", tmp_path / "b", **FAST)
    assert by_path.registry_checked and by_url.registry_checked
    assert verify_release(tmp_path / "a" / "1.0.1") == []
    assert verify_release(tmp_path / "b" / "1.0.0") == []


def test_download_made_files_readable_like_any_other(site, tmp_path):
    url, _, _ = site
    download_release(url, "latest", tmp_path, **FAST)
    mode = (tmp_path / "1.0.1").stat().st_mode & 0o777
    mask = os.umask(0)
    os.umask(mask)
    assert mode == 0o777 & ~mask


# --- remote reads: the files of latest/ straight from the web server --------------------------


def test_pandas_polars_and_duckdb_read_latest_over_http(site):
    import duckdb
    import pandas as pd
    import polars as pl

    url, served, _ = site
    facts_url = f"{url}/latest/data/facts.parquet"
    local = pd.read_parquet(served / "latest" / "data" / "facts.parquet")

    remote = pd.read_parquet(facts_url)  # pandas fetches http(s) URLs with urllib
    pd.testing.assert_frame_equal(remote, local)
    assert pl.read_parquet(facts_url).height == len(local)  # polars: ranged GETs
    assert pd.read_csv(f"{url}/latest/data/facts.csv").shape == local.shape

    # DuckDB reads http(s) only through its httpfs extension, which it downloads on first use;
    # without it, it still queries the frame that pandas fetched.
    by_status = duckdb.sql("SELECT status, count(*) AS n FROM remote GROUP BY status").df()
    assert by_status["n"].sum() == len(local)


def test_duckdb_reads_latest_over_http_with_httpfs(site):
    import duckdb

    url, served, _ = site
    facts_url = f"{url}/latest/data/facts.parquet"
    n_rows = duckdb.sql(f"SELECT count(*) FROM '{served}/latest/data/facts.parquet'").fetchall()
    installed = duckdb.sql(
        "SELECT installed FROM duckdb_extensions() WHERE extension_name = 'httpfs'"
    ).fetchall()
    if installed != [(True,)]:
        pytest.skip("DuckDB's httpfs extension is not installed (it needs a network to install)")
    con = duckdb.connect()
    con.execute("LOAD httpfs").fetchall()
    assert con.sql(f"SELECT count(*) FROM read_parquet('{facts_url}')").fetchall() == n_rows


# --- CLI -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app():
    from hotspots.cli import app

    return app


def test_cli_download_summary_json_quiet_and_exit_codes(app, site, tmp_path):
    url, served, _ = site
    args = ["download", "--from", url, "--retries", "1", "--timeout", "5"]

    done = runner.invoke(app, [*args, "--to", str(tmp_path / "a")])
    assert done.exit_code == 0, done.output
    assert f"downloaded 1.0.1 to {tmp_path / 'a' / '1.0.1'}" in done.stdout
    assert "verified against SHA256SUMS and the mirror's versions.json" in done.stdout

    as_json = runner.invoke(app, [*args, "1.0.0", "--to", str(tmp_path / "b"), "--json"])
    assert as_json.exit_code == 0
    doc = json.loads(as_json.stdout)
    assert doc["ok"] and doc["version"] == "1.0.0" and doc["registry_checked"]

    quiet = runner.invoke(app, [*args, "--to", str(tmp_path / "c"), "-q"])
    assert quiet.exit_code == 0 and quiet.output == ""

    target = served / "1.0.1" / "data" / "claims.csv"
    target.write_bytes(target.read_bytes()[:-5])
    refused = runner.invoke(app, [*args, "--to", str(tmp_path / "d")])
    assert refused.exit_code == 1
    assert "Download failed" in refused.stderr and "data/claims.csv" in refused.stderr
    assert "next:" in refused.stderr and visible(tmp_path / "d") == []
    failed = runner.invoke(app, [*args, "--to", str(tmp_path / "d"), "--json"])
    assert failed.exit_code == 1
    assert json.loads(failed.stdout)["ok"] is False

    assert runner.invoke(app, [*args, "1.2"]).exit_code == 2  # not a version
    assert runner.invoke(app, ["download", "latest"]).exit_code == 2  # --from missing
    assert runner.invoke(app, [*args, "--sha256", "abc"]).exit_code == 2


def test_downloads_into_one_folder_make_a_mirror_of_what_it_holds(mirrored, tmp_path):
    from hotspots.release.cli import release_app

    app = typer.Typer()
    app.registered_commands += release_app.registered_commands
    to = tmp_path / "to"
    download_release(str(mirrored), "1.0.0", to, **FAST)
    assert (to / "LATEST").read_text() == "1.0.0\n"
    download_release(str(mirrored), "1.0.1", to, **FAST)
    assert (to / "LATEST").read_text() == "1.0.1\n"
    assert json.loads((to / "versions.json").read_text()) == json.loads(
        (mirrored / "versions.json").read_text()
    )
    assert verify_release(to / "latest") == []
    assert CliRunner().invoke(app, ["verify", "--dist", str(to)]).exit_code == 0
    listed = CliRunner().invoke(app, ["versions", "--dist", str(to)]).output.splitlines()
    assert listed[0].startswith("  1.0.0") and listed[1].startswith("* 1.0.1")
    index = (to / "index.html").read_text()
    assert 'href="1.0.0/index.html"' in index and 'href="1.0.1/index.html"' in index


def test_a_source_without_versions_json_still_gives_a_registry(mirrored, tmp_path):
    bare = tmp_path / "bare"
    shutil.copytree(mirrored / "1.0.1", bare / "1.0.1")
    (bare / "LATEST").write_text("1.0.1\n")
    result = download_release(str(bare), "latest", tmp_path / "to", **FAST)
    assert not result.registry_checked
    (entry,) = json.loads((tmp_path / "to" / "versions.json").read_text())
    recorded = json.loads((mirrored / "versions.json").read_text())[1]
    assert entry == recorded  # rebuilt from the release's diff.json and its SHA256SUMS
    assert verify_release(tmp_path / "to" / "1.0.1") == []
