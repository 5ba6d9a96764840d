"""`hotspots add FILE`: the snapshot keeps the bytes, the sidecar states what the document says
about itself (options win), and every refusal leaves raw/ exactly as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hotspots.cli import app
from hotspots.ingest import MAX_DOCUMENT_BYTES, check_sidecar, ingest
from hotspots.sources import add as add_mod
from hotspots.sources.add import AddRefused, Overrides, add_bytes, add_source, document_stem
from hotspots.sources.metadata import (
    UnsupportedSource,
    license_name,
    pdf_date,
    sniff_media_type,
)

TODAY = dt.date(2026, 12, 4)
URL = "https://example.org/reports/shenzhen"
TEXT = (
    "Shenzhen's innovation economy\n\n"
    "Shenzhen-Hong Kong-Guangzhou ranked second in the Global Innovation Index 2023.\n"
    "Hefei is home to more than 20 universities.\n"
)
HTML = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Science and technology clusters 2024 | Innovation Desk</title>
<meta property="og:site_name" content="Innovation Desk">
<meta property="article:published_time" content="2024-09-26T09:00:00Z">
<link rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/">
</head><body><nav><a href="/">Home</a></nav>
<article><h1>Science and technology clusters 2024</h1>
<p>Shenzhen-Hong Kong-Guangzhou ranked second in the Global Innovation Index 2024.</p></article>
</body></html>
"""


def make_pdf(text: str, info: dict[str, str] | None = None) -> bytes:
    """A minimal, valid one-page PDF with `text` on it and an info dictionary (written by hand,
    with a correct cross-reference table, so the test needs no PDF writer)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if info:
        entries = " ".join(f"/{k} ({v})" for k, v in info.items())
        objects.append(f"<< {entries} >>".encode("latin-1"))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    trailer += b" /Info %d 0 R >>" % len(objects) if info else b" >>"
    out += b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def listing(folder: Path) -> dict[str, bytes]:
    """Every file in `folder` (hidden ones included) with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    return folder


def source_file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- what is written -------------------------------------------------------------------------------
def test_text_file_is_snapshotted_byte_for_byte_with_a_sidecar_the_ingest_accepts(tmp_path, raw):
    src = source_file(tmp_path, "notes from a report.txt", TEXT.encode())
    added = add_source(str(src), raw, Overrides(url=URL, publisher="Example Press"), TODAY)
    assert added.document.parent == raw and added.document.suffix == ".txt"
    assert added.document.read_bytes() == src.read_bytes()
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    assert added.document.stem == f"shenzhen-innovation-economy-{digest[:12]}"
    meta = json.loads(added.sidecar.read_text(encoding="utf-8"))
    assert meta == {
        "title": "Shenzhen's innovation economy",
        "url": URL,
        "publisher": "Example Press",
        "published": None,
        "retrieved": "2026-12-04",
        "license": "unknown",
        "media_type": "text/plain",
        "sha256": digest,
        "encoding": "utf-8",
    }
    assert any("license" in w and "unknown" in w for w in added.warnings)
    assert any(w.startswith("published:") for w in added.warnings)
    assert sorted(p.name for p in raw.iterdir()) == sorted(
        [added.document.name, added.sidecar.name]
    )  # no temporary file left
    result = ingest(raw)
    assert not result.quarantined
    (doc,) = result.documents
    assert doc.sha256 == digest and doc.meta["title"] == meta["title"]


