"""The build flow: raw documents in, a validated, versioned release out.

Wiring only — every task calls one plain function of `hotspots.pipeline` (or the release layer),
testable without Prefect. One run at a time per dist directory; per-document extraction comes
from the cache when nothing it depends on changed, the rest runs in batches on the chosen runner.
Retries are for transient I/O only (reading raw/, writing the release), never for bad data.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow
from prefect.cache_policies import NO_CACHE

from flows.runners import Stage, map_batches
from hotspots import pipeline as p
from hotspots.ops.lock import DEFAULT_MAX_AGE
from hotspots.ops.retry import RETRIES, RETRY_DELAY_SECONDS, is_transient_io_error
from hotspots.reference import DEFAULT_REFERENCE_DIR, load_gazetteer
from hotspots.release import publish_release


def transient_io(task, task_run, state) -> bool:
    return is_transient_io_error(state.data)


io = {
    "retries": RETRIES,
    "retry_delay_seconds": RETRY_DELAY_SECONDS,
    "retry_condition_fn": transient_io,
}
ingest = Stage(p.ingest_documents, name="ingest", cache_policy=NO_CACHE, **io)
extract = Stage(p.extract_batch, name="extract", cache_policy=NO_CACHE)
resolve = Stage(p.resolve_entities, name="resolve", cache_policy=NO_CACHE)
reconcile = Stage(p.reconcile_claims, name="reconcile", cache_policy=NO_CACHE)
validate = Stage(p.validate, name="validate", cache_policy=NO_CACHE)
publish = Stage(publish_release, name="publish", cache_policy=NO_CACHE, **io)


@flow(name="build-hotspots", log_prints=False)
def build(
    raw_dir: str = "raw",
    dist_dir: str = "dist",
    reference_dir: str = str(DEFAULT_REFERENCE_DIR),
    batch_size: int = p.DEFAULT_BATCH_SIZE,
    cache_dir: str | None = None,
    use_cache: bool = True,
    runner: str = "local",
    dask_address: str | None = None,
    wait_seconds: float = 0.0,
    lock_max_age: float = DEFAULT_MAX_AGE,
    force: bool = False,
    run_id: str | None = None,
) -> dict:
    raw, dist, ref = Path(raw_dir), Path(dist_dir), Path(reference_dir)
    report = p.new_report(raw, dist, run_id, runner, dask_address)
    stage = p.Stopwatch(report)
    with p.reporting(report, dist), p.locked(report, dist, wait_seconds, lock_max_age):
        with stage("check"):
            unchanged = p.skip_if_unchanged(report, raw, ref, dist, force)
        if not unchanged:
            stages(report, raw, dist, ref, batch_size, cache_dir, use_cache, runner, dask_address)
    return report.as_dict()


def stages(
    report: p.RunReport,
    raw: Path,
    dist: Path,
    ref: Path,
    batch_size: int,
    cache_dir: str | None,
    use_cache: bool,
    runner: str,
    dask_address: str | None,
) -> None:
    stage = p.Stopwatch(report)
    p.prepare_process(report)
    with stage("ingest"):
        ingested = ingest(raw)
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
                lambda todo: map_batches(
                    extract, p.batches(todo, batch_size), runner, dask_address, reference_dir=ref
                ),
            ),
        }
    with stage("resolve"):
        gazetteer = load_gazetteer(ref)
        tables |= p.record_stage(
            report,
            resolve(gazetteer, tables, ingested.documents, ref, p.proposals_file(report, dist)),
        )
    with stage("reconcile"):
        tables |= p.record_stage(report, reconcile(gazetteer, tables, ref))
    with stage("validate"):
        p.record_validation(report, validate(tables))
    with stage("publish"):
        info = p.build_info(report, ingested.documents, ref)
        # consume: `tables` holds the only references to the frames; publish swaps each for its
        # Arrow form, freeing it (both copies at once would set the build's peak memory).
        p.record_release(report, publish(tables, dist, info, consume=True))
