"""The build flow: raw documents in, a validated, versioned release out.

Wiring only. The table below names each stage's task and the plain function it calls
(`hotspots.pipeline` or the release layer, each testable without Prefect); the order of the
stages, the lock, the "no change" check, the cache and the run report are `p.build`'s, the one
definition the plain build shares. One run at a time per dist directory; per-document extraction
comes from the cache when nothing it depends on changed, the rest runs in batches on the chosen
runner. Retries are for transient I/O only (reading raw/, writing the release), never for bad data.

No `from __future__ import annotations` here: Prefect validates a run's parameters against the
flow's annotations, resolving string ones in the function's globals. A direct call resolved
"BuildOptions", but a served run failed before it started ("BuildModel is not fully defined",
tests/test_flow_serve.py), so the annotation stays the class itself.
"""

from prefect import flow
from prefect.cache_policies import NO_CACHE

from flows.runners import Stage, map_batches
from hotspots import pipeline as p
from hotspots.ops.retry import RETRIES, RETRY_DELAY_SECONDS, is_transient_io_error
from hotspots.options import DEFAULTS, BuildOptions
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


def tasks(options: BuildOptions) -> p.Steps:
    """The stages as the tasks above; extraction as one task per batch on the chosen runner."""
    return p.Steps(
        ingest=ingest,
        extract=lambda batches, reference_dir: map_batches(
            extract, batches, options.runner, options.dask_address, reference_dir=reference_dir
        ),
        resolve=resolve,
        reconcile=reconcile,
        validate=validate,
        publish=publish,
    )


@flow(name="build-hotspots", log_prints=False)
def build(options: BuildOptions = DEFAULTS, run_id: str | None = None) -> dict:
    return p.build(options, tasks(options), run_id)
