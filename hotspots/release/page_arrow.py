"""Arrow helpers of the release page: tables from Python rows (`arrow`), columns, membership and
positions of ids, counts (`bincount`, `count_equal`), a links column split into rows
(`split_links`), and the first rows in an order (`top`). The page computes counts, links and the
choice of rows with these, in Arrow, never making a whole table Python objects (page_rows)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hotspots.release import write

EMPTY = pa.table({})


def arrow(rows: pa.Table | Iterable[dict] | None) -> pa.Table:
    """A table as Arrow: as it is, or from Python rows (tests, small callers)."""
    if rows is None:
        return EMPTY
    if isinstance(rows, pa.Table):
        return rows
    return pa.Table.from_pylist(list(rows))


def column(table: pa.Table, name: str, type: pa.DataType | None = None) -> pa.Array:
    """One column as a contiguous array; nulls (of `type`, text by default) when the table has
    no such column."""
    if name not in table.column_names:
        return pa.nulls(table.num_rows, type or pa.string())
    values = table.column(name)
    if pa.types.is_null(values.type):  # Python rows with only None in this column
        return pa.nulls(table.num_rows, type or pa.string())
    values = write.decoded(values)  # the publisher holds repeated values encoded
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def strings(values: Iterable) -> pa.Array:
    return pa.array(sorted({v for v in values if isinstance(v, str)}), pa.string())


def is_in(values: pa.Array, ids: pa.Array) -> pa.Array:
    """values ∈ ids, false for a null."""
    return pc.fill_null(pc.is_in(values, value_set=ids), False)


# Ids hashed at a time by `positions`: index_in's hash table of the claims' 524,423 ids at 20,000
# documents was ~45 MiB (the first sources of facts_simple, the quality section).
ID_SLICE = 200_000


def positions(
    values: pa.Array | pa.ChunkedArray, ids: pa.Array | pa.ChunkedArray
) -> pa.Array | pa.ChunkedArray:
    """Where each value is in `ids` (its first place), null when not there. `ids` is hashed a
    slice of ID_SLICE at a time; an earlier slice's place comes first, as in one lookup."""
    found = None
    for start in range(0, max(1, len(ids)), ID_SLICE):
        at = pc.index_in(values, value_set=ids.slice(start, ID_SLICE))
        if start:
            at = pc.add(at, pa.scalar(start, at.type))
        found = at if found is None else pc.coalesce(found, at)
    return found


def bincount(where: pa.Array, n: int) -> np.ndarray:
    """How many times each of 0..n-1 is in `where` (nulls ignored)."""
    found = pc.drop_null(where).to_numpy(zero_copy_only=False).astype(np.int64)
    return np.bincount(found, minlength=n)[:n]


def count_equal(rows: pa.Table | Iterable[dict], name: str, value: str) -> int:
    table = arrow(rows)
    return int(pc.sum(pc.fill_null(pc.equal(column(table, name), value), False)).as_py() or 0)


def only_columns(rows: pa.Table | Iterable[dict] | None, *names: str) -> pa.Table:
    table = arrow(rows)
    return table.select([n for n in names if n in table.column_names])


def split_links(table: pa.Table, name: str = "claim_ids") -> pa.Table:
    """(row, id): the ids of each row's `name` (split_ids: ';'-separated, empty parts dropped),
    in row order then in the order written."""
    lists = pc.split_pattern(pc.fill_null(column(table, name), ""), ";")
    rows = pc.list_parent_indices(lists)
    ids = pc.list_flatten(lists)
    links = pa.table({"row": rows, "id": ids})
    return links.filter(pc.not_equal(ids, ""))


def top(
    table: pa.Table,
    keys: list[pa.Array],
    n: int,
    tail: Callable[[dict], tuple] | None = None,
) -> list[dict]:
    """The first n rows of `table` as Python rows, sorted by `keys` (arrays aligned with the
    rows, ascending, stable: equal keys keep the table's order) and then by `tail(row)` for what
    Arrow cannot sort (a casefolded name). Only the rows before the cut, and those tied with
    the last row kept on `keys`, are made Python rows."""
    if not table.num_rows or n <= 0:
        return []
    names = [f"k{i}" for i in range(len(keys))]
    order_keys = pa.table(dict(zip(names, keys, strict=True)))
    order = pc.sort_indices(order_keys, sort_keys=[(k, "ascending") for k in names])
    if tail is None:
        return table.take(order.slice(0, n)).to_pylist()
    end = len(order)
    if len(order) > n:
        ranked = order_keys.take(order)
        cut = ranked.slice(n - 1, 1).to_pylist()[0]
        tied = None
        for k in names:
            same = pc.equal(ranked.column(k), pa.scalar(cut[k], ranked.column(k).type))
            tied = same if tied is None else pc.and_(tied, same)
        end = pc.index(tied, True).as_py() + pc.sum(tied).as_py()
    taken = order.slice(0, end)
    rows = table.take(taken).to_pylist()
    prefix = order_keys.take(taken).to_pylist()
    ranked_rows = sorted(
        zip(prefix, rows, strict=True),
        key=lambda kr: (tuple(kr[0][k] for k in names), tail(kr[1])),
    )
    return [r for _, r in ranked_rows[:n]]
