"""End to end: `hotspots add` a saved page and a PDF report into a temporary raw/, build, and the
release holds the claims read from their ranking tables, with spans into the converted text, the
page of each PDF claim, and the documents' type, converter and text hash; `hotspots explain`
shows the page and the url."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from hotspots.cli import app
from hotspots.ingest import ingest
from hotspots.ops.cache import ConversionCache
from tests.sources_fixtures import RANK_PAGE_HTML, make_pdf, ruled_table, text_page

PAGE_URL = "https://example.org/gii-2024-clusters"
PDF_URL = "https://example.org/gii-2024.pdf"


def report_pdf() -> bytes:
    table = ruled_table(
        [["Rank", "Cluster", "Economy"], ["11", "Hangzhou", "China"], ["13", "Wuhan", "China"]],
        top=650,
    )
    table.texts.append((72, 700, "Cluster ranking, Global Innovation Index 2024"))
    intro = text_page(
        "Global Innovation Index 2024",
        "",
        "This report ranks the science and technology clusters of the world.",
    )
    return make_pdf([intro, table], info={"Title": "GII 2024 cluster report"})


@pytest.fixture
def raw_with_sources(tmp_path: Path) -> Path:
    """raw/ filled by the `hotspots add` command, as a maintainer would."""
    raw = tmp_path / "raw"
    raw.mkdir()
    page = tmp_path / "page.html"
    page.write_text(RANK_PAGE_HTML, encoding="utf-8")
    report = tmp_path / "report.pdf"
    report.write_bytes(report_pdf())
    runner = CliRunner()
    for path, url in ((page, PAGE_URL), (report, PDF_URL)):
        out = runner.invoke(
            app,
            ["add", str(path), "--raw", str(raw), "--url", url, "--publisher", "WIPO",
             "--license", "CC-BY-4.0"],
        )  # fmt: skip
        assert out.exit_code == 0, out.output
    return raw


def test_added_page_and_pdf_build_into_claims_with_spans_pages_and_provenance(
    tmp_path, raw_with_sources
):
    from hotspots import pipeline as p
    from hotspots.explain import explain_lines, load_release
    from hotspots.options import BuildOptions
    from tests.conftest import REFERENCE

    raw, dist = raw_with_sources, tmp_path / "dist"
    options = BuildOptions(raw_dir=raw, dist_dir=dist, reference_dir=REFERENCE, use_cache=False)
    report = p.build(options)
    assert report["status"] != "failed", report.get("error")
    assert report["quarantined"] == []
    release = dist / (dist / "LATEST").read_text().strip()
    documents = pd.read_parquet(release / "data" / "documents.parquet")
    claims = pd.read_parquet(release / "data" / "claims.parquet")
    texts = {d.document_id: d for d in ingest(raw, cache=ConversionCache(tmp_path / "c")).documents}
    by_type = {row["media_type"]: row for row in documents.to_dict("records")}
    assert set(by_type) == {"text/html", "application/pdf"}
    for row in by_type.values():  # the text that spans index is pinned by its hash and converter
        doc = texts[row["document_id"]]
        assert row["text_sha256"] == hashlib.sha256(doc.text.encode()).hexdigest()
        assert row["converter"] == doc.converter and row["n_chars"] == len(doc.text)
    for claim in claims.to_dict("records"):
        assert (
            texts[claim["document_id"]].text[claim["char_start"] : claim["char_end"]]
            == claim["quote"]
        )

    html_id, pdf_id = by_type["text/html"]["document_id"], by_type["application/pdf"]["document_id"]
    rows = claims[claims["extractor"] == "ranked_table_row"]
    page_ranks = rows[rows["document_id"] == html_id]
    assert sorted(zip(page_ranks["subject_id"], page_ranks["value"], strict=True)) == [
        ("cluster/beijing", 3.0),
        ("cluster/seoul", 4.0),
        ("cluster/shenzhen-hong-kong-guangzhou", 2.0),
        ("cluster/tokyo-yokohama", 1.0),
    ]
    seoul = page_ranks[page_ranks["subject_id"] == "cluster/seoul"].iloc[0]
    assert seoul["quote"] == "| 4 | Seoul | Republic of Korea |"
    assert page_ranks["page"].isna().all()  # a page has no pages
    pdf_ranks = rows[rows["document_id"] == pdf_id]
    assert sorted(
        zip(pdf_ranks["subject_id"], pdf_ranks["value"], pdf_ranks["page"], strict=True)
    ) == [
        ("cluster/hangzhou", 11.0, 2),
        ("cluster/wuhan", 13.0, 2),
    ]

    tables = load_release(release)
    wuhan = pdf_ranks[pdf_ranks["subject_id"] == "cluster/wuhan"].iloc[0]
    shown = "\n".join(explain_lines(tables, wuhan["claim_id"]))
    assert f"document {pdf_id}, page 2, characters" in shown and PDF_URL in shown
    shown = "\n".join(explain_lines(tables, seoul["claim_id"]))
    assert PAGE_URL in shown and ", page " not in shown


@pytest.mark.slow
def test_the_real_commands_add_a_page_and_a_pdf_and_build_with_the_flow(tmp_path, raw_with_sources):
    """`hotspots build` (the Prefect flow) over what `hotspots add` stored; the claims of the
    PDF's table carry their page."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-c", "from hotspots.cli import app; app()", "build",
         "--raw", str(raw_with_sources), "--dist", str(dist)],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert "2 document(s) built, 0 quarantined" in built.stdout
    release = dist / (dist / "LATEST").read_text().strip()
    claims = pd.read_parquet(release / "data" / "claims.parquet")
    ranks = claims[claims["extractor"] == "ranked_table_row"]
    assert set(ranks["page"].dropna()) == {2} and len(ranks) == 6
    build = json.loads((release / "build.json").read_text())
    assert len(build["input_documents"]) == 2
