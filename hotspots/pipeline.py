"""The build, defined once: its stages as plain functions, and `build`/`run_stages`, which run
them in order given a way to call each stage (`Steps`).

`PLAIN` calls the stage functions directly (the plain build of the benchmark, the tests); the
Prefect flow (flows/build.py) passes its tasks, each wrapping one of the same functions. Each
function takes and returns plain data, so it can be tested and benchmarked without Prefect.
The stages themselves live in `hotspots.stages` (extraction, tables, resolve_reconcile); the run
report and the parts of a run around its stages (lock, "no change" check) in
`hotspots.ops.report`, `hotspots.ops.run_context` and `hotspots.ops.summary`. All are
re-exported here, so the flow and callers read `p.<step>`.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from hotspots.curation import StageOutput
from hotspots.extract import (
    EXTRACTOR_NAME,
    EXTRACTOR_VERSION,
    DocumentExtraction,
    gazetteer_hash,
)
from hotspots.ingest import Document, IngestResult, ingest
from hotspots.low_confidence import LOW_CONFIDENCE
from hotspots.ops import incremental as inc
from hotspots.ops.cache import ConversionCache
from hotspots.ops.memory import trim_heap, tune_allocators
from hotspots.ops.provenance import source_state
from hotspots.ops.report import (  # noqa: F401 - re-exported: the flow and tests call them as p.<name>
    NothingToPublish,
    RunReport,
    Stopwatch,
    discovered_file,
    finish,
    low_confidence_file,
    new_report,
    new_run_id,
    now_iso,
    proposals_file,
    record_failure,
    record_ingest,
    record_low_confidence,
    record_refused,
    record_release,
    record_rules,
    record_stage,
    record_validation,
    refused_file,
    write_report,
)
from hotspots.ops.run_context import (
    locked,
    record_changes,
    reporting,
    skip_if_unchanged,
)
from hotspots.ops.summary import summary_lines  # noqa: F401 - re-exported
from hotspots.options import BuildOptions
from hotspots.reference import (  # noqa: F401 - tests read p.DEFAULT_REFERENCE_DIR
    DEFAULT_REFERENCE_DIR,
    load_gazetteer,
    reference_hash,
)
from hotspots.release import PublishResult, publish_release
from hotspots.stages.extraction import (  # noqa: F401 - the flow wraps extract_batch, process_extractor
    batches,
    extract_batch,
    extract_batches,
    extracted_tables,
    process_extractor,
)
from hotspots.stages.resolve_reconcile import (  # noqa: F401 - the flow wraps each as a task
    finish_claims,
    group_claims,
    reconcile_claims,
    resolve_entities,
    settle_part,
    settle_parts,
)
from hotspots.stages.tables import documents_table, refused_table
from hotspots.validate import ValidationReport, validate_tables


def code_version() -> str:
    """`<version>+g<12 hex>`, with `.dirty` when the tree is not clean (hotspots.ops.provenance)."""
    return source_state()["code_version"]


# --- stages ------------------------------------------------------------------------------------
def prepare_process(report: RunReport) -> None:
    """Allocator settings for the build's process (hotspots.ops.memory), recorded in the report."""
    report.runner["allocators"] = tune_allocators()


def ingest_documents(
    raw_dir: Path, cache_dir: Path | str | None = None, use_cache: bool = True
) -> IngestResult:
    """raw/ read and checked; pages and PDFs converted through the conversion cache, which sits
    in the extraction cache's folder and follows the same options (--cache-dir, --no-cache)."""
    cache = ConversionCache(Path(cache_dir) if cache_dir else None, enabled=use_cache)
    return ingest(raw_dir, cache=cache)


def validate(tables: dict[str, pd.DataFrame]) -> ValidationReport:
    return validate_tables(tables)


def build_info(report: RunReport, documents: pd.DataFrame, reference_dir: Path) -> dict:
    """build.json's run-specific part: the run, the code (commit, clean tree: see
    hotspots.ops.provenance), the extractor and reference data, the input documents (from the
    documents table: name and sha256 in document order)."""
    source = report.provenance or source_state()
    return {
        "run_id": report.run_id,
        "started_at": report.started_at,
        "finished_at": now_iso(),
        "code_version": source["code_version"],
        "commit": source["commit"],
        "tree_clean": source["tree_clean"],
        "extractor_version": f"{EXTRACTOR_NAME}@{EXTRACTOR_VERSION}",
        "reference_hash": reference_hash(reference_dir),
        # the gazetteer and other curated data the extractor reads, apart from its own lexicons
        "gazetteer_hash": gazetteer_hash(reference_dir),
        "input_fingerprint": report.fingerprint.get("combined"),
        "input_documents": [
            {"name": name, "sha256": sha}
            for name, sha in zip(documents["name"], documents["sha256"], strict=True)
        ],
        "quarantined": report.quarantined,
        "timings": report.timings,
        "python": platform.python_version(),
    }


RULE_REGISTRY = "hotspots.extract.engine"


def registered_rule_names() -> tuple[list[str], str | None]:
    """The names the extraction rules record in claims.extractor, and where they came from (None
    when they are not known, and the list is empty).

    The rule engine's registry (`hotspots.extract.engine.registered_rules()`, name -> spec) names
    them. Without it they cannot be read off the code: `hotspots.extract.rules.RULES` lists
    functions, and one function records several names (`counts` records count_unicorns,
    count_universities, ...), so its function names are not the names in the claims table."""
    import importlib

    try:
        engine = importlib.import_module(RULE_REGISTRY)
        registered = engine.registered_rules
    except ImportError as exc:
        if exc.name != RULE_REGISTRY:
            raise  # the engine is there but broken: that is a bug to see, not a missing registry
        return [], None
    except AttributeError:
        return [], None
    return sorted(registered()), f"{RULE_REGISTRY}.registered_rules"


