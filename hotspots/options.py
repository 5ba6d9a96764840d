"""The options of a build, defined once: `BuildOptions`, with each option's default, flag,
environment variable and help beside it.

`hotspots build`, `hotspots serve`, the Prefect flow (whose one parameter it is, so a
deployment's parameters are its fields), the plain build of the benchmark and the tests' fixtures
all build or take a `BuildOptions`. The commands get their typer options from `cli_option`, so
a default or a help text is never spelled out twice.

Light on purpose (no pandas, no Prefect): the command line imports it before it starts an engine.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hotspots.ops.lock import DEFAULT_MAX_AGE
from hotspots.reference import DEFAULT_REFERENCE_DIR

RUNNERS = ("local", "dask")
# Documents per extraction task: big enough that Prefect's per-task cost (~0.1 s) stays small beside the
# work (~1-2 s per 500 documents), small enough to spread over Dask workers and show progress.
DEFAULT_BATCH_SIZE = 500


class OptionError(ValueError):
    """A bad option value or combination; `option` names the BuildOptions field to blame."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


def _option(default: Any, flag: str, help: str, env: str | None = None, **typer: Any) -> Any:
    return field(default=default, metadata={"flag": flag, "env": env, "help": help, **typer})


@dataclass(frozen=True)
class BuildOptions:
    """What a build reads, where it writes, and how it runs."""

    raw_dir: Path = _option(
        Path("raw"),
        "--raw",
        "Folder of <name>.txt documents with <name>.meta.json sidecars.",
        "HOTSPOTS_RAW",
    )
    dist_dir: Path = _option(
        Path("dist"), "--dist", "Release folder: versions are published here.", "HOTSPOTS_DIST"
    )
    reference_dir: Path = _option(
        DEFAULT_REFERENCE_DIR, "--reference", "Curated reference data folder.", "HOTSPOTS_REFERENCE"
    )
    cache_dir: Path | None = _option(
        None,
        "--cache-dir",
        "Extraction cache folder (entries under extract/), shared by every run.",
        "HOTSPOTS_CACHE_DIR",
        show_default=".cache/ in the project",
    )
    use_cache: bool = _option(
        True,
        "--cache/--no-cache",
        "Read and write the extraction cache (--no-cache: extract every document again).",
    )
    batch_size: int = _option(
        DEFAULT_BATCH_SIZE,
        "--batch-size",
        "Documents per extraction task.",
        "HOTSPOTS_BATCH_SIZE",
        min=1,
    )
    runner: str = _option(
        "local",
        "--runner",
        "Where extraction batches run: local (threads) or dask.",
        "HOTSPOTS_RUNNER",
    )
    dask_address: str | None = _option(
        None,
        "--dask-address",
        "Scheduler of an existing Dask cluster, e.g. tcp://scheduler:8786 (with --runner dask; "
        "without it a local cluster is started for the run).",
        "HOTSPOTS_DASK_ADDRESS",
    )
    wait_seconds: float = _option(
        0.0,
        "--wait",
        "Seconds to wait for another run on the same DIST to finish.",
        "HOTSPOTS_WAIT",
        min=0,
    )
    lock_max_age: float = _option(
        DEFAULT_MAX_AGE,
        "--lock-max-age",
        "Seconds without a heartbeat after which another host's lock counts as stale.",
        "HOTSPOTS_LOCK_MAX_AGE",
        min=1,
    )
    force: bool = _option(
        False, "--force", "Build even when the inputs are those of the last good run."
    )

    def __post_init__(self) -> None:
        # Paths may arrive as strings (a deployment's JSON parameters, a caller's str).
        for name in ("raw_dir", "dist_dir", "reference_dir", "cache_dir"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Path):
                object.__setattr__(self, name, Path(value))
        if self.runner not in RUNNERS:
            raise OptionError("runner", f"{self.runner!r}: choose local or dask")
        if self.dask_address and self.runner != "dask":
            raise OptionError("dask_address", "needs --runner dask")
        if self.batch_size < 1:
            raise OptionError("batch_size", f"must be at least 1, not {self.batch_size}")

    def replace(self, **changes: Any) -> BuildOptions:
        return dataclasses.replace(self, **changes)

    def absolute(self) -> BuildOptions:
        """The same options with absolute paths: a scheduled run does not start in this folder."""
        paths = ("raw_dir", "dist_dir", "reference_dir", "cache_dir")
        return self.replace(
            **{n: getattr(self, n).resolve() for n in paths if getattr(self, n) is not None}
        )

    def as_json(self) -> dict[str, Any]:
        """Plain JSON values (paths as strings): a deployment's parameters, a run report's options."""
        return {
            f.name: str(v) if isinstance(v, Path) else v
            for f in dataclasses.fields(self)
            for v in [getattr(self, f.name)]
        }


DEFAULTS = BuildOptions()


def _field(name: str) -> dataclasses.Field:
    return {f.name: f for f in dataclasses.fields(BuildOptions)}[name]


def cli_flag(name: str) -> str:
    """The command-line flag of BuildOptions field `name` (e.g. "--raw")."""
    return _field(name).metadata["flag"]


def cli_option(name: str, **overrides: Any) -> Any:
    """The typer option of BuildOptions field `name`: its default, flag, variable and help, with
    `overrides` (e.g. serve's own default wait)."""
    import typer

    spec = _field(name)
    meta = dict(spec.metadata)
    flag, env = meta.pop("flag"), meta.pop("env")
    default = overrides.pop("default", spec.default)
    return typer.Option(default, flag, envvar=env, **{**meta, **overrides})


def command_options(**values: Any) -> BuildOptions:
    """BuildOptions from a command's options; a bad value or combination is a usage error (exit 2)."""
    import typer

    try:
        return BuildOptions(**values)
    except OptionError as exc:
        raise typer.BadParameter(str(exc), param_hint=cli_flag(exc.option)) from None