def test_added_text_document_builds_into_a_release(tmp_path, raw):
    """End to end without Prefect: add, then the plain build publishes a release whose documents
    table holds the snapshot with its sidecar's provenance and whose claims quote it."""
    import pandas as pd

    from hotspots import pipeline as p
    from hotspots.options import BuildOptions
    from tests.conftest import REFERENCE

    src = source_file(tmp_path, "a.txt", TEXT.encode())
    added = add_source(
        str(src), raw, Overrides(url=URL, publisher="Example Press", license="CC-BY-4.0")
    )
    dist = tmp_path / "dist"
    options = BuildOptions(raw_dir=raw, dist_dir=dist, reference_dir=REFERENCE, use_cache=False)
    report = p.build(options)
    assert report["status"] != "failed", report.get("error")
    assert report["quarantined"] == []
    version = (dist / "LATEST").read_text().strip()
    documents = pd.read_parquet(dist / version / "data" / "documents.parquet")
    (row,) = documents.to_dict("records")
    assert row["sha256"] == added.meta["sha256"] and row["url"] == URL
    assert row["license"] == "CC-BY-4.0" and row["publisher"] == "Example Press"
    claims = pd.read_parquet(dist / version / "data" / "claims.parquet")
    assert len(claims) > 0
    text = added.document.read_text(encoding="utf-8")
    for claim in claims.to_dict("records"):
        assert text[claim["char_start"] : claim["char_end"]] == claim["quote"]
    # and `hotspots sources` sees it in the release, and the next one as new
    from hotspots.sources.listing import list_sources

    assert [r.status for r in list_sources(raw, dist).rows] == ["built"]
    later = add_bytes(b"Wuhan has 5 universities.\n", raw, URL, Overrides(title="Wuhan"))
    rows = {r.file: r.status for r in list_sources(raw, dist).rows}
    assert rows[later.document.name] == f"new since {version}"


def test_html_metadata_is_detected_from_the_page(tmp_path, raw):
    src = source_file(tmp_path, "page.txt", HTML.encode())  # the extension lies; the bytes decide
    added = add_source(str(src), raw, Overrides(url=URL), TODAY)
    assert added.document.suffix == ".html"
    assert added.document.read_bytes() == HTML.encode()
    meta = added.meta
    assert meta["media_type"] == "text/html" and meta["encoding"] == "utf-8"
    assert meta["title"] == "Science and technology clusters 2024"
    assert meta["publisher"] == "Innovation Desk"
    assert meta["published"] == "2024-09-26"
    assert meta["license"] == "CC-BY-SA-4.0"
    assert meta["language"] == "en"
    assert not any(w.startswith(("license", "published", "publisher")) for w in added.warnings)


def test_json_ld_gives_title_publisher_date_and_licence(raw):
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "headline": "China's clusters rise",
                "datePublished": "2023-05-02T08:00:00+08:00",
                "publisher": {"@type": "Organization", "name": "Xinhua"},
                "license": {
                    "@type": "CreativeWork",
                    "url": "https://creativecommons.org/licenses/by/4.0/",
                },
            }
        ],
    }
    page = (
        "<html><head><title>news</title>"
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
        "</head><body><p>Hefei is home to more than 20 universities.</p></body></html>"
    ).encode()
    meta = add_bytes(page, raw, "https://english.news.cn/a.html", today=TODAY).meta
    assert (meta["title"], meta["publisher"]) == ("China's clusters rise", "Xinhua")
    assert (meta["published"], meta["license"]) == ("2023-05-02", "CC-BY-4.0")


def test_options_override_every_detected_field(tmp_path, raw):
    src = source_file(tmp_path, "page.html", HTML.encode())
    overrides = Overrides(
        title="GII clusters",
        publisher="WIPO",
        published="2024-09",
        license="CC-BY-4.0",
        url="https://www.wipo.int/gii",
        language="en",
    )
    meta = add_source(str(src), raw, overrides, TODAY).meta
    assert {k: meta[k] for k in ("title", "publisher", "published", "license", "url")} == {
        "title": "GII clusters",
        "publisher": "WIPO",
        "published": "2024-09",
        "license": "CC-BY-4.0",
        "url": "https://www.wipo.int/gii",
    }


def test_html_in_a_charset_other_than_declared_is_detected_and_stated(raw):
    page = HTML.replace('<meta charset="utf-8">', '<meta charset="utf-8">').replace(
        "clusters 2024</h1>", "clusters 2024 — Zürich, São Paulo, Kraków</h1>"
    )
    data = page.encode("cp1252", errors="replace")
    added = add_bytes(data, raw, URL, today=TODAY)
    assert added.document.read_bytes() == data  # kept as it came, not re-encoded
    assert added.meta["encoding"] != "utf-8"
    assert any("do not decode as the declared" in w for w in added.warnings)


