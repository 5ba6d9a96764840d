"""One entry point from a document's stored bytes to the text extraction reads: `convert`.

For a `.txt` the text is the strict UTF-8 decoding (hotspots.ingest.decode_text); for a page
trafilatura's main text (hotspots.sources.html); for a PDF the text of every page with where each
page starts (hotspots.sources.pdf). The result names its converter with its version, and the
text is a function of the bytes, the sidecar's encoding and the libraries' versions only, so the
same inputs give the same text (tested), and the result is cached per document
(hotspots.ops.cache.ConversionCache).

A PDF is converted in a child process that is stopped after `PDF_SECONDS` and may use at most
`PDF_MEMORY` of address space: a PDF built to make the parser loop or swell is quarantined with
that reason, and the build goes on. A page is converted the same way, with `HTML_SECONDS`
(lxml and trafilatura run in C and in loops a signal cannot stop, and the size cap alone does
not bound their time). The child comes from a fork server started once, with both converters
imported, so a build running threads never forks itself and a child starts ready.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
from dataclasses import dataclass
from importlib.metadata import version

from hotspots.ingest import CONTROL, MAX_CONTROL_SHARE, BadDocument, decode_text
from hotspots.ops.cache import ConversionCache

PDF_SECONDS = 300.0  # measured ~0.06 s per page with a ruled table: 500 pages fit with room; a hung parser never does
HTML_SECONDS = 120.0  # measured 12 s for a 4.6 MiB page (the 5 MiB cap) on a busy machine
PDF_MEMORY = 2 * 1024**3  # address space of the converting child (a page's too)
# the functions a child runs, "module:function", bytes (and a page's encoding) -> text
PDF_CONVERTER = "hotspots.sources.pdf:pdf_to_text"
HTML_CONVERTER = "hotspots.sources.html:html_to_text"
# What each type's text depends on besides the bytes; the first library names the converter.
LIBRARIES = {
    "text/html": ("trafilatura", "lxml", "justext", "htmldate"),
    "application/pdf": ("pdfplumber", "pdfminer.six"),
}


@dataclass(frozen=True)
class Converted:
    text: str
    media_type: str
    converter: str | None  # "<library>@<version>"; None for text, which is only decoded
    pages: tuple[int, ...] = ()  # PDF: the character offset where each page starts

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def library_versions(media_type: str) -> dict[str, str]:
    return {name: version(name) for name in LIBRARIES.get(media_type, ())}


def converter_of(media_type: str) -> str | None:
    libraries = LIBRARIES.get(media_type)
    return f"{libraries[0]}@{version(libraries[0])}" if libraries else None


def convert(
    data: bytes,
    media_type: str,
    encoding: str | None = None,
    cache: ConversionCache | None = None,
    pdf_seconds: float = PDF_SECONDS,
    html_seconds: float | None = None,
) -> Converted:
    """The text of `data` (already sniffed as `media_type`); BadDocument with the reason when it
    cannot be converted. `encoding` is the sidecar's, for a page."""
    if media_type == "text/plain":
        return Converted(decode_text(data, max_bytes=len(data)), media_type, None)
    libraries = library_versions(media_type)
    key = (
        cache.key(hashlib.sha256(data).hexdigest(), media_type, encoding, libraries)
        if cache
        else ""
    )
    if cache and (hit := cache.get(key)):
        if hit.get("error"):
            raise BadDocument(hit["error"])
        return Converted(hit["text"], media_type, hit["converter"], tuple(hit["pages"]))
    try:
        if media_type == "text/html":
            seconds = HTML_SECONDS if html_seconds is None else html_seconds
            text, pages = convert_html_isolated(data, encoding, seconds)
        elif media_type == "application/pdf":
            text, pages = convert_pdf_isolated(data, pdf_seconds)
        else:
            raise BadDocument(f"no converter for {media_type}")
        check_converted(text)
    except BadDocument as exc:
        if cache and not isinstance(exc, OverTime):  # a time-out may pass on a less busy machine
            cache.put(key, {"error": str(exc)})
        raise
    result = Converted(text, media_type, converter_of(media_type), pages)
    if cache:
        cache.put(key, {"text": text, "converter": result.converter, "pages": list(pages)})
    return result


def check_converted(text: str) -> None:
    """The checks decoded text gets, for converted text: not binary."""
    controls = len(CONTROL.findall(text))
    if controls > max(16, MAX_CONTROL_SHARE * len(text)):
        raise BadDocument(
            f"converted text looks binary: {controls:,} of {len(text):,} characters are control characters"
        )


def page_of(pages: tuple[int, ...], offset: int) -> int | None:
    """The 1-based page holding character `offset`, or None for a text without pages."""
    if not pages:
        return None
    import bisect

    return bisect.bisect_right(pages, offset)


# --- the converting child process -----------------------------------------------------------------
class OverTime(BadDocument):
    """The converter did not finish within its time cap."""


_CONTEXT = None


def _context():
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = multiprocessing.get_context("forkserver")
        # each child starts ready
        _CONTEXT.set_forkserver_preload(
            ["hotspots.sources.pdf", "hotspots.sources.html", "trafilatura"]
        )
    return _CONTEXT


def convert_pdf_isolated(data: bytes, seconds: float) -> tuple[str, tuple[int, ...]]:
    """`pdf_to_text(data)` in a child process: its result, or BadDocument when it failed, ran out
    of memory, died, or did not finish within `seconds` (then it is killed)."""
    return convert_isolated(PDF_CONVERTER, (data,), seconds, "PDF")


def convert_html_isolated(
    data: bytes, encoding: str | None, seconds: float
) -> tuple[str, tuple[int, ...]]:
    """`html_to_text(data, encoding)` in a child process, as `convert_pdf_isolated`."""
    # HTML_CONVERTER is read when called: a test puts a stand-in that hangs in its place
    return convert_isolated(HTML_CONVERTER, (data, encoding), seconds, "HTML")


def convert_isolated(
    converter: str, args: tuple, seconds: float, kind: str
) -> tuple[str, tuple[int, ...]]:
    """`converter(*args)` ("module:function", returning the text or a PdfText) in a child
    process; `kind` ("PDF", "HTML") names the input in the reasons."""
    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(converter, args, kind, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise OverTime(
                f"{kind} parser did not finish within {seconds:g} s "
                f"(a malformed or hostile {kind}?); stopped"
            )
        try:
            outcome = receive.recv()
        except EOFError:
            child.join(5)
            raise BadDocument(
                f"{kind} parser crashed (exit code {child.exitcode}); "
                f"the {kind} is probably damaged"
            ) from None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if outcome[0] == "error":
        raise BadDocument(outcome[1])
    return outcome[1], tuple(outcome[2])


def _child(converter: str, args: tuple, kind: str, send) -> None:
    import importlib
    import resource

    module, _, name = converter.partition(":")
    # ValueError/OSError: a lower hard limit is already in place, which is kept
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (PDF_MEMORY, PDF_MEMORY))
    try:
        result = getattr(importlib.import_module(module), name)(*args)
        if isinstance(result, str):
            outcome = ("ok", result, [])
        else:
            outcome = ("ok", result.text, list(result.pages))
    except BadDocument as exc:
        outcome = ("error", str(exc))
    except MemoryError:
        outcome = ("error", f"{kind} needs more than {PDF_MEMORY // 1024**3} GiB of memory to read")
    send.send(outcome)
    send.close()
