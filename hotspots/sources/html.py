"""A saved web page -> the text extraction reads: the main text only, with its structure as lines.

trafilatura separates the article from navigation, footers and other boilerplate; its markdown
output keeps what the rules read by line: a heading is a line of its own, a list item a line
starting with '- ' or '1. ', paragraphs are separated by a blank line, and a `<table>` becomes one
line per row, '| cell | cell |', under its header row — the shape `ranked_table_row` reads (a
table with Rank / Cluster / Economy columns gives a rank claim for every row). Markdown's own
decorations are then taken off (the '#' of a heading, '**' and '*' around bold and italic text,
the backslash before a literal '*', '_' or '['), so a quote is the text the page shows.

The page decodes with the encoding its sidecar states (`hotspots add` writes the one it checked),
else the charset the page declares, else UTF-8; a declaration that the bytes contradict is bad
input, quarantined with what charset-normalizer finds the bytes to be.
"""

from __future__ import annotations

import codecs
import re

from hotspots.ingest import BadDocument
from hotspots.sources.metadata import BOMS, META_CHARSET, SNIFF_BYTES, is_utf8

MIN_MAIN_TEXT_CHARS = 100  # less than this after boilerplate removal: no article on the page
HEADING = re.compile(r"^#{1,6} +", re.MULTILINE)
MARKDOWN_ESCAPE = re.compile(
    r"\\([\\`*_{}\[\]<>#!~])"
)  # not "|": an escaped pipe is inside a table cell
# trafilatura marks bold, italic, code, struck and underlined text (its literal '*', '`' and '~'
# are backslash-escaped, so an unescaped one is a mark)
FORMATTING = re.compile(r"(?<!\\)(?:\*\*|\*|~~|`)|</?(?:u|sub|sup|mark)>")
TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def decode_html(data: bytes, stated: str | None = None) -> str:
    """The page's characters. `stated` is the sidecar's encoding; without it the page's own
    declaration (a BOM, `<meta charset>`) is used, else UTF-8. Strict: bytes the encoding cannot
    decode, or UTF-8 bytes under a single-byte declaration (they would decode as mojibake), are
    BadDocument naming what the bytes are."""
    if stated:
        source, encoding = "the sidecar's encoding", _codec(stated, "the sidecar's encoding")
    elif declared := _declared(data):
        source, encoding = "the page's declared charset", declared
    else:
        source, encoding = "UTF-8 (no charset declared)", "utf-8"
    if not stated and encoding != "utf-8" and not data.isascii() and is_utf8(data):
        raise BadDocument(
            f"{source} is {encoding}, but the bytes are UTF-8; "
            'state the encoding in the sidecar ("encoding": "utf-8")'
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise BadDocument(
            f"{source} {encoding} does not match the bytes (byte {exc.start}: {exc.reason}); "
            f"{_detected(data)}"
        ) from None
    return text.removeprefix("\ufeff")


def _declared(data: bytes) -> str | None:
    if data.startswith(BOMS[0]):
        return "utf-8"
    if data.startswith(BOMS[1:]):
        return "utf-16"
    if m := META_CHARSET.search(data[: SNIFF_BYTES * 4]):
        return _codec(m.group(1).decode("ascii", "replace"), "the page's declared charset")
    return None


def _codec(name: str, what: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise BadDocument(f"{what} {name!r} is not a known encoding") from None


def _detected(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return "no encoding decodes them as text"
    name = codecs.lookup(best.encoding).name
    return f'they look like {name}: state it in the sidecar ("encoding": "{name}")'


def html_to_text(data: bytes, stated_encoding: str | None = None) -> str:
    """The main text of the page as lines (see the module docstring); BadDocument when the page
    cannot be parsed or has no main text."""
    import trafilatura

    page = decode_html(data, stated_encoding)
    try:
        markdown = trafilatura.extract(
            page,
            output_format="markdown",
            include_tables=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            deduplicate=False,  # its cache is shared across calls: the text would depend on order
            with_metadata=False,
        )
    except Exception as exc:  # lxml and trafilatura raise many types on hopeless markup
        raise BadDocument(f"HTML cannot be parsed: {type(exc).__name__}: {exc}") from None
    text = plain_lines(markdown or "")
    if len(text.strip()) < MIN_MAIN_TEXT_CHARS:
        raise BadDocument(
            f"HTML page has no main text: {len(text.strip())} characters remain once navigation "
            "and boilerplate are removed (a menu, cookie or login page?); save the article itself"
        )
    return text


def plain_lines(markdown: str) -> str:
    """trafilatura's markdown without markdown's decorations; lines and blank lines kept."""
    text = HEADING.sub("", markdown)
    text = FORMATTING.sub("", text)
    text = MARKDOWN_ESCAPE.sub(r"\1", text)
    return TRAILING_SPACE.sub("", text).strip("\n") + "\n"
