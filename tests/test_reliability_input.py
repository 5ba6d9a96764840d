"""Bad input never loses data: every file in raw/ has one defined outcome (a document, maybe with
warnings, or quarantined with a reason a person can act on), the rest of the corpus is built, and
nothing crashes or hangs. See docs/GUARANTEES.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from hotspots import ingest as ingest_module
from hotspots.ingest import LONG_LINE_CHARS, MAX_DOCUMENT_BYTES, MAX_SIDECAR_BYTES, ingest
from hotspots.release import verify_release
from tests.conftest import write_doc
from tests.reliability_support import ROOT, good_corpus, ranked_list_text, run_build

GOOD = "Shenzhen is a city in Guangdong."
META = {
    "title": "A test document",
    "url": "https://example.org/doc",
    "publisher": "Test publisher",
    "published": "2024-09",
    "retrieved": "2025-01-02",
    "license": "CC0",
}


def meta(**changes) -> dict:
    out = {**META, **changes}
    return {k: v for k, v in out.items() if v is not ...}


# (case, document bytes, sidecar, expected): expected is "accepted" or a piece of the reason.
CASES = [
    ("empty", b"", META, "empty"),
    ("whitespace", b" \r\n\t\n \x0c", META, "empty"),
    ("bom_only", b"\xef\xbb\xbf \n", META, "empty"),
    ("binary_png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), META, "NUL"),
    ("binary_controls", bytes(range(1, 9)) * 200 + b"Shenzhen", META, "looks binary"),
    ("latin1", "Zürich and Shenzhen: café culture".encode("latin-1"), META, "not valid UTF-8"),
    ("cp1252_quotes", b"\x93Shenzhen\x94 is a city.", META, "not valid UTF-8"),
    ("utf16_no_bom", "Shenzhen is a city.".encode("utf-16-le"), META, "NUL"),
    ("utf16_bom", "Shenzhen is a city.".encode("utf-16"), META, "UTF-16"),
    ("nul_inside", b"Shenzhen is\x00 a city.", META, "NUL"),
    (
        "truncated_utf8",
        "Shenzhen – a city".encode()[:-9] + "–".encode()[:2],
        META,
        "not valid UTF-8",
    ),
    ("no_sidecar", b"Shenzhen has a sidecar missing.", None, "no sidecar"),
    ("json_malformed", b"Shenzhen, bad JSON.", '{"title": "x",', "not valid UTF-8 JSON"),
    ("json_array", b"Shenzhen, JSON array.", "[1, 2]", "must be a JSON object"),
    ("json_deep", b"Shenzhen, deep JSON.", "[" * 60_000, "nested too deeply"),
    ("json_huge", b"Shenzhen, huge JSON.", meta(title="x" * MAX_SIDECAR_BYTES), "over the"),
    ("missing_field", b"Shenzhen, missing field.", meta(license=...), "missing field"),
    ("title_int", b"Shenzhen, title int.", meta(title=3), "has type int"),
    ("published_int", b"Shenzhen, published int.", meta(published=2024), "has type int"),
    ("retrieved_null", b"Shenzhen, retrieved null.", meta(retrieved=None), "has type NoneType"),
    ("title_nan", b"Shenzhen, title NaN.", json.dumps(meta(title=float("nan"))), "has type float"),
    ("unknown_field", b"Shenzhen, unknown field.", meta(author="me"), "accepted"),
    ("future", b"Shenzhen, future date.", meta(retrieved="2999-01-01"), "in the future"),
    ("impossible_date", b"Shenzhen, Feb 30.", meta(published="2023-02-30"), "not a real date"),
    ("year_zero", b"Shenzhen, year 0.", meta(published="0000"), "not a real date"),
    ("date_text", b"Shenzhen, date as text.", meta(retrieved="yesterday"), "must be a date"),
    (
        "published_after",
        b"Shenzhen, published late.",
        meta(published="2025-06-01"),
        "after retrieved",
    ),
    ("url_js", b"Shenzhen, js url.", meta(url="javascript:alert(1)"), "not an http(s) URL"),
    ("title_newline", b"Shenzhen, title newline.", meta(title="two\nlines"), "line break"),
    ("title_blank", b"Shenzhen, title blank.", meta(title="   "), "is empty"),
    ("language_zh", b"Shenzhen, Chinese.", meta(language="zh"), "not supported"),
    ("language_bad", b"Shenzhen, bad language.", meta(language="English"), "ISO 639-1"),
    ("utf8_bom", "\ufeffShenzhen, with a BOM.".encode(), META, "accepted"),
    ("sidecar_bom", b"Shenzhen, sidecar BOM.", "\ufeff" + json.dumps(META), "accepted"),
    ("crlf", b"Shenzhen, CRLF.\r\nLine two.\r\n", META, "accepted"),
    (
        "stray_control",
        b"Shenzhen\x07 rings a bell in this long enough sentence of prose.",
        META,
        "accepted",
    ),
]


@pytest.mark.parametrize(
    ("case", "content", "sidecar", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_every_bad_document_has_a_defined_outcome(tmp_path, case, content, sidecar, expected):
    write_doc(tmp_path, "good", GOOD)
    write_doc(tmp_path, case, content, sidecar)
    result = ingest(tmp_path)
    names = [d.name for d in result.documents]
    reasons = {q.name: q.reason for q in result.quarantined}
    assert "good" in names  # the rest of the corpus goes on
    if expected == "accepted":
        assert case in names and f"{case}.txt" not in reasons
    else:
        assert names == ["good"]
        assert expected in reasons[f"{case}.txt"], reasons


def test_accepted_text_is_normalised_only_by_dropping_a_bom(tmp_path):
    write_doc(tmp_path, "bom", "\ufeffShenzhen.\r\nLine two.\rLine three.\u2028Four.".encode())
    write_doc(tmp_path, "bell", b"Shenzhen\x07 rings a bell in this long enough sentence of prose.")
    write_doc(tmp_path, "extra", "Another text.", meta(author="me", notes=[1]))
    docs = {d.name: d for d in ingest(tmp_path).documents}
    assert docs["bom"].text == "Shenzhen.\r\nLine two.\rLine three.\u2028Four."
    assert docs["bom"].sha256 != docs["bell"].sha256  # hash of the bytes as stored, BOM included
    assert docs["bell"].warnings == ("document has 1 control character(s), kept as they are",)
    assert docs["extra"].warnings == (
        "sidecar field 'author' is not used",
        "sidecar field 'notes' is not used",
    )


def test_sidecar_without_document(tmp_path):
    write_doc(tmp_path, "good", GOOD)
    (tmp_path / "orphan.meta.json").write_text(json.dumps(META))
    result = ingest(tmp_path)
    assert [d.name for d in result.documents] == ["good"]
    assert [(q.name, q.reason.split(":")[0]) for q in result.quarantined] == [
        ("orphan.meta.json", "sidecar without a document")
    ]


def test_latin1_sidecar_is_quarantined(tmp_path):
    write_doc(tmp_path, "good", GOOD)
    write_doc(tmp_path, "latin", "Shenzhen, a Latin-1 sidecar.", None)
    (tmp_path / "latin.meta.json").write_bytes(
        json.dumps(meta(title="Zürich"), ensure_ascii=False).encode("latin-1")
    )
    result = ingest(tmp_path)
    assert [d.name for d in result.documents] == ["good"]
    assert "not valid UTF-8 JSON" in result.quarantined[0].reason


def test_duplicate_documents_under_two_names(tmp_path):
    write_doc(tmp_path, "b copy", GOOD, meta(title="Copy"))
    write_doc(tmp_path, "a original", GOOD, META)
    result = ingest(tmp_path)
    assert [d.name for d in result.documents] == ["a original"]
    assert [(q.name, q.reason) for q in result.quarantined] == [
        ("b copy.txt", "duplicate of a original.txt (same bytes)")
    ]


def test_file_names_with_spaces_unicode_and_dots_are_kept_as_names(tmp_path):
    names = [
        "with space",
        "Zürich – 北京 report",
        "..%2f..%2fx",
        "..\\..\\evil",
        "=cmd|calc",
        "-rf",
        "..",
    ]
    for i, name in enumerate(names):
        write_doc(tmp_path, name, f"{GOOD} Number {i}.", META)
    result = ingest(tmp_path)
    assert result.quarantined == []
    assert sorted(d.name for d in result.documents) == sorted(names)


def test_undecodable_or_control_file_names_are_quarantined_printably(tmp_path):
    write_doc(tmp_path, "good", GOOD)
    bad = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(bad, "wb") as fh:
        fh.write(b"Shenzhen, a Latin-1 name.")
    with open(bad.replace(b".txt", b".meta.json"), "w") as fh:
        json.dump(META, fh)
    write_doc(tmp_path, "line\nbreak", "Shenzhen, a name with a line break.")
    result = ingest(tmp_path)
    reasons = {q.name: q.reason for q in result.quarantined}
    assert [d.name for d in result.documents] == ["good"]
    assert "not valid UTF-8" in reasons["caf\\xe9.txt"]
    assert "control character" in reasons["line\nbreak.txt"]
    json.dumps(reasons).encode("utf-8")  # printable and storable


def test_links_outside_raw_loops_and_dangling_links_are_quarantined(tmp_path):
    outside = tmp_path / "outside"
    write_doc(outside, "secret", "Shenzhen, a secret outside raw.")
    raw = tmp_path / "raw"
    write_doc(raw, "good", GOOD)
    (raw / "link.txt").symlink_to(outside / "secret.txt")
    write_doc(raw, "meta_link", "Shenzhen, its sidecar is a link out.", None)
    (raw / "meta_link.meta.json").symlink_to(outside / "secret.meta.json")
    (raw / "dotdot.txt").symlink_to("../outside/secret.txt")
    (raw / "loop.txt").symlink_to(raw / "loop.txt")
    (raw / "dangling.txt").symlink_to(raw / "nowhere.txt")
    write_doc(raw, "inside_link_target", "Shenzhen, linked from inside.")
    (raw / "inside_link.txt").symlink_to(raw / "inside_link_target.txt")
    result = ingest(raw)
    reasons = {q.name: q.reason for q in result.quarantined}
    assert [d.name for d in result.documents] == ["good", "inside_link_target"]
    for name in ("link.txt", "dotdot.txt"):
        assert "outside the raw directory" in reasons[name], name
    assert "cannot be followed" in reasons["loop.txt"]
    assert "sidecar is a link pointing outside" in reasons["meta_link.txt"]
    assert "cannot be read" in reasons["dangling.txt"] or "no sidecar" in reasons["dangling.txt"]
    assert "no sidecar" in reasons["inside_link.txt"]  # a link inside raw/ needs its own sidecar


def test_folders_fifos_and_stray_files_never_hang_or_vanish(tmp_path):
    write_doc(tmp_path, "good", GOOD)
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "folder.meta.json").write_text(json.dumps(META))
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "pipe.meta.json").write_text(json.dumps(META))
    (tmp_path / "notes.md").write_text("maintainer notes")
    (tmp_path / "report.TXT").write_text("wrong case")
    (tmp_path / "older").mkdir()
    (tmp_path / ".gitkeep").write_text("")
    t0 = time.perf_counter()
    result = ingest(tmp_path)
    assert time.perf_counter() - t0 < 2
    reasons = {q.name: q.reason for q in result.quarantined}
    assert [d.name for d in result.documents] == ["good"]
    assert "not a regular file" in reasons["folder.txt"]
    assert "not a regular file" in reasons["pipe.txt"]
    assert reasons["notes.md"].startswith("ignored: neither a document")
    assert reasons["report.TXT"].startswith("ignored: neither a document")
    assert reasons["older"].startswith("ignored: a folder")
    assert ".gitkeep" not in reasons


def test_unreadable_document_is_quarantined(tmp_path, monkeypatch):
    write_doc(tmp_path, "good", GOOD)
    write_doc(tmp_path, "locked", "Shenzhen, a locked file.")
    real = ingest_module._read_at_most

    def deny(path, what, limit):
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, what, limit)

    monkeypatch.setattr(ingest_module, "_read_at_most", deny)  # root ignores chmod
    result = ingest(tmp_path)
    assert [d.name for d in result.documents] == ["good"]
    assert result.quarantined[0].reason == "cannot be read: Permission denied"


def test_50mb_document_is_refused_by_size_before_it_is_read(tmp_path, monkeypatch, record_property):
    write_doc(tmp_path, "good", GOOD)
    big = write_doc(tmp_path, "big", b"")
    with open(big, "wb") as fh:
        chunk = b"Shenzhen has 7 unicorns and more than 20 universities. " * 20_000
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    read = []
    real = ingest_module._read_at_most
    monkeypatch.setattr(
        ingest_module, "_read_at_most", lambda p, w, n: read.append(p.name) or real(p, w, n)
    )
    t0 = time.perf_counter()
    result = ingest(tmp_path)
    elapsed = time.perf_counter() - t0
    record_property("reject_50mb_seconds", round(elapsed, 4))
    reasons = {q.name: q.reason for q in result.quarantined}
    assert "over the 5,242,880-byte limit" in reasons["big.txt"]
    assert "big.txt" not in read and "big.meta.json" not in read  # refused on stat alone
    assert [d.name for d in result.documents] == ["good"]
    assert elapsed < 1.0


def test_document_that_grows_after_stat_is_refused(tmp_path, monkeypatch):
    write_doc(tmp_path, "grows", "x" * 200)
    monkeypatch.setattr(ingest_module, "_regular_file", lambda path, what, limit: 0)
    result = ingest(tmp_path, max_bytes=100)
    assert "over the 100-byte limit" in result.quarantined[0].reason


def test_crlf_document_spans_index_the_decoded_text(tmp_path, extractor):
    write_doc(tmp_path / "crlf", "ranking", ranked_list_text("\r\n"))
    write_doc(tmp_path / "lf", "ranking", ranked_list_text("\n"))
    write_doc(tmp_path / "cr", "ranking", ranked_list_text("\r"))
    found = {}
    for kind in ("crlf", "lf", "cr"):
        (doc,) = ingest(tmp_path / kind).documents
        out = extractor.extract(doc)
        ranks = [c for c in out.claims if c["predicate"] == "wipo_cluster_rank"]
        assert len(ranks) == 5, kind
        assert all(c["as_of"] == "2023" for c in ranks)
        for c in out.claims:
            assert doc.text[c["char_start"] : c["char_end"]] == c["quote"]
            assert "\r" not in c["quote"] and "\n" not in c["quote"]
        for m in out.mentions:
            assert doc.text[m["char_start"] : m["char_end"]] == m["text"]
        found[kind] = sorted(
            (c["predicate"], c["subject_id"], c["value"], c["as_of"], c["quote"])
            for c in out.claims
        )
    assert found["crlf"] == found["lf"] == found["cr"]  # same claims whatever the line ends


def _long_line(n_chars: int) -> str:
    sentence = (
        "Shenzhen has 7 unicorns and Hefei is home to more than 20 universities, while Beijing, "
        "Shanghai and Guangzhou attract about $60 billion of investment and 23% growth by 2022. "
    )
    return (sentence * (n_chars // len(sentence) + 1))[:n_chars].rstrip() + "\n"


def _extract_long_line(tmp_path, extractor, n_chars):
    write_doc(tmp_path, "long", _long_line(n_chars))
    (doc,) = ingest(tmp_path).documents  # accepted: prose on one line is still prose
    assert any("longest line" in w for w in doc.warnings) == (n_chars > LONG_LINE_CHARS)
    t0 = time.perf_counter()
    out = extractor.extract(doc)
    elapsed = time.perf_counter() - t0
    assert out.claims and out.mentions
    for c in out.claims:
        assert doc.text[c["char_start"] : c["char_end"]] == c["quote"]
    return elapsed


def test_long_single_line_is_accepted_and_extracted(tmp_path, extractor):
    assert _extract_long_line(tmp_path, extractor, 40_000) < 10


EXTRACT_CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from hotspots.extract import Extractor
from hotspots.ingest import ingest
from hotspots.reference import load_gazetteer
(doc,) = ingest(Path({raw!r})).documents
extractor = Extractor(load_gazetteer())
t0 = time.perf_counter()
out = extractor.extract(doc)
assert all(doc.text[c["char_start"]:c["char_end"]] == c["quote"] for c in out.claims)
print(round(time.perf_counter() - t0, 2), len(out.claims), len(out.mentions))
"""
LONG_LINE_BUDGET_SECONDS = 60