def test_utf8_bytes_win_over_a_wrong_declaration_and_an_undeclared_page_is_detected(raw):
    from hotspots.sources.metadata import html_encoding

    page = "<html><head><meta charset='iso-8859-1'></head><body>Zürich — Kraków</body></html>"
    assert html_encoding(page.encode("utf-8")) == (
        "utf-8",
        ["encoding: declared iso8859-1, but the bytes are UTF-8"],
    )
    assert html_encoding(page.encode("utf-8"), charset="shift_jis")[0] == "utf-8"
    assert html_encoding(b"<html><body>plain ASCII</body></html>") == ("utf-8", [])
    latin = page.replace("iso-8859-1", "x-no-such-charset").replace(" — ", " ").encode("latin-1")
    encoding, notes = html_encoding(latin * 20)
    assert encoding != "utf-8" and (latin * 20).decode(encoding).count("Zürich") == 20
    assert "declared charset 'x-no-such-charset' is unknown" in notes[0]
    assert notes[-1].startswith("encoding: detected")


def test_concurrent_adds_of_the_same_bytes_write_it_once(raw):
    import threading

    barrier = threading.Barrier(6)
    outcomes: list[object] = []

    def add_once(n: int) -> None:
        barrier.wait()
        try:
            outcomes.append(add_bytes(TEXT.encode(), raw, URL, Overrides(title=f"T{n}"), TODAY))
        except AddRefused as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=add_once, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    added = [o for o in outcomes if not isinstance(o, AddRefused)]
    assert len(added) == 1 and len(outcomes) == 6
    assert sorted(p.name for p in raw.iterdir()) == sorted(
        [added[0].document.name, added[0].sidecar.name]
    )
    assert all(added[0].document.name in str(o) for o in outcomes if o is not added[0])


def test_html_without_metadata_states_what_is_missing(raw):
    page = b"<html><head><title>Cluster notes</title></head><body><p>Hefei.</p></body></html>"
    added = add_bytes(page, raw, "https://www.example.org/notes", today=TODAY)
    assert added.meta["publisher"] == "example.org"
    assert added.meta["license"] == "unknown" and added.meta["published"] is None
    joined = " ".join(added.warnings)
    assert "host name 'example.org'" in joined and "'unknown'" in joined and "no date" in joined


def test_pdf_info_dictionary_gives_title_and_published(tmp_path, raw):
    data = make_pdf(
        "Global Innovation Index 2024",
        {"Title": "Global Innovation Index 2024", "CreationDate": "D:20240926120000+02'00'"},
    )
    src = source_file(tmp_path, "gii.bin", data)
    added = add_source(str(src), raw, Overrides(url=URL, publisher="WIPO"), TODAY)
    assert added.document.suffix == ".pdf" and added.document.read_bytes() == data
    assert added.meta["media_type"] == "application/pdf"
    assert added.meta["title"] == "Global Innovation Index 2024"
    assert added.meta["published"] == "2024-09-26"
    assert "encoding" not in added.meta


def test_pdf_without_a_title_takes_the_first_line_of_page_one(raw):
    added = add_bytes(
        make_pdf("Cluster ranking tables"), raw, URL, Overrides(publisher="WIPO"), TODAY
    )
    assert added.meta["title"] == "Cluster ranking tables"
    assert any("page 1" in w for w in added.warnings)


def test_pdf_dates_are_read_as_precisely_as_stated():
    assert pdf_date("D:20240926120000+02'00'") == "2024-09-26"
    assert pdf_date("D:2024") == "2024"
    assert pdf_date("D:202409") == "2024-09"
    assert pdf_date("D:20241399") is None and pdf_date("garbage") is None and pdf_date(None) is None


def test_creative_commons_urls_become_spdx_ids_and_other_licences_stay_as_written():
    assert license_name("https://creativecommons.org/licenses/by/4.0/") == "CC-BY-4.0"
    assert (
        license_name("http://creativecommons.org/licenses/by-nc-nd/3.0/igo/") == "CC-BY-NC-ND-3.0"
    )
    assert license_name("https://creativecommons.org/publicdomain/zero/1.0/") == "CC0-1.0"
    assert license_name("  All rights\n reserved ") == "All rights reserved"


def test_type_is_sniffed_from_content_not_from_the_name():
    assert sniff_media_type(b"  \n%PDF-1.7\n...") == "application/pdf"
    assert sniff_media_type(b"\xef\xbb\xbf<!doctype HTML><p>x") == "text/html"
    assert sniff_media_type(b"<p>A paragraph</p>") == "text/html"
    assert sniff_media_type(b"<pre>not html: pre is not a sniffed tag") == "text/plain"
    assert sniff_media_type("Plain text, naïve café.\n".encode()) == "text/plain"
    for bad in (
        b"caf\xe9 in Latin-1",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "utf16".encode("utf-16"),
    ):
        with pytest.raises(UnsupportedSource, match="not a PDF, not HTML and not UTF-8"):
            sniff_media_type(bad, "text/plain")


