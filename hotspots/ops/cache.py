"""Per-document extraction cache, shared by every run (and process) that uses the same folder.

What a document's extraction depends on is in its key: the document's bytes (sha256), its
sidecar's `published` date (it dates "last year"), the extractor version, the reference data (`reference_hash`), the source code of the extraction
modules (so editing a rule invalidates the cache even without a version bump) and the spaCy
version. An entry is one JSON file, `<cache-dir>/extract/<key[:2]>/<key>.json`, written to a
temporary name and renamed into place, so readers never see half an entry. An entry that cannot
be read is a miss; a cache that cannot be written is reported, never fatal.

The folder is `--cache-dir`, else `$HOTSPOTS_CACHE_DIR`, else `.cache/` in the project. Entries
are small (a few KB per document); delete the folder at any time to reclaim the space.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import secrets
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

# hotspots.extract (spaCy) is imported where an extraction entry is keyed or read, not here: the
# ingest's conversion cache lives in this module too, and `hotspots sources` must start fast.
if TYPE_CHECKING:
    from hotspots.extract import DocumentExtraction
    from hotspots.ingest import Document

CACHE_ENV = "HOTSPOTS_CACHE_DIR"
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
FORMAT = 2  # 2: an entry also holds the document's discovered entities
# The code an extraction depends on: a change to any of these files changes every key.
EXTRACTION_CODE = (
    "hotspots.extract",
    "hotspots.text",
    "hotspots.reference",
    "hotspots.ingest",
    "schemas.tables",
)


def default_cache_dir() -> Path:
    return Path(os.environ.get(CACHE_ENV) or PROJECT_ROOT / ".cache")


def module_files(name: str) -> list[Path]:
    """The source files of a module, or of every module in a package."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(name)
    if spec.submodule_search_locations:
        return sorted(p for loc in spec.submodule_search_locations for p in Path(loc).rglob("*.py"))
    return [Path(spec.origin)]


