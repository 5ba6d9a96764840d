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


@pytest.fixture(scope="session")
def seed_tables():
    """Every table built from raw/ by the plain stage functions (no Prefect)."""
    from hotspots import pipeline as p
    from hotspots.reference import load_gazetteer

    ingested = p.ingest_documents(RAW)
    gaz = load_gazetteer(REFERENCE)
    tables = {
        "documents": p.documents_table(ingested.documents),
        **p.extraction_tables(p.extract_batch(ingested.documents, REFERENCE)),
    }
    tables |= p.resolve_entities(gaz, tables)
    tables |= p.reconcile_claims(gaz, tables, REFERENCE)
    return tables


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