# --- refusals leave raw/ untouched --------------------------------------------------------------------
def test_same_bytes_added_twice_are_refused_naming_the_file_that_holds_them(tmp_path, raw):
    src = source_file(tmp_path, "a.txt", TEXT.encode())
    first = add_source(str(src), raw, Overrides(url=URL), TODAY)
    before = listing(raw)
    with pytest.raises(AddRefused, match=re.escape(first.document.name)):
        add_source(str(src), raw, Overrides(url=URL, title="Another title"), TODAY)
    assert listing(raw) == before


def test_same_bytes_under_a_hand_written_name_are_found_too(tmp_path, raw):
    (raw / "000_hand_written.txt").write_bytes(TEXT.encode())
    (raw / "same-size.txt").write_bytes(TEXT.upper().encode())  # same size, other bytes: hashed
    before = listing(raw)
    with pytest.raises(AddRefused, match=re.escape("as 000_hand_written.txt")):
        add_bytes(TEXT.encode(), raw, URL, today=TODAY)
    assert listing(raw) == before


@pytest.mark.parametrize(
    ("data", "overrides", "message"),
    [
        (b"", Overrides(url=URL), "empty"),
        (b"caf\xe9 Latin-1 text", Overrides(url=URL), "not UTF-8"),
        (b"%PDF-1.4\nthis is no PDF at all", Overrides(url=URL, title="x"), "PDF cannot be read"),
        (TEXT.encode(), Overrides(), "needs --url"),
        (TEXT.encode(), Overrides(url="ftp://example.org/a"), "not an http"),
        (TEXT.encode(), Overrides(url=URL, published="2031-01-01"), "after retrieved"),
        (TEXT.encode(), Overrides(url=URL, published="26 Sept 2024"), "must be a date"),
        (TEXT.encode(), Overrides(url=URL, language="zh"), "not supported"),
        (TEXT.encode(), Overrides(url=URL, title="bell\x07"), "control character"),
        (b"\n\n" + b"x" * 400 + b"\n", Overrides(url=URL), "--title"),
    ],
)
def test_refusals_say_why_and_write_nothing(tmp_path, raw, data, overrides, message):
    (raw / "kept.txt").write_bytes(b"an existing document")
    before = listing(raw)
    src = source_file(tmp_path, "in.txt", data)
    with pytest.raises(AddRefused, match=message):
        add_source(str(src), raw, overrides, TODAY)
    assert listing(raw) == before


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, raw, monkeypatch):
    src = tmp_path / "huge.txt"
    with open(src, "wb") as fh:
        fh.truncate(MAX_DOCUMENT_BYTES + 1)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read"))
    with pytest.raises(AddRefused, match="over the"):
        add_source(str(src), raw, Overrides(url=URL), TODAY)
    assert list(raw.iterdir()) == []


def test_missing_file_folder_and_missing_raw_are_clear_errors(tmp_path, raw):
    with pytest.raises(AddRefused, match="no such file"):
        add_source(str(tmp_path / "nope.txt"), raw, Overrides(url=URL), TODAY)
    with pytest.raises(AddRefused, match="not a regular file"):
        add_source(str(tmp_path), raw, Overrides(url=URL), TODAY)
    with pytest.raises(AddRefused, match="does not exist"):
        add_bytes(TEXT.encode(), tmp_path / "no-raw", URL, today=TODAY)


@pytest.mark.parametrize("fail_at", ["link", "replace", "fsync"])
def test_a_failure_while_writing_leaves_neither_file_nor_temporary(raw, monkeypatch, fail_at):
    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    target = {"link": (os, "link"), "replace": (os, "replace"), "fsync": (add_mod, "fsync_dir")}
    monkeypatch.setattr(*target[fail_at], boom)
    with pytest.raises(OSError, match="No space"):
        add_bytes(TEXT.encode(), raw, URL, today=TODAY)
    assert list(raw.iterdir()) == []


