"""`hotspots serve`: scheduled rebuilds, the build flow as a Prefect deployment on a cron schedule;
`hotspots server`: a local Prefect server kept running, which every `hotspots build` then uses.

Mounted on the main `hotspots` app (see COMMAND_MODULES in hotspots/cli.py). Needs a running
Prefect server (`prefect server start`); the schedule and the runs live there, and this process
executes them until it is stopped.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import zoneinfo
from pathlib import Path

import typer

from hotspots.options import BuildOptions, cli_option, command_options

ops_app = typer.Typer(help="Operations: scheduled rebuilds.", no_args_is_help=True)

DEFAULT_API_URL = "http://127.0.0.1:4200/api"
# A scheduled run waits for a run already on DIST (a slow one, or one started by hand) instead of
# failing at once as `hotspots build` does by default.
SCHEDULED_WAIT = 600.0


def server_ok(api_url: str, timeout: float = 3.0) -> bool:
    """Whether a Prefect server answers at `api_url` (its /health endpoint)."""
    try:
        with urllib.request.urlopen(api_url.rstrip("/") + "/health", timeout=timeout) as response:
            return response.status == 200 and json.loads(response.read() or b"false") is True
    except (OSError, ValueError, urllib.error.URLError):
        return False


KEPT_SERVER_FILE = "hotspots-server.json"  # in PREFECT_HOME, while `hotspots server` runs


def kept_server_file() -> Path:
    """Where `hotspots server` records its API URL for builds with the same PREFECT_HOME."""
    home = os.environ.get("PREFECT_HOME") or Path.home() / ".prefect"
    return Path(home).expanduser() / KEPT_SERVER_FILE


def deployment_parameters(options: BuildOptions) -> dict:
    """The build flow's parameters for every scheduled run; paths made absolute, since runs do not
    start in this folder."""
    return {"options": options.absolute().as_json()}


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
    raw: Path = cli_option("raw_dir"),
    dist: Path = cli_option("dist_dir"),
    reference: Path = cli_option("reference_dir"),
    cache_dir: Path | None = cli_option("cache_dir"),
    batch_size: int = cli_option("batch_size"),
    runner: str = cli_option("runner"),
    dask_address: str | None = cli_option("dask_address"),
    wait: float = cli_option("wait_seconds", default=SCHEDULED_WAIT),
    lock_max_age: float = cli_option("lock_max_age"),
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
    options = command_options(
        raw_dir=raw,
        dist_dir=dist,
        reference_dir=reference,
        cache_dir=cache_dir,
        batch_size=batch_size,
        runner=runner,
        dask_address=dask_address,
        wait_seconds=wait,
        lock_max_age=lock_max_age,
    )
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
    parameters = deployment_parameters(options)
    absolute = parameters["options"]
    typer.echo(
        f"Serving build-hotspots/{name}: '{cron}' ({timezone}), {absolute['raw_dir']} -> {absolute['dist_dir']}; "
        f"API {api_url}. Ctrl-C stops (and pauses the schedule)."
    )
    serve_build(name, cron, timezone, parameters)


KEPT_SERVER_COMMAND = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"]


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@ops_app.command()
def server(
    port: int = typer.Option(
        4200, "--port", envvar="HOTSPOTS_SERVER_PORT", help="Port of the API and UI on 127.0.0.1."
    ),
) -> None:
    """Keep a local Prefect server running (API and UI on http://127.0.0.1:PORT) for this
    project's PREFECT_HOME: every `hotspots build` then uses it, and says so, instead of starting a
    temporary server of its own (seconds saved per build), and its runs stay in the UI.
    `hotspots serve` uses it too. Runs until stopped (Ctrl-C)."""
    from hotspots.cli import prefect_environment

    prefect_environment()
    api_url = f"http://127.0.0.1:{port}/api"
    if server_ok(api_url):
        typer.echo(f"A Prefect server already answers at {api_url}.", err=True)
        raise typer.Exit(1)
    record = kept_server_file()
    record.parent.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen([*KEPT_SERVER_COMMAND, "--port", str(port)])
    # written at once: a build finds the server through this file only once the server answers
    record.write_text(json.dumps({"api_url": api_url, "pid": process.pid}), encoding="utf-8")
    typer.echo(
        f"Keeping a Prefect server at {api_url} (PREFECT_HOME {record.parent}); "
        "`hotspots build` uses it while it runs. Ctrl-C stops it.",
        err=True,
    )
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)  # stopped by a service manager: stop it too
    try:
        code = process.wait()
    except KeyboardInterrupt:
        process.terminate()
        code = process.wait()
    finally:
        try:
            if json.loads(record.read_text(encoding="utf-8")).get("pid") == process.pid:
                record.unlink()
        except (OSError, ValueError):
            pass
    raise typer.Exit(0 if code in (0, -2, -15, 130) else 1)
