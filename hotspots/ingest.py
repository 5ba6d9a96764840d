"""Ingest stage: read raw/, check every sidecar, hash the bytes, decode strictly.

A document that cannot be trusted is quarantined with a reason a person can act on; the rest go
on. Nothing under raw/ is ever modified.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # a news page or report is far below this; more is a mistake
REQUIRED_FIELDS = {
    "title": str,
    "url": str,
    "publisher": str,
    "published": (str, type(None)),
    "retrieved": str,
    "license": str,
}
OPTIONAL_FIELDS = {"language": str}
PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
LANGUAGE = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True)
class Document:
    document_id: str
    name: str
    text: str
    sha256: str
    meta: dict
    warnings: tuple[str, ...] = ()


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
        raise BadDocument(f"sidecar field {field_name!r} must be a date like 2024-12-31, got {value!r}")
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
            raise BadDocument(f"sidecar field {name!r} has type {type(meta[name]).__name__}, expected {types}")
    for name in ("title", "publisher", "license"):
        if not meta[name].strip():
            raise BadDocument(f"sidecar field {name!r} is empty")
    if not URL.match(meta["url"]):
        raise BadDocument(f"sidecar field 'url' is not an http(s) URL: {meta['url']!r}")
    retrieved = _parse_date(meta["retrieved"], "retrieved", FULL_DATE)
    if retrieved > today:
        raise BadDocument(f"sidecar field 'retrieved' is in the future: {meta['retrieved']}")
    if meta["published"] is not None:
        published = _parse_date(meta["published"], "published", PARTIAL_DATE)
        if published > retrieved:
            raise BadDocument(f"published {meta['published']} is after retrieved {meta['retrieved']}")
    language = meta.get("language", "en")
    if not LANGUAGE.match(language):
        raise BadDocument(f"sidecar field 'language' must be an ISO 639-1 code, got {language!r}")
    if language != "en":
        raise BadDocument(f"language {language!r} is not supported by the extractor (English only)")
    # Strict interpretation: a field we do not know is reported, never silently dropped.
    unknown = sorted(set(meta) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    warnings = [f"sidecar field {name!r} is not used" for name in unknown]
    clean = {name: meta[name] for name in REQUIRED_FIELDS}
    clean["language"] = language
    return clean, warnings


def decode_text(data: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    """Strict UTF-8; a BOM is dropped (offsets then index the text after it)."""
    if not data.strip():
        raise BadDocument("document is empty or whitespace only")
    if len(data) > max_bytes:
        raise BadDocument(f"document is {len(data):,} bytes, over the {max_bytes:,}-byte limit")
    if b"\x00" in data:
        raise BadDocument("document contains NUL bytes: binary or UTF-16 text, not UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadDocument(f"document is not valid UTF-8 (byte {exc.start}: {exc.reason}); re-save it as UTF-8") from exc
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise BadDocument("document is empty or whitespace only")
    return text


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def read_document(txt: Path, raw_dir: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> Document:
    if not _inside(txt, raw_dir):
        raise BadDocument("document is a link pointing outside the raw directory")
    sidecar = txt.with_suffix(".meta.json")
    if not sidecar.exists():
        raise BadDocument(f"no sidecar: add {sidecar.name} with title, url, publisher, published, retrieved, license")
    if not _inside(sidecar, raw_dir):
        raise BadDocument("sidecar is a link pointing outside the raw directory")
    try:
        meta_raw = json.loads(sidecar.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadDocument(f"sidecar {sidecar.name} is not valid UTF-8 JSON: {exc}") from exc
    meta, warnings = check_sidecar(meta_raw)
    data = txt.read_bytes()
    text = decode_text(data, max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    return Document(
        document_id=digest[:16],
        name=txt.stem,
        text=text,
        sha256=digest,
        meta=meta,
        warnings=tuple(warnings),
    )


def ingest(raw_dir: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> IngestResult:
    """Read every `<name>.txt` + `<name>.meta.json` pair in `raw_dir` (sorted by name)."""
    result = IngestResult()
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw directory {raw_dir} does not exist")
    seen: dict[str, str] = {}
    for txt in sorted(raw_dir.glob("*.txt")):
        try:
            doc = read_document(txt, raw_dir, max_bytes)
        except (BadDocument, OSError) as exc:
            result.quarantined.append(Quarantined(txt.name, str(exc)))
            continue
        if doc.sha256 in seen:
            result.quarantined.append(Quarantined(txt.name, f"duplicate of {seen[doc.sha256]} (same bytes)"))
            continue
        seen[doc.sha256] = txt.name
        result.documents.append(doc)
    for sidecar in sorted(raw_dir.glob("*.meta.json")):
        if not sidecar.with_name(sidecar.name.removesuffix(".meta.json") + ".txt").exists():
            result.quarantined.append(Quarantined(sidecar.name, "sidecar without a document: add the .txt or remove the sidecar"))
    return result
