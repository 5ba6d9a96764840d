"""The build flow: raw documents in, a validated, versioned release out.

Wiring only. The table below names each stage's task and the plain function it calls
(`hotspots.pipeline` or the release layer, each testable without Prefect); the order of the
stages, the lock, the "no change" check, the cache and the run report are `p.build`'s, the one
definition the plain build shares. One run at a time per dist directory; per-document extraction
comes from the cache when nothing it depends on changed, the rest runs in batches on the chosen
runner, and so do the fact groups of reconcile (grouped, then settled in parts, then finished). Retries are for transient I/O only (reading raw/, writing the release), never for bad data.

No `from __future__ import annotations` here: Prefect validates a run's parameters against the
flow's annotations, resolving string ones in the function's globals. A direct call resolved
"BuildOptions", but a served run failed before it started ("BuildModel is not fully defined",
tests/test_flow_serve.py), so the annotation stays the class itself.
"""

import os

from prefect import flow
from prefect.cache_policies import NO_CACHE

from flows.runners import Runner, Stage, map_batches
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
group_claims = Stage(p.group_claims, name="reconcile-group", cache_policy=NO_CACHE)
settle = Stage(p.settle_part, name="reconcile-settle", cache_policy=NO_CACHE)
finish_claims = Stage(p.finish_claims, name="reconcile-finish", cache_policy=NO_CACHE)
validate = Stage(p.validate, name="validate", cache_policy=NO_CACHE)
publish = Stage(publish_release, name="publish", cache_policy=NO_CACHE, **io)


# Fact groups per settle task (HOTSPOTS_GROUPS_PER_TASK): at 10,000 documents ≈ 19,000 groups,
# 4 tasks (a task run costs ≈ 0.1 s of Prefect; a group ≈ 0.3 ms to settle).
GROUPS_PER_TASK_ENV = "HOTSPOTS_GROUPS_PER_TASK"
GROUPS_PER_TASK = 5000


def groups_per_task() -> int:
    return int(os.environ.get(GROUPS_PER_TASK_ENV) or GROUPS_PER_TASK)


def reconcile_on(runner: Runner):
    """The reconcile stage with its fact groups settled as tasks on `runner`."""

    def on_runner(gazetteer, tables, reference_dir, increment=None):
        # incremental: only the touched subjects' groups are prepared, so only they are sent
        prepared = group_claims(gazetteer, tables, reference_dir, increment)
        settled = runner.map(settle, p.settle_parts(prepared, groups_per_task()))
        return finish_claims(gazetteer, tables, prepared, settled, increment)

    return on_runner


def tasks(options: BuildOptions, runner: Runner) -> p.Steps:
    """The stages as the tasks above; extraction batches as tasks on `runner`, and on Dask the
    fact groups too."""
    return p.Steps(
        ingest=ingest,
        extract=lambda batches, reference_dir: map_batches(
            extract, batches, runner, reference_dir=reference_dir
        ),
        resolve=resolve,
        # on the local runner the parts would run one after the other anyway: one task, not three
        reconcile=reconcile if runner.name == "local" else reconcile_on(runner),
        validate=validate,
        publish=publish,
    )


def warm_up(options: BuildOptions) -> None:
    """What the build would do first anyway, done while a temporary Prefect server starts: the
    extractor, when extraction runs in this process (on Dask the workers build their own)."""
    if options.runner == "local":
        p.process_extractor(options.reference_dir)


@flow(name="build-hotspots", log_prints=False)
def build(options: BuildOptions = DEFAULTS, run_id: str | None = None) -> dict:
    with Runner(options.runner, options.dask_address) as runner:
        return p.build(options, tasks(options, runner), run_id)
