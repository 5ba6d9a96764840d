"""What a snapshot is and what it says about itself: the media type sniffed from the bytes, and the
title, publisher, published date, licence, language and encoding its own metadata states.

Nothing here is invented: a field the bytes do not state is left out (None) and the caller decides
what to do (an option, a stated default, a warning). Read-only and without side effects, so it is
tested on bytes alone. trafilatura/htmldate and pdfplumber are imported only when a page or a PDF
is actually read, so the commands that do not read one start fast.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from hotspots.ingest import BadDocument, decode_text

MEDIA_TYPES = {"text/plain": "txt", "text/html": "html", "application/pdf": "pdf"}
# PDF readers accept the header anywhere in the first KiB (ISO 32000-1, 7.5.2 and implementation note).
PDF_MAGIC = b"%PDF-"
SNIFF_BYTES = 1024
# WHATWG MIME sniffing, "identifying a resource with an unknown MIME type": these tags, after
# optional whitespace (and a BOM), followed by a space or '>' mean HTML.
HTML_TAGS = (
    b"!doctype html", b"html", b"head", b"script", b"iframe", b"h1", b"div", b"font",
    b"table", b"a", b"style", b"title", b"b", b"body", b"br", b"p", b"!--",
)  # fmt: skip
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
CC_LICENSE = re.compile(
    r"creativecommons\.org/(?:licenses/([a-z-]+)/(\d(?:\.\d)?)|publicdomain/zero/(1\.0))",
    re.IGNORECASE,
)
TITLE_CHARS = 300  # a first line longer than this is prose, not a title


class UnsupportedSource(ValueError):
    """Bytes `hotspots add` cannot take, with the reason (and what to do about it)."""


@dataclass
class Detected:
    """What a document states about itself; None where it states nothing."""

    media_type: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    license: str | None = None
    language: str | None = None
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)  # where a value came from, when not obvious


def sniff_media_type(data: bytes, declared: str | None = None) -> str:
    """text/html, application/pdf or text/plain from the bytes themselves; a declared type (an
    extension, a Content-Type) is never trusted over the content."""
    head = data[:SNIFF_BYTES]
    if PDF_MAGIC in head:
        return "application/pdf"
    if _looks_like_html(head):
        return "text/html"
    try:
        decode_text(data)
    except BadDocument as exc:
        said = f" (declared {declared})" if declared else ""
        raise UnsupportedSource(
            f"not a PDF, not HTML and not UTF-8 text{said}: {exc}. "
            "hotspots add takes .txt (UTF-8), .html and .pdf"
        ) from None
    return "text/plain"


def _looks_like_html(head: bytes) -> bool:
    for bom in BOMS:
        head = head.removeprefix(bom)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:64]:
        head = head.replace(b"\x00", b"")  # UTF-16 markup: the tags are still there
    head = head.lstrip().lower()
    if head.startswith(b"<?xml"):
        return b"<html" in head
    return any(
        head.startswith(b"<" + tag)
        and head[len(tag) + 1 : len(tag) + 2] in (b" ", b">", b"\t", b"\n", b"\r")
        for tag in HTML_TAGS
    )


def detect(data: bytes, media_type: str, url: str | None, charset: str | None = None) -> Detected:
    """The metadata the bytes state, for a snapshot of `media_type` (from `sniff_media_type`).
    `charset` is the one an HTTP server declared, if any."""
    if media_type == "application/pdf":
        return pdf_metadata(data)
    if media_type == "text/html":
        return html_metadata(data, url, charset)
    return text_metadata(data)


def text_metadata(data: bytes) -> Detected:
    text = decode_text(data)
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    detected = Detected("text/plain", encoding="utf-8")
    if first and len(first) <= TITLE_CHARS:
        detected.title = first
        detected.notes.append("title: the first line of the text")
    return detected


def html_encoding(data: bytes, charset: str | None = None) -> tuple[str, list[str]]:
    """The encoding the page decodes with: UTF-8 when the bytes are UTF-8 (non-ASCII text in any
    other encoding is almost never valid UTF-8, whatever the page declares), else the server's or
    the page's own declaration when the bytes decode with it, else what charset-normalizer finds.
    Notes say when the declaration was missing or wrong."""
    notes = []
    declared = [charset] if charset else []
    if m := META_CHARSET.search(data[: SNIFF_BYTES * 4]):
        declared.append(m.group(1).decode("ascii", "replace"))
    if data.startswith(BOMS[0]):
        declared.insert(0, "utf-8")
    known = []
    for name in declared:
        try:
            known.append(_canonical_codec(name))
        except LookupError:
            notes.append(f"encoding: declared charset {name!r} is unknown")
    if is_utf8(data):
        if known and known[0] != "utf-8" and not data.isascii():
            notes.append(f"encoding: declared {known[0]}, but the bytes are UTF-8")
        return "utf-8", notes
    for codec in known:
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            notes.append(f"encoding: the bytes do not decode as the declared {codec!r}")
            continue
        return codec, notes
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnsupportedSource("HTML page whose text encoding cannot be determined")
    notes.append(f"encoding: detected {best.encoding} (not declared, or the declaration is wrong)")
    return _canonical_codec(best.encoding), notes


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _canonical_codec(name: str) -> str:
    import codecs

    return codecs.lookup(name).name


def html_metadata(data: bytes, url: str | None, charset: str | None = None) -> Detected:
    from lxml import html as lxml_html
    from trafilatura import extract_metadata

    encoding, notes = html_encoding(data, charset)
    text = data.decode(encoding).removeprefix("\ufeff")
    try:
        tree = lxml_html.fromstring(
            text.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8")
        )
    except Exception as exc:  # lxml raises ParserError/ValueError on empty or hopeless markup
        raise UnsupportedSource(f"HTML page that cannot be parsed: {exc}") from None
    # extensive=False: a date from the page's markup (meta tags, JSON-LD, <time>) or its URL only,
    # never a guess from numbers in the text.
    meta = extract_metadata(tree, default_url=url, extensive=False)
    detected = Detected("text/html", encoding=encoding, notes=notes)
    detected.title = meta.title or None
    host = urlsplit(url).hostname if url else None
    sitename = meta.sitename or None
    if sitename and host and "." in sitename and host.lower().endswith(sitename.lower()):
        sitename = None  # trafilatura's fallback to the host name is not the page's own statement
    detected.publisher = sitename
    detected.published = meta.date or None
    detected.license = meta.license or _html_license(tree)
    lang = (tree.get("lang") or "").split("-")[0].strip().lower()
    detected.language = lang if re.fullmatch(r"[a-z]{2}", lang) else None
    return detected


def _html_license(tree) -> str | None:
    """A licence the page declares in markup trafilatura does not read: <link rel=license>,
    <meta name=dcterms.license|dc.rights|license>."""
    hrefs = tree.xpath(
        '//link[contains(concat(" ", normalize-space(@rel), " "), " license ")]/@href'
    )
    hrefs += tree.xpath('//a[contains(concat(" ", normalize-space(@rel), " "), " license ")]/@href')
    for href in hrefs:
        if href.strip():
            return license_name(href.strip())
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        if found := _json_ld_license(script):
            return license_name(found)
    for name in ("dcterms.license", "dc.rights", "dcterms.rights", "license"):
        contents = tree.xpath(
            f'//meta[translate(@name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")="{name}"]/@content'
        )
        for content in contents:
            if content.strip():
                return license_name(content.strip())
    return None


def _json_ld_license(script: str) -> str | None:
    """The first `license` a JSON-LD block states (a URL, a name, or a CreativeWork with one)."""
    try:
        stack = [json.loads(script)]
    except (ValueError, RecursionError):
        return None
    while stack:
        node = stack.pop(0)
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            value = node.get("license")
            if isinstance(value, dict):
                value = value.get("url") or value.get("name") or value.get("@id")
            if isinstance(value, str) and value.strip():
                return value.strip()
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
    return None


def license_name(value: str) -> str:
    """A Creative Commons URL as its SPDX id (CC-BY-4.0, CC0-1.0); anything else as written."""
    m = CC_LICENSE.search(value)
    if not m:
        return " ".join(value.split())
    if m.group(3):
        return f"CC0-{m.group(3)}"
    return f"CC-{m.group(1).upper()}-{m.group(2)}"


def pdf_metadata(data: bytes) -> Detected:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    detected = Detected("application/pdf")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            info = {k: _pdf_text(v) for k, v in (pdf.metadata or {}).items()}
            first_page = pdf.pages[0].extract_text() if pdf.pages and not info.get("Title") else ""
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise UnsupportedSource(
            f"PDF is encrypted and cannot be read without a password ({type(exc).__name__}); "
            "save an unencrypted copy"
        ) from None
    except Exception as exc:  # pdfminer raises many unrelated types on a damaged file
        raise UnsupportedSource(
            f"PDF cannot be read (damaged or not a PDF): {type(exc).__name__}: {exc}"
        ) from None
    detected.title = info.get("Title") or None
    if not detected.title and first_page:
        first = next((line.strip() for line in first_page.splitlines() if line.strip()), "")
        if first and len(first) <= TITLE_CHARS:
            detected.title = first
            detected.notes.append("title: the first line of page 1 (the PDF has no Title)")
    for key in ("CreationDate", "ModDate"):
        if date := pdf_date(info.get(key)):
            detected.published = date
            if key == "ModDate":
                detected.notes.append(
                    "published: the PDF's modification date (it has no creation date)"
                )
            break
    return detected


def _pdf_text(value: object) -> str | None:
    """A value of the PDF info dictionary as clean one-line text (PDF strings may be bytes)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text as pdf_decode

    value = resolve1(value)
    if isinstance(value, bytes):
        value = pdf_decode(value)
    if not isinstance(value, str):
        return None
    return " ".join(value.replace("\x00", "").split()) or None


def pdf_date(value: str | None) -> str | None:
    """'D:20240926120000+02'00'' -> '2024-09-26' (as precise as the PDF states it); None if absent
    or not a real date."""
    m = PDF_DATE.match(value or "")
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return "-".join(p for p in (year, month, day) if p)
