"""A place after a list ("A, B and C in Zhejiang Province") locates the list's members, but not a
member the gazetteer puts under another city or province (audit i12, issue #18)."""

from __future__ import annotations

from hotspots.ingest import Document


def _located(extractor, text: str) -> set[tuple[str, str]]:
    doc = Document(document_id="0" * 16, name="case", text=text, sha256="0" * 64, meta={})
    return {
        (c["subject_id"], c["object_id"])
        for c in extractor.extract(doc).claims
        if c["predicate"] == "located_in"
    }


def test_list_place_skips_a_member_the_gazetteer_puts_elsewhere(extractor):
    located = _located(
        extractor, "Teams from Songjiang District and Hangzhou in Zhejiang Province met in May."
    )
    assert ("city/hangzhou", "province/zhejiang") in located
    assert ("district/songjiang", "province/zhejiang") not in located


def test_the_member_next_to_the_place_is_still_located(extractor):
    # the place right after a name is read as written, whatever the gazetteer says elsewhere
    located = _located(extractor, "Delegates from Hangzhou and Suzhou in Jiangsu met in May.")
    assert ("city/suzhou", "province/jiangsu") in located
    assert ("city/hangzhou", "province/jiangsu") not in located
