"""The build, defined once: its stages as plain functions, and `build`/`run_stages`, which run
them in order given a way to call each stage (`Steps`).

`PLAIN` calls the functions below directly (the plain build of the benchmark, the tests); the
Prefect flow (flows/build.py) passes its tasks, each wrapping one of the same functions. Each
function takes and returns plain data, so it can be tested and benchmarked without Prefect.
The run report and the parts of a run around its stages (lock, "no change" check) live in
`hotspots.ops.report` and are re-exported here, so callers read `p.<step>` throughout.
"""

from __future__ import annotations

import platform
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from hotspots.curation import StageOutput, corrected_entities, load_corrections, load_judgements
from hotspots.discovered import DISCOVERED_COLUMNS
from hotspots.extract import (
    EXTRACTOR_NAME,
    EXTRACTOR_VERSION,
    UNIQUE_FIELDS,
    DocumentExtraction,
    Extractor,
    gazetteer_hash,
    share_values,
)
from hotspots.extract.doubt import shape_of
from hotspots.extract.model import load_scorer
from hotspots.ingest import Document, IngestResult, ingest
from hotspots.low_confidence import LOW_CONFIDENCE
from hotspots.ops import incremental as inc
from hotspots.ops.cache import ConversionCache, ExtractionCache
from hotspots.ops.memory import trim_heap, tune_allocators
from hotspots.ops.provenance import source_state
from hotspots.ops.report import (  # noqa: F401 - re-exported: the flow and tests call them as p.<name>
    NothingToPublish,
    RunReport,
    Stopwatch,
    discovered_file,
    finish,
    locked,
    low_confidence_file,
    new_report,
    new_run_id,
    now_iso,
    proposals_file,
    record_changes,
    record_failure,
    record_ingest,
    record_low_confidence,
    record_refused,
    record_release,
    record_rules,
    record_stage,
    record_validation,
    refused_file,
    reporting,
    skip_if_unchanged,
    summary_lines,
    write_report,
)
from hotspots.options import DEFAULT_BATCH_SIZE, BuildOptions
from hotspots.reconcile import (
    PreparedGroups,
    SettleContext,
    Settled,
    finish_incremental,
    finish_reconcile,
    prepare_groups,
    reconcile,
    settle_groups,
)
from hotspots.reference import DEFAULT_REFERENCE_DIR, Gazetteer, load_gazetteer, reference_hash
from hotspots.release import PublishResult, publish_release
from hotspots.resolve import resolve
from hotspots.validate import ValidationReport, validate_tables
from schemas import columns


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


def batches(documents: list[Document], size: int = DEFAULT_BATCH_SIZE) -> list[list[Document]]:
    return [documents[i : i + size] for i in range(0, len(documents), size)]


def extract_batches(
    batches: list[list[Document]], reference_dir: Path = DEFAULT_REFERENCE_DIR
) -> list[DocumentExtraction]:
    """Every batch, one after the other in this process (the flow submits them to its runner)."""
    return [e for batch in batches for e in extract_batch(batch, reference_dir)]


_EXTRACTORS: dict[str, Extractor] = {}
# Batches run on threads: without the lock every concurrent batch built its own matcher (measured:
# 20 threads, 20 extractors, 20 s of CPU instead of 7 s).
_EXTRACTORS_LOCK = threading.Lock()


def extract_batch(
    documents: list[Document], reference_dir: Path = DEFAULT_REFERENCE_DIR
) -> list[DocumentExtraction]:
    """Mentions and claims of one batch. The matcher is built once per process and reference data."""
    extractor = process_extractor(reference_dir)
    return [extractor.extract(doc) for doc in documents]


