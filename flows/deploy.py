"""The build flow as a Prefect deployment on a cron schedule, served by this process.

`serve_build` registers `build-hotspots/<name>` with the Prefect server named by
PREFECT_API_URL and runs every scheduled or hand-triggered run in a subprocess, one at a time
(`prefect deployment run 'build-hotspots/<name>'` triggers one). Stopping the process (Ctrl-C,
SIGTERM) pauses the schedule: nothing would be there to run it.
"""

from __future__ import annotations

from prefect.schedules import Cron
from prefect.types.entrypoint import EntrypointType

from flows.build import build


def schedule(cron: str, timezone: str = "UTC") -> Cron:
    """A cron schedule; ValueError for a malformed expression or an unknown time zone."""
    return Cron(cron, timezone=timezone)


def serve_build(name: str, cron: str, timezone: str, parameters: dict) -> None:
    """`parameters`: the flow's, {"options": BuildOptions as JSON} (hotspots.ops.cli)."""
    options = parameters.get("options") or {}
    build.serve(
        name=name,
        schedules=[schedule(cron, timezone)],
        parameters=parameters,
        description=f"Rebuild the dataset from {options.get('raw_dir')} into {options.get('dist_dir')}; "
        "publish a new version only when something changed.",
        tags=["hotspots"],
        limit=1,  # one run at a time from this server (the dist lock also guards against others)
        entrypoint_type=EntrypointType.MODULE_PATH,  # flows.build.build: importable from any folder
    )