def rule_counts(claims: pd.DataFrame) -> dict[str, int]:
    """Claims per rule name (claims.extractor), cached documents' claims included."""
    return {str(k): int(v) for k, v in claims["extractor"].value_counts().items()}


# --- the stages in order -------------------------------------------------------------------------
def _extract_all(
    extract: Callable[[list[list[Document]], Path], list[DocumentExtraction]],
    options: BuildOptions,
) -> Callable[[list[Document]], list[DocumentExtraction]]:
    return lambda todo: extract(batches(todo, options.batch_size), options.reference_dir)


@dataclass(frozen=True)
class Steps:
    """How `run_stages` calls each stage: each field has the signature of the plain function it
    defaults to. `PLAIN` calls them directly; the flow passes Prefect tasks wrapping them, and an
    `extract` that submits the batches to its task runner."""

    ingest: Callable[..., IngestResult] = ingest_documents
    extract: Callable[[list[list[Document]], Path], list[DocumentExtraction]] = extract_batches
    resolve: Callable[..., StageOutput] = resolve_entities
    reconcile: Callable[..., StageOutput] = reconcile_claims
    validate: Callable[[dict[str, pd.DataFrame]], ValidationReport] = validate
    publish: Callable[..., PublishResult] = publish_release


PLAIN = Steps()


def build(
    options: BuildOptions,
    steps: Steps = PLAIN,
    run_id: str | None = None,
    runner: str | None = None,
) -> dict:
    """One whole build: the lock, the "no change" check, then every stage (`run_stages`); the run
    report (written to dist/reports/<run-id>.json whatever happens) as a dict. `runner` names
    where the batches run, for the report (default: options.runner)."""
    report = new_report(
        options.raw_dir, options.dist_dir, run_id, runner or options.runner, options.dask_address
    )
    stage = Stopwatch(report)
    dist = options.dist_dir
    with reporting(report, dist), locked(report, dist, options.wait_seconds, options.lock_max_age):
        with stage("check"):
            unchanged = skip_if_unchanged(
                report, options.raw_dir, options.reference_dir, dist, options.force
            )
        if not unchanged:
            run_stages(report, options, steps)
    return report.as_dict()


def run_stages(report: RunReport, options: BuildOptions, steps: Steps = PLAIN) -> None:
    """ingest -> extract (cache, batches) -> resolve -> reconcile -> validate -> publish."""
    prepare_process(report)
    report.provenance = source_state(outputs=[options.dist_dir])
    stage = Stopwatch(report)
    tables = build_tables(report, options, steps)
    with stage("validate"):
        record_validation(report, steps.validate(tables))
    with stage("publish"):
        trim_heap()  # what validate freed, before publish's Arrow copies
        info = build_info(report, tables["documents"], options.reference_dir)
        # consume: `tables` holds the only references to the frames; publish swaps each for its
        # Arrow form, freeing it (both copies at once would set the build's peak memory).
        # validated: the validate stage above raised on any failure, so publish need not run
        # the same pandera checks again (it still checks facts, derived tables and keys).
        record_release(
            report,
            steps.publish(tables, options.dist_dir, info, consume=True, validated=True),
        )


def build_tables(
    report: RunReport, options: BuildOptions, steps: Steps = PLAIN
) -> dict[str, pd.DataFrame]:
    """Every table of a release, not yet validated: the stages up to reconcile."""
    stage = Stopwatch(report)
    ref = options.reference_dir
    with stage("ingest"):
        ingested = steps.ingest(options.raw_dir, options.cache_dir, options.use_cache)
        record_ingest(report, ingested)
        record_changes(report, ingested.documents, options.dist_dir)
    documents = ingested.documents
    del ingested
    with stage("extract"):
        tables = {
            "documents": documents_table(documents),
            **extracted_tables(
                report,
                documents,
                ref,
                options.cache_dir,
                options.use_cache,
                _extract_all(steps.extract, options),
            ),
        }
        record_rules(report, rule_counts(tables["claims"]), *registered_rule_names())
        record_refused(
            report,
            refused_table(tables.pop("refused"), documents),
            refused_file(report, options.dist_dir),
        )
    with stage("resolve"):
        gazetteer = load_gazetteer(ref)
        increment = inc.plan(
            tables["documents"], options.raw_dir, ref, options.cache_dir, options.use_cache
        )
        proposals = proposals_file(report, options.dist_dir)
        resolved = steps.resolve(gazetteer, tables, documents, ref, proposals, increment)
        tables |= record_stage(report, resolved)
        tables.pop("discovered", None)  # now rows of entities and aliases
    del documents  # resolve is the last stage to read the texts: they need not outlive it
    trim_heap()  # the texts' heap pages (see trim_heap): later stages would not reuse most of them
    with stage("reconcile"):
        reconciled = steps.reconcile(gazetteer, tables, ref, increment)
        withheld = reconciled.report.pop(LOW_CONFIDENCE, pd.DataFrame())
        record_low_confidence(report, withheld, low_confidence_file(report, options.dist_dir))
        tables |= record_stage(report, reconciled)
        keep_state(report, increment, resolved, reconciled, len(tables["documents"]))
    return tables


def keep_state(
    report: RunReport,
    increment: inc.Increment,
    resolved: StageOutput,
    reconciled: StageOutput,
    documents: int,
) -> None:
    """Write the state the next run reuses (hotspots.ops.incremental); say in the report whether
    this run was full (and why) or incremental, and what it redid."""
    if increment.enabled:
        error = inc.save(increment, resolved.candidates, reconciled.state)
        if error:
            increment.report["error"] = error
    report.incremental = inc.summary(increment, documents)
