"""The build flow: raw documents in, a validated, versioned release out.

Wiring only — every task calls one plain function of `hotspots.pipeline`, testable without Prefect.
Per-document work runs in coarse batches so orchestration stays a small share of the run.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from hotspots import pipeline as p
from hotspots.reference import DEFAULT_REFERENCE_DIR, load_gazetteer
from hotspots.release import publish_release

ingest = task(p.ingest_documents, name="ingest", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1)
extract = task(p.extract_batch, name="extract", cache_policy=NO_CACHE)
resolve = task(p.resolve_entities, name="resolve", cache_policy=NO_CACHE)
reconcile = task(p.reconcile_claims, name="reconcile", cache_policy=NO_CACHE)
validate = task(p.validate, name="validate", cache_policy=NO_CACHE)
publish = task(publish_release, name="publish", cache_policy=NO_CACHE)


@flow(name="build-hotspots", log_prints=False)
def build(raw_dir: str = "raw", dist_dir: str = "dist", reference_dir: str = str(DEFAULT_REFERENCE_DIR),
          batch_size: int = p.DEFAULT_BATCH_SIZE) -> dict:
    raw, dist, ref = Path(raw_dir), Path(dist_dir), Path(reference_dir)
    report = p.RunReport(run_id=p.new_run_id(), started_at=p.now_iso(), raw_dir=str(raw), dist_dir=str(dist))
    stage = p.Stopwatch(report)
    try:
        with stage("ingest"):
            ingested = ingest(raw)
            p.record_ingest(report, ingested)
        with stage("extract"):
            futures = [extract.submit(batch, ref) for batch in p.batches(ingested.documents, batch_size)]
            extractions = [e for f in futures for e in f.result()]
        with stage("resolve"):
            gazetteer = load_gazetteer(ref)
            tables = {"documents": p.documents_table(ingested.documents), **p.extraction_tables(extractions)}
            tables |= resolve(gazetteer, tables)
        with stage("reconcile"):
            tables |= reconcile(gazetteer, tables, ref)
        with stage("validate"):
            p.record_validation(report, validate(tables))
        with stage("publish"):
            result = publish(tables, dist, p.build_info(report, ingested.documents, ref))
            p.record_release(report, result)
    except Exception as exc:  # any failure is recorded with its stage, then re-raised
        p.record_failure(report, exc)
        raise
    finally:
        p.finish(report, dist)
    return report.as_dict()