@functools.cache
def code_hash(modules: tuple[str, ...] = EXTRACTION_CODE) -> str:
    digest = hashlib.sha256()
    for name in modules:
        for path in module_files(name):
            digest.update(f"{name}:{path.name}".encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def key_parts(reference_dir: Path) -> dict[str, str]:
    """Everything besides the document that an extraction depends on."""
    from hotspots.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION
    from hotspots.reference import reference_hash

    try:
        spacy = version("spacy")
    except PackageNotFoundError:  # pragma: no cover - spaCy is a locked dependency
        spacy = "unknown"
    return {
        "format": str(FORMAT),
        "extractor": f"{EXTRACTOR_NAME}@{EXTRACTOR_VERSION}",
        "reference": reference_hash(reference_dir),
        "code": code_hash(),
        "spacy": spacy,
    }


def entry_key(document_sha256: str, parts: dict[str, str]) -> str:
    payload = json.dumps({"document": document_sha256, **parts}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    stored: int = 0
    errors: list[str] = field(default_factory=list)


class ExtractionCache:
    """`found, todo = cache.lookup(docs)`; extract `todo`; `cache.store(todo, fresh)`."""

    def __init__(self, root: Path | None, reference_dir: Path, enabled: bool = True) -> None:
        self.root = Path(root) if root is not None else default_cache_dir()
        self.folder = self.root / "extract"
        self.enabled = enabled
        self.parts = key_parts(reference_dir)
        self.stats = CacheStats()
        self.strings: dict[str, str] = {}  # one object per repeated value (share_values)

    def path(self, document: Document) -> Path:
        # the text's hash too: an HTML/PDF's text also depends on its converter's version; and
        # the sidecar's publication date, which dates "last year" (hotspots.extract.scope)
        published = document.meta.get("published")
        key = entry_key(
            document.sha256,
            {**self.parts, "text": document.text_sha256, "published": str(published)},
        )
        return self.folder / key[:2] / f"{key}.json"

    def lookup(
        self, documents: list[Document]
    ) -> tuple[dict[str, DocumentExtraction], list[Document]]:
        """The cached extractions by document_id, and the documents still to extract (in order)."""
        found: dict[str, DocumentExtraction] = {}
        todo: list[Document] = []
        for doc in documents:
            hit = self._read(doc) if self.enabled else None
            if hit is None:
                todo.append(doc)
            else:
                found[doc.document_id] = hit
        self.stats.hits += len(found)
        self.stats.misses += len(todo)
        return found, todo

    def store(self, documents: list[Document], extractions: list[DocumentExtraction]) -> None:
        if not self.enabled:
            return
        by_id = {d.document_id: d for d in documents}
        for extraction in extractions:
            doc = by_id.get(extraction.document_id)
            if doc is None:
                continue
            try:
                self._write(self.path(doc), doc, extraction)
                self.stats.stored += 1
            except (OSError, TypeError, ValueError) as exc:
                self._error(f"could not write {self.path(doc)}: {exc}")

    def as_dict(self) -> dict:
        return {
            "enabled": self.enabled,
            "dir": str(self.folder),
            "hits": self.stats.hits,
            "misses": self.stats.misses,
            "stored": self.stats.stored,
            "errors": list(self.stats.errors),
            "key_parts": dict(self.parts),
        }

    # --- entries -------------------------------------------------------------------------------
    def _read(self, doc: Document) -> DocumentExtraction | None:
        from hotspots.extract import DocumentExtraction, share_values

        path = self.path(doc)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            self._error(f"ignored unreadable entry {path.name}: {exc}")
            return None
        if data.get("document_sha256") != doc.sha256 or data.get("document_id") != doc.document_id:
            self._error(f"ignored entry {path.name}: it belongs to another document")
            return None
        return DocumentExtraction(
            document_id=data["document_id"],
            mentions=share_values(data["mentions"], self.strings),
            claims=share_values(data["claims"], self.strings),
            discovered=share_values(data.get("discovered", []), self.strings),
            refused=data.get("refused", []),
        )

    def _write(self, path: Path, doc: Document, extraction: DocumentExtraction) -> None:
        entry = {
            "format": FORMAT,
            "document_sha256": doc.sha256,
            "document_id": extraction.document_id,
            "key_parts": self.parts,
            "mentions": extraction.mentions,
            "claims": extraction.claims,
            "discovered": extraction.discovered,
            "refused": extraction.refused,
        }
        text = json.dumps(entry, ensure_ascii=False, allow_nan=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.parent / f".{path.stem}.{secrets.token_hex(4)}.tmp"
        try:
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)

    def _error(self, message: str) -> None:
        if (
            len(self.stats.errors) < 20
        ):  # enough to diagnose; a broken disk should not flood the report
            self.stats.errors.append(message)


# --- conversion (HTML/PDF -> text) -------------------------------------------------------------
CONVERSION_FORMAT = 1
# The code a conversion depends on: a change to any of these files changes every key.
CONVERSION_CODE = (
    "hotspots.sources.convert",
    "hotspots.sources.html",
    "hotspots.sources.pdf",
    "hotspots.sources.sniff",
    "hotspots.sources.metadata",
    "hotspots.ingest",
)


class ConversionCache:
    """The text converted from a document's bytes, per document, beside the extraction entries:
    `<cache-dir>/convert/<key[:2]>/<key>.json`. The key is everything the text depends on (the
    bytes, the media type, the stated encoding, the converting libraries' versions and this
    project's conversion code), so a hit is the text a conversion would give now. Same rules as
    the extraction cache: written atomically, an unreadable entry is a miss, a failed write only
    means the next build converts again."""

    def __init__(self, root: Path | None = None, enabled: bool = True) -> None:
        self.root = Path(root) if root is not None else default_cache_dir()
        self.folder = self.root / "convert"
        self.enabled = enabled
        self.stats = CacheStats()

    def key(self, sha256: str, media_type: str, encoding: str | None, libraries: dict) -> str:
        payload = {
            "format": CONVERSION_FORMAT,
            "document": sha256,
            "media_type": media_type,
            "encoding": encoding,
            "libraries": libraries,
            "code": code_hash(CONVERSION_CODE),
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    def get(self, key: str) -> dict | None:
        if not self.enabled:
            return None
        path = self.folder / key[:2] / f"{key}.json"
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.stats.misses += 1
            return None
        except (OSError, ValueError) as exc:
            self.stats.misses += 1
            self.stats.errors.append(f"ignored unreadable entry {path.name}: {exc}")
            return None
        if not isinstance(entry, dict) or entry.get("key") != key:
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return entry

    def put(self, key: str, entry: dict) -> None:
        if not self.enabled:
            return
        path = self.folder / key[:2] / f"{key}.json"
        tmp = path.parent / f".{path.stem}.{secrets.token_hex(4)}.tmp"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({**entry, "key": key}, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
            self.stats.stored += 1
        except OSError as exc:
            self.stats.errors.append(f"could not write {path}: {exc}")
        finally:
            tmp.unlink(missing_ok=True)