@pytest.mark.slow
def test_2mb_single_line_is_accepted_and_extracted_in_reasonable_time(tmp_path):
    write_doc(tmp_path, "long", _long_line(2 * 1024 * 1024))
    assert [d.name for d in ingest(tmp_path).documents] == ["long"]
    code = EXTRACT_CHILD.format(root=str(ROOT), raw=str(tmp_path))
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=LONG_LINE_BUDGET_SECONDS + 15,
            check=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"extracting a 2 MB line took over {LONG_LINE_BUDGET_SECONDS} s")
    assert float(done.stdout.split()[0]) < LONG_LINE_BUDGET_SECONDS


def test_corpus_of_every_bad_case_still_builds_and_reports_each(tmp_path):
    raw, dist = tmp_path / "raw", tmp_path / "dist"
    good_corpus(raw)
    for case, content, sidecar, _ in CASES:
        write_doc(raw, case, content, sidecar)
    (raw / "orphan.meta.json").write_text(json.dumps(META))
    report = run_build(raw, dist)
    expected = {f"{case}.txt" for case, _, _, outcome in CASES if outcome != "accepted"} | {
        "orphan.meta.json"
    }
    assert {q["name"] for q in report["quarantined"]} == expected
    accepted = [case for case, _, _, outcome in CASES if outcome == "accepted"]
    assert report["status"] == "published" and report["documents_valid"] == 2 + len(accepted)
    assert verify_release(dist / report["release"]["version"]) == []
    stored = json.loads((dist / "reports" / f"{report['run_id']}.json").read_text())
    assert {q["name"] for q in stored["quarantined"]} == expected


def test_limits_are_sane():
    assert MAX_SIDECAR_BYTES < MAX_DOCUMENT_BYTES <= 16 * 1024 * 1024
