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
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from hotspots.release import write
from hotspots.release.jsonstream import JsonArray

BUMPS = ("major", "minor", "patch")
# Items shown per group (a predicate, or an entity type) before "... and N more".
CAP = 5


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
        # Arrow finds the rows that may differ; only those become Python values (compared as
        # before: equal in Arrow, or null/NaN on both sides, is equal as Python values too).
        maybe = _maybe_differ(old[col].take(old_rows), new[col].take(new_rows))
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
    as null, as `_jsonable` makes it None) and not equal. A superset of the Python inequality."""
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
    return RowKeys(table, key)


class RowKeys(JsonArray):
    """The key of every row of a table, in key order, one `{column: value}` dict per row — made
    a batch at a time whenever it is read, not held: a first release's diff lists every row of
    every table (2.6 million claims and 3.3 million mentions at 100,000 documents, GiBs as dicts
    for as long as the diff lives). An iterable with a length, not a list: JSON writers stream
    it (`jsonstream.json_pieces`; `json.dumps` refuses it), and `first(n)` gives the first keys."""

    def __init__(self, table: pa.Table, key: list[str]) -> None:
        keys = table.select(key)
        # Arrow's stable sort (strings by UTF-8 bytes = code points, nulls last) orders as the
        # pandas mergesort this replaced
        order = pc.sort_indices(keys, sort_keys=[(k, "ascending", "at_end") for k in key])
        self._table, self._key = keys.take(order), list(key)

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


def _first(keys, n: int) -> list[dict]:
    """The first `n` keys of a diff entry's list or RowKeys."""
    return keys.first(n) if isinstance(keys, RowKeys) else list(keys[:n])


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
            minor.append(f"{name}: {_plural(len(t['added']), 'row')} added")
        if t["removed"]:
            minor.append(f"{name}: {_plural(len(t['removed']), 'row')} removed")
        if t["changed"]:
            patch.append(f"{name}: {_plural(len(t['changed']), 'row')} changed")
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
        "changes": describe_changes(old, new, tables),
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
        return [f"{name}: new table, {_plural(t['rows_after'], 'row')}."]
    if t["status"] == "removed":
        return [f"{name}: table removed (had {_plural(t['rows_before'], 'row')})."]
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
            shown = ", ".join(_fmt_key(k) for k in _first(keys, examples))
            more = ", ..." if len(keys) > examples else ""
            out.append(f"{name}: {_plural(len(keys), 'row')} {what} (e.g. {shown}{more}).")
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
        out.append(f"{name}: {_plural(len(t['changed']), 'row')} changed ({shown}{more}).")
    return out


def summarize(diff: dict, cap: int = CAP) -> str:
    """A human summary of a release diff (as returned by `diff_releases` or in diff.json): the
    facts and entities that changed, in words, then the rows of every table."""
    head = f"{diff.get('previous') or '(nothing)'} -> {diff.get('version')}"
    if diff.get("bump"):
        head += f": {diff['bump']} change"
    lines = [head]
    if diff.get("reasons"):
        lines.append(f"  why {diff['bump']}: {diff['reasons'][0]}")
    lines += changes_lines(diff.get("changes"), markdown=False, cap=cap)
    lines.append("Rows per table:")
    for name, t in diff["tables"].items():
        sentences = table_sentences(name, t)
        lines += [f"  {s}" for s in sentences] or [
            f"  {name}: unchanged ({_plural(t['rows_after'], 'row')})."
        ]
    return "\n".join(lines)


def summarize_markdown(diff: dict, cap: int = CAP) -> str:
    """The same as `summarize`, as Markdown (`hotspots diff --markdown`)."""
    lines = [f"## {diff.get('previous') or '(nothing)'} → {diff.get('version')}", ""]
    if diff.get("bump"):
        why = f": {diff['reasons'][0]}" if diff.get("reasons") else ""
        lines += [f"A {diff['bump']} change{why}.", ""]
    lines += changes_lines(diff.get("changes"), markdown=True, cap=cap)
    lines += ["### Rows per table", ""]
    for name, t in diff["tables"].items():
        sentences = table_sentences(name, t) or [
            f"{name}: unchanged ({_plural(t['rows_after'], 'row')})."
        ]
        lines += [f"- {s}" for s in sentences]
    return "\n".join([*lines, ""])


# --- what changed, in words (issue 20) ------------------------------------------------------
# The row diff above speaks in keys; a reader wants "Shenzhen · Number of unicorn companies
# (2022): 20 → at least 23, source: <title>". Facts are named through facts_simple (the new
# release's, and the old one's, or derived from its tables when it predates facts_simple).

# A fact's statement changed when one of these did; anything else is a change of evidence.
STATEMENT = ("object_id", "value", "value_text", "unit", "comparator", "combined", "status")


