"""Publish, the registry: versions.json and LATEST (`write_registry`), a release's entry
(`registry_entry`), and their recovery after a killed run (`recover_registry`: adopting a
version directory renamed into place but not registered, repairing a LATEST that lags)."""

from __future__ import annotations

import json
from pathlib import Path

from hotspots.release import (
    distdir,
    page_index,
)
from hotspots.release.contract import ReleaseError
from hotspots.release.registry import (
    SUMS,
    current_version,
    list_versions,
    parse_version,
    sha256_file,
)
from hotspots.release.verify import verify_release


def registry_entry(diff_doc: dict, release_dir: Path) -> dict:
    return {
        "version": diff_doc["version"],
        "date": diff_doc["date"],
        "bump": diff_doc["bump"],
        "previous": diff_doc["previous"],
        "rows": diff_doc["rows"],
        "status": "published",
        "sha256": sha256_file(release_dir / SUMS),
    }


def write_registry(dist_dir: Path, entries: list[dict]) -> None:
    distdir.write_pointers(dist_dir, entries)
    page_index.write_dist_index(dist_dir)  # issue 9: dist/index.html, every version in the registry


def recover_registry(dist_dir: Path) -> tuple[list[dict], list[str]]:
    """The registry, after adopting version directories a killed run renamed into place but did
    not register, and repairing a LATEST that lags behind versions.json."""
    entries = list_versions(dist_dir)
    known = {e["version"] for e in entries}
    orphans = sorted(
        (
            p.name
            for p in dist_dir.iterdir()
            if p.is_dir() and parse_version(p.name) and p.name not in known
        ),
        key=parse_version,
    )
    adopted = []
    for name in orphans:
        last = entries[-1]["version"] if entries else None
        if last and parse_version(name) <= parse_version(last):
            raise ReleaseError(
                f"{dist_dir / name} is not in versions.json and is older than {last}; move it aside by hand"
            )
        problems = verify_release(dist_dir / name)
        if problems:
            raise ReleaseError(
                f"{dist_dir / name} is not in versions.json and does not verify ({problems[0]}); move it aside by hand"
            )
        doc = json.loads((dist_dir / name / "diff.json").read_text(encoding="utf-8"))
        entries.append(registry_entry(doc, dist_dir / name))
        adopted.append(name)
    latest_file = dist_dir / "LATEST"
    latest = latest_file.read_text(encoding="utf-8").strip() if latest_file.is_file() else None
    if adopted or (entries and latest != current_version(entries)):
        write_registry(dist_dir, entries)
    for entry in entries[-1:]:
        if not (dist_dir / entry["version"]).is_dir():
            raise ReleaseError(
                f"versions.json names {entry['version']} but {dist_dir / entry['version']} is missing"
            )
    return entries, adopted
