"""`hotspots add FILE|URL`: put one document into raw/ as a snapshot with its sidecar.

The bytes are kept exactly as they came (a file's bytes, or the body a server sent); the type is
sniffed from them, never taken from a name or a header; the sidecar states where they came from,
what they are and what they say about themselves, and options override any detected field. The
sidecar is checked with the ingest's own rules before anything is written, so a document that
`hotspots add` accepts is one the next build can read.

Refused, with nothing written: bytes already in raw/ (under any name: every document file of the
same size is hashed), a type other than UTF-8 text, HTML or PDF, a document over the ingest's
size limit, a sidecar the ingest would refuse (e.g. a date in the future, a non-http url).

Writing: one add at a time per raw/ (a flock on the folder), so the duplicate check and the write
are one step; the document and its sidecar are written to hidden temporary files in raw/ (the ingest
skips dotfiles) and fsynced, then the sidecar is renamed into place and the document linked to its
final name (a link never replaces an existing file); any failure removes what this call wrote. A
crash between the two renames can at worst leave a sidecar without its document, which the build
reports and a second `hotspots add` of the same source replaces.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from hotspots.ingest import (
    MAX_DOCUMENT_BYTES,
    MAX_PDF_BYTES,
    BadDocument,
    check_sidecar,
    text_warnings,
)
from hotspots.release.registry import fsync_dir, sha256_file
from hotspots.sources.fetch import GENERIC_TYPES
from hotspots.sources.metadata import (
    MEDIA_TYPES,
    PDF_MAGIC,
    SNIFF_BYTES,
    Detected,
    UnsupportedSource,
    detect,
    sniff_media_type,
)
from hotspots.text import slugify

URL_SOURCE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
STEM_SLUG_CHARS = 48  # readable in `ls`, short enough for any file system
STEM_HASH_CHARS = 12  # 48 bits of the sha256: a clash would need ~16 million documents
UNKNOWN_LICENSE = "unknown"
# Fields this module writes beyond the ones the ingest checks today; not "unknown" to us.
SNAPSHOT_FIELDS = ("media_type", "sha256", "encoding")


class AddRefused(ValueError):
    """Why a document was not added; nothing was written."""


@dataclass(frozen=True)
class Overrides:
    """What the person adding the document states; each beats what was detected."""

    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    license: str | None = None
    url: str | None = None
    language: str | None = None


@dataclass
class Added:
    document: Path
    sidecar: Path
    meta: dict
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "document": str(self.document),
            "sidecar": str(self.sidecar),
            "meta": self.meta,
            "warnings": self.warnings,
        }


def is_url(source: str) -> bool:
    return bool(URL_SOURCE.match(source))


def add_source(
    source: str,
    raw_dir: Path,
    overrides: Overrides = Overrides(),
    today: dt.date | None = None,
    timeout: float | None = None,
) -> Added:
    """Add a local file or an http(s) URL to `raw_dir`; see the module docstring."""
    if is_url(source):
        from hotspots.sources.fetch import DEFAULT_TIMEOUT, FetchError, fetch

        try:
            fetched = fetch(source, timeout=timeout or DEFAULT_TIMEOUT)
        except FetchError as exc:
            raise AddRefused(str(exc)) from None
        return add_bytes(
            fetched.data,
            raw_dir,
            origin_url=fetched.final_url,
            overrides=overrides,
            today=today,
            declared_type=fetched.content_type,
            charset=fetched.charset,
        )
    path = Path(source)
    if overrides.url is None:
        raise AddRefused(
            f"{source}: a file needs --url, the address the document was published at "
            "(every sidecar states where its text came from)"
        )
    return add_bytes(read_file(path), raw_dir, origin_url=None, overrides=overrides, today=today)


def size_limit(head: bytes) -> int:
    """The ingest's limit for a document starting with `head`: a PDF may be larger (figures)."""
    return MAX_PDF_BYTES if PDF_MAGIC in head[:SNIFF_BYTES] else MAX_DOCUMENT_BYTES


