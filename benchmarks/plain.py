"""The build without Prefect: the stages of flows/build.py, in its order, as plain calls.

Same report, lock, "no change" check, cache, batches and release as the flow — only the engine
is missing (batches run one after the other in this process, where the flow submits them to a
thread pool). Comparing the two isolates what Prefect costs.
"""

from __future__ import annotations

from pathlib import Path

from hotspots import pipeline as p
from hotspots.ops.lock import DEFAULT_MAX_AGE
from hotspots.reference import DEFAULT_REFERENCE_DIR, load_gazetteer
from hotspots.release import publish_release


def build_plain(
    raw_dir: Path,
    dist_dir: Path,
    reference_dir: Path = DEFAULT_REFERENCE_DIR,
    batch_size: int = p.DEFAULT_BATCH_SIZE,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    force: bool = False,
    run_id: str | None = None,
) -> dict:
    """flows.build.build with every task called as its plain function; the run report as a dict."""
    raw, dist, ref = Path(raw_dir), Path(dist_dir), Path(reference_dir)
    report = p.new_report(raw, dist, run_id, "plain")
    stage = p.Stopwatch(report)
    with p.reporting(report, dist), p.locked(report, dist, 0.0, DEFAULT_MAX_AGE):
        with stage("check"):
            unchanged = p.skip_if_unchanged(report, raw, ref, dist, force)
        if not unchanged:
            stages(report, raw, dist, ref, batch_size, cache_dir, use_cache)
    return report.as_dict()


def stages(
    report: p.RunReport,
    raw: Path,
    dist: Path,
    ref: Path,
    batch_size: int,
    cache_dir: Path | None,
    use_cache: bool,
) -> None:
    stage = p.Stopwatch(report)
    p.prepare_process(report)
    with stage("ingest"):
        ingested = p.ingest_documents(raw)
        p.record_ingest(report, ingested)
        p.record_changes(report, ingested.documents, dist)
    with stage("extract"):
        tables = {
            "documents": p.documents_table(ingested.documents),
            **p.extracted_tables(
                report,
                ingested.documents,
                ref,
                cache_dir,
                use_cache,
                lambda todo: [
                    e
                    for batch in p.batches(todo, batch_size)
                    for e in p.extract_batch(batch, reference_dir=ref)
                ],
            ),
        }
    with stage("resolve"):
        gazetteer = load_gazetteer(ref)
        tables |= p.record_stage(
            report,
            p.resolve_entities(
                gazetteer, tables, ingested.documents, ref, p.proposals_file(report, dist)
            ),
        )
    with stage("reconcile"):
        tables |= p.record_stage(report, p.reconcile_claims(gazetteer, tables, ref))
    with stage("validate"):
        p.record_validation(report, p.validate(tables))
    with stage("publish"):
        info = p.build_info(report, ingested.documents, ref)
        # consume: `tables` holds the only references to the frames; publish swaps each for its
        # Arrow form, freeing it (both copies at once would set the build's peak memory).
        p.record_release(report, publish_release(tables, dist, info, consume=True))
