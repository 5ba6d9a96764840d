"""Tables a release derives at publish from the pipeline's tables (issue 20).

- `predicates`: the predicate dictionary (schemas/predicates.yaml) as data, so that a release
  explains its own predicates: label, kind (actual, target, rank, ...), unit and caveats.
- `facts.first_seen` / `facts.last_changed`: the versions a fact first appeared and last changed
  in, carried over from the previous release (a release made before these columns existed gets
  them from the releases before it, oldest first).
- `facts_simple`: one flat row per fact with names instead of ids, the predicate's label, the
  value as a reader would write it and the first source: the table to open in a spreadsheet.

Plain functions on pandas frames and Arrow tables; `publish` calls them and validates the result
against schemas/tables.py like every other table.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from hotspots.release import contract, page_arrow, write
from hotspots.release.contract import ReleaseError
from hotspots.release.write import format_float
from schemas.predicates import Predicate, predicates

HISTORY = ("first_seen", "last_changed")
# The columns whose change makes a fact "changed": its value and its standing. claim_ids,
# rule and rationale move when a source is added or a rule reworded, the statement does not.
CONTENT = ("object_id", "value", "value_text", "unit", "comparator", "combined", "status")
COMPARATOR_WORDS = {
    "eq": "",
    "gt": "more than ",
    "gte": "at least ",
    "lt": "less than ",
    "lte": "at most ",
    "approx": "about ",
}
UNIT_FORMS = {
    "percent": "{}%",
    "percent_of_gdp": "{}% of GDP",
    "rank": "rank {}",
    "count": "{}",
    "count_per_year": "{} per year",
    "km2": "{} km²",
}
NO_VALUE = "(not stated)"


# --- the predicate dictionary ---------------------------------------------------------------


def predicates_table(vocabulary: dict[str, Predicate] | None = None) -> pd.DataFrame:
    """The published vocabulary, one row per predicate in name order."""
    vocab = predicates() if vocabulary is None else vocabulary
    rows = []
    for name in sorted(vocab):
        p = vocab[name]
        rows.append(
            {
                "predicate": name,
                "label": p.label,
                "kind": p.kind,
                "description": p.description,
                "value_type": p.value_type,
                "unit": p.unit,
                "subject_types": ";".join(p.subject_types),
                "object_types": ";".join(p.object_types) or None,
                "caveats": p.caveats,
            }
        )
    return pd.DataFrame(rows, columns=list(_predicate_columns()))


def _predicate_columns() -> list[str]:
    from schemas.tables import PredicateMeanings

    return list(PredicateMeanings.to_schema().columns)


# --- history of facts -----------------------------------------------------------------------


def _rows(table: pa.Table, columns: list[str]) -> list[tuple]:
    return list(zip(*(table[c].to_pylist() for c in columns), strict=True))


def add_history(facts: pa.Table, previous: pa.Table | None, version: str) -> pa.Table:
    """`facts` (without history columns) with `first_seen` and `last_changed` appended, given the
    previous release's facts with theirs (None: no previous release). A fact is matched by
    fact_id; it changed when one of CONTENT differs (columns present in both releases)."""
    ids = facts["fact_id"].to_pylist()
    if previous is None:
        stamp = pa.array([version] * len(ids), pa.string())
        return facts.append_column("first_seen", stamp).append_column("last_changed", stamp)
    content = [c for c in CONTENT if c in facts.column_names and c in previous.column_names]
    before = {
        fid: (row, first, last)
        for fid, row, first, last in zip(
            previous["fact_id"].to_pylist(),
            _rows(previous, content),
            previous["first_seen"].to_pylist(),
            previous["last_changed"].to_pylist(),
            strict=True,
        )
    }
    first_seen, last_changed = [], []
    for fid, row in zip(ids, _rows(facts, content), strict=True):
        old = before.get(fid)
        if old is None:
            first_seen.append(version)
            last_changed.append(version)
        else:
            first_seen.append(old[1])
            last_changed.append(old[2] if old[0] == row else version)
    return facts.append_column("first_seen", pa.array(first_seen, pa.string())).append_column(
        "last_changed", pa.array(last_changed, pa.string())
    )


def history_of_releases(releases: list[tuple[str, pa.Table]]) -> pa.Table | None:
    """The facts of the last of `releases` (version, facts table; oldest first) with their
    history columns: a release that carries them is taken as it is, one that does not gets them
    from the releases before it."""
    history = None
    for version, facts in releases:
        if set(HISTORY) <= set(facts.column_names):
            history = facts
        else:
            history = add_history(facts, history, version)
    return history


def previous_history(dist_dir: Path, versions: list[str]) -> pa.Table | None:
    """The history as of the newest of `versions` (registry order, oldest first), reading back
    only as far as the newest release that carries the history columns."""
    chain: list[tuple[str, pa.Table]] = []
    for version in reversed(versions):
        path = Path(dist_dir) / version / "data" / "facts.parquet"
        if not path.is_file():
            raise ReleaseError(f"{path} is missing: the history of facts cannot be carried over")
        wanted = ["fact_id", *CONTENT, *HISTORY]
        names = pq.read_schema(path).names
        facts = pq.read_table(path, columns=[c for c in wanted if c in names])
        chain.append((version, facts))
        if set(HISTORY) <= set(names):
            break
    return history_of_releases(list(reversed(chain)))


# --- facts_simple ---------------------------------------------------------------------------


def number_words(value: float) -> str:
    """A number as a reader writes it: 60000000000 -> '60 billion', 1500000 -> '1.5 million'."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{format_float(round(value / size, 6))} {word}"
    return format_float(value)


