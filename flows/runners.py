"""Where the per-batch extraction tasks run: Prefect's thread pool, or a Dask cluster.

`--runner dask --dask-address tcp://scheduler:8786` sends the batches to an existing cluster
through prefect-dask's DaskTaskRunner; without an address a LocalCluster of worker processes is
started for the run (HOTSPOTS_DASK_WORKERS of them, default: one per CPU) and closed after it.
The runner is chosen per run (a flow parameter), so one deployment can run either way.
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable, Sequence
from typing import Any

from prefect import Task, task
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import opaque

from hotspots.options import RUNNERS

WORKERS_ENV = "HOTSPOTS_DASK_WORKERS"


class Sealed:
    """A task's argument or return value that Prefect passes without looking inside (see
    `Stage`): a plain object, not a collection, so neither Prefect nor Dask walks it."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _sealing(fn: Callable) -> Callable:
    @functools.wraps(fn)
    def sealed(*args: Any, **kwargs: Any) -> Sealed:
        args = tuple(a.value if isinstance(a, Sealed) else a for a in args)
        kwargs = {k: v.value if isinstance(v, Sealed) else v for k, v in kwargs.items()}
        return Sealed(fn(*args, **kwargs))

    return sealed


class Stage:
    """A plain function of the build as a Prefect task whose arguments and result Prefect passes
    through untouched. Prefect walks every element of a task's parameters and return value
    (looking for futures and states) and rebuilds the collections it walks: for this build's data
    that walk cost more than some stages (measured: a list of 400,000 dicts as a parameter, 20 s;
    50 batches returning 12,000 mention and claim dicts each, 14 s of a 10,000-document build).
    Nothing here passes futures between tasks, so there is nothing for the walk to find."""

    def __init__(self, fn: Callable, **options: Any) -> None:
        self.task: Task = task(_sealing(fn), **options)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.task(*map(opaque, args), **{k: opaque(v) for k, v in kwargs.items()}).value

    @property
    def first_parameter(self) -> str:
        return next(iter(inspect.signature(self.task.fn).parameters))


def task_runner(name: str = "local", dask_address: str | None = None) -> TaskRunner:
    if name == "local":
        # One worker: extraction is pure Python and holds the GIL, so more threads only add
        # contention (measured +7-15% CPU with a shared extractor); parallel runs use Dask.
        return ThreadPoolTaskRunner(max_workers=1)
    if name == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        workers = int(os.environ.get(WORKERS_ENV) or os.cpu_count() or 1)
        return DaskTaskRunner(
            cluster_kwargs={
                "n_workers": workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
            }
        )
    raise ValueError(f"unknown runner {name!r}: choose one of {', '.join(RUNNERS)}")


class Runner:
    """The task runner of one build: opened at its first use (a build that publishes nothing
    starts no cluster), shared by every stage that maps tasks on it (one LocalCluster per build,
    not one per stage), closed when the build ends."""

    def __init__(self, name: str = "local", dask_address: str | None = None) -> None:
        self.name, self.dask_address = name, dask_address
        self._pool: TaskRunner | None = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.__exit__(*exc)

    def map(self, stage: Stage, calls: Sequence[dict[str, Any]]) -> list:
        """`stage(**call)` for every call, as tasks on this runner; their results in call order."""
        if not calls:
            return []
        if self._pool is None:
            self._pool = task_runner(self.name, self.dask_address).__enter__()
        # Dask reads a tuple among a task's arguments as a task spec, and Prefect's annotations
        # are tuples: on Dask the arguments go in `Sealed` instead. Plain, Prefect walked every
        # claim of every settle task (1,000 documents: reconcile 60 s on two workers).
        sealed = opaque if self.name == "local" else Sealed
        futures = [
            self._pool.submit(stage.task, {k: sealed(v) for k, v in call.items()}) for call in calls
        ]
        return [future.result().value for future in futures]


def map_batches(
    stage: Stage,
    batches: Sequence[list],
    runner: str | Runner = "local",
    dask_address: str | None = None,
    **params: Any,
) -> list:
    """Run `stage(batch, **params)` for every batch on the chosen runner; the results of all
    batches, concatenated in batch order. Nothing starts when there is no batch."""
    if not batches:
        return []
    if isinstance(runner, str):
        with Runner(runner, dask_address) as own:
            return map_batches(stage, batches, own, **params)
    calls = [{stage.first_parameter: batch, **params} for batch in batches]
    return [item for result in runner.map(stage, calls) for item in result]
