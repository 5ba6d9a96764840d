"""`hotspots sources`: every file in raw/ with its sidecar's fields and what the next build does
with it (built, new or changed since the latest release, quarantined with the ingest's reason)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotspots.cli import app
from hotspots.sources.listing import format_table, list_sources
from tests.conftest import write_doc

GOOD = "Hefei is home to more than 20 universities.\n"


def publish_fake_release(dist: Path, version: str, documents: dict[str, bytes]) -> None:
    """What `hotspots sources` reads of a release: LATEST and the build.json's input documents
    (the documents its documents table was built from)."""
    (dist / version).mkdir(parents=True)
    inputs = [{"name": n, "sha256": hashlib.sha256(b).hexdigest()} for n, b in documents.items()]
    (dist / version / "build.json").write_text(json.dumps({"input_documents": inputs}))
    (dist / "LATEST").write_text(version + "\n")


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    raw, dist = tmp_path / "raw", tmp_path / "dist"
    write_doc(raw, "a_built", GOOD)
    write_doc(raw, "b_changed", "Shenzhen has 7 unicorns.\n")
    write_doc(raw, "c_new", "Beijing has 30 state key labs.\n")
    write_doc(raw, "d_latin1", "caf\xe9".encode("latin-1"))
    write_doc(raw, "e_no_sidecar", GOOD + "x", meta=None)
    (raw / "f_orphan.meta.json").write_text("{}")
    (raw / "notes.docx").write_bytes(b"PK\x03\x04")
    (raw / ".hidden.txt").write_text("read by the ingest's *.txt glob, so listed")
    (raw / ".add-x.html.k2j4").write_text("a hotspots add in progress: skipped")
    publish_fake_release(
        dist,
        "1.2.0",
        {"a_built": GOOD.encode(), "b_changed": b"Shenzhen has 6 unicorns.\n", "gone": b"old"},
    )
    return raw, dist


def by_file(listing) -> dict:
    return {row.file: row for row in listing.rows}


def test_every_file_has_a_status_against_the_latest_release(corpus):
    raw, dist = corpus
    listing = list_sources(raw, dist)
    rows = by_file(listing)
    assert listing.compared_with == "1.2.0"
    assert rows["a_built.txt"].status == "built"
    assert rows["b_changed.txt"].status == "changed since 1.2.0"
    assert rows["c_new.txt"].status == "new since 1.2.0"
    assert rows["d_latin1.txt"].status.startswith("quarantined: document is not valid UTF-8")
    assert rows["e_no_sidecar.txt"].status.startswith("quarantined: no sidecar")
    assert rows["f_orphan.meta.json"].status.startswith("quarantined: sidecar without a document")
    assert rows["notes.docx"].status.startswith("quarantined: ignored")
    assert rows[".hidden.txt"].status.startswith("quarantined: no sidecar")
    assert rows[".hidden.txt"].media_type == "text/plain"
    assert not any(name.startswith(".add-") for name in rows)
    assert listing.counts() == {"built": 1, "changed": 1, "new": 1, "quarantined": 5}


def test_rows_carry_the_sidecar_fields_even_when_quarantined(corpus):
    raw, dist = corpus
    rows = by_file(list_sources(raw, dist))
    built = rows["a_built.txt"]
    assert (built.media_type, built.title, built.publisher) == (
        "text/plain",
        "Test document a_built",
        "Test publisher",
    )
    assert (built.published, built.license) == ("2024-09", "CC0")
    assert built.sha256 == hashlib.sha256(GOOD.encode()).hexdigest()
    bad = rows["d_latin1.txt"]
    assert bad.title == "Test document d_latin1" and bad.sha256 is None
    assert "UTF-8" in bad.reason


def test_the_status_follows_the_ingest_as_it_is_now(corpus):
    """No stale report: fixing a document changes its status at once."""
    raw, dist = corpus
    (raw / "d_latin1.txt").write_text("Wuhan has 5 universities.\n", encoding="utf-8")
    assert by_file(list_sources(raw, dist))["d_latin1.txt"].status == "new since 1.2.0"


def test_without_a_release_every_accepted_document_is_new(tmp_path):
    write_doc(tmp_path / "raw", "a", GOOD)
    listing = list_sources(tmp_path / "raw", tmp_path / "no-dist")
    assert listing.compared_with is None
    assert [r.status for r in listing.rows] == ["new"]
    assert format_table(listing)[-1].endswith("(no release yet)")


def test_the_same_bytes_under_a_new_name_count_as_built(tmp_path):
    raw, dist = tmp_path / "raw", tmp_path / "dist"
    write_doc(raw, "renamed", GOOD)
    publish_fake_release(dist, "1.0.0", {"original": GOOD.encode()})
    assert by_file(list_sources(raw, dist))["renamed.txt"].status == "built"


def test_an_html_or_pdf_snapshot_gets_its_type_from_its_sidecar_or_extension(tmp_path):
    raw = tmp_path / "raw"
    write_doc(raw, "a", GOOD)
    (raw / "page.html").write_bytes(b"<html><title>x</title></html>")
    (raw / "page.meta.json").write_text(json.dumps({"title": "A page", "media_type": "text/html"}))
    (raw / "report.pdf").write_bytes(b"%PDF-1.4\n")
    rows = by_file(list_sources(raw, tmp_path / "dist"))
    assert rows["page.html"].media_type == "text/html" and rows["page.html"].title == "A page"
    assert rows["report.pdf"].media_type == "application/pdf"
    # until the ingest converts HTML and PDF, it reports them; whatever it says is the status
    assert all(r.status for r in rows.values())


def test_undecodable_file_names_are_listed_printably(tmp_path):
    raw = tmp_path / "raw"
    write_doc(raw, "a", GOOD)
    (raw / b"bad\xff.txt".decode("utf-8", "surrogateescape")).write_text(GOOD + "!")
    rows = by_file(list_sources(raw, tmp_path / "dist"))
    assert rows["bad\\xff.txt"].status.startswith("quarantined: file name is not valid UTF-8")
    assert "bad\\xff.txt" in "\n".join(format_table(list_sources(raw, tmp_path / "dist")))


def test_table_has_one_line_per_file_and_a_summary(corpus):
    raw, dist = corpus
    lines = format_table(list_sources(raw, dist))
    assert lines[0].split() == [
        "file",
        "type",
        "title",
        "publisher",
        "published",
        "licence",
        "status",
    ]
    assert len(lines) == 1 + 8 + 1
    assert lines[-1] == (
        f"8 file(s) in {raw}: 1 built, 1 changed, 1 new, 5 quarantined (latest release 1.2.0)"
    )


def test_cli_sources_json_and_missing_raw(corpus, tmp_path):
    raw, dist = corpus
    runner = CliRunner()
    out = runner.invoke(app, ["sources", "--raw", str(raw), "--dist", str(dist), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["compared_with"] == "1.2.0"
    assert {d["file"]: d["status"] for d in data["documents"]}["c_new.txt"] == "new since 1.2.0"
    text = runner.invoke(app, ["sources", "--raw", str(raw), "--dist", str(dist)])
    assert text.exit_code == 0 and "changed since 1.2.0" in text.stdout
    missing = runner.invoke(app, ["sources", "--raw", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_the_command_starts_without_the_heavy_libraries():
    """`hotspots sources` answers at once (issue #21: within 1.5 s) because neither the command
    nor the listing imports a data, NLP, HTML or PDF library."""
    code = (
        "import sys, hotspots.cli, hotspots.sources.listing;"
        "print(sorted(m for m in ('numpy', 'pandas', 'pyarrow', 'pandera', 'spacy', 'prefect',"
        " 'trafilatura', 'pdfplumber', 'lxml') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
