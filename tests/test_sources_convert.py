"""HTML and PDF -> text (hotspots.sources.{html,pdf,convert,sniff}): structure kept as lines,
tables as rows the extraction reads, page offsets, deterministic text, and every bad input a
BadDocument with its reason. Fixtures are built in code (tests/sources_fixtures.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from hotspots.ingest import BadDocument, Document
from hotspots.ops.cache import ConversionCache
from hotspots.sources.convert import (
    Converted,
    OverTime,
    convert,
    convert_pdf_isolated,
    page_of,
)
from hotspots.sources.html import decode_html, html_to_text, plain_lines
from hotspots.sources.pdf import PAGE_SEPARATOR, pdf_to_text
from hotspots.sources.sniff import content_type, media_type_of
from tests.sources_fixtures import (
    HANG_MARK,
    RANK_PAGE_HTML,
    Page,
    make_pdf,
    ruled_table,
    text_page,
)

PROSE = (
    "The Global Innovation Index 2024 ranks the largest science and technology clusters of the",
    "world by their patent filings and scientific articles; China hosts the most clusters of all",
    "economies, and Hefei and Hangzhou moved up the ranking this year.",
)
RANK_ROWS = [
    ["Rank", "Cluster", "Economy"],
    ["1", "Tokyo-Yokohama", "Japan"],
    ["2", "Shenzhen-Hong Kong-Guangzhou", "China"],
    ["3", "Beijing", "China"],
]


def report_pdf() -> bytes:
    """Page 1: a heading and a wrapped paragraph; page 2: a caption, a ruled ranking table, a note."""
    table = ruled_table(RANK_ROWS, top=650)
    table.texts.append((72, 700, "Table 1: the top clusters of the Global Innovation Index 2024"))
    table.texts.append((72, 560, "Source: WIPO Statistics Database."))
    return make_pdf([text_page("Global Innovation Index 2024", "", *PROSE), table])


def doc_of(converted: Converted) -> Document:
    sha = hashlib.sha256(converted.text.encode()).hexdigest()
    return Document(sha[:16], "t", converted.text, sha, {}, media_type=converted.media_type)


# --- HTML ------------------------------------------------------------------------------------------
def test_html_main_text_keeps_headings_list_items_and_table_rows_as_lines():
    text = html_to_text(RANK_PAGE_HTML.encode())
    lines = text.splitlines()
    assert lines[0] == "Global Innovation Index 2024: top science and technology clusters"
    assert "Cluster ranking" in lines  # a heading: a line of its own, no '#'
    assert "| Rank | Cluster | Economy |" in lines
    assert "| 2 | Shenzhen-Hong Kong-Guangzhou | China |" in lines
    assert "- Clusters are ranked by their share of global PCT filings." in lines
    assert "Home" not in text and "Copyright" not in text  # navigation and footer dropped


def test_a_ranking_table_on_a_page_gives_a_rank_claim_for_every_row(extractor):
    converted = convert(RANK_PAGE_HTML.encode(), "text/html")
    extraction = extractor.extract(doc_of(converted))
    ranks = {
        (c["subject_id"], c["value"], c["as_of"])
        for c in extraction.claims
        if c["extractor"] == "ranked_table_row"
    }
    assert ranks == {
        ("cluster/tokyo-yokohama", 1.0, "2024"),
        ("cluster/shenzhen-hong-kong-guangzhou", 2.0, "2024"),
        ("cluster/beijing", 3.0, "2024"),
        ("cluster/seoul", 4.0, "2024"),
    }
    for claim in extraction.claims:
        assert converted.text[claim["char_start"] : claim["char_end"]] == claim["quote"]


def test_markdown_decorations_are_taken_off_so_quotes_are_the_text_shown():
    markdown = "# Title\n\nA **bold** and *italic* `co_de` ~~old~~ 3\\*4 a\\_b \\[x\\] word \n\n| a | b | \n"
    assert (
        plain_lines(markdown)
        == "Title\n\nA bold and italic co_de old 3*4 a_b [x] word\n\n| a | b |\n"
    )


def test_malformed_markup_still_gives_its_text():
    page = (
        "<html><body><div><article><h1>Clusters</h1><p>"
        + "Hefei is a science and technology cluster that rose quickly in the ranking. " * 3
        + "<p>Unclosed paragraph about Wuhan and its universities and research institutes"
        + "</span></div></td>"
    ).encode()
    text = html_to_text(page)
    assert "Hefei is a science and technology cluster" in text
    assert "Unclosed paragraph about Wuhan" in text


def test_a_page_that_is_all_boilerplate_has_no_main_text():
    page = b"<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav><footer>(c) 2024</footer></body></html>"
    with pytest.raises(BadDocument, match="HTML page has no main text"):
        html_to_text(page)


def test_declared_charset_that_the_bytes_contradict_is_named_with_what_they_are():
    body = "<p>" + "Zürich and Shenzhen – two clusters with a strong showing. " * 4 + "</p>"
    utf8_declared_latin = (
        f'<html><head><meta charset="windows-1252"></head><body>{body}</body></html>'
    )
    with pytest.raises(BadDocument, match=r"windows-1252|cp1252") as info:
        decode_html(utf8_declared_latin.encode("utf-8"))
    assert "the bytes are UTF-8" in str(info.value)
    latin_declared_utf8 = f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'
    with pytest.raises(BadDocument, match="does not match the bytes") as info:
        decode_html(latin_declared_utf8.encode("cp1252"))
    assert '"encoding":' in str(info.value)  # what to write in the sidecar
    # the sidecar's encoding (hotspots add writes the one it checked) decides
    assert "Zürich" in decode_html(latin_declared_utf8.encode("cp1252"), stated="cp1252")
    undeclared = f"<html><body>{body}</body></html>".encode("cp1252")
    with pytest.raises(BadDocument, match="no charset declared"):
        decode_html(undeclared)
    with pytest.raises(BadDocument, match="not a known encoding"):
        decode_html(b"<html><body>x</body></html>", stated="klingon-8")


# --- PDF -------------------------------------------------------------------------------------------
def test_pdf_text_per_page_with_page_offsets_and_a_separator():
    result = pdf_to_text(report_pdf())
    assert len(result.pages) == 2 and result.pages[0] == 0
    page_two = result.text[result.pages[1] :]
    assert page_two.startswith("Table 1: the top clusters")
    assert result.text[: result.pages[1]].endswith(PAGE_SEPARATOR)
    assert page_of(result.pages, 0) == 1
    assert page_of(result.pages, result.pages[1] - 1) == 1  # the separator belongs to page 1
    assert page_of(result.pages, result.pages[1]) == 2
    assert page_of((), 10) is None


def test_pdf_table_rows_come_in_reading_order_between_caption_and_note():
    text = pdf_to_text(report_pdf()).text
    lines = text.splitlines()
    caption = lines.index("Table 1: the top clusters of the Global Innovation Index 2024")
    header = lines.index("| Rank | Cluster | Economy |")
    row = lines.index("| 2 | Shenzhen-Hong Kong-Guangzhou | China |")
    note = lines.index("Source: WIPO Statistics Database.")
    assert caption < header < row < note


def test_pdf_lines_wrapped_at_the_margin_are_one_line_and_a_gap_ends_a_paragraph():
    text = pdf_to_text(report_pdf()).text
    assert " ".join(PROSE) in text.splitlines()  # the sentence is not cut at the margin
    assert text.startswith("Global Innovation Index 2024\n\nThe Global Innovation Index 2024 ranks")


def test_a_ranking_table_in_a_pdf_gives_a_rank_claim_per_row_with_its_page(extractor):
    result = pdf_to_text(report_pdf())
    doc = doc_of(Converted(result.text, "application/pdf", "pdfplumber", result.pages))
    claims = [c for c in extractor.extract(doc).claims if c["extractor"] == "ranked_table_row"]
    assert sorted(c["value"] for c in claims) == [1.0, 2.0, 3.0]
    assert {page_of(result.pages, c["char_start"]) for c in claims} == {2}


@pytest.mark.parametrize(
    "data, reason",
    [
        (make_pdf([Page(), Page()]), "PDF has no text layer on any of its 2 page"),
        (make_pdf([text_page("Secret figures")], encrypt=True), "PDF is encrypted"),
        (
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF",
            "PDF cannot be read",
        ),
        (report_pdf()[:300], "PDF cannot be read"),
    ],
    ids=["scanned", "encrypted", "corrupt", "truncated"],
)
def test_bad_pdfs_are_refused_with_their_reason(data, reason):
    with pytest.raises(BadDocument, match=reason):
        pdf_to_text(data)


def test_a_pdf_over_the_page_cap_is_refused_before_its_text_is_read():
    data = make_pdf([text_page(f"Page {i}") for i in range(501)])
    with pytest.raises(BadDocument, match="501 pages, over the 500-page limit"):
        pdf_to_text(data)


def test_a_pdf_that_does_not_finish_in_time_is_stopped_with_that_reason():
    data = make_pdf([text_page(f"Page {i} of a long report") for i in range(200)])
    with pytest.raises(OverTime, match=r"did not finish within 0\.01 s"):
        convert_pdf_isolated(data, 0.01)
    text, pages = convert_pdf_isolated(data, 120)  # the same PDF, given its time, converts
    assert len(pages) == 200 and "Page 199 of a long report" in text


def test_pdf_errors_in_the_child_process_come_back_as_their_reason():
    with pytest.raises(BadDocument, match="PDF is encrypted"):
        convert(make_pdf([text_page("x")], encrypt=True), "application/pdf")


# --- determinism and the cache ----------------------------------------------------------------------
@pytest.mark.parametrize("media_type", ["text/html", "application/pdf"])
def test_same_bytes_and_library_versions_give_the_same_text(media_type):
    data = RANK_PAGE_HTML.encode() if media_type == "text/html" else report_pdf()
    first, second = convert(data, media_type), convert(data, media_type)
    assert first == second and first.text_sha256 == second.text_sha256
    assert first.converter.split("@")[0] in ("trafilatura", "pdfplumber")
    assert first.converter.split("@")[1][0].isdigit()  # name@version


def test_conversion_is_cached_per_document_and_the_key_follows_what_the_text_depends_on(
    tmp_path: Path, monkeypatch
):
    import hotspots.sources.convert as convert_mod

    cache = ConversionCache(tmp_path)
    data, scanned = report_pdf(), make_pdf([Page()])
    fresh = convert(data, "application/pdf", cache=cache)
    with pytest.raises(BadDocument, match="no text layer"):  # a refusal is cached too
        convert(scanned, "application/pdf", cache=cache)
    slow = make_pdf([text_page(f"Page {i}") for i in range(100)])
    with pytest.raises(OverTime):  # a time-out is not: it may pass on a less busy machine
        convert(slow, "application/pdf", cache=cache, pdf_seconds=0.01)
    assert cache.stats.misses == 3 and cache.stats.stored == 2

    def no_conversion(*args):
        raise AssertionError("converted again despite a cache entry")

    monkeypatch.setattr(convert_mod, "convert_pdf_isolated", no_conversion)
    assert convert(data, "application/pdf", cache=cache) == fresh
    with pytest.raises(BadDocument, match="no text layer"):
        convert(scanned, "application/pdf", cache=cache)
    assert cache.stats.hits == 2
    libs = {"pdfplumber": "1"}
    key = cache.key("a" * 64, "application/pdf", None, libs)
    assert key != cache.key("a" * 64, "application/pdf", None, {"pdfplumber": "2"})
    assert key != cache.key("a" * 64, "application/pdf", "utf-8", libs)
    assert key != cache.key("b" * 64, "application/pdf", None, libs)
    assert key != cache.key("a" * 64, "text/html", None, libs)


def test_text_documents_are_decoded_as_before():
    converted = convert("\ufeffHefei has 5 universities.\r\n".encode(), "text/plain")
    assert converted.text == "Hefei has 5 universities.\r\n"
    assert converted.converter is None and converted.pages == ()


# --- sniffing --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, data, actual",
    [
        ("page.txt", RANK_PAGE_HTML.encode(), "text/html"),
        ("report.pdf", b"Just text, saved with the wrong extension.\n", "text/plain"),
        ("page.html", b"%PDF-1.4\n...", "application/pdf"),
        ("notes.htm", b"%PDF-1.7\n...", "application/pdf"),
    ],
)
def test_an_extension_that_lies_about_the_bytes_is_refused_naming_both(name, data, actual):
    assert content_type(data) == actual
    with pytest.raises(BadDocument, match=f"but the bytes are {actual}; rename the file"):
        media_type_of(Path(name), data)


def test_extensions_that_tell_the_truth_are_accepted():
    assert media_type_of(Path("a.htm"), RANK_PAGE_HTML.encode()) == "text/html"
    assert media_type_of(Path("a.html"), RANK_PAGE_HTML.encode()) == "text/html"
    assert media_type_of(Path("a.pdf"), report_pdf()) == "application/pdf"
    assert media_type_of(Path("a.txt"), b"Plain words.\n") == "text/plain"


def test_a_table_drawn_without_lines_still_gives_a_row_per_line_and_a_claim_per_row(extractor):
    table = ruled_table(RANK_ROWS, top=650)
    table.lines = []  # the columns stand apart; nothing is ruled
    table.texts.append((72, 700, "Table 1: the top clusters of the Global Innovation Index 2024"))
    table.texts.append((72, 560, "Source: WIPO Statistics Database."))
    result = pdf_to_text(make_pdf([text_page("Global Innovation Index 2024", "", *PROSE), table]))
    lines = result.text.splitlines()
    assert "| 2 | Shenzhen-Hong Kong-Guangzhou | China |" in lines
    assert " ".join(PROSE) in lines  # prose is not cut into cells
    doc = doc_of(Converted(result.text, "application/pdf", "pdfplumber", result.pages))
    claims = [c for c in extractor.extract(doc).claims if c["extractor"] == "ranked_table_row"]
    assert sorted(c["value"] for c in claims) == [1.0, 2.0, 3.0]


# --- the HTML time cap -----------------------------------------------------------------------------
HANGING_PAGE = RANK_PAGE_HTML.encode().replace(b"<article>", b"<article>" + HANG_MARK)


def test_a_page_that_does_not_finish_in_time_is_stopped_with_that_reason(tmp_path, monkeypatch):
    import hotspots.sources.convert as convert_mod

    monkeypatch.setattr(
        convert_mod, "HTML_CONVERTER", "tests.sources_fixtures:html_to_text_or_hang"
    )
    cache = ConversionCache(tmp_path)
    with pytest.raises(OverTime, match=r"HTML parser did not finish within 1\.5 s .*; stopped"):
        convert(HANGING_PAGE, "text/html", cache=cache, html_seconds=1.5)
    assert cache.stats.stored == 0  # a time-out is not cached: it may pass on a less busy machine
    # the stand-in converts what does not hang, in the child, as the real converter does
    converted = convert(RANK_PAGE_HTML.encode(), "text/html", html_seconds=60)
    assert converted == convert(RANK_PAGE_HTML.encode(), "text/html")  # the real one, in the child
    assert "| 3 | Beijing | China |" in converted.text.splitlines()


def test_a_page_that_hangs_the_parser_is_quarantined_and_the_rest_ingest(tmp_path, monkeypatch):
    import hotspots.sources.convert as convert_mod
    from hotspots.ingest import ingest

    monkeypatch.setattr(
        convert_mod, "HTML_CONVERTER", "tests.sources_fixtures:html_to_text_or_hang"
    )
    monkeypatch.setattr(convert_mod, "HTML_SECONDS", 1.5)
    raw = tmp_path / "raw"
    raw.mkdir()
    meta = '{"title": "t", "url": "https://example.org/p", "publisher": "Example", '
    meta += '"published": "2024-09", "retrieved": "2024-10-01", "license": "CC-BY-4.0"}'
    for name, data in [("hangs.html", HANGING_PAGE), ("page.html", RANK_PAGE_HTML.encode())]:
        (raw / name).write_bytes(data)
        (raw / name.replace(".html", ".meta.json")).write_text(meta)
    result = ingest(raw, cache=ConversionCache(tmp_path / "cache"))
    assert [q.name for q in result.quarantined] == ["hangs.html"]
    assert "HTML parser did not finish within 1.5 s" in result.quarantined[0].reason
    assert [d.name for d in result.documents] == ["page"]


def test_html_errors_in_the_child_process_come_back_as_their_reason():
    with pytest.raises(BadDocument, match="HTML page has no main text"):
        convert(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "text/html")
