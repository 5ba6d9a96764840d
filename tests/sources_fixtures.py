"""Small HTML pages and PDFs built in code for the tests of HTML/PDF sources (no PDF writer is
installed, so PDFs are written by hand: objects, a correct cross-reference table, a trailer)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Page:
    """Text at positions (points from the bottom left, Helvetica 11) and straight lines."""

    texts: list[tuple[float, float, str]] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)

    def stream(self) -> bytes:
        ops = []
        for x, y, text in self.texts:
            safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"BT /F1 11 Tf {x:g} {y:g} Td ({safe}) Tj ET")
        if self.lines:
            ops.append("0.5 w")
            ops += [f"{a:g} {b:g} m {c:g} {d:g} l S" for a, b, c, d in self.lines]
        return "\n".join(ops).encode("latin-1")


def make_pdf(
    pages: list[Page],
    info: dict[str, str] | None = None,
    encrypt: bool = False,
    padding: int = 0,
) -> bytes:
    """A PDF with these pages. `encrypt`: a Standard security handler whose user password is not
    empty (the /U entry matches no password), as a password-protected report is. `padding`: an
    unreferenced stream of that many bytes (the size of a report's figures, never parsed)."""
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, then per page: the page and its content stream
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n_pages)), n_pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, page in enumerate(pages):
        stream = page.stream()
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    if padding:
        objects.append(b"<< /Length %d >>\nstream\n" % padding + b"\0" * padding + b"\nendstream")
    trailer_extra = b""
    if info:
        entries = " ".join(f"/{k} ({v})" for k, v in info.items())
        objects.append(f"<< {entries} >>".encode("latin-1"))
        trailer_extra += b" /Info %d 0 R" % len(objects)
    if encrypt:
        objects.append(
            b"<< /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32
            + b"> /P -44 >>"
        )  # fmt: skip
        trailer_extra += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (
            len(objects),
            b"01" * 16,
            b"01" * 16,
        )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\n" % (len(objects) + 1, trailer_extra)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def text_page(*lines: str, top: float = 740, leading: float = 14) -> Page:
    """A page with these lines, one under the other, from the top left."""
    return Page(texts=[(72, top - i * leading, line) for i, line in enumerate(lines)])


def ruled_table(rows: list[list[str]], top: float = 600, widths=(60, 220, 140)) -> Page:
    """A table with a ruling line around every cell (what a report's ranking table looks like to
    a PDF parser); one row per `rows` entry, the first one its header."""
    height = 18
    x_edges = [72]
    for w in widths:
        x_edges.append(x_edges[-1] + w)
    page = Page()
    bottom = top - height * len(rows)
    for r in range(len(rows) + 1):
        y = top - r * height
        page.lines.append((x_edges[0], y, x_edges[-1], y))
    for x in x_edges:
        page.lines.append((x, top, x, bottom))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            page.texts.append((x_edges[c] + 4, top - (r + 1) * height + 5, cell))
    return page


RANK_PAGE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Top science and technology clusters 2024</title>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/reports">Reports</a></li></ul></nav>
<article>
<h1>Global Innovation Index 2024: top science and technology clusters</h1>
<p>The Global Innovation Index 2024 ranks the world's largest science and technology clusters by
patent filings and scientific publications. The table lists the leading clusters of this edition.</p>
<h2>Cluster ranking</h2>
<table>
<thead><tr><th>Rank</th><th>Cluster</th><th>Economy</th></tr></thead>
<tbody>
<tr><td>1</td><td>Tokyo-Yokohama</td><td>Japan</td></tr>
<tr><td>2</td><td>Shenzhen-Hong Kong-Guangzhou</td><td>China</td></tr>
<tr><td>3</td><td>Beijing</td><td>China</td></tr>
<tr><td>4</td><td>Seoul</td><td>Republic of Korea</td></tr>
</tbody></table>
<ul><li>Clusters are ranked by their share of global PCT filings.</li>
<li>Scientific articles are counted by author address.</li></ul>
</article>
<footer><p>Copyright 2024. All rights reserved.</p></footer>
</body></html>
"""


def two_columns(left: list[str], right: list[str], top: float = 700, leading: float = 14) -> Page:
    """A page set in two columns, as a report's running text is: `left` from x = 72 and `right`
    from x = 320 (a gutter of about 30 points), each line under the other from `top`; an empty
    string leaves a line blank (a paragraph break)."""
    return columns([left, right], [72, 320], top, leading)


def columns(texts: list[list[str]], xs: list[float], top: float = 700, leading: float = 14) -> Page:
    """A page set in columns: the lines of `texts[i]` from x = `xs[i]`, as `two_columns`."""
    page = Page()
    for x, column in zip(xs, texts, strict=True):
        page.texts += [(x, top - i * leading, line) for i, line in enumerate(column) if line]
    return page


HANG_MARK = b"<!-- this page hangs the parser -->"


def html_to_text_or_hang(data: bytes, encoding: str | None = None) -> str:
    """A stand-in for hotspots.sources.html.html_to_text that never finishes on a page carrying
    HANG_MARK, as a page built to make lxml or trafilatura loop would (run in the converting
    child: `convert_mod.HTML_CONVERTER = "tests.sources_fixtures:html_to_text_or_hang"`)."""
    import time

    if HANG_MARK in data:
        while True:
            time.sleep(1)
    from hotspots.sources.html import html_to_text

    return html_to_text(data, encoding)
