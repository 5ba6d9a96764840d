"""A PDF report -> the text extraction reads, page by page, with where each page starts.

pdfplumber reads each page; within a page, blocks are put in reading order from top to bottom:
the text lines outside any detected table, and each table (found from its ruling lines) as one
line per row, '| cell | cell |' — the shape `ranked_table_row` reads, so a ranking table gives a
rank claim per row; a line whose words stand apart in columns (a table drawn without lines) is
such a row too. A page set in two columns (a report's running text) is read column by column:
`find_gutter` looks for a vertical strip that no word crosses over most of the text's height
with prose on both sides; what crosses it (a title, a table spanning the page) stays where it
stands, and between two such blocks the left column is read top to bottom, then the right one
(a column that a gutter divides again is read the same way: three columns).
A page in one column, or with a table drawn without lines, has no gutter and reads as before.
Lines of running prose that a PDF wraps at the margin are joined into one
line (a sentence is not cut in two); a line that stops short of the margin, or a vertical gap
wider than a line, ends a paragraph. Pages are separated by a form feed on a line of its own
(a paragraph break to the segmenter), and `pages[i]` is the character offset where page i + 1
starts, so every claim's page follows from its character span.

Bad input is BadDocument with its reason: encrypted, damaged, more pages than MAX_PAGES, or no
text layer at all (a scan: no OCR is done). Time and memory caps are the caller's: the ingest
converts in a child process it can stop (hotspots.sources.convert).
"""

from __future__ import annotations

import io
import math
import re
import statistics
from dataclasses import dataclass, replace

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from hotspots.ingest import BadDocument

MAX_PAGES = 500  # the largest WIPO report is ~250 pages; more is a mistake or a trap
PAGE_SEPARATOR = "\f\n"  # after a page's last line: a blank line to the segmenter
WRAP_SHARE = 0.8  # a line reaching this share of the page's text width was wrapped by the PDF
PARAGRAPH_GAP = 1.0  # a vertical gap wider than this many line heights ends a paragraph
CELL_GAP = 1.5  # a gap between words wider than this many font sizes separates table columns
WORD_GAP = 0.15  # pdfplumber's own word gap is 3 points: ~0.25 em at 11-12 pt
# columns (find_gutter): a strip free of words, in the middle half of the text block
GUTTER_MIN = 1.0  # font sizes: wider than any space between words
GUTTER_FREE = 0.5  # share of the text block's height that no word crosses the gutter over
COLUMN_RANGE = (0.25, 0.75)  # where in the block's width a gutter may lie
MIN_COLUMN_LINES = 3  # lines on each side of it
MIN_COLUMN_WORDS = 3  # median words per line on each side: prose, not a table's cells
COLUMN_FILL = 0.5  # median line width as a share of its column's width
WORD_TOLERANCE = 3.0  # points between letters of one word (pdfplumber's x_tolerance)
ROW_TOLERANCE = 3.0  # points: words this close in `top` are on one row (pdfplumber's default)
LIST_ITEM = re.compile(r"^(?:\d{1,3}[.)]|[-*•·▪●])\s")  # starts a line of its own


@dataclass(frozen=True)
class PdfText:
    text: str
    pages: tuple[int, ...]  # character offset where each page starts


def pdf_to_text(data: bytes, max_pages: int = MAX_PAGES) -> PdfText:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            n_pages = len(pdf.pages)
            if n_pages > max_pages:
                raise BadDocument(f"PDF has {n_pages:,} pages, over the {max_pages:,}-page limit")
            page_texts = [page_text(page) for page in pdf.pages]
    except BadDocument:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on a damaged file
        raise _reason(exc) from None
    if not any(t.strip() for t in page_texts):
        raise BadDocument(
            f"PDF has no text layer on any of its {len(page_texts)} page(s) (a scan?); "
            "no OCR is done: add a PDF with text, or the text as .txt"
        )
    text, starts = "", []
    for page in page_texts:
        starts.append(len(text))
        text += page + PAGE_SEPARATOR
    return PdfText(text, tuple(starts))


def _reason(exc: Exception) -> BadDocument:
    inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
        return BadDocument(
            f"PDF is encrypted and cannot be read without a password ({type(inner).__name__}); "
            "save an unencrypted copy"
        )
    return BadDocument(f"PDF cannot be read (damaged?): {type(inner).__name__}: {inner}")


