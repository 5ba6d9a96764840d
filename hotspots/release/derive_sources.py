"""Each fact's first source for `facts_simple` (hotspots.release.derive): the best claim behind
it in SOURCE_ORDER (one that states the fact's value, dated, oldest) with its document's title,
publisher and url, and its number of distinct documents, joined and sorted in Arrow."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from hotspots.release import page_arrow

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