def process_extractor(reference_dir: Path = DEFAULT_REFERENCE_DIR) -> Extractor:
    """This process's extractor for the reference data (spaCy, the gazetteer's matcher: seconds to
    build), built at the first call; `hotspots build` calls it while Prefect's server starts."""
    key = str(reference_dir) + ":" + reference_hash(reference_dir)
    with _EXTRACTORS_LOCK:
        extractor = _EXTRACTORS.get(key)
        if extractor is None:
            extractor = _EXTRACTORS[key] = Extractor(
                load_gazetteer(reference_dir), scorer=load_scorer(reference_dir)
            )
    return extractor


def extraction_cache(
    report: RunReport, cache_dir: Path | str | None, reference_dir: Path, enabled: bool = True
) -> ExtractionCache:
    cache = ExtractionCache(Path(cache_dir) if cache_dir else None, reference_dir, enabled=enabled)
    report.cache = cache.as_dict()
    return cache


def merge_extractions(
    report: RunReport,
    cache: ExtractionCache,
    documents: list[Document],
    found: dict[str, DocumentExtraction],
    extracted: list[DocumentExtraction],
) -> list[DocumentExtraction]:
    """Cached and freshly extracted results in document order; the fresh ones go into the cache."""
    cache.store(documents, extracted)
    report.cache = cache.as_dict()
    for e in extracted:
        share_values(e.mentions, cache.strings)
        share_values(e.claims, cache.strings)
    by_id = {**found, **{e.document_id: e for e in extracted}}
    count_refused(report, by_id.values())
    missing = [d.name for d in documents if d.document_id not in by_id]
    if missing:
        raise RuntimeError(
            f"extraction returned no result for {len(missing)} document(s), e.g. {missing[0]}"
        )
    return [by_id[d.document_id] for d in documents]


# the drafts the subject-doubt check refused, as the review file lists them (`quote`: the sentence)
REFUSED_COLUMNS = [
    "document_id",
    "subject_id",
    "predicate",
    "object_id",
    "value",
    "value_text",
    "char_start",
    "char_end",
    "extractor",
    "reason",
    "quote",
]


def refused_table(refused: pd.DataFrame, documents: list[Document]) -> pd.DataFrame:
    """The refused drafts with the sentence each was read from, in document and text order."""
    texts = {d.document_id: d.text for d in documents}
    out = refused.copy()
    out["quote"] = [
        texts[doc][int(a) : int(b)] if doc in texts else None
        for doc, a, b in zip(out["document_id"], out["char_start"], out["char_end"], strict=True)
    ]
    return out.sort_values(["document_id", "char_start", "predicate", "subject_id"], kind="stable")


def count_refused(report: RunReport, extractions: Iterable[DocumentExtraction]) -> None:
    """Add the drafts these documents' subject-doubt check refused to the report, by shape: what
    a maintainer reads before letting another shape refuse (reference/lexicons/doubt.yaml)."""
    counts = Counter(report.refused.get("by_shape", {}))
    counts.update(shape_of(r["reason"]) for e in extractions for r in e.refused)
    report.refused = {"claims": sum(counts.values()), "by_shape": dict(sorted(counts.items()))}


# Documents per round of extraction: the per-document results (a dict per mention and claim, about
# 60 KiB a document) live only until their round's rows are in table form, so the build holds one
# round's results, not every document's (at 5,000 documents they were 380 MiB of the extract
# stage's peak). Eight batches of the default size: enough to keep a runner's workers busy.
EXTRACT_ROUND = 8 * DEFAULT_BATCH_SIZE


