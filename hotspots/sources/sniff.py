"""What a file in raw/ is, from its bytes: the extension is a claim, the content decides.

A `.txt` that is an HTML page, a `.pdf` that is not a PDF, an `.html` that is a PDF: each is a
file whose name lies about it, and the ingest quarantines it with both types named (renaming the
file is the fix), rather than reading it as something it is not. The sniffing itself is the one
`hotspots add` uses (`hotspots.sources.metadata.sniff_media_type`), so a file that `add` stored as
`.html` is the same file the ingest reads as HTML.
"""

from __future__ import annotations

from pathlib import Path

from hotspots.ingest import BadDocument
from hotspots.sources.metadata import PDF_MAGIC, SNIFF_BYTES, _looks_like_html

# The document files raw/ accepts, by extension; `.htm` is the same type as `.html`.
EXTENSION_TYPES = {
    ".txt": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
}


def content_type(data: bytes) -> str:
    """application/pdf or text/html when the bytes are one, else text/plain (whether they are
    valid UTF-8 text is the text decoder's check, with its own reasons)."""
    head = data[:SNIFF_BYTES]
    if PDF_MAGIC in head:
        return "application/pdf"
    if _looks_like_html(head):
        return "text/html"
    return "text/plain"


def media_type_of(path: Path, data: bytes) -> str:
    """The media type of a raw/ document; BadDocument when its extension names another type."""
    suffix = next(ext for ext in EXTENSION_TYPES if path.name.endswith(ext))
    declared = EXTENSION_TYPES[suffix]
    actual = content_type(data)
    if actual != declared:
        extension = next(ext for ext, kind in EXTENSION_TYPES.items() if kind == actual)
        raise BadDocument(
            f"the extension {suffix} says {declared}, but the bytes are {actual}; "
            f"rename the file (and its sidecar) to {path.name.removesuffix(suffix)}{extension} "
            "if that is what it is"
        )
    return actual
