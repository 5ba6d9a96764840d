"""The `hotspots` command: build the dataset, and read, check and compare its releases.

Exit codes: 0 success (including "no change"), 1 the run or check failed, 2 wrong usage.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer

PROJECT_ROOT = Path(__file__).resolve().parent.parent

app = typer.Typer(
    help="china-innovation-hotspots: build, verify and explore the open dataset of China's innovation hotspots.",
    no_args_is_help=True,
    add_completion=True,
)


def prefect_environment() -> None:
    """Quiet, local Prefect: state inside the project, no telemetry. Set before prefect is imported."""
    os.environ.setdefault("PREFECT_HOME", str(PROJECT_ROOT / ".prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def _print_summary(report: dict) -> None:
    release = report.get("release") or {}
    out = typer.echo
    out(f"run {report['run_id']}: {report['documents_valid']} document(s) built, {len(report['quarantined'])} quarantined")
    for q in report["quarantined"]:
        out(f"  quarantined {q['name']}: {q['reason']}")
    for w in report.get("warnings", []):
        out(f"  warning {w['name']}: {w['warning']}")
    if report.get("rows"):
        out("  rows: " + ", ".join(f"{k}={v}" for k, v in sorted(report["rows"].items())))
    if release:
        out(release["message"])
    if report.get("error"):
        out(f"FAILED in stage {report.get('failed_stage') or '?'}: {report['error']}", err=True)


@app.command()
def build(
    raw: Path = typer.Option(Path("raw"), "--raw", help="Folder of <name>.txt documents with <name>.meta.json sidecars."),
    dist: Path = typer.Option(Path("dist"), "--dist", help="Release folder: versions are published here."),
    reference: Path = typer.Option(PROJECT_ROOT / "reference", "--reference", help="Curated reference data folder."),
    batch_size: int = typer.Option(200, "--batch-size", min=1, help="Documents per extraction task."),
    as_json: bool = typer.Option(False, "--json", help="Print the run report as JSON."),
) -> None:
    """Build the dataset from RAW with the Prefect flow (local, no server needed) and publish a
    new release in DIST if anything changed. Bad documents are quarantined and reported."""
    prefect_environment()
    from flows.build import build as build_flow

    try:
        report = build_flow(raw_dir=str(raw), dist_dir=str(dist), reference_dir=str(reference), batch_size=batch_size)
    except Exception as exc:
        reports = sorted((dist / "reports").glob("*.json"), key=lambda p: p.stat().st_mtime)
        report = json.loads(reports[-1].read_text()) if reports else None
        if report and report.get("status") == "failed":
            if as_json:
                typer.echo(json.dumps(report, indent=2))
            else:
                _print_summary(report)
        else:
            typer.echo(f"FAILED: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(report, indent=2))
    else:
        _print_summary(report)


# Commands that live beside the code they drive; each module exposes a `typer.Typer` named below.
COMMAND_MODULES = {
    "hotspots.release.cli": "release_app",
    "hotspots.explain": "explain_app",
}


def _mount_commands() -> None:
    import importlib

    for module_name, attribute in COMMAND_MODULES.items():
        sub = getattr(importlib.import_module(module_name), attribute)
        app.registered_commands += sub.registered_commands


_mount_commands()


def main() -> None:  # pragma: no cover - console entry point
    sys.exit(app())