def value_phrase(value, unit: str | None, comparator: str | None) -> str:
    """'more than 90', 'about 20%', 'rank 2', '60 billion USD'."""
    number = number_words(float(value))
    form = UNIT_FORMS.get(unit or "count")
    text = form.format(number) if form else f"{number} {unit}"
    return COMPARATOR_WORDS.get(comparator or "eq", "") + text


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value))


def object_or_value(row: dict, vocab: dict[str, Predicate], names: dict[str, str]) -> str:
    """The fact's object (its name) or value (with comparator and unit), in words."""
    p = vocab.get(row["predicate"])
    text = row.get("value_text")
    obj = names.get(row["object_id"], row["object_id"]) if _present(row.get("object_id")) else None
    if _present(row.get("value")):
        phrase = value_phrase(row["value"], row.get("unit"), row.get("comparator"))
        # A target's value alone ("7") does not say what is targeted: value_text does.
        if p is not None and p.kind == "target" and _present(text) and text != phrase:
            phrase += f" ({text})"
        return f"{phrase}, {obj}" if obj else phrase
    if obj:
        return obj
    return text if _present(text) and text else NO_VALUE


# Arrow types of the columns the choice of a fact's first source reads, for frames given as pandas
EVIDENCE_TYPES = {
    "fact_id": pa.string(),
    "claim_ids": pa.string(),
    "claim_id": pa.string(),
    "document_id": pa.string(),
    "object_id": pa.string(),
    "value": pa.float64(),
    "value_text": pa.string(),
    "char_start": pa.int64(),
    "title": pa.string(),
    "publisher": pa.string(),
    "url": pa.string(),
    "published": pa.string(),
}
# A fact's sources, best first: those stating the fact's value, dated, oldest, then a fixed order
SOURCE_ORDER = [
    ("fact_id", "ascending"),
    ("supports", "descending"),
    ("undated", "ascending"),
    ("published", "ascending"),
    ("document_id", "ascending"),
    ("char_start", "ascending"),
    ("claim_id", "ascending"),
]


def _evidence_columns(table: pd.DataFrame | pa.Table, columns: list[str]) -> pa.Table:
    """`columns` of `table` as Arrow with EVIDENCE_TYPES (a pandas column of None only would
    otherwise be of Arrow's null type, which the comparisons and joins refuse)."""
    if isinstance(table, pa.Table):
        return pa.table({c: table[c].cast(EVIDENCE_TYPES[c]) for c in columns})
    return pa.table(
        {c: pa.array(table[c], type=EVIDENCE_TYPES[c], from_pandas=True) for c in columns}
    )


def _supports(claims: pa.Table, claim_at: pa.Array, facts: pa.Table, fact_at: pa.Array) -> pa.Array:
    """Whether each link's claim (`claims` at `claim_at`) states its fact's value (`facts` at
    `fact_at`): the same object, number or text. The texts are compared as codes (the place of
    the first fact with that text), never copied once per link: the facts' value_text once per
    claim behind them was ~65 MiB at 20,000 documents, twice that at its peak."""

    def same(column: str) -> pa.Array:  # null (either side missing) is not the same
        ours, theirs = claims[column], facts[column]
        if pa.types.is_string(theirs.type):
            # equal texts have equal codes; a claim's text no fact has, or null, has none
            ours = pc.index_in(ours, value_set=theirs, skip_nulls=True)
            theirs = pc.index_in(theirs, value_set=theirs, skip_nulls=True)
        return pc.fill_null(pc.equal(ours.take(claim_at), theirs.take(fact_at)), False)

    stated = pc.or_(same("object_id"), same("value"))
    no_value = pc.and_(
        pc.is_null(claims["value"].take(claim_at), nan_is_null=True),
        pc.is_null(claims["object_id"].take(claim_at)),
    )
    return pc.or_(stated, pc.and_(no_value, same("value_text")))


