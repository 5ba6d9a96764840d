"""What changed between two releases, named (issue 20): the row diff (hotspots.release.diff)
speaks in keys; a reader wants "Shenzhen · Number of unicorn companies (2022): 20 → at least 23,
source: <title>". Facts are named through facts_simple (the new release's, and the old one's, or
derived from its tables when it predates facts_simple); entities by name and type."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from hotspots.release import write
from hotspots.release.diff import jsonable


def fmt_value(value) -> str:
    if isinstance(value, float):
        return write.format_float(value)
    if value is None:
        return "null"
    if isinstance(value, int | bool):
        return str(value)
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


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
        "as_of": jsonable(row.get("as_of")),
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
        old = f"{old} (as written: {fmt_value(columns['value_text']['old'])})"
        new = f"{new} (as written: {fmt_value(columns['value_text']['new'])})"
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
