"""The withdrawn banner in a real headless browser (Debian's chromium driven by Playwright): a
withdrawn version's own page, served over http, shows the reason from ../versions.json; the
current version's page shows none; neither logs an error or asks anything off the machine."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from release_fixtures import build_info, changed_value, sample_tables
from test_page_browser import ARGS, CHROMIUM

from hotspots.release import publish_release
from hotspots.release.registry import withdraw_version

REASON = "a unit error in the R&D figures <b>not markup</b>"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    dist = tmp_path_factory.mktemp("withdrawn") / "dist"
    publish_release(sample_tables(), dist, build_info())
    publish_release(changed_value(sample_tables()), dist, build_info("run-2"))
    withdraw_version(dist, "1.0.0", REASON)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(dist))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_the_withdrawn_page_shows_the_reason_and_the_current_one_does_not(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for version, withdrawn in (("1.0.0", True), ("1.0.1", False), ("latest", False)):
                context = browser.new_context()
                requests, problems = [], []
                context.on("request", lambda r, requests=requests: requests.append(r.url))
                page = context.new_page()
                page.on(
                    "console",
                    lambda m, problems=problems: (
                        problems.append(m.text) if m.type in ("error", "warning") else None
                    ),
                )
                page.on("pageerror", lambda e, problems=problems: problems.append(str(e)))
                page.goto(f"{server}/{version}/index.html")
                page.wait_for_load_state("networkidle")
                banner = page.locator("#withdrawn")
                if withdrawn:
                    banner.wait_for(state="visible")
                    text = banner.inner_text()
                    assert "Version 1.0.0 was withdrawn on" in text and REASON in text
                    assert page.locator("#withdrawn b").count() == 0  # text, not markup
                else:
                    assert not banner.is_visible()
                assert problems == [], problems
                assert f"{server}/versions.json" in requests
                assert all(u.startswith(server) or u.startswith("data:") for u in requests)
                context.close()
        finally:
            browser.close()


def test_the_page_fills_in_the_zips_sha256_and_size_from_its_sha256_file(server):
    """The zip holds the page, so the page cannot hold the zip's sha256 (archive.py): over http
    page.js reads it from the zip's .sha256 beside the page, and the size from the server."""
    import hashlib
    import urllib.request

    sync_api = pytest.importorskip("playwright.sync_api")
    name = "china-innovation-hotspots-1.0.1.zip"
    data = urllib.request.urlopen(f"{server}/1.0.1/{name}").read()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page()
            problems = []
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(f"{server}/1.0.1/index.html")
            page.wait_for_load_state("networkidle")
            page.locator("#zip-sha256 code").wait_for(state="visible")
            assert page.locator("#zip-sha256 code").inner_text() == hashlib.sha256(data).hexdigest()
            size = page.locator("#zip-size")
            assert size.get_attribute("title") == f"{len(data)} bytes"
            assert size.inner_text().endswith(("kB", "MB", " B"))
            assert page.locator("#downloads a").first.get_attribute("href") == name
            assert problems == []
        finally:
            browser.close()