def extracted_tables(
    report: RunReport,
    documents: list[Document],
    reference_dir: Path,
    cache_dir: Path | str | None,
    use_cache: bool,
    extract_all: Callable[[list[Document]], list[DocumentExtraction]],
    round_size: int = EXTRACT_ROUND,
) -> dict[str, pd.DataFrame]:
    """mentions and claims of every document: from the cache, else by `extract_all(documents)`
    (the flow runs it as batches on its task runner, the plain path one batch after another),
    in rounds of `round_size` documents whose results become table rows before the next round
    is extracted, and are freed then. Each column's dtype is inferred once all rows are in
    (`typed_tables`), so the tables are those of all the results at once."""
    cache = extraction_cache(report, cache_dir, reference_dir, use_cache)
    parts: list[dict[str, pd.DataFrame]] = []
    for start in range(0, len(documents), round_size):
        chunk = documents[start : start + round_size]
        found, todo = cache.lookup(chunk)
        fresh = extract_all(todo) if todo else []
        parts.append(extraction_rows(merge_extractions(report, cache, chunk, found, fresh)))
        del found, fresh
    parts = parts or [extraction_rows([])]
    # one table at a time, its parts freed once joined: at most one table's rows twice
    rows = {name: concat_parts([part.pop(name) for part in parts]) for name in list(parts[0])}
    del parts
    tables = typed_tables(rows)
    del rows
    trim_heap()  # the rows' untyped copies: the heap pages they leave are given back
    tables["claims"]["page"] = claim_pages(tables["claims"], documents)
    return tables


def concat_parts(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The rows of `frames` (same columns and dtypes, nothing inferred) in one frame, in order,
    each value of an object column the same object; Arrow string columns (`arrow_strings`) and
    typed columns (NUMERIC_TYPES) as one column of their type. Not `pd.concat`: it turns NaN into None in an object column that is
    all null in a part (pandas 2.3), where the frame of all rows keeps NaN (a missing key) and
    infers float64 from it."""
    if len(frames) == 1:
        return frames[0]
    names = list(frames[0].columns)
    values = {name: _concat_column([f[name] for f in frames]) for name in names}
    # object arrays stay object columns: the constructor infers nothing from a numpy array
    return pd.DataFrame(values, columns=names, copy=False)


def _concat_column(parts: list[pd.Series]) -> object:
    """The values of `parts` (one dtype) in one array of that dtype: object columns as a numpy
    object array (the same objects), numpy dtypes as numpy, extension types (Arrow strings,
    Int64) by their array type."""
    dtype = parts[0].dtype
    if isinstance(dtype, np.dtype):  # object (each value the same object) or numbers
        return np.concatenate([p.to_numpy(dtype=dtype) for p in parts])
    return type(parts[0].array)._concat_same_type([p.array for p in parts])


def documents_table(documents: list[Document]) -> pd.DataFrame:
    rows = [
        {
            "document_id": d.document_id,
            "name": d.name,
            "title": d.meta["title"],
            "url": d.meta["url"],
            "publisher": d.meta["publisher"],
            "published": d.meta["published"],
            "retrieved": d.meta["retrieved"],
            "license": d.meta["license"],
            "language": d.meta["language"],
            "sha256": d.sha256,
            "n_chars": len(d.text),
            "media_type": d.media_type,
            "converter": d.converter,
            "text_sha256": d.text_sha256,
        }
        for d in documents
    ]
    return pd.DataFrame(rows, columns=columns("documents")).astype({"n_chars": "int64"})


def claim_pages(claims: pd.DataFrame, documents: list[Document]) -> pd.Series:
    """The PDF page each claim's quote starts on (from the document's page offsets); null for
    documents without pages. Computed here, not cached with the claims: it follows from the text."""
    from hotspots.sources.convert import page_of

    pages = {d.document_id: d.pages for d in documents if d.pages}
    values = [
        page_of(pages[doc], start) if doc in pages else None
        for doc, start in zip(claims["document_id"], claims["char_start"], strict=True)
    ]
    return pd.Series(values, index=claims.index, dtype="Int64")


def extraction_tables(extractions: list[DocumentExtraction]) -> dict[str, pd.DataFrame]:
    return typed_tables(extraction_rows(extractions))


# Columns of a value per row that no other row shares (ids, quotes: UNIQUE_FIELDS): held as Arrow
# strings from extraction on, the text of every row in one buffer, not a Python object each (49
# bytes of header per string). Missing values read as NaN and comparisons give numpy booleans, as
# with object columns ("str", pandas' default string dtype from 3.0). Repeated values (document
# and entity ids, predicates, versions) stay objects: one shared string each (`share_values`),
# where Arrow would hold their text once per row.
ARROW_STRING = pd.StringDtype("pyarrow", na_value=np.nan)


def arrow_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its columns in UNIQUE_FIELDS as Arrow strings (ARROW_STRING)."""
    names = [n for n in frame.columns if n in UNIQUE_FIELDS]
    return frame.astype(dict.fromkeys(names, ARROW_STRING)) if names else frame