def page_text(page) -> str:
    """One page's text: text lines and tables, top to bottom; on a page set in two columns, each
    column top to bottom, the left one first (see the module docstring)."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside) if boxes else page
    lines = text_page.extract_text_lines(return_chars=True)
    width = max((ln["x1"] for ln in lines), default=0) - min((ln["x0"] for ln in lines), default=0)
    return _render(_entries(text_page, lines, tables, width))


def _entries(text_page, lines: list[dict], tables: list, width: float) -> list[Entry]:
    """The page's (or a column's) lines and tables in reading order: top to bottom, or column
    by column when a gutter divides them (a column may be divided again: three columns)."""
    gutter = find_gutter(words_of(lines)) if lines else None
    if gutter is not None:
        return _column_entries(text_page, lines, tables, gutter, width)
    blocks: list[tuple[float, str, object]] = [(ln["top"], "line", ln) for ln in lines]
    blocks += [(t.bbox[1], "table", t) for t in tables]
    blocks.sort(key=lambda b: (b[0], b[1]))
    return [Entry(item, width) if kind == "line" else Entry(item) for _, kind, item in blocks]


@dataclass(frozen=True)
class Entry:
    """A text line (a pdfplumber line dict) or a table, in reading order. `width`: the text width
    of the line's column (or of the page), against which a wrapped line is told apart;
    `column_start`: the first line of a column after the one to its left, which carries on a
    sentence wrapped at the foot of that column when it starts at the column's `edge`."""

    item: object
    width: float = 0.0
    column_start: bool = False
    edge: float = 0.0  # the left edge of the column a `column_start` line opens

    @property
    def is_table(self) -> bool:
        return not isinstance(self.item, dict)


def _render(entries: list[Entry]) -> str:
    out: list[str] = []
    previous = None  # the last text line's entry, while a paragraph is open
    for entry in entries:
        if entry.is_table:
            rows = [_row(r) for r in entry.item.extract()]
            out += ["", *[r for r in rows if r], ""]
            previous = None
            continue
        item = entry.item
        text = line_text(item)
        if not text:
            continue
        if text.startswith("| "):  # a row of a table without ruling lines: a line of its own
            if previous is not None and not (
                out[-1].startswith("| ") and not _gap(previous.item, item)
            ):
                out.append("")
            out.append(text)
            previous = entry
            continue
        if previous is not None and not out[-1].startswith("| ") and _continues(previous, entry):
            out[-1] += text if out[-1].endswith("-") else " " + text
        else:
            if previous is not None and not entry.column_start and _gap(previous.item, item):
                out.append("")
            out.append(text)
        previous = entry
    return "\n".join(_collapse_blank(out)).strip("\n")


def line_text(line: dict) -> str:
    """A text line as written; a line whose words stand in columns (a gap wider than CELL_GAP
    times the font size: a table without ruling lines) as a '| cell | cell |' row."""
    chars = sorted(line["chars"], key=lambda c: c["x0"])
    cells: list[str] = [""]
    previous = None
    for char in chars:
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            if gap > CELL_GAP * max(previous.get("size") or 0, 1):
                cells.append("")
            elif gap > WORD_GAP * max(previous.get("size") or 0, 1) and cells[-1][-1:] != " ":
                cells[-1] += " "
        cells[-1] += char["text"]
        previous = char
    cells = [" ".join(c.split()) for c in cells]
    if len([c for c in cells if c]) < 2:
        return " ".join(line["text"].split())
    return _row(cells)


def _row(cells: list[str | None]) -> str:
    cells = [" ".join((c or "").split()) for c in cells]
    return "| " + " | ".join(cells) + " |" if any(cells) else ""


def _gap(previous: dict, line: dict) -> bool:
    height = previous["bottom"] - previous["top"]
    return line["top"] - previous["bottom"] > PARAGRAPH_GAP * height