def _simple_rows(tables: dict[str, pa.Table] | None, fact_ids: set) -> dict[str, dict]:
    """facts_simple rows by fact_id, of the facts in `fact_ids` (only those become Python rows):
    the release's own, or derived from its tables."""
    from hotspots.release import derive  # derive imports pandas-heavy helpers; only when needed

    if not tables:
        return {}
    if "facts_simple" in tables:
        simple = tables["facts_simple"]
        if "fact_id" in simple.column_names:
            simple = simple.filter(
                pc.is_in(
                    simple["fact_id"],
                    pa.array(sorted(i for i in fact_ids if i is not None), pa.string()),
                )
            )
        frame = write.to_frame(simple)
    elif {"facts", "entities", "claims", "documents"} <= set(tables):
        frames = {n: write.to_frame(tables[n]) for n in ("facts", "entities")}
        try:  # the claims and documents stay Arrow (derive.first_sources)
            frame = derive.facts_simple(
                frames["facts"], frames["entities"], tables["claims"], tables["documents"]
            )
        except (KeyError, ValueError) as err:  # a past contract without what it needs
            return {"": {"error": str(err)}}
    else:
        return {}
    if "fact_id" in frame.columns:
        frame = frame[frame["fact_id"].isin(fact_ids)]
    return {row["fact_id"]: row for row in frame.to_dict("records")}


def _source(row: dict) -> str:
    return f"{row['source_title']} ({row['source_publisher']})"


def _fact_item(row: dict, old: str | None, new: str | None) -> dict:
    return {
        "fact_id": row["fact_id"],
        "subject_id": row["subject_id"],
        "subject": row["subject_name"],
        "predicate": row["predicate"],
        "label": row["predicate_label"],
        "as_of": _jsonable(row.get("as_of")),
        "old": old,
        "new": new,
        "source": _source(row),
        "url": row["source_url"],
    }


def _statement_change(change: dict, before: dict | None, after: dict) -> tuple[str, str] | None:
    """(old, new) in words when the fact's statement changed, None when only its evidence did."""
    columns = change["columns"]
    if not any(c in columns for c in STATEMENT):
        return None
    old = before["object_or_value"] if before else None
    new = after["object_or_value"]
    extra = []
    if "status" in columns:
        extra.append(f"status {columns['status']['old']} → {columns['status']['new']}")
    if old == new and "value_text" in columns:
        old = f"{old} (as written: {_fmt_value(columns['value_text']['old'])})"
        new = f"{new} (as written: {_fmt_value(columns['value_text']['new'])})"
    if old == new and extra:
        return ", ".join(extra), ""
    if extra:
        new = f"{new}; {', '.join(extra)}"
    return old or "", new


def describe_changes(
    old: dict[str, pa.Table] | None, new: dict[str, pa.Table], tables: dict
) -> dict | None:
    """Fact and entity changes between two releases, named: JSON-ready, for diff.json, the
    changelog and `hotspots diff`. None for a first release (everything is new)."""
    if not old:
        return None
    facts = tables.get("facts") or {}
    changed_ids = {c["key"].get("fact_id") for c in facts.get("changed", [])}
    added_ids = {k.get("fact_id") for k in facts.get("added", [])}
    removed_ids = {k.get("fact_id") for k in facts.get("removed", [])}
    before = _simple_rows(old, changed_ids | removed_ids)
    after = _simple_rows(new, changed_ids | added_ids)
    changed, evidence = [], 0
    for change in facts.get("changed", []):
        fid = change["key"].get("fact_id")
        if fid not in after:
            continue
        words = _statement_change(change, before.get(fid), after[fid])
        if words is None:
            evidence += 1
        else:
            changed.append(_fact_item(after[fid], *words))
    added = [
        _fact_item(after[k["fact_id"]], None, after[k["fact_id"]]["object_or_value"])
        for k in facts.get("added", [])
        if k.get("fact_id") in after
    ]
    removed = [
        _fact_item(before[k["fact_id"]], before[k["fact_id"]]["object_or_value"], None)
        for k in facts.get("removed", [])
        if k.get("fact_id") in before
    ]
    return {
        "facts": {
            "changed": changed,
            "added": added,
            "removed": removed,
            "evidence_only": evidence,
            # facts the words could not name (a past release without what facts_simple needs)
            "unnamed": len(facts.get("added", []))
            + len(facts.get("removed", []))
            - len(added)
            - len(removed),
        },
        "entities": _entity_changes(old.get("entities"), new.get("entities"), tables),
    }


