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
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from hotspots.release import write

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
    return {f.name: str(f.type) for f in table.schema}


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
        ov = _plain(_column(old, col).take(old_rows))
        nv = _plain(_column(new, col).take(new_rows))
        for i, (a, b) in enumerate(zip(ov, nv, strict=True)):
            if a != b:
                changes.setdefault(i, {})[col] = {"old": a, "new": b}
    changed = [{"key": _key_dict(key, both[i]), "columns": changes[i]} for i in sorted(changes)]
    return [_key_dict(key, k) for k in added], [_key_dict(key, k) for k in removed], changed


def _column(table: pa.Table, name: str) -> pd.Series:
    return write.to_frame(table.select([name]))[name]


def _key_index(table: pa.Table, key: list[str]) -> pd.Index:
    frame = write.to_frame(table.select(key))
    return frame.set_index(key).index


def _plain(series: pd.Series) -> list:
    """Values as JSON-ready Python objects, every kind of null as None (so None == None)."""
    return [_jsonable(v) for v in series.astype(object).tolist()]


def _jsonable(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isinf(value):
        return str(value)
    return value


def _key_dict(key: list[str], idx) -> dict:
    values = idx if isinstance(idx, tuple) else (idx,)
    return {k: _jsonable(v) for k, v in zip(key, values, strict=True)}


def _keys(table: pa.Table, key: list[str]) -> list[dict]:
    frame = write.to_frame(table.select(key))
    rows = frame.sort_values(key, kind="mergesort").itertuples(index=False, name=None)
    return [_key_dict(key, tuple(r)) for r in rows]


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
            minor.append(f"{name}: {len(t['added'])} row(s) added")
        if t["removed"]:
            minor.append(f"{name}: {len(t['removed'])} row(s) removed")
        if t["changed"]:
            patch.append(f"{name}: {len(t['changed'])} row(s) changed")
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


def diff_releases(old_dir: Path, new_dir: Path) -> dict:
    """Diff two release directories (or versions) as publish would have: rows by primary key."""
    old, _ = read_release(Path(old_dir))
    new, keys = read_release(Path(new_dir))
    tables = diff_tables(old, new, keys)
    bump, reasons = decide_bump(tables)
    return {
        "previous": Path(old_dir).name,
        "version": Path(new_dir).name,
        "bump": bump,
        "reasons": reasons,
        "tables": tables,
    }


def _fmt_key(key: dict) -> str:
    values = [str(v) for v in key.values()]
    return f"({', '.join(values)})" if len(values) > 1 else values[0]


def _fmt_value(value) -> str:
    if isinstance(value, float):
        return write.format_float(value)
    if value is None:
        return "null"
    if isinstance(value, int | bool):
        return str(value)
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def table_sentences(name: str, t: dict, examples: int = 3) -> list[str]:
    """What happened to one table, in words, with a few example keys."""
    if t["status"] == "added":
        return [f"{name}: new table, {t['rows_after']} row(s)."]
    if t["status"] == "removed":
        return [f"{name}: table removed (had {t['rows_before']} row(s))."]
    out = []
    for what, cols in (("added", t["columns_added"]), ("removed", t["columns_removed"])):
        if cols:
            out.append(f"{name}: column(s) {what}: {', '.join(cols)}.")
    for col, (a, b) in t["columns_retyped"].items():
        out.append(f"{name}: column {col} changed type from {a} to {b}.")
    if t["columns_reordered"]:
        out.append(f"{name}: columns reordered.")
    for what in ("added", "removed"):
        keys = t[what]
        if keys:
            shown = ", ".join(_fmt_key(k) for k in keys[:examples])
            more = ", ..." if len(keys) > examples else ""
            out.append(f"{name}: {len(keys)} row(s) {what} (e.g. {shown}{more}).")
    if t["changed"]:
        shown = "; ".join(
            f"{_fmt_key(c['key'])}: "
            + ", ".join(
                f"{col} {_fmt_value(v['old'])} -> {_fmt_value(v['new'])}"
                for col, v in c["columns"].items()
            )
            for c in t["changed"][:examples]
        )
        more = "; ..." if len(t["changed"]) > examples else ""
        out.append(f"{name}: {len(t['changed'])} row(s) changed ({shown}{more}).")
    return out


def summarize(diff: dict) -> str:
    """A human summary of a release diff (as returned by `diff_releases` or in diff.json)."""
    head = f"{diff.get('previous') or '(nothing)'} -> {diff.get('version')}"
    if diff.get("bump"):
        head += f": {diff['bump']} change"
    lines = [head]
    for name, t in diff["tables"].items():
        sentences = table_sentences(name, t)
        lines += [f"  {s}" for s in sentences] or [f"  {name}: unchanged ({t['rows_after']} rows)."]
    if diff.get("reasons"):
        lines.append(f"  why {diff['bump']}: {diff['reasons'][0]}")
    return "\n".join(lines)