def _collapse_blank(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return out


def _continues(previous: Entry, entry: Entry) -> bool:
    """`entry`'s line carries on the sentence of `previous`: the PDF wrapped it at the margin, or
    at the foot of the column to the left (then it starts at its column's edge)."""
    before, line = previous.item, entry.item
    reached = before["x1"] - before["x0"] >= WRAP_SHARE * previous.width
    if entry.column_start:
        aligned = abs(line["x0"] - entry.edge) < 2
    else:
        aligned = not _gap(before, line) and abs(line["x0"] - before["x0"]) < 2
    return reached and aligned and not LIST_ITEM.match(line["text"].lstrip())


# --- columns ---------------------------------------------------------------------------------------
def find_gutter(words: list[dict]) -> tuple[float, float] | None:
    """The x range of a gutter between two columns of text, or None for a page in one column.

    A gutter is a vertical strip in the middle half of the text block, at least GUTTER_MIN font
    sizes wide, that no word crosses over at least GUTTER_FREE of the height the text occupies
    (the rows with words; a title or
    a table spanning the page may cross it), with a column of prose on each side: at least
    MIN_COLUMN_LINES lines of at least MIN_COLUMN_WORDS words (median) that fill COLUMN_FILL of
    their column (median). A table drawn without lines has gutters too, but short cells."""
    if not words:
        return None
    left, right = min(w["x0"] for w in words), max(w["x1"] for w in words)
    # the height the text occupies (lines, not the space between them): a gutter is measured
    # against it, or the blank space around a table or figure would pass for one
    height, span = _covered([(w["top"], w["bottom"]) for w in words]), right - left
    if height <= 0 or span <= 0:
        return None
    size = statistics.median(w["bottom"] - w["top"] for w in words)
    rows = _rows(words)
    # a row's words closer than a gutter are one stretch of text: the spaces between the words
    # of a title spanning the page are no gutter
    stretches = [s for row in rows for s in _stretches(row, GUTTER_MIN * size)]
    lo = math.floor(left + COLUMN_RANGE[0] * span)
    hi = math.ceil(left + COLUMN_RANGE[1] * span)
    covering: list[list[tuple[float, float]]] = [[] for _ in range(hi - lo)]
    for x0, x1, top, bottom in stretches:  # bin b is the strip from x = b to b + 1
        for b in range(max(lo, math.floor(x0)), min(hi, math.ceil(x1))):
            covering[b - lo].append((top, bottom))
    covered = [_covered(c) for c in covering]
    runs = [
        _least_covered(covered, a, b, lo)
        for a, b in _runs([height - c >= GUTTER_FREE * height for c in covered])
        if b - a >= GUTTER_MIN * size
    ]
    for gutter in sorted(runs, key=lambda r: r[0] - r[1]):  # the widest first
        if _prose_on_both_sides(rows, gutter):
            return gutter
    return None


def words_of(lines: list[dict]) -> list[dict]:
    """The words of text lines (x0, x1, top, bottom), split at spaces and at gaps wider than
    pdfplumber's word gap: from the lines' characters, rather than reading the page again."""
    words: list[dict] = []
    for line in lines:
        word = None
        for char in sorted(line["chars"], key=lambda c: c["x0"]):
            if not char["text"].strip():
                word = None
            elif word is not None and char["x0"] - word["x1"] <= WORD_TOLERANCE:
                word["x1"] = max(word["x1"], char["x1"])
                word["top"] = min(word["top"], char["top"])
                word["bottom"] = max(word["bottom"], char["bottom"])
            else:
                word = {k: char[k] for k in ("x0", "x1", "top", "bottom")}
                words.append(word)
    return words


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """The [start, end) index ranges where `flags` holds."""
    runs, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i))
            start = None
    return runs


def _least_covered(covered: list[float], a: int, b: int, lo: int) -> tuple[float, float]:
    """Within the free strip [a, b), the widest part crossed least: the gutter proper, without
    the ragged ends of the lines beside it."""
    least = min(covered[a:b])
    inner = _runs([c <= least + 0.01 for c in covered[a:b]])
    start, end = max(inner, key=lambda r: r[1] - r[0])
    return float(lo + a + start), float(lo + a + end)


def _covered(intervals: list[tuple[float, float]]) -> float:
    total, end = 0.0, float("-inf")
    for a, b in sorted(intervals):
        if b > end:
            total += b - max(a, end)
            end = b
    return total


def _rows(words: list[dict]) -> list[list[dict]]:
    """Words grouped into rows by their top, each row left to right."""
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if rows and w["top"] - rows[-1][0]["top"] <= ROW_TOLERANCE:
            rows[-1].append(w)
        else:
            rows.append([w])
    return [sorted(row, key=lambda w: w["x0"]) for row in rows]


def _stretches(row: list[dict], gap: float) -> list[tuple[float, float, float, float]]:
    """(x0, x1, top, bottom) of each run of words in `row` with less than `gap` between them."""
    out: list[list[float]] = []
    for w in row:
        if out and w["x0"] - out[-1][1] < gap:
            out[-1][1] = max(out[-1][1], w["x1"])
            out[-1][2] = min(out[-1][2], w["top"])
            out[-1][3] = max(out[-1][3], w["bottom"])
        else:
            out.append([w["x0"], w["x1"], w["top"], w["bottom"]])
    return [(a, b, c, d) for a, b, c, d in out]


