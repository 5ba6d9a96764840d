"""`hotspots serve`: scheduled rebuilds, the build flow as a Prefect deployment on a cron schedule.

Mounted on the main `hotspots` app (see COMMAND_MODULES in hotspots/cli.py). Needs a running
Prefect server (`prefect server start`); the schedule and the runs live there, and this process
executes them until it is stopped.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
import zoneinfo
from pathlib import Path

import typer

from hotspots.ops.lock import DEFAULT_MAX_AGE

ops_app = typer.Typer(help="Operations: scheduled rebuilds.", no_args_is_help=True)

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_API_URL = "http://127.0.0.1:4200/api"


def server_ok(api_url: str, timeout: float = 3.0) -> bool:
    """Whether a Prefect server answers at `api_url` (its /health endpoint)."""
    try:
        with urllib.request.urlopen(api_url.rstrip("/") + "/health", timeout=timeout) as response:
            return response.status == 200 and json.loads(response.read() or b"false") is True
    except (OSError, ValueError, urllib.error.URLError):
        return False


def deployment_parameters(
    raw: Path,
    dist: Path,
    reference: Path,
    cache_dir: Path | None,
    batch_size: int,
    runner: str,
    dask_address: str | None,
    wait: float,
    lock_max_age: float,
) -> dict:
    """The build flow's parameters for every scheduled run; paths made absolute, since runs do not
    start in this folder."""
    return {
        "raw_dir": str(raw.resolve()),
        "dist_dir": str(dist.resolve()),
        "reference_dir": str(reference.resolve()),
        "cache_dir": str(cache_dir.resolve()) if cache_dir else None,
        "batch_size": batch_size,
        "runner": runner,
        "dask_address": dask_address,
        "wait_seconds": wait,
        "lock_max_age": lock_max_age,
    }


@ops_app.command()
def serve(
    cron: str = typer.Option(
        "0 3 * * *", "--cron", envvar="HOTSPOTS_CRON", help="When to rebuild (cron expression)."
    ),
    timezone: str = typer.Option(
        "UTC", "--timezone", envvar="HOTSPOTS_TIMEZONE", help="Time zone of the cron expression."
    ),
    name: str = typer.Option(
        "scheduled",
        "--name",
        envvar="HOTSPOTS_DEPLOYMENT",
        help="Deployment name: build-hotspots/<name>.",
    ),
    raw: Path = typer.Option(
        Path("raw"), "--raw", envvar="HOTSPOTS_RAW", help="Folder of documents."
    ),
    dist: Path = typer.Option(
        Path("dist"), "--dist", envvar="HOTSPOTS_DIST", help="Release folder."
    ),
    reference: Path = typer.Option(
        PROJECT_ROOT / "reference",
        "--reference",
        envvar="HOTSPOTS_REFERENCE",
        help="Reference data folder.",
    ),
    cache_dir: Path | None = typer.Option(
        None,
        "--cache-dir",
        envvar="HOTSPOTS_CACHE_DIR",
        show_default=".cache/ in the project",
        help="Extraction cache folder.",
    ),
    batch_size: int = typer.Option(
        500,
        "--batch-size",
        min=1,
        envvar="HOTSPOTS_BATCH_SIZE",
        help="Documents per extraction task.",
    ),
    runner: str = typer.Option(
        "local", "--runner", envvar="HOTSPOTS_RUNNER", help="local or dask."
    ),
    dask_address: str | None = typer.Option(
        None, "--dask-address", envvar="HOTSPOTS_DASK_ADDRESS", help="Existing Dask scheduler."
    ),
    wait: float = typer.Option(
        600.0,
        "--wait",
        min=0,
        envvar="HOTSPOTS_WAIT",
        help="Seconds a run waits for another run on DIST.",
    ),
    lock_max_age: float = typer.Option(
        DEFAULT_MAX_AGE,
        "--lock-max-age",
        min=1,
        envvar="HOTSPOTS_LOCK_MAX_AGE",
        help="Seconds without a heartbeat after which a lock counts as stale.",
    ),
    api_url: str | None = typer.Option(
        None,
        "--api-url",
        envvar="PREFECT_API_URL",
        show_default=DEFAULT_API_URL,
        help="The Prefect server's API.",
    ),
) -> None:
    """Register the build flow as deployment 'build-hotspots/NAME' with a cron schedule on a
    Prefect server and serve it: scheduled runs, and runs triggered by hand with
    `prefect deployment run 'build-hotspots/NAME'`, execute here, one at a time. Runs until stopped."""
    if runner not in ("local", "dask"):
        raise typer.BadParameter(f"{runner!r}: choose local or dask", param_hint="--runner")
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise typer.BadParameter(
            f"unknown time zone {timezone!r}", param_hint="--timezone"
        ) from None
    api_url = api_url or DEFAULT_API_URL
    if not server_ok(api_url):
        typer.echo(
            f"No Prefect server answers at {api_url}. Start one first (it keeps the schedule and the runs):\n"
            "  .venv/bin/prefect server start\n"
            "or point --api-url / PREFECT_API_URL at yours.",
            err=True,
        )
        raise typer.Exit(2)
    os.environ["PREFECT_API_URL"] = api_url
    from hotspots.cli import prefect_environment

    prefect_environment()
    from flows.deploy import schedule, serve_build

    try:
        schedule(cron, timezone)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--cron") from None
    parameters = deployment_parameters(
        raw, dist, reference, cache_dir, batch_size, runner, dask_address, wait, lock_max_age
    )
    typer.echo(
        f"Serving build-hotspots/{name}: '{cron}' ({timezone}), {parameters['raw_dir']} -> {parameters['dist_dir']}; "
        f"API {api_url}. Ctrl-C stops (and pauses the schedule)."
    )
    serve_build(name, cron, timezone, parameters)
