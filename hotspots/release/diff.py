"""What changed between two releases, row by row, and what that means for the version number.

Rows are matched by primary key. The bump follows DESIGN.md's semver rules, made precise:
- major: a table removed; a column removed or renamed (a rename is a removal plus an addition),
  retyped, or the column order changed (CSV readers that go by position would break).
- minor: a table or column added; rows added; rows removed. Removing rows is *not* major: a
  row disappears when an extraction is corrected or a document is withdrawn, and readers' code
  keeps working; the removed keys are listed in diff.json and the changelog.
- patch: same rows, some values corrected; or data bytes changed with no row or column
  difference at all (e.g. a locked pyarrow upgrade re-encoded the files).
- none: the data files are byte-identical (decided before any diff is computed).

The changes named (facts, entities): diff_changes.py; the diff in words: diff_summary.py.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from hotspots.release import write
from hotspots.release.jsonstream import JsonArray

BUMPS = ("major", "minor", "patch")


def read_release(release_dir: Path) -> tuple[dict[str, pa.Table], dict[str, list[str]]]:
    """A release's tables (from Parquet) and primary keys (from its own datapackage.json)."""
    package = json.loads((release_dir / "datapackage.json").read_text(encoding="utf-8"))
    tables, keys = {}, {}
    for resource in package["resources"]:
        if resource.get("format") != "parquet":
            continue
        tables[resource["name"]] = write.read_parquet(release_dir / resource["path"])
        keys[resource["name"]] = list(resource.get("schema", {}).get("primaryKey", []))
    return tables, keys


def diff_tables(
    old: dict[str, pa.Table] | None, new: dict[str, pa.Table], keys: dict[str, list[str]]
) -> dict:
    """Per-table differences; `old=None` means there is no previous release."""
    old = old or {}
    out = {}
    for name in list(new) + sorted(set(old) - set(new)):
        out[name] = _diff_table(old.get(name), new.get(name), keys.get(name) or [])
    return out


def _diff_table(old: pa.Table | None, new: pa.Table | None, key: list[str]) -> dict:
    old_types = _types(old)
    new_types = _types(new)
    common = [c for c in new_types if c in old_types]
    entry: dict = {
        "status": "unchanged",
        "primary_key": key,
        "rows_before": old.num_rows if old is not None else 0,
        "rows_after": new.num_rows if new is not None else 0,
        "columns_added": [c for c in new_types if c not in old_types] if old is not None else [],
        "columns_removed": [c for c in old_types if c not in new_types] if new is not None else [],
        "columns_retyped": {
            c: [old_types[c], new_types[c]] for c in common if old_types[c] != new_types[c]
        },
        "columns_reordered": [c for c in old_types if c in new_types] != common,
        "added": [],
        "removed": [],
        "changed": [],
    }
    if old is None:
        entry["status"] = "added"
    elif new is None:
        entry["status"] = "removed"
    if old is not None and new is not None and key and set(key) <= set(common):
        added, removed, changed = _row_changes(old, new, key, [c for c in common if c not in key])
    else:
        # Without a shared key the rows cannot be matched: everything old went, everything new came.
        use_key = key or list(new_types or old_types)
        added = _keys(new, use_key) if new is not None and set(use_key) <= set(new_types) else []
        removed = _keys(old, use_key) if old is not None and set(use_key) <= set(old_types) else []
        changed = []
    entry.update(added=added, removed=removed, changed=changed)
    if entry["status"] == "unchanged" and (
        added
        or removed
        or changed
        or entry["columns_added"]
        or entry["columns_removed"]
        or entry["columns_retyped"]
        or entry["columns_reordered"]
    ):
        entry["status"] = "changed"
    return entry


def _types(table: pa.Table | None) -> dict[str, str]:
    if table is None:
        return {}
    return {f.name: str(write.plain_type(f.type)) for f in table.schema}


def _row_changes(old: pa.Table, new: pa.Table, key: list[str], value_columns: list[str]):
    """Keys added and removed, and the rows whose values changed, column by column: only the key
    columns and one value column at a time are pandas objects (whole tables of 10,000 documents
    were GiBs of them)."""
    old_i = _key_index(old, key)
    new_i = _key_index(new, key)
    added = new_i.difference(old_i).sort_values()
    removed = old_i.difference(new_i).sort_values()
    both = new_i.intersection(old_i).sort_values()
    old_rows, new_rows = old_i.get_indexer(both), new_i.get_indexer(both)
    changes: dict[int, dict] = {}  # position in `both` -> {column: {"old", "new"}}
    for col in value_columns:
        # Arrow finds the rows that may differ; only those become Python values (compared as
        # before: equal in Arrow, or null/NaN on both sides, is equal as Python values too).
        maybe = _maybe_differ(
            write.decoded(old[col].take(old_rows)), write.decoded(new[col].take(new_rows))
        )
        if not len(maybe):
            continue
        ov = _plain(_column(old, col).take(old_rows[maybe]))
        nv = _plain(_column(new, col).take(new_rows[maybe]))
        for i, a, b in zip(maybe.tolist(), ov, nv, strict=True):
            if a != b:
                changes.setdefault(i, {})[col] = {"old": a, "new": b}
    changed = [{"key": _key_dict(key, both[i]), "columns": changes[i]} for i in sorted(changes)]
    return [_key_dict(key, k) for k in added], [_key_dict(key, k) for k in removed], changed


