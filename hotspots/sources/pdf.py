"""A PDF report -> the text extraction reads, page by page, with where each page starts.

pdfplumber reads each page; within a page, blocks are put in reading order from top to bottom:
the text lines outside any detected table, and each table (found from its ruling lines) as one
line per row, '| cell | cell |' — the shape `ranked_table_row` reads, so a ranking table gives a
rank claim per row; a line whose words stand apart in columns (a table drawn without lines) is
such a row too. Lines of running prose that a PDF wraps at the margin are joined into one
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
import re
from dataclasses import dataclass

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
    """One page's text: text lines and tables, top to bottom (see the module docstring)."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    lines = (page.filter(outside) if boxes else page).extract_text_lines(return_chars=True)
    blocks: list[tuple[float, str, dict | None]] = [(ln["top"], "line", ln) for ln in lines]
    blocks += [(t.bbox[1], "table", t) for t in tables]
    blocks.sort(key=lambda b: (b[0], b[1]))
    width = max((ln["x1"] for ln in lines), default=0) - min((ln["x0"] for ln in lines), default=0)
    out: list[str] = []
    previous = None  # the last text line, while a paragraph is open
    for _, kind, item in blocks:
        if kind == "table":
            rows = [_row(r) for r in item.extract()]
            out += ["", *[r for r in rows if r], ""]
            previous = None
            continue
        text = line_text(item)
        if not text:
            continue
        if text.startswith("| "):  # a row of a table without ruling lines: a line of its own
            if previous is not None and not (out[-1].startswith("| ") and not _gap(previous, item)):
                out.append("")
            out.append(text)
            previous = item
            continue
        if (
            previous is not None
            and not out[-1].startswith("| ")
            and _continues(previous, item, width)
        ):
            out[-1] += text if out[-1].endswith("-") else " " + text
        else:
            if previous is not None and _gap(previous, item):
                out.append("")
            out.append(text)
        previous = item
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


def _continues(previous: dict, line: dict, width: float) -> bool:
    """`line` carries on the sentence of `previous`: the PDF wrapped it at the margin."""
    reached = previous["x1"] - previous["x0"] >= WRAP_SHARE * width
    return (
        reached
        and not _gap(previous, line)
        and abs(line["x0"] - previous["x0"]) < 2
        and not LIST_ITEM.match(line["text"].lstrip())
    )


def _gap(previous: dict, line: dict) -> bool:
    height = previous["bottom"] - previous["top"]
    return line["top"] - previous["bottom"] > PARAGRAPH_GAP * height


def _collapse_blank(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return out