def _entity_changes(old: pa.Table | None, new: pa.Table | None, tables: dict) -> dict:
    t = tables.get("entities") or {}
    names_old = _entity_names(old)
    names_new = _entity_names(new)
    out = {"added": [], "removed": [], "renamed": []}
    for what, names in (("added", names_new), ("removed", names_old)):
        for key in t.get(what, []):
            eid = key.get("entity_id")
            if eid in names:
                out[what].append({"entity_id": eid, **names[eid]})
    for change in t.get("changed", []):
        eid = change["key"].get("entity_id")
        if "name" in change["columns"] and eid in names_new:
            col = change["columns"]["name"]
            out["renamed"].append(
                {
                    "entity_id": eid,
                    "type": names_new[eid]["type"],
                    "old": col["old"],
                    "new": col["new"],
                }
            )
    return out


def _entity_names(table: pa.Table | None) -> dict[str, dict]:
    if table is None or not {"entity_id", "name", "type"} <= set(table.column_names):
        return {}
    ids, names, types = (table[c].to_pylist() for c in ("entity_id", "name", "type"))
    return {i: {"name": n, "type": ty} for i, n, ty in zip(ids, names, types, strict=True)}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _fact_line(item: dict, what: str) -> str:
    when = f" ({item['as_of']})" if item.get("as_of") else ""
    head = f"{item['subject']}{when}"
    if what == "changed":
        body = f"{item['old']} → {item['new']}" if item["new"] else item["old"]
    elif what == "added":
        body = item["new"]
    else:
        body = f"was {item['old']}"
    return f"{head}: {body} — source: {item['source']}"


def _grouped(items: list[dict], key: str, cap: int) -> list[tuple[str, int, list[dict], int]]:
    """(group, count, the first `cap` items, how many more), biggest group first."""
    groups: dict[str, list[dict]] = {}
    # within a group, by name (subject or entity), then period: a time series reads in order
    order = sorted(
        items, key=lambda i: (i.get("subject") or i.get("name") or "", i.get("as_of") or "")
    )
    for item in order:
        groups.setdefault(item[key], []).append(item)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [(g, len(v), v[:cap], max(0, len(v) - cap)) for g, v in ordered]


FACT_GROUPS = (
    ("changed", "Changed facts", "changed"),
    ("added", "New facts", "new"),
    ("removed", "Removed facts", "removed"),
)


def changes_lines(changes: dict | None, *, markdown: bool, cap: int = CAP) -> list[str]:
    """The changes in words, as Markdown (headings, bullets) or plain text (indented), grouped
    by predicate (facts) and entity type, at most `cap` items a group, each group counted."""
    if not changes:
        return []
    out: list[str] = []

    def heading(level: int, text: str) -> None:
        out.extend([f"{'#' * level} {text}", ""] if markdown else ["  " * (level - 3) + text])

    def item(depth: int, text: str) -> None:
        out.append(("  " * depth if markdown else "  " * (depth + 1)) + "- " + text)

    def end() -> None:
        if markdown:
            out.append("")

    facts = changes["facts"]
    if any(facts[k] for k, _, _ in FACT_GROUPS):
        heading(3, "Facts: " + ", ".join(f"{len(facts[k])} {w}" for k, _, w in FACT_GROUPS))
    else:
        heading(3, "Facts: none new, changed or removed")
    for key, title, _ in FACT_GROUPS:
        if not facts[key]:
            continue
        heading(4, f"{title} ({len(facts[key])})")
        for label, n, shown, more in _grouped(facts[key], "label", cap):
            item(0, f"**{label}** ({n})" if markdown else f"{label} ({n})")
            for fact in shown:
                item(1, _fact_line(fact, key))
            if more:
                item(1, f"… and {more} more")
        end()
    notes = []
    if facts.get("evidence_only"):
        n = facts["evidence_only"]
        notes.append(
            f"{_plural(n, 'fact')} kept {'its' if n == 1 else 'their'} statement with changed "
            "evidence (claims, rule or rationale)."
        )
    if facts.get("unnamed"):
        notes.append(f"{facts['unnamed']} added or removed fact(s) could not be named.")
    for note in notes:
        out.append(note if markdown else f"  {note}")
    if notes:
        end()
    entities = changes["entities"]
    if any(entities.values()):
        parts = [f"{len(entities[k])} {k}" for k in ("added", "removed", "renamed") if entities[k]]
        heading(3, "Entities: " + ", ".join(parts))
        for key in ("added", "removed"):
            for kind, n, shown, more in _grouped(entities[key], "type", cap):
                names = ", ".join(f"{e['name']} ({e['entity_id']})" for e in shown)
                item(0, f"{key}, {kind} ({n}): {names}" + (f", … and {more} more" if more else ""))
        for e in entities["renamed"][:cap]:
            item(0, f"renamed {e['entity_id']}: {e['old']} → {e['new']}")
        if len(entities["renamed"]) > cap:
            item(0, f"… and {len(entities['renamed']) - cap} more renamed")
        end()
    return out
