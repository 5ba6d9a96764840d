"""`hotspots sources`: what is in raw/, and what the next build will do with each file.

One row per file: its type, title, publisher, published date and licence (from its sidecar), and
its status:
- `built`: accepted by the ingest, and its bytes are among those the latest release was built
  from (that release's build.json, the same documents as its documents table);
- `new since <version>` / `changed since <version>`: accepted, and not in the latest release
  (a name it did not have, or a name it had with other bytes); `new` when nothing is published;
- `quarantined: <reason>`: refused by the ingest, with its reason.
The status comes from running the ingest's own checks on raw/ now (`hotspots.ingest.ingest`), not
from an old run report: it is always current, and no check is written twice. Stray files, folders
and sidecars without a document are listed too, since a build reports them as well.

Light on purpose (no pandas, no Prefect, no spaCy): it answers in well under a second.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from hotspots.ingest import IngestResult, display_name, ingest
from hotspots.ops.run_context import previous_inputs
from hotspots.release.registry import latest_version

DOCUMENT_TYPES = {
    ".txt": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",  # the ingest reads .htm too
    ".pdf": "application/pdf",
}
SHORT_TYPES = {"text/plain": "text", "text/html": "html", "application/pdf": "pdf"}
SIDECAR = ".meta.json"
MAX_SIDECAR_PEEK = 64 * 1024  # the ingest's sidecar limit: a bigger one is quarantined anyway


@dataclass(frozen=True)
class SourceRow:
    file: str
    media_type: str | None
    title: str | None
    publisher: str | None
    published: str | None
    license: str | None
    status: str
    reason: str | None = None  # why it is quarantined
    sha256: str | None = None  # of an accepted document

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SourceListing:
    raw_dir: str
    compared_with: str | None  # the latest release, or None when nothing is published
    rows: list[SourceRow]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.rows:
            key = row.status.split(":")[0].split(" since ")[0]
            counts[key] = counts.get(key, 0) + 1
        return counts

    def as_dict(self) -> dict:
        return {
            "raw_dir": self.raw_dir,
            "compared_with": self.compared_with,
            "counts": self.counts(),
            "documents": [row.as_dict() for row in self.rows],
        }


def list_sources(raw_dir: Path, dist_dir: Path) -> SourceListing:
    """Every file in `raw_dir` with its sidecar's fields and its status against the latest release
    in `dist_dir`. Raises FileNotFoundError when `raw_dir` does not exist."""
    raw_dir = Path(raw_dir)
    result = ingest(raw_dir)
    version = latest_version(Path(dist_dir))
    released = previous_inputs(Path(dist_dir), version)
    return SourceListing(str(raw_dir), version, _rows(raw_dir, result, version, released))


def _rows(
    raw_dir: Path, result: IngestResult, version: str | None, released: dict[str, str]
) -> list[SourceRow]:
    accepted = {doc.name: doc for doc in result.documents}
    refused = {q.name: q.reason for q in result.quarantined}
    released_bytes = set(released.values())
    rows = []
    listed = set()
    for path in sorted(raw_dir.iterdir()):
        name = display_name(path)
        if path.suffix not in DOCUMENT_TYPES or path.is_dir():
            continue
        if path.name.startswith(".") and name not in refused and path.stem not in accepted:
            continue  # a hidden file the ingest skips (e.g. a `hotspots add` in progress)
        listed.add(name)
        doc = accepted.get(path.stem) if name not in refused else None
        meta = doc.meta if doc else _peek_sidecar(path)
        media_type = meta.get("media_type") or DOCUMENT_TYPES[path.suffix]
        if doc is None:
            status = f"quarantined: {refused.get(name, 'not read by the ingest')}"
            reason = refused.get(name, "not read by the ingest")
        else:
            status, reason = _status(doc.name, doc.sha256, version, released, released_bytes), None
        rows.append(
            SourceRow(
                file=name,
                media_type=media_type,
                title=_text(meta.get("title")),
                publisher=_text(meta.get("publisher")),
                published=_text(meta.get("published")),
                license=_text(meta.get("license")),
                status=status,
                reason=reason,
                sha256=doc.sha256 if doc else None,
            )
        )
    for name, reason in refused.items():  # sidecars without a document, stray files, folders
        if name not in listed:
            rows.append(
                SourceRow(name, None, None, None, None, None, f"quarantined: {reason}", reason)
            )
    return rows


def _status(
    name: str, sha256: str, version: str | None, released: dict[str, str], released_bytes: set[str]
) -> str:
    if version is None:
        return "new"
    if sha256 in released_bytes:
        return "built"
    if name in released:
        return f"changed since {version}"
    return f"new since {version}"


def _peek_sidecar(path: Path) -> dict:
    """The sidecar's fields for display only, when the ingest refused the document (its checks
    have already said what is wrong); {} when it cannot be read as a JSON object."""
    sidecar = path.with_name(path.stem + SIDECAR)
    try:
        if not sidecar.is_file() or sidecar.stat().st_size > MAX_SIDECAR_PEEK:
            return {}
        meta = json.loads(sidecar.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _text(value: object) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) else None


def format_table(listing: SourceListing) -> list[str]:
    """The listing as aligned columns for a terminal, then one summary line."""
    headers = ("file", "type", "title", "publisher", "published", "licence", "status")
    limits = (44, 5, 40, 24, 10, 16, 10_000)  # the status (a reason) is never cut
    cells = [
        (
            row.file,
            SHORT_TYPES.get(row.media_type or "", "-"),
            row.title or "-",
            row.publisher or "-",
            row.published or "-",
            row.license or "-",
            row.status,
        )
        for row in listing.rows
    ]
    cells = [tuple(_clip(c, n) for c, n in zip(line, limits, strict=True)) for line in cells]
    widths = [max(len(h), *(len(line[i]) for line in cells)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in cells
    ]
    counts = ", ".join(f"{n} {status}" for status, n in sorted(listing.counts().items()))
    against = (
        f"latest release {listing.compared_with}" if listing.compared_with else "no release yet"
    )
    lines.append(
        f"{len(listing.rows)} file(s) in {listing.raw_dir}: {counts or 'none'} ({against})"
    )
    return lines


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
