"""Shared fixtures. Prefect runs in ephemeral mode with its state inside the project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("PREFECT_HOME", str(ROOT / ".prefect"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

RAW = ROOT / "raw"
REFERENCE = ROOT / "reference"


@pytest.fixture(scope="session")
def gazetteer():
    from hotspots.reference import load_gazetteer

    return load_gazetteer(REFERENCE)


@pytest.fixture(scope="session")
def extractor(gazetteer):
    from hotspots.extract import Extractor

    return Extractor(gazetteer)


def build_tables(raw: Path, reference: Path = REFERENCE, dist: Path | None = None) -> dict:
    """Every table built from `raw` by the plain stages up to reconcile (no Prefect, no cache;
    not validated). The run's alias proposals go to `dist`/reports/, by default a fresh folder."""
    import tempfile

    from hotspots import pipeline as p
    from hotspots.options import BuildOptions

    dist = dist or Path(tempfile.mkdtemp(prefix="hotspots-dist-"))
    options = BuildOptions(raw_dir=raw, dist_dir=dist, reference_dir=reference, use_cache=False)
    return p.build_tables(p.new_report(raw, dist), options)


@pytest.fixture(scope="session")
def seed_tables(tmp_path_factory):
    """Every table built from raw/ by the plain stage functions (no Prefect)."""
    return build_tables(RAW, dist=tmp_path_factory.mktemp("seed-dist"))


def write_doc(
    folder: Path, name: str, text: str | bytes, meta: dict | str | None = "default"
) -> Path:
    """A document and its sidecar in `folder` (meta=None: no sidecar; a str: raw sidecar text)."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    if meta == "default":
        meta = {
            "title": f"Test document {name}",
            "url": f"https://example.org/{name}",
            "publisher": "Test publisher",
            "published": "2024-09",
            "language": "en",
            "retrieved": "2026-11-22",
            "license": "CC0",
        }
    if isinstance(meta, dict):
        (folder / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    elif isinstance(meta, str):
        (folder / f"{name}.meta.json").write_text(meta, encoding="utf-8")
    return path


@pytest.fixture
def dist(published, tmp_path) -> Path:
    """A fresh copy of the module's `published` dist, for tests that change it (sign, zip)."""
    import shutil

    copy = tmp_path / "dist"
    shutil.copytree(published, copy)
    return copy


@pytest.fixture
def key(tmp_path) -> Path:
    """A throwaway release-signing key in a tmp dir."""
    from hotspots.release import sign

    path = tmp_path / "keys" / "release.key"
    sign.generate_key(path)
    return path
