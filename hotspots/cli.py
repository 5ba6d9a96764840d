"""The `hotspots` command: build the dataset, and read, check and compare its releases.

Exit codes: 0 success (including "no change"), 1 the run or check failed, 2 wrong usage.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer

from hotspots.options import cli_option, command_options

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
    # Prefect gives its temporary server 20 s to start; a busy machine needs far more (flows.server).
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "600")


def _print_summary(report: dict) -> None:
    from hotspots.ops.summary import summary_lines

    for line in summary_lines(report):
        typer.echo(line, err=line.startswith("FAILED"))


@app.command()
def build(
    raw: Path = cli_option("raw_dir"),
    dist: Path = cli_option("dist_dir"),
    reference: Path = cli_option("reference_dir"),
    batch_size: int = cli_option("batch_size"),
    cache_dir: Path | None = cli_option("cache_dir"),
    use_cache: bool = cli_option("use_cache"),
    force: bool = cli_option("force"),
    runner: str = cli_option("runner"),
    dask_address: str | None = cli_option("dask_address"),
    wait: float = cli_option("wait_seconds"),
    lock_max_age: float = cli_option("lock_max_age"),
    as_json: bool = typer.Option(False, "--json", help="Print the run report as JSON."),
) -> None:
    """Build the dataset from RAW with the Prefect flow (local, no server needed) and publish a
    new release in DIST if anything changed (not when only the extractor's version did: "extractor
    changed, output unchanged: no release"). Bad documents are quarantined and reported; the run
    report goes to DIST/reports/<run-id>.json. One run at a time per DIST (DIST/.run.lock).
    When the inputs (raw/, reference/, code, packages) are those of the last good run, it says
    "no change" at once, without starting Prefect."""
    options = command_options(
        raw_dir=raw,
        dist_dir=dist,
        reference_dir=reference,
        batch_size=batch_size,
        cache_dir=cache_dir,
        use_cache=use_cache,
        force=force,
        runner=runner,
        dask_address=dask_address,
        wait_seconds=wait,
        lock_max_age=lock_max_age,
    )
    from hotspots.ops.report import new_run_id
    from hotspots.ops.run_context import preflight

    run_id = new_run_id()
    try:
        report = preflight(options, run_id)
    except OSError as exc:  # e.g. DIST cannot be created or written
        typer.echo(f"FAILED in stage lock: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(1) from None
    if report is None:
        from hotspots.ops.memory import limit_heaps

        limit_heaps()  # before Prefect's threads make their own heaps (hotspots.ops.memory)
        prefect_environment()
        from flows.server import prefect_api

        try:
            # before `import prefect`: the server starts while the imports below run
            api = prefect_api()
            typer.echo(api.describe(), err=True)
            from flows.build import build as build_flow
            from flows.build import warm_up

            if api.source == "temporary":
                warm_up(options)  # while the server starts
            api.wait_ready()
            report = build_flow(options=options, run_id=run_id)
        except Exception as exc:
            path = dist / "reports" / f"{run_id}.json"
            report = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
            if (
                report is None
            ):  # no report: the flow did not start (Prefect failed), or DIST is not writable
                typer.echo(
                    f"FAILED (no run report was written): {type(exc).__name__}: {exc}", err=True
                )
                raise typer.Exit(1) from None
    _show(report, as_json)
    if report["status"] == "failed":
        raise typer.Exit(1)


def _show(report: dict, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(report, indent=2))
    else:
        _print_summary(report)


@app.command()
def evaluate(
    gold: list[Path] = typer.Option(
        ...,
        "--gold",
        help="Gold folder(s) with facts.csv (and docs/ unless --docs is given); repeatable.",
    ),
    docs: Path | None = typer.Option(
        None, "--docs", help="Documents annotated by the gold, when not in GOLD/docs (e.g. raw/)."
    ),
    reference: Path = typer.Option(
        PROJECT_ROOT / "reference", "--reference", help="Curated reference data folder."
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print the scores (and every false positive/negative) as JSON."
    ),
    errors: bool = typer.Option(
        False, "--errors", help="List false positives and false negatives after the table."
    ),
    no_model: bool = typer.Option(
        False,
        "--no-model",
        help="Score the rules alone: keep the claims the claim model would withhold.",
    ),
) -> None:
    """Measure extraction against a hand-written gold annotation: precision, recall and F1 per
    predicate and overall (and per rule). Runs the extractor directly, without Prefect. Claims
    the claim model (reference/model/claim_model.json) withholds are left out, as in the build,
    and the rules alone are shown beside; `--no-model` scores the rules alone."""
    from hotspots.evaluate import evaluate_both, format_table

    results = {}
    alone = {}
    for folder in gold:
        try:
            evaluation, rules_alone = evaluate_both(folder, docs, reference, not no_model)
        except (FileNotFoundError, ValueError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        results[str(folder)] = evaluation
        alone[str(folder)] = rules_alone
        if not as_json:
            typer.echo(f"== {folder}" + (" (rules alone)" if rules_alone is None else ""))
            typer.echo(format_table(evaluation))
            if rules_alone is not None:
                for label, e in (("rules alone", rules_alone), ("with the model", evaluation)):
                    o = e.overall
                    typer.echo(
                        f"{label:15} precision {o.precision:.3f} recall {o.recall:.3f} "
                        f"(core {e.core.recall:.3f}) f1 {o.f1:.3f}: {o.tp} tp, {o.fp} fp, {o.fn} fn"
                    )
            if errors:
                for fp in evaluation.false_positives:
                    typer.echo(
                        f"  FP {fp['document']} {fp['subject_id']} {fp['predicate']} {fp['object_id'] or ''} {fp['value']} {fp['as_of'] or ''} [{fp['rule']}] {fp['quote'][:100]!r}"
                    )
                for fn in evaluation.false_negatives:
                    typer.echo(
                        f"  FN {fn['document']} {fn['subject_id']} {fn['predicate']} {fn['object_id'] or ''} {fn['value']} {fn['as_of'] or ''}"
                    )
    if as_json:
        out = {
            k: {
                **v.as_dict(),
                # the overall score of the rules alone, when the model withheld claims above
                **({"rules_alone": alone[k].as_dict()["overall"]} if alone[k] else {}),
            }
            for k, v in results.items()
        }
        typer.echo(json.dumps(out, indent=2, default=str))


@app.command()
def add(
    source: str = typer.Argument(..., help="A file (.txt UTF-8, .html, .pdf) or an http(s) URL."),
    raw: Path = cli_option("raw_dir", help="Folder the document and its sidecar are added to."),
    url: str | None = typer.Option(
        None, "--url", help="Where the document was published (required for a FILE)."
    ),
    title: str | None = typer.Option(None, "--title", help="Title, instead of the detected one."),
    publisher: str | None = typer.Option(None, "--publisher", help="Publisher (organisation)."),
    published: str | None = typer.Option(
        None, "--published", help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD."
    ),
    license: str | None = typer.Option(
        None, "--license", help="Licence of the document; 'unknown' when neither given nor stated."
    ),
    language: str | None = typer.Option(None, "--language", help="ISO 639-1 code, e.g. en."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds per connect or read of a URL."),
    as_json: bool = typer.Option(False, "--json", help="Print the sidecar written as JSON."),
) -> None:
    """Snapshot a document into RAW: its bytes kept as they are, with a sidecar (title, url,
    publisher, published, retrieved, license, media_type, sha256) detected from the document and
    overridden by the options. The same bytes added twice, a type other than UTF-8 text, HTML or
    PDF, or a sidecar the build would refuse: a clear error, and nothing is written."""
    from hotspots.sources.add import AddRefused, Overrides, add_source

    overrides = Overrides(title, publisher, published, license, url, language)
    try:
        added = add_source(source, raw, overrides, timeout=timeout)
    except AddRefused as exc:
        typer.echo(f"not added: {exc}", err=True)
        raise typer.Exit(1) from None
    for warning in added.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if as_json:
        typer.echo(json.dumps(added.as_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(f"added {added.document} ({added.meta['media_type']}) and {added.sidecar.name}")


@app.command()
def sources(
    raw: Path = cli_option("raw_dir"),
    dist: Path = cli_option("dist_dir"),
    as_json: bool = typer.Option(False, "--json", help="Print the listing as JSON."),
) -> None:
    """List the documents in RAW: file, type, title, publisher, published, licence, and status:
    built (in the latest release in DIST), new or changed since that release, or quarantined
    with the reason (the ingest's checks, run now on RAW)."""
    from hotspots.sources.listing import format_table, list_sources

    try:
        listing = list_sources(raw, dist)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(listing.as_dict(), indent=2, ensure_ascii=False))
    else:
        for line in format_table(listing):
            typer.echo(line)


@app.command("train-model")
def train_model(
    reference: Path = typer.Option(
        PROJECT_ROOT / "reference", "--reference", help="Curated reference data folder."
    ),
    check: bool = typer.Option(
        False,
        "--check",
        help="Do not train: exit 1 when the committed model is stale (its training data or words changed).",
    ),
) -> None:
    """Train the claim model (reference/model/claim_model.json) on the development gold sets,
    never the blind set: labels as `hotspots evaluate` matches, threshold by leave-one-batch-out
    cross-validation (figures per held-out batch). The same inputs give the same bytes."""
    from hotspots.extract.model.train import stale_reasons, train, write_model

    if check:
        reasons = stale_reasons(reference)
        for reason in reasons:
            typer.echo(f"stale: {reason}; run `hotspots train-model`", err=True)
        if reasons:
            raise typer.Exit(1)
        typer.echo("claim model is current")
        return
    model = train(reference)
    path = write_model(model, reference)
    typer.echo(
        f"wrote {path}: {model['trained_on']['claims']} claims, threshold {model['threshold']}"
    )
    cv = model["cross_validation"]
    rows = [
        ("leave one batch out, pooled", cv["by_batch"]["pooled"]),
        *((f"  held out: {b}", v) for b, v in cv["by_batch"]["per_batch"].items()),
        ("by document, pooled", cv["by_document"]["pooled"]),
    ]
    for name, both in rows:
        r, m = both["rules_alone"], both["with_model"]
        typer.echo(
            f"{name:32} rules alone P {r['precision']:.3f} R {r['recall']:.3f} "
            f"({r['tp']} tp, {r['fp']} fp) | with the model P {m['precision']:.3f} "
            f"R {m['recall']:.3f} ({m['tp']} tp, {m['fp']} fp)"
        )


# Commands that live beside the code they drive; each module exposes a `typer.Typer` named below.
COMMAND_MODULES = {
    "hotspots.release.cli": "release_app",
    "hotspots.explain": "explain_app",
    "hotspots.ops.cli": "ops_app",
    "hotspots.distribution.cli": "distribution_app",
}


def _mount_commands() -> None:
    import importlib

    for module_name, attribute in COMMAND_MODULES.items():
        sub = getattr(importlib.import_module(module_name), attribute)
        app.registered_commands += sub.registered_commands


_mount_commands()


def main() -> None:  # pragma: no cover - console entry point
    sys.exit(app())
