"""Ingest stage: read raw/, check every sidecar, hash the bytes, decode strictly.

A document that cannot be trusted is quarantined with a reason a person can act on; the rest go
on. Nothing under raw/ is ever modified, and no file name is ever used to build an output path.

Every file in raw/ has one defined outcome (see docs/GUARANTEES.md):
- `<name>.txt` with a valid `<name>.meta.json`, UTF-8 (a BOM is dropped; CRLF and every other
  character are kept as decoded, so spans index the text exactly) -> a document;
- `<name>.html`/`.htm`/`.pdf` with a valid sidecar, whose bytes are what the extension says ->
  a document whose text is converted from the bytes (hotspots.sources.convert: the page's main
  text, or the PDF's text with its page offsets); quotes and spans index that text;
- anything else -> quarantined with its reason: empty, too large (checked with stat, before
  reading), not a regular file, a link out of raw/, NUL bytes or binary, not UTF-8, a bad or
  missing sidecar, a sidecar without its document, a duplicate of an earlier document, a file
  name that is not printable UTF-8, a file that is neither a document nor a sidecar, an extension
  that lies about the bytes, a sidecar whose sha256 or media_type disagrees with the file, a page
  or PDF that cannot be converted (see hotspots.sources.convert for each reason).
Unknown sidecar fields, stray control characters and very long lines are warnings: the document
is kept as it is, and the warning says why a person may want to look at it.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # a news page or report is far below this; more is a mistake
MAX_PDF_BYTES = 64 * 1024 * 1024  # a PDF report with figures; its text is far smaller
DOCUMENT_SUFFIXES = (".txt", ".html", ".htm", ".pdf")
MAX_SIDECAR_BYTES = 64 * 1024  # a sidecar is a handful of short fields
LONG_LINE_CHARS = 100_000  # a longer line is accepted, with a warning: extraction slows down
MAX_CONTROL_SHARE = 0.01  # more control characters than this (and than 16) and the "text" is binary
REQUIRED_FIELDS = {
    "title": str,
    "url": str,
    "publisher": str,
    "published": (str, type(None)),
    "retrieved": str,
    "license": str,
}
# media_type, sha256 and encoding are what `hotspots add` states about the bytes it stored; each
# is checked against the file (hotspots.ingest.read_document).
OPTIONAL_FIELDS = {"language": str, "media_type": str, "sha256": str, "encoding": str}
MEDIA_TYPES = ("text/plain", "text/html", "application/pdf")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
ONE_LINE_FIELDS = ("title", "url", "publisher", "license")
PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
LANGUAGE = re.compile(r"^[a-z]{2}$")
# C0/C1 control characters other than tab, line feed, vertical tab, form feed, carriage return.
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CLOCK_SLACK = dt.timedelta(days=1)  # a sidecar dated in a time zone ahead of ours is not "future"


@dataclass(frozen=True)
class Document:
    document_id: str
    name: str
    text: str
    sha256: str
    meta: dict
    warnings: tuple[str, ...] = ()
    media_type: str = "text/plain"
    converter: str | None = None  # "<library>@<version>" that made the text; None: decoded text
    pages: tuple[int, ...] = ()  # PDF: the character offset where each page starts

    @property
    def text_sha256(self) -> str:
        """sha256 of the text extraction reads (UTF-8): what quotes and spans refer to."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Quarantined:
    name: str
    reason: str


@dataclass
class IngestResult:
    documents: list[Document] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)


class BadDocument(ValueError):
    """The reason a document is quarantined."""


def _parse_date(value: str, field_name: str, pattern: re.Pattern) -> dt.date:
    if not pattern.match(value):
        raise BadDocument(
            f"sidecar field {field_name!r} must be a date like 2024-12-31, got {value!r}"
        )
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        return dt.date(parts[0], parts[1], parts[2])
    except ValueError as exc:
        raise BadDocument(f"sidecar field {field_name!r} is not a real date: {value!r}") from exc


