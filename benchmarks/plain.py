"""The build without Prefect: `hotspots.pipeline.build` with every stage called as its plain
function (`p.PLAIN`), where the flow (flows/build.py) passes Prefect tasks.

Same report, lock, "no change" check, cache, batches and release as the flow — only the engine
is missing (batches run one after the other in this process, where the flow submits them to a
thread pool). Comparing the two isolates what Prefect costs.
"""

from __future__ import annotations

from hotspots import pipeline as p
from hotspots.options import BuildOptions


def build_plain(options: BuildOptions, run_id: str | None = None) -> dict:
    """flows.build.build with every task called as its plain function; the run report as a dict."""
    return p.build(options, p.PLAIN, run_id, runner="plain")