def _ranks(values: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Each value's place among the distinct values of `values` in ascending order (null where
    the value is null): sorting by these sorts as by the values, with the same ties, in integers
    rather than a copy of every string (a fact's or claim's id once per link)."""
    ranks = pc.rank(values, sort_keys="ascending", tiebreaker="dense")
    return pc.if_else(pc.is_valid(values), ranks, pa.scalar(None, ranks.type))


def first_sources(
    facts: pd.DataFrame | pa.Table,
    claims: pd.DataFrame | pa.Table,
    documents: pd.DataFrame | pa.Table,
) -> tuple[dict[str, dict], dict[str, int]]:
    """Per fact_id, its first source (title, publisher, url and claim_id of the best claim in
    SOURCE_ORDER) and its number of distinct documents. Joined and sorted in Arrow: only one
    row per fact becomes Python objects (at 10,000 documents the pandas merges of the claims
    held ~120 MiB). The (fact, claim, document) links are positions in the three tables and the
    ids are sorted as their ranks: no id is copied once per link."""
    facts = _evidence_columns(facts, ["fact_id", "claim_ids", "object_id", "value", "value_text"])
    claims = _evidence_columns(
        claims, ["claim_id", "document_id", "object_id", "value", "value_text", "char_start"]
    )
    documents = _evidence_columns(
        documents, ["document_id", "title", "publisher", "url", "published"]
    )
    # the (fact, claim) links, then each link's claim and document found by key (an inner join:
    # claim_id and document_id are their tables' keys) and its fact by position
    ids = pc.split_pattern(facts["claim_ids"], ";")
    fact_at = pc.list_parent_indices(ids)
    claim_at = page_arrow.positions(pc.list_flatten(ids), claims["claim_id"])
    del ids
    found = pc.is_valid(claim_at)
    fact_at, claim_at = fact_at.filter(found), claim_at.filter(found)
    document_at = pc.index_in(
        claims["document_id"].take(claim_at), value_set=documents["document_id"]
    )
    found = pc.is_valid(document_at)
    fact_at, claim_at, document_at = (
        fact_at.filter(found),
        claim_at.filter(found),
        document_at.filter(found),
    )
    published = documents["published"].take(document_at)
    # SOURCE_ORDER's keys for every link, the ids as ranks (the same order and ties); the shown
    # columns for one link per fact
    keys = pa.table(
        {
            "fact_id": _ranks(facts["fact_id"]).take(fact_at),
            "supports": _supports(claims, claim_at, facts, fact_at),
            "undated": pc.is_null(published),
            "published": published,
            "document_id": _ranks(documents["document_id"]).take(document_at),
            "char_start": claims["char_start"].take(claim_at),
            "claim_id": _ranks(claims["claim_id"]).take(claim_at),
        }
    )
    del published
    order = pc.sort_indices(keys, sort_keys=SOURCE_ORDER)
    sorted_ids = keys["fact_id"].take(order).combine_chunks()
    del keys
    starts = [0] if len(sorted_ids) else []
    if len(sorted_ids) > 1:
        changed = pc.not_equal(sorted_ids.slice(1), sorted_ids.slice(0, len(sorted_ids) - 1))
        starts += (pc.indices_nonzero(changed).to_numpy() + 1).tolist()
    best = order.take(pa.array(starts, pa.int64()))
    shown = documents.select(["title", "publisher", "url"]).take(document_at.take(best))
    shown = shown.append_column("claim_id", claims["claim_id"].take(claim_at.take(best)))
    best_facts = facts["fact_id"].take(fact_at.take(best)).to_pylist()
    first = dict(zip(best_facts, shown.to_pylist(), strict=True))
    counts = (
        pa.table({"fact_at": fact_at, "document_at": document_at})
        .group_by("fact_at")
        .aggregate([("document_at", "count_distinct")])
    )
    fact_ids = facts["fact_id"].take(counts["fact_at"]).to_pylist()
    n_sources = dict(zip(fact_ids, counts["document_at_count_distinct"].to_pylist(), strict=True))
    return first, n_sources


def facts_simple(
    facts: pd.DataFrame,
    entities: pd.DataFrame,
    claims: pd.DataFrame | pa.Table,
    documents: pd.DataFrame | pa.Table,
    vocabulary: dict[str, Predicate] | None = None,
    quotes: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One readable row per fact (see schemas/tables.py FactsSimple), in fact_id order. The
    source's quote comes from `claims.quote`, or from `quotes` (claim_id -> quote) when the
    caller keeps the quotes out of `claims` (a release's claims are 100s of MB of them).
    `claims` and `documents` may be Arrow tables (a release's, not made pandas objects)."""
    from schemas.tables import FactsSimple

    columns = list(FactsSimple.to_schema().columns)
    vocab = predicates() if vocabulary is None else vocabulary
    if facts.empty:
        return pd.DataFrame(columns=columns)
    names = dict(zip(entities["entity_id"], entities["name"], strict=True))
    types = dict(zip(entities["entity_id"], entities["type"], strict=True))
    first, n_sources = first_sources(facts, claims, documents)
    missing = sorted(set(facts["fact_id"]) - set(first))
    if missing:
        raise ReleaseError(
            f"facts_simple: {len(missing)} fact(s) have no claim with a document, e.g. {missing[:3]}"
        )
    data: dict[str, list] = {c: [] for c in columns}
    wanted = ["fact_id", "subject_id", "predicate", "object_id", "value", "value_text", "unit"]
    wanted += ["comparator", "as_of", "status"] + (["combined"] if "combined" in facts else [])
    ordered = facts.sort_values("fact_id")[wanted]
    # a batch of facts as Python rows at a time, and the output kept as columns: every fact as
    # a dict in and as a dict out were ~120 MiB at 20,000 documents, much of it kept by the heap
    for start in range(0, len(ordered), write.ROW_BATCH):
        for fact in ordered.iloc[start : start + write.ROW_BATCH].to_dict("records"):
            fid = fact["fact_id"]
            source = first[fid]
            p = vocab[fact["predicate"]]
            row = {
                "fact_id": fid,
                "subject_id": fact["subject_id"],
                "subject_name": names[fact["subject_id"]],
                "subject_type": types[fact["subject_id"]],
                "predicate": fact["predicate"],
                "predicate_label": p.label,
                "kind": "combined" if bool(fact.get("combined")) else p.kind,
                "object_or_value": object_or_value(fact, vocab, names),
                "value": fact["value"],
                "unit": fact["unit"],
                "as_of": fact["as_of"],
                "status": fact["status"],
                "n_sources": int(n_sources[fid]),
                "source_title": source["title"],
                "source_publisher": source["publisher"],
                "source_url": source["url"],
                "source_quote": None,  # filled below for the chosen claims only
                "claim_id": source["claim_id"],
            }
            for column in columns:
                data[column].append(row[column])
    out = pd.DataFrame(data, columns=columns)
    out["n_sources"] = out["n_sources"].astype("int64")
    if quotes is None:
        quotes = _quotes(claims, out["claim_id"])
    out["source_quote"] = out["claim_id"].map(quotes)
    return out