def _prose_on_both_sides(rows: list[list[dict]], gutter: tuple[float, float]) -> bool:
    g0, g1 = gutter
    sides: tuple[list[list[dict]], list[list[dict]]] = ([], [])
    for row in rows:
        if any(w["x0"] < g1 and w["x1"] > g0 for w in row):
            continue  # spans the page
        parts = ([w for w in row if w["x1"] <= g0], [w for w in row if w["x0"] >= g1])
        for side, part in zip(sides, parts, strict=True):
            if part:
                side.append(part)
    for side in sides:
        if len(side) < MIN_COLUMN_LINES:
            return False
        extent = max(w["x1"] for r in side for w in r) - min(w["x0"] for r in side for w in r)
        if statistics.median(len(r) for r in side) < MIN_COLUMN_WORDS:
            return False
        widths = [max(w["x1"] for w in r) - min(w["x0"] for w in r) for r in side]
        if statistics.median(widths) < COLUMN_FILL * extent:
            return False
    return True


def _column_entries(
    text_page, lines: list[dict], tables: list, gutter, width: float
) -> list[Entry]:
    """Reading order on a page in two columns: what crosses the gutter (a title, a table spanning
    the page) stays where it stands; between two such blocks, the left column top to bottom, then
    the right one (a table within a column is read in it)."""
    g0, g1 = gutter
    middle = (g0 + g1) / 2

    def crosses(x0: float, x1: float) -> bool:
        return x0 < g1 and x1 > g0

    spanning: list[tuple[float, float, Entry]] = [
        (ln["top"], ln["bottom"], Entry(ln, width)) for ln in lines if _spans(ln, gutter)
    ]
    spanning += [(t.bbox[1], t.bbox[3], Entry(t)) for t in tables if crosses(t.bbox[0], t.bbox[2])]
    spanning.sort(key=lambda s: (s[0], s[2].is_table))
    in_column = [t for t in tables if not crosses(t.bbox[0], t.bbox[2])]

    # the text between two spanning blocks, split at the gutter
    regions: list[tuple[list[dict], list[dict], list, list]] = []
    low = float("-inf")
    for top, bottom, _ in [*spanning, (math.inf, math.inf, None)]:
        parts = []
        for is_left in (True, False):

            def inside(obj, low=low, high=top, is_left=is_left) -> bool:
                y = (obj["top"] + obj["bottom"]) / 2
                return low < y < high and (((obj["x0"] + obj["x1"]) / 2 < middle) == is_left)

            side_page = text_page.filter(inside)
            parts.append((side_page, side_page.extract_text_lines(return_chars=True)))
        side_tables = [
            [t for t in in_column if low < t.bbox[1] < top and (t.bbox[2] <= g0) == is_left]
            for is_left in (True, False)
        ]
        regions.append((parts[0], parts[1], *side_tables))
        low = max(low, bottom)
    column_lines = (
        [ln for r in regions for ln in r[0][1]],
        [ln for r in regions for ln in r[1][1]],
    )
    widths = [
        max((ln["x1"] for ln in c), default=0) - min((ln["x0"] for ln in c), default=0)
        for c in column_lines
    ]
    edges = [min((ln["x0"] for ln in c), default=0) for c in column_lines]

    entries: list[Entry] = []
    for i, (left, right, left_tables, right_tables) in enumerate(regions):
        for side, ((side_page, side_lines), side_tables) in enumerate(
            ((left, left_tables), (right, right_tables))
        ):
            column = _entries(side_page, side_lines, side_tables, widths[side])
            if side == 1 and column and not column[0].is_table and (left[1] or left_tables):
                column[0] = replace(column[0], column_start=True, edge=edges[side])
            entries += column
        if i < len(spanning):
            entries.append(spanning[i][2])
    return entries


def _spans(line: dict, gutter: tuple[float, float]) -> bool:
    """A text line crosses the gutter: a character on it, or words on both sides of it closer
    than a gutter (a title whose space between two words falls on the gutter)."""
    g0, g1 = gutter
    chars = [c for c in line["chars"] if c["text"].strip()]
    if any(c["x0"] < g1 and c["x1"] > g0 for c in chars):
        return True
    before = [c["x1"] for c in chars if c["x1"] <= g0]
    after = [c["x0"] for c in chars if c["x0"] >= g1]
    size = max((c.get("size") or 0 for c in chars), default=0)
    return bool(before and after) and min(after) - max(before) < GUTTER_MIN * size