def test_a_sidecar_left_by_a_crashed_add_is_replaced_but_a_hand_written_one_is_not(raw):
    data = TEXT.encode()
    stem = document_stem("Shenzhen's innovation economy", hashlib.sha256(data).hexdigest())
    orphan = raw / f"{stem}.meta.json"
    orphan.write_text(json.dumps({"sha256": hashlib.sha256(data).hexdigest()}))
    added = add_bytes(data, raw, URL, today=TODAY)
    assert added.sidecar == orphan and json.loads(orphan.read_text())["url"] == URL
    added.document.unlink()
    orphan.write_text(json.dumps({"title": "written by a person"}))
    with pytest.raises(AddRefused, match="already exists"):
        add_bytes(data, raw, URL, today=TODAY)
    assert json.loads(orphan.read_text()) == {"title": "written by a person"}


def test_a_date_the_page_states_after_retrieval_is_dropped_with_a_warning(raw):
    retrieved = dt.date(2024, 9, 1)  # the page says 2024-09-26: a clock or a page that is wrong
    added = add_bytes(HTML.encode(), raw, URL, today=retrieved)
    assert added.meta["published"] is None and added.meta["retrieved"] == "2024-09-01"
    assert any("2024-09-26 is after today" in w for w in added.warnings)
    assert check_sidecar(added.meta, retrieved)


# --- the stem -----------------------------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(title=st.text(min_size=0, max_size=300), data=st.binary(min_size=1, max_size=64))
def test_stem_is_a_safe_stable_file_name_for_any_title(title, data):
    digest = hashlib.sha256(data).hexdigest()
    stem = document_stem(title, digest)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{12}", stem)
    assert len(stem) <= 48 + 1 + 12 and stem.endswith(digest[:12])
    assert stem == document_stem(title, digest)


def test_hostile_titles_never_become_paths(raw):
    for n, title in enumerate(
        ["../../etc/passwd", "a/b\\c", "%2e%2e%2fx", "CON", "..", "北京 报告"]
    ):
        added = add_bytes(TEXT.encode() + str(n).encode(), raw, URL, Overrides(title=title), TODAY)
        assert added.document.parent == raw and added.sidecar.parent == raw
        assert added.meta["title"] == title


# --- the command ---------------------------------------------------------------------------------------
def test_cli_add_prints_what_it_wrote_and_refuses_with_exit_1(tmp_path, raw):
    src = source_file(tmp_path, "page.html", HTML.encode())
    runner = CliRunner()
    out = runner.invoke(app, ["add", str(src), "--raw", str(raw), "--url", URL, "--json"])
    assert out.exit_code == 0, out.output
    written = json.loads(out.stdout)
    assert Path(written["document"]).read_bytes() == HTML.encode()
    assert written["meta"]["publisher"] == "Innovation Desk"
    again = runner.invoke(app, ["add", str(src), "--raw", str(raw), "--url", URL])
    assert again.exit_code == 1
    assert "not added: the same bytes are already in raw/ as" in again.stderr
    no_url = runner.invoke(app, ["add", str(src), "--raw", str(raw)])
    assert no_url.exit_code == 1 and "--url" in no_url.stderr


@pytest.mark.slow
def test_the_real_commands_add_build_and_list(tmp_path, raw):
    """What a maintainer types: `hotspots add`, `hotspots build` (the Prefect flow), then
    `hotspots sources` shows the document as built."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    def hotspots(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", "from hotspots.cli import app; app()", *args],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=900,
        )

    src = source_file(tmp_path, "a.txt", TEXT.encode())
    dist = tmp_path / "dist"
    added = hotspots("add", str(src), "--raw", str(raw), "--url", URL, "--publisher", "Example")
    assert added.returncode == 0, added.stderr
    assert "license: not stated by the document; recorded as 'unknown'" in added.stderr
    built = hotspots("build", "--raw", str(raw), "--dist", str(dist))
    assert built.returncode == 0, built.stderr
    assert "1 document(s) built, 0 quarantined" in built.stdout
    assert "published 1.0.0" in built.stdout
    listed = hotspots("sources", "--raw", str(raw), "--dist", str(dist), "--json")
    assert listed.returncode == 0, listed.stderr
    (row,) = json.loads(listed.stdout)["documents"]
    assert row["status"] == "built" and row["license"] == "unknown"