def check_sidecar(meta: object, today: dt.date | None = None) -> tuple[dict, list[str]]:
    """Return the sidecar with defaults filled, and warnings for fields we do not use."""
    today = today or dt.date.today()
    if not isinstance(meta, dict):
        raise BadDocument("sidecar must be a JSON object")
    missing = sorted(set(REQUIRED_FIELDS) - set(meta))
    if missing:
        raise BadDocument(f"sidecar is missing field(s) {missing}")
    for name, types in {**REQUIRED_FIELDS, **OPTIONAL_FIELDS}.items():
        if name in meta and not isinstance(meta[name], types):
            raise BadDocument(
                f"sidecar field {name!r} has type {type(meta[name]).__name__}, expected {types}"
            )
    for name in ("title", "publisher", "license"):
        if not meta[name].strip():
            raise BadDocument(f"sidecar field {name!r} is empty")
    for name in ONE_LINE_FIELDS:
        if LINE_CONTROL.search(meta[name]):
            raise BadDocument(
                f"sidecar field {name!r} contains a line break or control character: {meta[name]!r:.80}"
            )
    if not URL.match(meta["url"]):
        raise BadDocument(f"sidecar field 'url' is not an http(s) URL: {meta['url']!r}")
    retrieved = _parse_date(meta["retrieved"], "retrieved", FULL_DATE)
    if retrieved > today + CLOCK_SLACK:
        raise BadDocument(f"sidecar field 'retrieved' is in the future: {meta['retrieved']}")
    if meta["published"] is not None:
        published = _parse_date(meta["published"], "published", PARTIAL_DATE)
        if published > retrieved:
            raise BadDocument(
                f"published {meta['published']} is after retrieved {meta['retrieved']}"
            )
    language = meta.get("language", "en")
    if not LANGUAGE.match(language):
        raise BadDocument(f"sidecar field 'language' must be an ISO 639-1 code, got {language!r}")
    if language != "en":
        raise BadDocument(f"language {language!r} is not supported by the extractor (English only)")
    if "media_type" in meta and meta["media_type"] not in MEDIA_TYPES:
        raise BadDocument(
            f"sidecar field 'media_type' must be one of {list(MEDIA_TYPES)}, got {meta['media_type']!r}"
        )
    if "sha256" in meta and not SHA256.match(meta["sha256"]):
        raise BadDocument(
            f"sidecar field 'sha256' is not 64 lowercase hex digits: {meta['sha256']!r:.80}"
        )
    if "encoding" in meta:
        try:
            codecs.lookup(meta["encoding"])
        except LookupError:
            raise BadDocument(
                f"sidecar field 'encoding' is not a known encoding: {meta['encoding']!r:.80}"
            ) from None
    # Strict interpretation: a field we do not know is reported, never silently dropped.
    unknown = sorted(set(meta) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    warnings = [f"sidecar field {name!r} is not used" for name in unknown]
    clean = {name: meta[name] for name in REQUIRED_FIELDS}
    clean["language"] = language
    clean |= {name: meta[name] for name in ("media_type", "sha256", "encoding") if name in meta}
    return clean, warnings


def decode_text(data: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    """Strict UTF-8; a BOM is dropped (offsets then index the text after it). Line ends and every
    other character are kept exactly as decoded."""
    if not data.strip():
        raise BadDocument("document is empty or whitespace only")
    if len(data) > max_bytes:
        raise BadDocument(f"document is {len(data):,} bytes, over the {max_bytes:,}-byte limit")
    if data.startswith(UTF16_BOMS):
        raise BadDocument(
            "document is UTF-16 (it starts with a UTF-16 byte order mark); re-save it as UTF-8"
        )
    if b"\x00" in data:
        raise BadDocument("document contains NUL bytes: binary or UTF-16 text, not UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadDocument(
            f"document is not valid UTF-8 (byte {exc.start}: {exc.reason}); re-save it as UTF-8"
        ) from exc
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise BadDocument("document is empty or whitespace only")
    controls = len(CONTROL.findall(text))
    if controls > max(16, MAX_CONTROL_SHARE * len(text)):
        raise BadDocument(
            f"document looks binary: {controls:,} of {len(text):,} characters are control characters"
        )
    return text


def text_warnings(text: str) -> list[str]:
    """What a person may want to know about an accepted text; it is kept as it is."""
    warnings = []
    controls = len(CONTROL.findall(text))
    if controls:
        warnings.append(f"document has {controls} control character(s), kept as they are")
    longest = max(map(len, text.splitlines()), default=0)
    if longest > LONG_LINE_CHARS:
        warnings.append(
            f"longest line has {longest:,} characters: one paragraph to the extractor, which is slow "
            "on it and may link sentences far apart; add the line breaks of the source if it has any"
        )
    return warnings


def _inside(path: Path, root: Path, what: str) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python < 3.13)
        raise BadDocument(f"{what} is a link that cannot be followed (a loop?): {exc}") from exc
    return True


def display_name(path: Path) -> str:
    """The file name as it can be printed and stored: undecodable bytes shown as \\xNN."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _check_name(path: Path) -> None:
    if display_name(path) != path.name:
        raise BadDocument("file name is not valid UTF-8; rename the file (and its sidecar)")
    if LINE_CONTROL.search(path.name):
        raise BadDocument(
            "file name contains a control character or line break; rename the file (and its sidecar)"
        )


def _regular_file(path: Path, what: str, max_bytes: int) -> int:
    """Size of `path` from stat, before anything is read; a FIFO, device or folder is refused."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise BadDocument(f"{what} is not a regular file")
    if info.st_size > max_bytes:
        raise BadDocument(f"{what} is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit")
    return info.st_size


def _read_at_most(path: Path, what: str, max_bytes: int) -> bytes:
    """The bytes of `path`, read once; a file that grew past the limit since `stat` is refused."""
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise BadDocument(f"{what} is over the {max_bytes:,}-byte limit")
    return data


def read_sidecar(sidecar: Path, raw_dir: Path) -> tuple[dict, list[str]]:
    if not sidecar.exists():
        raise BadDocument(
            f"no sidecar: add {display_name(sidecar)} with title, url, publisher, published, retrieved, license"
        )
    if not _inside(sidecar, raw_dir, "sidecar"):
        raise BadDocument("sidecar is a link pointing outside the raw directory")
    _regular_file(sidecar, "sidecar", MAX_SIDECAR_BYTES)
    data = _read_at_most(sidecar, "sidecar", MAX_SIDECAR_BYTES)
    try:
        meta_raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = str(exc) if not isinstance(exc, RecursionError) else "nested too deeply"
        raise BadDocument(
            f"sidecar {display_name(sidecar)} is not valid UTF-8 JSON: {reason}"
        ) from exc
    return check_sidecar(meta_raw)


def read_document(
    path: Path, raw_dir: Path, max_bytes: int = MAX_DOCUMENT_BYTES, cache=None
) -> Document:
    """One document of raw/ and its sidecar, its text decoded or converted; BadDocument with the
    reason otherwise. `cache`: a hotspots.ops.cache.ConversionCache for pages and PDFs."""
    _check_name(path)
    if not _inside(path, raw_dir, "document"):
        raise BadDocument("document is a link pointing outside the raw directory")
    limit = MAX_PDF_BYTES if path.name.endswith(".pdf") else max_bytes
    _regular_file(path, "document", limit)  # a huge file is refused before a byte is read
    meta, warnings = read_sidecar(path.with_suffix(".meta.json"), raw_dir)
    data = _read_at_most(path, "document", limit)
    if not data.strip():
        raise BadDocument("document is empty or whitespace only")
    digest = hashlib.sha256(data).hexdigest()
    if meta.get("sha256", digest) != digest:
        raise BadDocument(
            f"the sidecar's sha256 {meta['sha256'][:16]}… is not the file's ({digest[:16]}…): "
            "the file changed after its sidecar was written; check it, then fix or remove the sidecar's sha256"
        )
    from hotspots.sources.convert import convert
    from hotspots.sources.sniff import media_type_of

    media_type = media_type_of(path, data)
    if meta.get("media_type", media_type) != media_type:
        raise BadDocument(
            f"the sidecar says media_type {meta['media_type']}, the bytes are {media_type}"
        )
    converted = convert(data, media_type, meta.get("encoding"), cache)
    return Document(
        document_id=digest[:16],
        name=path.stem,
        text=converted.text,
        sha256=digest,
        meta=meta,
        warnings=tuple(warnings + text_warnings(converted.text)),
        media_type=media_type,
        converter=converted.converter,
        pages=converted.pages,
    )


def _stray(path: Path) -> str | None:
    """Why a file in raw/ that is neither a document nor a sidecar is ignored (None: not stray)."""
    if path.name.startswith(".") or path.name.endswith((*DOCUMENT_SUFFIXES, ".meta.json")):
        return None
    if path.is_dir():
        return "ignored: a folder; documents must sit directly in the raw directory"
    return "ignored: neither a document (<name>.txt, .html, .htm or .pdf) nor a sidecar (<name>.meta.json)"


def document_files(raw_dir: Path) -> list[Path]:
    """The documents of raw/, by name: every name ending in a document suffix (as `*.txt` matched
    before pages and PDFs were read; `hotspots add` names its temporary files otherwise)."""
    return sorted(p for p in raw_dir.iterdir() if p.name.endswith(DOCUMENT_SUFFIXES))


def ingest(raw_dir: Path, max_bytes: int = MAX_DOCUMENT_BYTES, cache=None) -> IngestResult:
    """Read every document (`<name>.txt|.html|.htm|.pdf` + `<name>.meta.json`) in `raw_dir`, sorted
    by name. `cache`: where converted pages and PDFs are kept (a ConversionCache); by default the
    project's cache folder (hotspots.ops.cache.default_cache_dir)."""
    result = IngestResult()
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw directory {raw_dir} does not exist")
    if cache is None:
        from hotspots.ops.cache import ConversionCache

        cache = ConversionCache()
    seen: dict[str, str] = {}
    stems: dict[str, str] = {}
    for path in document_files(raw_dir):
        if path.stem in stems:  # a.txt and a.pdf: one sidecar cannot describe both
            result.quarantined.append(
                Quarantined(
                    display_name(path),
                    f"another document has the same name ({stems[path.stem]}) and so the same "
                    "sidecar; rename one of them (and give it its own sidecar)",
                )
            )
            continue
        stems[path.stem] = display_name(path)
        try:
            doc = read_document(path, raw_dir, max_bytes, cache)
        except (BadDocument, OSError) as exc:
            reason = (
                str(exc)
                if isinstance(exc, BadDocument)
                else f"cannot be read: {exc.strerror or exc}"
            )
            result.quarantined.append(Quarantined(display_name(path), reason))
            continue
        if doc.sha256 in seen:
            result.quarantined.append(
                Quarantined(path.name, f"duplicate of {seen[doc.sha256]} (same bytes)")
            )
            continue
        seen[doc.sha256] = path.name
        result.documents.append(doc)
    for sidecar in sorted(raw_dir.glob("*.meta.json")):
        stem = sidecar.name.removesuffix(".meta.json")
        if not any(sidecar.with_name(stem + suffix).exists() for suffix in DOCUMENT_SUFFIXES):
            result.quarantined.append(
                Quarantined(
                    display_name(sidecar),
                    "sidecar without a document: add the .txt, .html or .pdf, or remove the sidecar",
                )
            )
    for path in sorted(raw_dir.iterdir()):
        reason = _stray(path)
        if reason:
            result.quarantined.append(Quarantined(display_name(path), reason))
    return result