def extraction_rows(extractions: list[DocumentExtraction]) -> dict[str, pd.DataFrame]:
    """mentions, claims and discovered entities as frames of object columns (but the unique
    strings: `arrow_strings`, and the contract's numbers: NUMERIC_TYPES): no other dtype
    inferred yet, so that frames of parts of the documents can be joined before it is
    (`typed_tables`)."""
    return {
        "mentions": arrow_strings(
            pd.DataFrame(
                [m for e in extractions for m in e.mentions],
                columns=columns("mentions"),
                dtype=object,
            )
        ).astype(NUMERIC_TYPES["mentions"]),
        "claims": arrow_strings(
            pd.DataFrame(
                [c for e in extractions for c in e.claims], columns=columns("claims"), dtype=object
            )
        ).astype(NUMERIC_TYPES["claims"]),
        # not a published table: the resolve stage makes entities of it, then it is dropped
        "discovered": pd.DataFrame(
            [{"document_id": e.document_id, **d} for e in extractions for d in e.discovered],
            columns=DISCOVERED_COLUMNS,
            dtype=object,
        ),
        # not a published table: listed for review beside the run report (`record_refused`)
        "refused": pd.DataFrame(
            [{"document_id": e.document_id, **r} for e in extractions for r in e.refused],
            columns=REFUSED_COLUMNS[:-1],
            dtype=object,
        ),
    }


# The contract's numeric types of the extraction tables: given to each round's rows as they are
# made (`extraction_rows`), so that the numbers are never Python objects beyond their round. Held
# as objects until every round was joined, they were 4-5 KiB a document (a float or int object of
# 24-28 bytes per number: four per claim, two per mention), freed only at the end, in between the
# later rounds' objects.
NUMERIC_TYPES = {
    "mentions": {"char_start": "int64", "char_end": "int64"},
    "claims": {
        "char_start": "int64",
        "char_end": "int64",
        "value": "float64",
        "confidence": "float64",
        "page": "Int64",
    },
}


def typed_tables(rows: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Each column's dtype inferred from all its values, as the frame constructor infers it
    (`infer_objects`: the same inference), then the contract's numeric types (NUMERIC_TYPES;
    a column of that type already is left as it is)."""
    out = {name: frame.infer_objects() for name, frame in rows.items()}
    for name, types in NUMERIC_TYPES.items():
        out[name] = out[name].astype(types)
    return out


def resolve_entities(
    gazetteer: Gazetteer,
    tables: dict[str, pd.DataFrame],
    documents: list[Document] | None = None,
    reference_dir: Path = DEFAULT_REFERENCE_DIR,
    proposals_path: Path | None = None,
    increment: inc.Increment | None = None,
) -> StageOutput:
    """entities, aliases, relations; given the documents, also the alias proposals for review
    (written to `proposals_path`, e.g. dist/reports/<run-id>.proposals.csv; counted in `.report`).
    Given an `increment` (hotspots.ops.incremental), the proposals' name candidates are found
    again only in its changed documents; `.candidates` holds them per document for the next run."""
    texts = {d.document_id: d.text for d in documents} if documents is not None else None
    candidates = None
    if texts is not None and increment is not None and increment.enabled:
        candidates = name_candidates(texts, increment)
    out = resolve(
        gazetteer,
        tables["mentions"],
        tables["claims"],
        texts,
        load_judgements(reference_dir),
        proposals_path,
        also=corrected_entities(load_corrections(reference_dir)),
        discovered=tables.get("discovered"),
        discovered_path=discovered_file(proposals_path) if proposals_path is not None else None,
        candidates=None
        if candidates is None
        else [c for d in sorted(candidates) for c in candidates[d]],
    )
    out.candidates = candidates
    return out


def name_candidates(texts: dict[str, str], increment: inc.Increment) -> dict[str, list]:
    """Each document's name candidates (hotspots.proposals.find_candidate_names, which reads one
    text at a time): the previous run's for unchanged documents, found again for the rest."""
    from hotspots.proposals import find_candidate_names

    previous = (increment.previous.candidates if increment.previous is not None else None) or {}
    todo = {d: t for d, t in texts.items() if d in increment.changed or d not in previous}
    out: dict[str, list] = {d: [] for d in todo}
    for candidate in find_candidate_names(todo):
        out[candidate.document_id].append(candidate)
    out |= {d: previous[d] for d in texts if d not in todo}
    return out


