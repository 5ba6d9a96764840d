"""One entry point from a document's stored bytes to the text extraction reads: `convert`.

For a `.txt` the text is the strict UTF-8 decoding (hotspots.ingest.decode_text); for a page
trafilatura's main text (hotspots.sources.html); for a PDF the text of every page with where each
page starts (hotspots.sources.pdf). The result names its converter with its version, and the
text is a function of the bytes, the sidecar's encoding and the libraries' versions only, so the
same inputs give the same text (tested), and the result is cached per document
(hotspots.ops.cache.ConversionCache).

A PDF is converted in a child process that is stopped after `PDF_SECONDS` and may use at most
`PDF_MEMORY` of address space: a PDF built to make the parser loop or swell is quarantined with
that reason, and the build goes on. The child comes from a fork server started once, so a build
running threads never forks itself.
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
PDF_MEMORY = 2 * 1024**3  # address space of the converting child
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
            from hotspots.sources.html import html_to_text

            text, pages = html_to_text(data, encoding), ()
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


# --- the PDF child process ------------------------------------------------------------------------
class OverTime(BadDocument):
    """The converter did not finish within its time cap."""


_CONTEXT = None


def _context():
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = multiprocessing.get_context("forkserver")
        _CONTEXT.set_forkserver_preload(["hotspots.sources.pdf"])  # each child starts ready
    return _CONTEXT


def convert_pdf_isolated(data: bytes, seconds: float) -> tuple[str, tuple[int, ...]]:
    """`pdf_to_text(data)` in a child process: its result, or BadDocument when it failed, ran out
    of memory, died, or did not finish within `seconds` (then it is killed)."""
    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_pdf_child, args=(data, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise OverTime(
                f"PDF parser did not finish within {seconds:g} s (a malformed or hostile PDF?); stopped"
            )
        try:
            outcome = receive.recv()
        except EOFError:
            child.join(5)
            raise BadDocument(
                f"PDF parser crashed (exit code {child.exitcode}); the PDF is probably damaged"
            ) from None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if outcome[0] == "error":
        raise BadDocument(outcome[1])
    return outcome[1], tuple(outcome[2])


def _pdf_child(data: bytes, send) -> None:
    import resource

    from hotspots.sources.pdf import pdf_to_text

    # ValueError/OSError: a lower hard limit is already in place, which is kept
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (PDF_MEMORY, PDF_MEMORY))
    try:
        result = pdf_to_text(data)
        outcome = ("ok", result.text, list(result.pages))
    except BadDocument as exc:
        outcome = ("error", str(exc))
    except MemoryError:
        outcome = ("error", f"PDF needs more than {PDF_MEMORY // 1024**3} GiB of memory to read")
    send.send(outcome)
    send.close()
