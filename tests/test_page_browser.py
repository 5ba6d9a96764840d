"""The release page in a real headless browser (Debian's chromium driven by Playwright): it
loads without console errors and without any request leaving the machine, its tables filter and
sort, the chart and the map render, links from facts reach their claims, and a hostile quote in
the data shows as text and runs nothing. A screenshot goes to test-output/ (gitignored)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from release_fixtures import build_info

from hotspots.release import page, page_map, publish_release

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
OUTPUT = Path(__file__).resolve().parent.parent / "test-output"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="/usr/bin/chromium is absent (apt-get install chromium; .ci/apt-packages lists it)",
    ),
]


@pytest.fixture(scope="module")
def release(seed_tables, tmp_path_factory):
    """A release of the tables built from raw/, with markup planted in a quote and a title."""
    tables = {name: df.copy() for name, df in seed_tables.items()}
    claims = tables["claims"]
    i = claims.index[0]
    quote = f"{HOSTILE} {claims.loc[i, 'quote']}"[:300]
    claims.loc[i, "quote"] = quote
    claims.loc[i, "char_end"] = claims.loc[i, "char_start"] + len(quote)
    tables["documents"].loc[tables["documents"].index[0], "title"] = "</script><b>bold?</b>"
    dist = tmp_path_factory.mktemp("browser") / "dist"
    result = publish_release(tables, dist, build_info())
    return dist, result.version, tables, claims.loc[i, "claim_id"]


@pytest.fixture(scope="module")
def server(release):
    dist = release[0]

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(dist))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A page with every console message, page error, dialog and request recorded."""

    def __init__(self, browser, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.requests: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.dialogs: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.console.append(("pageerror", str(e))))
        self.page.on("dialog", self._dialog)
        self.page.goto(url)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def errors(self) -> list[tuple[str, str]]:
        return [(t, m) for t, m in self.console if t in ("error", "warning", "pageerror")]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, server):
    visits = []

    def open_(path: str) -> Visit:
        v = Visit(browser, f"{server}/{path}")
        visits.append(v)
        return v

    yield open_
    for v in visits:
        v.close()


def visible_rows(pg, table: str) -> int:
    return pg.locator(f"#table-{table} tbody tr:visible").count()


def test_release_page_loads_clean_and_offline(visit, server, release):
    version = release[1]
    v = visit("latest/index.html")
    pg = v.page
    pg.wait_for_selector("html[data-ready=true]")
    assert pg.title() == f"China innovation hotspots {version}"
    assert v.errors() == [] and v.dialogs == []
    assert v.requests and all(
        u.startswith(server + "/") or u.startswith("data:") for u in v.requests
    ), v.requests
    OUTPUT.mkdir(exist_ok=True)
    pg.screenshot(path=str(OUTPUT / "release-page.png"))
    pg.screenshot(path=str(OUTPUT / "release-page-full.png"), full_page=True)
    assert (OUTPUT / "release-page.png").stat().st_size > 10_000
    # The all-versions page, too.
    index = visit("index.html")
    assert index.errors() == []
    assert index.page.locator(f'a[href="{version}/index.html"]').count() == 1


def test_tables_show_every_row_and_expected_entities(visit, release):
    _, _, tables, _ = release
    pg = visit("latest/index.html").page
    pg.wait_for_selector("html[data-ready=true]")
    for name in ("facts", "claims", "conflicts", "entities", "cluster_rankings", "documents"):
        assert visible_rows(pg, name) == len(tables[name]), name
        count = pg.locator(f"#table-{name} .count").inner_text()
        assert count == page.plural(len(tables[name]), "row")  # "1 row", never "1 rows"
    rankings = pg.locator("#table-cluster_rankings").inner_text()
    assert "Shenzhen–Hong Kong–Guangzhou" in rankings and "cluster/beijing" in rankings
    assert "Huawei" in pg.locator("#table-entities").inner_text()


def test_filter_narrows_rows_and_clears(visit, release):
    _, _, tables, _ = release
    pg = visit("latest/index.html").page
    pg.wait_for_selector("html[data-ready=true]")
    total = len(tables["facts"])
    box = pg.locator("#table-facts input.filter")
    box.fill("beijing")
    shown = visible_rows(pg, "facts")
    assert 0 < shown < total
    assert pg.locator("#table-facts .count").inner_text() == f"{shown} of {total} rows"
    # A row matches on all its text, the quotes in its (closed) evidence included.
    for text in pg.locator("#table-facts tbody tr:visible").all_text_contents():
        assert "beijing" in text.lower()
    box.fill("beijing headquartered_in")  # every word must match
    assert 0 < visible_rows(pg, "facts") < shown
    box.fill("no-such-thing-anywhere")
    assert visible_rows(pg, "facts") == 0
    box.fill("")
    assert visible_rows(pg, "facts") == total


def test_sorting_by_a_numeric_and_a_text_column(visit, release):
    _, _, tables, _ = release
    pg = visit("latest/index.html").page
    pg.wait_for_selector("html[data-ready=true]")
    ranks = sorted(tables["cluster_rankings"]["rank"])
    header = pg.locator("#table-cluster_rankings th", has_text="Rank")

    def column(i: int) -> list[str]:
        cells = pg.locator(f"#table-cluster_rankings tbody tr td:nth-child({i})")
        return cells.all_inner_texts()

    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert [int(x) for x in column(4)] == ranks
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert [int(x) for x in column(4)] == ranks[::-1]
    pg.locator("#table-entities th button", has_text="Type").click()
    types = pg.locator("#table-entities tbody tr td:nth-child(2)").all_inner_texts()
    assert types == sorted(types, key=str.casefold)


