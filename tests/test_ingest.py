from __future__ import annotations

import json

import pytest

from hotspots.ingest import BadDocument, check_sidecar, decode_text, ingest
from tests.conftest import RAW, write_doc


def test_seed_documents_all_ingest():
    result = ingest(RAW)
    assert len(result.documents) == 5
    assert result.quarantined == []
    for doc in result.documents:
        assert doc.document_id == doc.sha256[:16]
        assert doc.text and doc.meta["title"]


@pytest.mark.parametrize(
    ("name", "content", "meta", "reason"),
    [
        ("empty", b"", "default", "empty"),
        ("blank", b"  \n\t \n", "default", "empty"),
        ("latin1", "Caf\u00e9 in Shenzhen".encode("latin-1"), "default", "not valid UTF-8"),
        ("utf16", "Shenzhen".encode("utf-16-le"), "default", "NUL"),
        ("nosidecar", b"Shenzhen is a city.", None, "no sidecar"),
        ("badjson", b"Shenzhen is a city.", "{not json", "not valid UTF-8 JSON"),
        ("missing", b"Shenzhen is a city.", {"title": "x"}, "missing field"),
        (
            "wrongtype",
            b"Shenzhen is a city.",
            {
                "title": 3,
                "url": "https://x.org",
                "publisher": "p",
                "published": None,
                "retrieved": "2026-01-01",
                "license": "CC0",
            },
            "type",
        ),
        (
            "future",
            b"Shenzhen is a city.",
            {
                "title": "t",
                "url": "https://x.org",
                "publisher": "p",
                "published": None,
                "retrieved": "2999-01-01",
                "license": "CC0",
            },
            "future",
        ),
        (
            "baddate",
            b"Shenzhen is a city.",
            {
                "title": "t",
                "url": "https://x.org",
                "publisher": "p",
                "published": "2024-13",
                "retrieved": "2026-01-01",
                "license": "CC0",
            },
            "not a real date",
        ),
    ],
)
def test_bad_documents_are_quarantined_with_reason(tmp_path, name, content, meta, reason):
    write_doc(tmp_path, "good", "Shenzhen is a city in Guangdong.")
    write_doc(tmp_path, name, content, meta)
    result = ingest(tmp_path)
    assert [d.name for d in result.documents] == ["good"]
    reasons = {q.name: q.reason for q in result.quarantined}
    assert reason in reasons[f"{name}.txt"]


def test_sidecar_without_document_and_duplicates(tmp_path):
    write_doc(tmp_path, "a", "Same text.")
    write_doc(tmp_path, "b", "Same text.")
    (tmp_path / "orphan.meta.json").write_text(json.dumps({"title": "x"}))
    result = ingest(tmp_path)
    assert [d.name for d in result.documents] == ["a"]
    reasons = {q.name: q.reason for q in result.quarantined}
    assert "duplicate of a.txt" in reasons["b.txt"]
    assert "without a document" in reasons["orphan.meta.json"]


def test_bom_dropped_and_crlf_kept():
    text = decode_text("\ufeffLine one.\r\nLine two.".encode())
    assert text == "Line one.\r\nLine two."


def test_huge_document_rejected():
    with pytest.raises(BadDocument, match="over the"):
        decode_text(b"a" * 101, max_bytes=100)


def test_unknown_sidecar_field_is_a_warning_not_an_error():
    meta, warnings = check_sidecar(
        {
            "title": "t",
            "url": "https://x.org",
            "publisher": "p",
            "published": "2024",
            "retrieved": "2026-01-01",
            "license": "CC0",
            "author": "me",
        }
    )
    assert meta["language"] == "en"
    assert warnings == ["sidecar field 'author' is not used"]


def test_link_outside_raw_is_quarantined(tmp_path):
    outside = tmp_path / "outside"
    write_doc(outside, "secret", "Shenzhen is a city.")
    raw = tmp_path / "raw"
    write_doc(raw, "good", "Shenzhen is a city.  ")
    (raw / "link.txt").symlink_to(outside / "secret.txt")
    result = ingest(raw)
    reasons = {q.name: q.reason for q in result.quarantined}
    assert "outside the raw directory" in reasons["link.txt"]
