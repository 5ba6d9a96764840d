"""raw/ with .html/.htm/.pdf beside .txt: each document converted with its provenance, each bad
one quarantined with its reason while the rest ingest, and the sidecar `hotspots add` writes
accepted without a warning."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from hotspots.ingest import MAX_PDF_BYTES, ingest
from hotspots.ops.cache import ConversionCache
from hotspots.sources.add import Overrides, add_bytes
from tests.sources_fixtures import RANK_PAGE_HTML, Page, make_pdf, ruled_table, text_page

META = {
    "title": "A source",
    "url": "https://example.org/source",
    "publisher": "Example",
    "published": "2024-09",
    "retrieved": "2024-10-01",
    "license": "CC-BY-4.0",
}
GOOD_TEXT = b"Hefei has 12 state key laboratories, according to the city government.\n"


def put(raw: Path, name: str, data: bytes, **meta) -> Path:
    raw.mkdir(exist_ok=True)
    path = raw / name
    path.write_bytes(data)
    stem = name.rsplit(".", 1)[0]
    (raw / f"{stem}.meta.json").write_text(json.dumps({**META, **meta}))
    return path


def report_pdf() -> bytes:
    table = ruled_table([["Rank", "Cluster", "Economy"], ["7", "Hefei", "China"]], top=650)
    table.texts.append((72, 700, "Cluster ranking of the Global Innovation Index 2024"))
    return make_pdf([text_page("Global Innovation Index 2024", "Hefei keeps rising."), table])


def ingested(raw: Path, tmp_path: Path):
    return ingest(raw, cache=ConversionCache(tmp_path / "cache"))


def test_pages_and_pdfs_ingest_with_type_converter_text_hash_and_pages(tmp_path):
    raw = tmp_path / "raw"
    put(raw, "page.html", RANK_PAGE_HTML.encode())
    put(raw, "old.htm", RANK_PAGE_HTML.replace("Seoul", "Munich").encode())
    put(raw, "report.pdf", report_pdf())
    put(raw, "note.txt", GOOD_TEXT)
    result = ingested(raw, tmp_path)
    assert result.quarantined == []
    docs = {d.name: d for d in result.documents}
    assert [d.name for d in result.documents] == ["note", "old", "page", "report"]
    assert docs["page"].media_type == "text/html"
    assert docs["page"].converter.startswith("trafilatura@")
    assert "| 2 | Shenzhen-Hong Kong-Guangzhou | China |" in docs["page"].text
    assert docs["report"].media_type == "application/pdf"
    assert docs["report"].converter.startswith("pdfplumber@") and len(docs["report"].pages) == 2
    assert docs["note"].converter is None and docs["note"].pages == ()
    files = {"note": "note.txt", "old": "old.htm", "page": "page.html", "report": "report.pdf"}
    for (
        doc
    ) in result.documents:  # the bytes' hash identifies, the text's hash pins what spans index
        assert doc.sha256 == hashlib.sha256((raw / files[doc.name]).read_bytes()).hexdigest()
        assert doc.text_sha256 == hashlib.sha256(doc.text.encode()).hexdigest()


def test_the_sidecar_hotspots_add_writes_is_accepted_without_warnings(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for data in (RANK_PAGE_HTML.encode(), report_pdf(), GOOD_TEXT):
        add_bytes(
            data,
            raw,
            "https://example.org/x",
            Overrides(title=f"Doc {len(data)}", publisher="Example", license="CC-BY-4.0"),
            dt.date(2024, 10, 1),
        )
    sidecars = [json.loads(p.read_text()) for p in raw.glob("*.meta.json")]
    assert all({"media_type", "sha256"} <= set(m) for m in sidecars)
    assert any("encoding" in m for m in sidecars)
    result = ingested(raw, tmp_path)
    assert result.quarantined == [] and len(result.documents) == 3
    assert [w for d in result.documents for w in d.warnings] == []


@pytest.mark.parametrize(
    "name, data, meta, reason",
    [
        ("lies.txt", RANK_PAGE_HTML.encode(), {}, "the extension .txt says text/plain, but the bytes are text/html"),
        ("lies.pdf", GOOD_TEXT, {}, "the extension .pdf says application/pdf, but the bytes are text/plain"),
        ("changed.html", RANK_PAGE_HTML.encode(), {"sha256": "0" * 64}, "the sidecar's sha256 0000000000000000… is not the file's"),
        ("typed.html", RANK_PAGE_HTML.encode(), {"media_type": "application/pdf"}, "the sidecar says media_type application/pdf, the bytes are text/html"),
        ("badtype.html", RANK_PAGE_HTML.encode(), {"media_type": "image/png"}, "sidecar field 'media_type' must be one of"),
        ("badenc.html", RANK_PAGE_HTML.encode(), {"encoding": "klingon-8"}, "sidecar field 'encoding' is not a known encoding"),
        ("charset.html", RANK_PAGE_HTML.replace("Tokyo", "Tōkyō").replace('charset="utf-8"', 'charset="windows-1252"').encode(), {}, "but the bytes are UTF-8"),
        ("wrongenc.html", RANK_PAGE_HTML.replace("Tokyo", "Zürich").encode("cp1252"), {}, "does not match the bytes"),
        ("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", {}, "HTML page has no main text"),
        ("scan.pdf", make_pdf([Page()]), {}, "PDF has no text layer"),
        ("locked.pdf", make_pdf([text_page("Secret")], encrypt=True), {}, "PDF is encrypted"),
        ("broken.pdf", b"%PDF-1.4\nnot really a PDF at all\n%%EOF\n", {}, "PDF cannot be read"),
        ("huge.pdf", make_pdf([text_page(f"p{i}") for i in range(501)]), {}, "over the 500-page limit"),
    ],
    ids=lambda v: v if isinstance(v, str) and "." in v and len(v) < 20 else "",
)  # fmt: skip
def test_each_bad_page_or_pdf_is_quarantined_with_its_reason_and_the_rest_ingest(
    tmp_path, name, data, meta, reason
):
    raw = tmp_path / "raw"
    put(raw, name, data, **meta)
    put(raw, "good_page.html", RANK_PAGE_HTML.replace("Beijing", "Wuhan").encode())
    put(raw, "good_note.txt", GOOD_TEXT)
    result = ingested(raw, tmp_path)
    assert [q.name for q in result.quarantined] == [name]
    assert reason in result.quarantined[0].reason
    assert [d.name for d in result.documents] == ["good_note", "good_page"]


def test_a_pdf_over_the_size_cap_is_refused_before_a_byte_is_read(tmp_path):
    raw = tmp_path / "raw"
    big = put(raw, "big.pdf", b"")
    with open(big, "wb") as fh:  # sparse: no disk space used
        fh.truncate(MAX_PDF_BYTES + 1)
    put(raw, "small.pdf", report_pdf())
    result = ingested(raw, tmp_path)
    (q,) = result.quarantined
    assert q.name == "big.pdf" and f"over the {MAX_PDF_BYTES:,}-byte limit" in q.reason
    assert [d.name for d in result.documents] == ["small"]


def test_a_page_and_a_pdf_with_the_same_name_share_no_sidecar(tmp_path):
    raw = tmp_path / "raw"
    put(raw, "gii.html", RANK_PAGE_HTML.encode())
    put(raw, "gii.pdf", report_pdf())
    result = ingested(raw, tmp_path)
    assert [d.name for d in result.documents] == ["gii"]
    assert result.documents[0].media_type == "text/html"  # the first by name
    (q,) = result.quarantined
    assert q.name == "gii.pdf" and "another document has the same name (gii.html)" in q.reason


def test_a_sidecar_without_a_page_or_pdf_is_still_reported(tmp_path):
    raw = tmp_path / "raw"
    put(raw, "a.html", RANK_PAGE_HTML.encode())
    (raw / "orphan.meta.json").write_text(json.dumps(META))
    (raw / "image.png").write_bytes(b"\x89PNG\r\n")
    reasons = {q.name: q.reason for q in ingested(raw, tmp_path).quarantined}
    assert reasons["orphan.meta.json"].startswith(
        "sidecar without a document: add the .txt, .html or .pdf"
    )
    assert reasons["image.png"].startswith(
        "ignored: neither a document (<name>.txt, .html, .htm or .pdf)"
    )


def test_converted_documents_come_from_the_cache_the_second_time(tmp_path, monkeypatch):
    import hotspots.sources.convert as convert_mod

    raw = tmp_path / "raw"
    put(raw, "report.pdf", report_pdf())
    first = ingested(raw, tmp_path).documents
    monkeypatch.setattr(
        convert_mod, "convert_pdf_isolated", lambda *a: pytest.fail("converted again")
    )
    assert ingested(raw, tmp_path).documents == first


def test_hotspots_sources_lists_pages_and_pdfs_with_the_ingest_s_status(tmp_path, monkeypatch):
    from hotspots.sources.listing import list_sources

    monkeypatch.setenv("HOTSPOTS_CACHE_DIR", str(tmp_path / "cache"))
    raw = tmp_path / "raw"
    put(raw, "old.htm", RANK_PAGE_HTML.encode())
    put(raw, "scan.pdf", make_pdf([Page()]))
    rows = {r.file: r for r in list_sources(raw, tmp_path / "dist").rows}
    assert rows["old.htm"].status == "new" and rows["old.htm"].media_type == "text/html"
    assert rows["scan.pdf"].status.startswith("quarantined: PDF has no text layer")


def test_a_pdf_larger_than_a_page_may_be_is_added_fetched_and_ingested(tmp_path):
    """A report with figures is larger than the 5 MiB a page or text may have: up to 64 MiB, from
    a file or a URL served as application/pdf; a text of the same size is still refused unread."""
    import http.server
    import threading

    from hotspots.ingest import MAX_DOCUMENT_BYTES
    from hotspots.sources.add import AddRefused, add_source

    big = make_pdf([text_page("Hefei keeps rising in the cluster ranking.")], padding=6 << 20)
    assert MAX_DOCUMENT_BYTES < len(big) < MAX_PDF_BYTES
    raw = tmp_path / "raw"
    raw.mkdir()
    src = tmp_path / "report.pdf"
    src.write_bytes(big)
    overrides = Overrides(title="A report", url="https://example.org/r.pdf", publisher="X")
    added = add_source(str(src), raw, overrides, dt.date(2024, 10, 1))
    assert added.document.read_bytes() == big
    text = tmp_path / "big.txt"
    with open(text, "wb") as fh:
        fh.truncate(MAX_DOCUMENT_BYTES + 1)
    with pytest.raises(AddRefused, match=f"over the {MAX_DOCUMENT_BYTES:,}-byte limit"):
        add_source(str(text), raw, overrides)

    class Serve(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = big + b"\n"  # other bytes than the file added above
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Serve)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/gii.pdf"
        fetched = add_source(url, raw, Overrides(title="Fetched report", publisher="X"))
    finally:
        server.shutdown()
    assert fetched.document.read_bytes() == big + b"\n"  # all of it, past the 5 MiB of a page
    result = ingested(raw, tmp_path)
    assert result.quarantined == [] and len(result.documents) == 2
    assert all("Hefei keeps rising" in d.text for d in result.documents)


def test_the_build_converts_through_the_cache_folder_it_is_given_and_not_with_no_cache(tmp_path):
    from hotspots import pipeline as p

    raw = tmp_path / "raw"
    put(raw, "report.pdf", report_pdf())
    p.ingest_documents(raw, tmp_path / "given", use_cache=True)
    assert len(list((tmp_path / "given" / "convert").rglob("*.json"))) == 1
    p.ingest_documents(raw, tmp_path / "off", use_cache=False)
    assert not (tmp_path / "off").exists()