def test_chart_and_map_draw_one_mark_per_row(visit, release):
    _, _, tables, _ = release
    pg = visit("latest/index.html").page
    pg.wait_for_selector("html[data-ready=true]")
    rankings = tables["cluster_rankings"]
    chinese = rankings[rankings["country_code"] == "CN"]
    assert pg.locator("#rank-chart circle.rank-point").count() == len(chinese) > 0
    assert pg.locator("#rank-chart text.rank-label").count() == chinese["cluster_id"].nunique()
    box = pg.locator("#rank-chart").bounding_box()
    assert box["width"] > 200 and box["height"] > 200
    ents = tables["entities"].dropna(subset=["lat", "lon"])
    (lon0, lon1), (lat0, lat1) = page_map.MAP_LON, page_map.MAP_LAT
    in_box = ents[ents["lon"].between(lon0, lon1) & ents["lat"].between(lat0, lat1)]
    assert pg.locator("#entity-map circle.map-point").count() == len(in_box) > 0
    titles = pg.locator("#entity-map circle.map-point title").all_text_contents()
    assert any(t.startswith("Shenzhen (city)") for t in titles)
    assert pg.locator("#entity-map text.map-label").count() > 5


def test_fact_links_reach_their_claim_even_when_filtered_out(visit, release):
    _, _, tables, _ = release
    pg = visit("latest/index.html").page
    pg.wait_for_selector("html[data-ready=true]")
    fact = tables["facts"].iloc[0]
    claim_id = fact["claim_ids"].split(";")[0]
    pg.locator("#table-claims input.filter").fill("no-such-thing-anywhere")
    assert visible_rows(pg, "claims") == 0
    row = pg.locator(f'[id="f-{fact["fact_id"]}"]')
    row.locator("summary").click()
    quote = tables["claims"].set_index("claim_id").loc[claim_id, "quote"]
    assert " ".join(quote.split())[:40] in " ".join(row.inner_text().split())
    row.locator(f'a[href="#c-{claim_id}"]').click()
    target = pg.locator(f'[id="c-{claim_id}"]')
    target.wait_for(state="visible")
    assert pg.url.endswith(f"#c-{claim_id}")
    assert "hi" in (target.get_attribute("class") or "")
    assert pg.locator("#table-claims input.filter").input_value() == ""


def test_hostile_quote_shows_as_text_and_runs_nothing(visit, release):
    _, _, _, claim_id = release
    v = visit("latest/index.html")
    pg = v.page
    pg.wait_for_selector("html[data-ready=true]")
    pg.wait_for_timeout(300)
    assert v.dialogs == [] and v.errors() == []
    assert pg.locator("img").count() == 0
    # ours, and the Croissant JSON-LD data block (issue 20), which is never run
    assert pg.locator("script:not([type])").count() == 1
    assert pg.locator('script[type="application/ld+json"]').count() == 1
    assert pg.locator("b", has_text="bold?").count() == 0
    quote = pg.locator(f'[id="c-{claim_id}"] blockquote.quote').inner_text()
    assert quote.startswith(HOSTILE)
    assert "</script><b>bold?</b>" in pg.locator("#table-documents").inner_text()
    assert pg.locator("[onerror], [onmouseover], [onclick]").count() == 0


def test_page_works_from_a_file_url(browser, release):
    dist, version, _, _ = release
    v = Visit(browser, (dist / version / "index.html").as_uri())
    try:
        v.page.wait_for_selector("html[data-ready=true]")
        assert v.errors() == [] and all(u.startswith("file://") for u in v.requests)
        v.page.locator("#table-entities input.filter").fill("shenzhen")
        assert visible_rows(v.page, "entities") > 0
    finally:
        v.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_no_sideways_scrolling_and_key_columns_stay_in_view(browser, server, release, width):
    """The page never scrolls sideways (issue 20): at a desktop and a phone width it is no wider
    than the window, every wide table scrolls inside its box, and a table's first (key) column
    stays in view when its box is scrolled to the far right."""
    _, version, _, _ = release
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        pg = context.new_page()
        pg.goto(f"{server}/{version}/{page.PAGE}")
        scroll, inner = pg.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll <= inner, (width, scroll)
        for name in ("facts", "claims", "documents"):
            box = pg.locator(f"#table-{name} .tablebox")
            box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
            box_left = box.evaluate("b => b.getBoundingClientRect().left")
            first = pg.locator(f"#table-{name} tbody tr:first-child td:first-child")
            assert first.evaluate("td => getComputedStyle(td).position") == "sticky"
            left = first.evaluate("td => td.getBoundingClientRect().left")
            assert abs(left - box_left) <= 2, (name, width, left, box_left)
        OUTPUT.mkdir(exist_ok=True)
        pg.screenshot(path=str(OUTPUT / f"release-page-{width}.png"))
    finally:
        context.close()