def read_file(path: Path, max_bytes: int | None = None) -> bytes:
    """The file's bytes; over `max_bytes` (default: the ingest's limit for its type, from its
    first KiB) it is refused from its size, before the rest is read."""
    try:
        if not path.is_file():
            raise AddRefused(
                f"{path}: no such file" if not path.exists() else f"{path}: not a regular file"
            )
        if max_bytes is None:
            with open(path, "rb") as fh:
                max_bytes = size_limit(fh.read(SNIFF_BYTES))
        size = path.stat().st_size
        if size > max_bytes:
            raise AddRefused(
                f"{path} is {size:,} bytes, over the {max_bytes:,}-byte limit of a document"
            )
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise AddRefused(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise AddRefused(f"{path} grew past the {max_bytes:,}-byte limit while it was read")
    return data


def add_bytes(
    data: bytes,
    raw_dir: Path,
    origin_url: str | None,
    overrides: Overrides = Overrides(),
    today: dt.date | None = None,
    declared_type: str | None = None,
    charset: str | None = None,
) -> Added:
    """Snapshot `data` into `raw_dir`: the sidecar built, checked, and both files written."""
    today = today or dt.date.today()
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise AddRefused(f"raw directory {raw_dir} does not exist")
    if not data.strip():
        raise AddRefused("the document is empty")
    if len(data) > (limit := size_limit(data)):
        raise AddRefused(f"the document is {len(data):,} bytes, over the {limit:,}-byte limit")
    digest = hashlib.sha256(data).hexdigest()
    with adding_to(raw_dir):  # two adds of the same bytes at once: the second finds the first's
        if holder := find_same_bytes(raw_dir, data, digest):
            raise AddRefused(
                f"the same bytes are already in raw/ as {holder.name} (sha256 {digest[:16]}…)"
            )
        try:
            media_type = sniff_media_type(data, declared_type)
            url = overrides.url or origin_url
            detected = detect(data, media_type, url, charset)
        except (UnsupportedSource, BadDocument) as exc:
            raise AddRefused(str(exc)) from None
        meta, warnings = build_sidecar(detected, digest, url, overrides, today)
        if said := declared_type_differs(declared_type, media_type):
            warnings.append(said)
        if media_type == "text/plain":
            warnings += text_warnings(data.decode("utf-8-sig"))
        stem = document_stem(meta["title"], digest)
        document = raw_dir / f"{stem}.{MEDIA_TYPES[media_type]}"
        sidecar = raw_dir / f"{stem}.meta.json"
        write_snapshot(data, meta, document, sidecar)
    return Added(document, sidecar, meta, warnings)


def declared_type_differs(declared: str | None, sniffed: str) -> str | None:
    """A note when the server named another type than the bytes are (the bytes win)."""
    if declared is None or declared in GENERIC_TYPES:
        return None
    if {"application/xhtml+xml": "text/html"}.get(declared, declared) == sniffed:
        return None
    return f"media_type: the server said {declared}; the bytes are {sniffed}, stored as such"


@contextlib.contextmanager
def adding_to(raw_dir: Path) -> Iterator[None]:
    """One `hotspots add` at a time per raw/: an exclusive flock on the folder itself (no lock
    file to leave behind; the kernel drops it if the process dies)."""
    fd = os.open(raw_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing drops the flock


def build_sidecar(
    detected: Detected, digest: str, url: str | None, overrides: Overrides, today: dt.date
) -> tuple[dict, list[str]]:
    """The sidecar for a snapshot, checked by the ingest's rules; warnings say what was missing and
    where detected values came from."""
    warnings = list(detected.notes)
    title = overrides.title or detected.title
    if not title:
        raise AddRefused("the document states no title: give one with --title")
    if not url:
        raise AddRefused("no url: give the address the document was published at with --url")
    publisher = overrides.publisher or detected.publisher
    if not publisher:
        host = urlsplit(url).hostname or ""
        if not host:
            raise AddRefused("the document states no publisher: give one with --publisher")
        publisher = host.removeprefix("www.")
        warnings.append(
            f"publisher: not stated by the document; the host name {publisher!r} was used (--publisher to set it)"
        )
    published = overrides.published or detected.published
    if not overrides.published and published and published > today.isoformat():
        warnings.append(f"published: the document's date {published} is after today; left empty")
        published = None
    if not published:
        warnings.append(
            "published: the document states no date; left empty (--published to set it)"
        )
    license_ = overrides.license or detected.license
    if not license_:
        license_ = UNKNOWN_LICENSE
        warnings.append(
            "license: not stated by the document; recorded as 'unknown' (--license to set it)"
        )
    meta = {
        "title": " ".join(title.split()),
        "url": url,
        "publisher": " ".join(publisher.split()),
        "published": published or None,
        "retrieved": today.isoformat(),
        "license": " ".join(license_.split()),
    }
    language = overrides.language or detected.language
    if language:
        meta["language"] = language
    meta["media_type"] = detected.media_type
    meta["sha256"] = digest
    if detected.encoding:
        meta["encoding"] = detected.encoding
    try:
        _, unknown = check_sidecar(meta, today)
    except BadDocument as exc:
        raise AddRefused(f"the sidecar would be refused at ingest: {exc}") from None
    warnings += [w for w in unknown if not any(repr(f) in w for f in SNAPSHOT_FIELDS)]
    return meta, warnings


def document_stem(title: str, digest: str) -> str:
    """`<slug of the title>-<first 12 hex of the sha256>`: readable, stable for the same bytes and
    title, and safe as a file name whatever the title holds."""
    slug = slugify(title)[:STEM_SLUG_CHARS].strip("-") or "document"
    return f"{slug}-{digest[:STEM_HASH_CHARS]}"


def find_same_bytes(raw_dir: Path, data: bytes, digest: str) -> Path | None:
    """The document file in `raw_dir` holding exactly `data`, if any. Only files of the same size
    are hashed, so adding to a large raw/ reads almost nothing."""
    for path in sorted(raw_dir.iterdir()):
        if path.name.startswith(".") or path.name.endswith(".meta.json"):
            continue
        try:
            if not path.is_file() or path.stat().st_size != len(data):
                continue
            if sha256_file(path) == digest:
                return path
        except OSError:
            continue  # unreadable: the ingest quarantines it; it cannot hold our bytes for the build
    return None


def write_snapshot(data: bytes, meta: dict, document: Path, sidecar: Path) -> None:
    """Both files or neither: temporary files first, then the sidecar and the document moved into
    place; an existing document is never replaced."""
    raw_dir = document.parent
    if document.exists():
        raise AddRefused(f"{document.name} already exists in raw/ with other bytes; not replaced")
    if sidecar.exists() and not _orphan_of(sidecar, meta["sha256"], raw_dir):
        raise AddRefused(
            f"{sidecar.name} already exists in raw/ (a sidecar written by hand?); not replaced"
        )
    sidecar_bytes = (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    temps: list[Path] = []
    placed: list[Path] = []
    try:
        tmp_doc = _write_temp(raw_dir, document.name, data)
        temps.append(tmp_doc)
        tmp_side = _write_temp(raw_dir, sidecar.name, sidecar_bytes)
        temps.append(tmp_side)
        os.replace(tmp_side, sidecar)
        temps.remove(tmp_side)
        placed.append(sidecar)
        try:
            os.link(tmp_doc, document)  # fails if the name was taken meanwhile: nothing replaced
        except FileExistsError:
            raise AddRefused(
                f"{document.name} appeared in raw/ while adding; not replaced"
            ) from None
        placed.append(document)
        fsync_dir(raw_dir)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        raise
    finally:
        for path in temps:
            path.unlink(missing_ok=True)


def _orphan_of(sidecar: Path, digest: str, raw_dir: Path) -> bool:
    """Whether `sidecar` is one a crashed `hotspots add` of the same bytes left without its document."""
    stem = sidecar.name.removesuffix(".meta.json")
    if any((raw_dir / f"{stem}.{ext}").exists() for ext in MEDIA_TYPES.values()):
        return False
    try:
        return json.loads(sidecar.read_text(encoding="utf-8")).get("sha256") == digest
    except (OSError, ValueError, AttributeError):
        return False


def _write_temp(raw_dir: Path, name: str, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".add-{name}.", dir=raw_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)
