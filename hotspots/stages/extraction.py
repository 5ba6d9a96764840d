"""The extract stage: the process's extractor (built once per reference data), batches of
documents, the extraction cache, and the rounds in which results become table rows
(`extracted_tables`). The rows themselves: `hotspots.stages.tables`."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from hotspots.extract import DocumentExtraction, Extractor, share_values
from hotspots.extract.doubt import shape_of
from hotspots.extract.model import load_scorer
from hotspots.ingest import Document
from hotspots.ops.cache import ExtractionCache
from hotspots.ops.memory import trim_heap
from hotspots.ops.report import RunReport
from hotspots.options import DEFAULT_BATCH_SIZE
from hotspots.reference import DEFAULT_REFERENCE_DIR, load_gazetteer, reference_hash
from hotspots.stages.tables import claim_pages, concat_parts, extraction_rows, typed_tables


def batches(documents: list[Document], size: int = DEFAULT_BATCH_SIZE) -> list[list[Document]]:
    return [documents[i : i + size] for i in range(0, len(documents), size)]


def extract_batches(
    batches: list[list[Document]], reference_dir: Path = DEFAULT_REFERENCE_DIR
) -> list[DocumentExtraction]:
    """Every batch, one after the other in this process (the flow submits them to its runner)."""
    return [e for batch in batches for e in extract_batch(batch, reference_dir)]


_EXTRACTORS: dict[str, Extractor] = {}


# Batches run on threads: without the lock every concurrent batch built its own matcher (measured:
# 20 threads, 20 extractors, 20 s of CPU instead of 7 s).
_EXTRACTORS_LOCK = threading.Lock()


def extract_batch(
    documents: list[Document], reference_dir: Path = DEFAULT_REFERENCE_DIR
) -> list[DocumentExtraction]:
    """Mentions and claims of one batch. The matcher is built once per process and reference data."""
    extractor = process_extractor(reference_dir)
    return [extractor.extract(doc) for doc in documents]


def process_extractor(reference_dir: Path = DEFAULT_REFERENCE_DIR) -> Extractor:
    """This process's extractor for the reference data (spaCy, the gazetteer's matcher: seconds to
    build), built at the first call; `hotspots build` calls it while Prefect's server starts."""
    key = str(reference_dir) + ":" + reference_hash(reference_dir)
    with _EXTRACTORS_LOCK:
        extractor = _EXTRACTORS.get(key)
        if extractor is None:
            extractor = _EXTRACTORS[key] = Extractor(
                load_gazetteer(reference_dir), scorer=load_scorer(reference_dir)
            )
    return extractor


def extraction_cache(
    report: RunReport, cache_dir: Path | str | None, reference_dir: Path, enabled: bool = True
) -> ExtractionCache:
    cache = ExtractionCache(Path(cache_dir) if cache_dir else None, reference_dir, enabled=enabled)
    report.cache = cache.as_dict()
    return cache


def merge_extractions(
    report: RunReport,
    cache: ExtractionCache,
    documents: list[Document],
    found: dict[str, DocumentExtraction],
    extracted: list[DocumentExtraction],
) -> list[DocumentExtraction]:
    """Cached and freshly extracted results in document order; the fresh ones go into the cache."""
    cache.store(documents, extracted)
    report.cache = cache.as_dict()
    for e in extracted:
        share_values(e.mentions, cache.strings)
        share_values(e.claims, cache.strings)
    by_id = {**found, **{e.document_id: e for e in extracted}}
    count_refused(report, by_id.values())
    missing = [d.name for d in documents if d.document_id not in by_id]
    if missing:
        raise RuntimeError(
            f"extraction returned no result for {len(missing)} document(s), e.g. {missing[0]}"
        )
    return [by_id[d.document_id] for d in documents]


def count_refused(report: RunReport, extractions: Iterable[DocumentExtraction]) -> None:
    """Add the drafts these documents' subject-doubt check refused to the report, by shape: what
    a maintainer reads before letting another shape refuse (reference/lexicons/doubt.yaml)."""
    counts = Counter(report.refused.get("by_shape", {}))
    counts.update(shape_of(r["reason"]) for e in extractions for r in e.refused)
    report.refused = {"claims": sum(counts.values()), "by_shape": dict(sorted(counts.items()))}


# Documents per round of extraction: the per-document results (a dict per mention and claim, about
# 60 KiB a document) live only until their round's rows are in table form, so the build holds one
# round's results, not every document's (at 5,000 documents they were 380 MiB of the extract
# stage's peak). Eight batches of the default size: enough to keep a runner's workers busy.
EXTRACT_ROUND = 8 * DEFAULT_BATCH_SIZE


def extracted_tables(
    report: RunReport,
    documents: list[Document],
    reference_dir: Path,
    cache_dir: Path | str | None,
    use_cache: bool,
    extract_all: Callable[[list[Document]], list[DocumentExtraction]],
    round_size: int = EXTRACT_ROUND,
) -> dict[str, pd.DataFrame]:
    """mentions and claims of every document: from the cache, else by `extract_all(documents)`
    (the flow runs it as batches on its task runner, the plain path one batch after another),
    in rounds of `round_size` documents whose results become table rows before the next round
    is extracted, and are freed then. Each column's dtype is inferred once all rows are in
    (`typed_tables`), so the tables are those of all the results at once."""
    cache = extraction_cache(report, cache_dir, reference_dir, use_cache)
    parts: list[dict[str, pd.DataFrame]] = []
    for start in range(0, len(documents), round_size):
        chunk = documents[start : start + round_size]
        found, todo = cache.lookup(chunk)
        fresh = extract_all(todo) if todo else []
        parts.append(extraction_rows(merge_extractions(report, cache, chunk, found, fresh)))
        del found, fresh
    parts = parts or [extraction_rows([])]
    # one table at a time, its parts freed once joined: at most one table's rows twice
    rows = {name: concat_parts([part.pop(name) for part in parts]) for name in list(parts[0])}
    del parts
    tables = typed_tables(rows)
    del rows
    trim_heap()  # the rows' untyped copies: the heap pages they leave are given back
    tables["claims"]["page"] = claim_pages(tables["claims"], documents)
    return tables