def reconcile_claims(
    gazetteer: Gazetteer,
    tables: dict[str, pd.DataFrame],
    reference_dir: Path = DEFAULT_REFERENCE_DIR,
    increment: inc.Increment | None = None,
) -> StageOutput:
    """facts, conflicts, cluster_rankings; `.warnings` lists corrections and judgements that no longer apply.
    With an `increment` that keeps state, only the subjects its changed documents touch are
    reconciled again, and `.state` is the state for the next run."""
    if increment is None or not increment.enabled:
        return reconcile(
            tables["claims"], tables["documents"], tables["mentions"], gazetteer, reference_dir
        )
    prepared = group_claims(gazetteer, tables, reference_dir, increment)
    settled = settle_groups(prepared.groups, prepared.context(prepared.groups))
    return finish_claims(gazetteer, tables, prepared, [settled], increment)


# The reconcile stage in three steps, for a runner that settles the fact groups as tasks
# (flows/build.py); `reconcile_claims` is the same three steps in one call.
def group_claims(
    gazetteer: Gazetteer,
    tables: dict[str, pd.DataFrame],
    reference_dir: Path = DEFAULT_REFERENCE_DIR,
    increment: inc.Increment | None = None,
) -> PreparedGroups:
    """The claims grouped into facts, in key order (hotspots.reconcile.prepare_groups); with an
    incremental plan, those of the subjects its changed documents touch."""
    previous = increment.previous if increment is not None else None
    return prepare_groups(
        tables["claims"],
        tables["documents"],
        gazetteer,
        reference_dir,
        previous=previous.reconcile if previous is not None else None,
        changed=increment.changed if increment is not None else (),
    )


def settle_parts(prepared: PreparedGroups, size: int) -> list[dict]:
    """The fact groups in consecutive parts of at most `size`, each with what settling it reads:
    the keyword arguments of one `settle_part` task each."""
    groups = prepared.groups
    parts = [groups[i : i + size] for i in range(0, len(groups), size)]
    return [{"groups": part, "context": prepared.context(part)} for part in parts]


def settle_part(groups: list, context: SettleContext) -> Settled:
    return settle_groups(groups, context)


def finish_claims(
    gazetteer: Gazetteer,
    tables: dict[str, pd.DataFrame],
    prepared: PreparedGroups,
    settled: list[Settled],
    increment: inc.Increment | None = None,
) -> StageOutput:
    """facts, conflicts, cluster_rankings from the settled parts, in group order; with an
    `increment` that keeps state, merged with the untouched subjects' parts (`.state`)."""
    if increment is None or not increment.enabled:
        return finish_reconcile(prepared, settled, tables["mentions"], gazetteer)
    out, state = finish_incremental(
        prepared, settled, tables["mentions"], tables["documents"], gazetteer
    )
    out.state = state
    increment.report["subjects"] = len(state.subjects)
    increment.report["subjects_redone"] = (
        len(state.subjects) if prepared.touched is None else len(prepared.touched)
    )
    increment.report["fact_groups_settled"] = len(prepared.groups)
    return out


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