def _quotes(claims: pd.DataFrame | pa.Table, claim_ids: pd.Series) -> dict[str, str]:
    """claim_id -> quote of the claims `claim_ids` (only these become Python strings)."""
    if isinstance(claims, pd.DataFrame):
        claims = claims[claims["claim_id"].isin(claim_ids)]
        return dict(zip(claims["claim_id"], claims["quote"], strict=True))
    chosen = claims.filter(pc.is_in(claims["claim_id"], value_set=pa.array(claim_ids, pa.string())))
    return dict(zip(chosen["claim_id"].to_pylist(), chosen["quote"].to_pylist(), strict=True))


# --- the whole release ----------------------------------------------------------------------


def release_tables(arrow: dict[str, pa.Table], facts: pa.Table) -> dict[str, pa.Table]:
    """Every table of a release as Arrow, in contract order, from the pipeline's (`arrow`) and
    the facts with their history columns (`add_history`): the derived tables computed here."""
    frames = {name: write.to_frame(arrow[name]) for name in ("facts", "entities")}
    # the claims and documents stay Arrow: only each fact's first source becomes Python objects
    simple = facts_simple(frames["facts"], frames["entities"], arrow["claims"], arrow["documents"])
    derived = {"facts": facts, "predicates": predicates_table(), "facts_simple": simple}
    return {
        name: write.to_arrow(name, derived[name]) if name in derived else arrow[name]
        for name in contract.table_names()
    }