def _maybe_differ(old: pa.ChunkedArray, new: pa.ChunkedArray) -> np.ndarray:
    """Positions where two aligned columns may hold different values: not both null (NaN counts
    as null, as `jsonable` makes it None) and not equal. A superset of the Python inequality."""
    if old.type != new.type:  # a retyped column: compare every row as Python values
        return np.arange(len(old))
    old_null = pc.is_null(old, nan_is_null=True)
    new_null = pc.is_null(new, nan_is_null=True)
    both_null = pc.and_(old_null, new_null)
    equal = pc.fill_null(pc.equal(old, new), False)
    same = pc.or_(both_null, equal)
    return np.flatnonzero(np.logical_not(same.to_numpy(zero_copy_only=False)))


def _column(table: pa.Table, name: str) -> pd.Series:
    return write.to_frame(table.select([name]))[name]


def _key_index(table: pa.Table, key: list[str]) -> pd.Index:
    frame = write.to_frame(table.select(key))
    return frame.set_index(key).index


def _plain(series: pd.Series) -> list:
    """Values as JSON-ready Python objects, every kind of null as None (so None == None)."""
    return [jsonable(v) for v in series.astype(object).tolist()]


def jsonable(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isinf(value):
        return str(value)
    return value


def _key_dict(key: list[str], idx) -> dict:
    values = idx if isinstance(idx, tuple) else (idx,)
    return {k: jsonable(v) for k, v in zip(key, values, strict=True)}


def _keys(table: pa.Table, key: list[str]) -> list[dict]:
    return RowKeys(table, key)


class RowKeys(JsonArray):
    """The key of every row of a table, in key order, one `{column: value}` dict per row — made
    a batch at a time whenever it is read, not held: a first release's diff lists every row of
    every table (2.6 million claims and 3.3 million mentions at 100,000 documents, GiBs as dicts
    for as long as the diff lives). An iterable with a length, not a list: JSON writers stream
    it (`jsonstream.json_pieces`; `json.dumps` refuses it), and `first(n)` gives the first keys."""

    def __init__(self, table: pa.Table, key: list[str]) -> None:
        keys = write.decoded(table, key)
        # Arrow's stable sort (strings by UTF-8 bytes = code points, nulls last) orders as the
        # pandas mergesort this replaced
        order = pc.sort_indices(keys, sort_keys=[(k, "ascending", "at_end") for k in key])
        # a published table is in key order already: its own columns then, not a sorted copy
        # (which a first release's diff held for every table until the publish ended)
        in_order = np.array_equal(order.to_numpy(), np.arange(len(order)))
        self._table, self._key = (keys if in_order else keys.take(order)), list(key)

    def __len__(self) -> int:
        return self._table.num_rows

    def __bool__(self) -> bool:
        return self._table.num_rows > 0

    def batches(self) -> Iterator[list[dict]]:
        for batch in self._table.to_batches(max_chunksize=write.ROW_BATCH):
            frame = write.to_frame(pa.Table.from_batches([batch], schema=self._table.schema))
            yield [_key_dict(self._key, tuple(r)) for r in frame.itertuples(index=False, name=None)]

    def first(self, n: int) -> list[dict]:
        return list(RowKeys(self._table.slice(0, n), self._key))

    def __repr__(self) -> str:
        return f"RowKeys({len(self)} rows of {self._key})"


def first_keys(keys, n: int) -> list[dict]:
    """The first `n` keys of a diff entry's list or RowKeys."""
    return keys.first(n) if isinstance(keys, RowKeys) else list(keys[:n])


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def decide_bump(tables: dict) -> tuple[str | None, list[str]]:
    """The semver bump a table diff calls for, and the reasons, most severe first."""
    major, minor, patch = [], [], []
    for name, t in tables.items():
        if t["status"] == "removed":
            major.append(f"table {name} removed")
            continue
        if t["status"] == "added":
            minor.append(f"table {name} added")
            continue
        major += [f"column {name}.{c} removed" for c in t["columns_removed"]]
        major += [
            f"column {name}.{c} retyped {a} -> {b}" for c, (a, b) in t["columns_retyped"].items()
        ]
        if t["columns_reordered"]:
            major.append(f"columns of {name} reordered")
        minor += [f"column {name}.{c} added" for c in t["columns_added"]]
        if t["added"]:
            minor.append(f"{name}: {plural(len(t['added']), 'row')} added")
        if t["removed"]:
            minor.append(f"{name}: {plural(len(t['removed']), 'row')} removed")
        if t["changed"]:
            patch.append(f"{name}: {plural(len(t['changed']), 'row')} changed")
    for bump, reasons in zip(BUMPS, (major, minor, patch), strict=True):
        if reasons:
            return bump, major + minor + patch
    return None, []


def next_version(previous: str | None, bump: str | None) -> str:
    if previous is None:
        return "1.0.0"
    major, minor, patch = (int(p) for p in previous.split("."))
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"
