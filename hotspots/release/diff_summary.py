"""A release diff in words: `diff_releases` (two release folders diffed as publish would:
rows, bump, named changes), and its summaries for the console, the changelog and the card
(`summarize`, `summarize_markdown`, `table_sentences`, `changes_lines`)."""

from __future__ import annotations

from pathlib import Path

from hotspots.release.diff import decide_bump, diff_tables, first_keys, plural, read_release
from hotspots.release.diff_changes import describe_changes, fmt_value

# Items shown per group (a predicate, or an entity type) before "... and N more".
CAP = 5


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


def table_sentences(name: str, t: dict, examples: int = 3) -> list[str]:
    """What happened to one table, in words, with a few example keys."""
    if t["status"] == "added":
        return [f"{name}: new table, {plural(t['rows_after'], 'row')}."]
    if t["status"] == "removed":
        return [f"{name}: table removed (had {plural(t['rows_before'], 'row')})."]
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
            shown = ", ".join(_fmt_key(k) for k in first_keys(keys, examples))
            more = ", ..." if len(keys) > examples else ""
            out.append(f"{name}: {plural(len(keys), 'row')} {what} (e.g. {shown}{more}).")
    if t["changed"]:
        shown = "; ".join(
            f"{_fmt_key(c['key'])}: "
            + ", ".join(
                f"{col} {fmt_value(v['old'])} -> {fmt_value(v['new'])}"
                for col, v in c["columns"].items()
            )
            for c in t["changed"][:examples]
        )
        more = "; ..." if len(t["changed"]) > examples else ""
        out.append(f"{name}: {plural(len(t['changed']), 'row')} changed ({shown}{more}).")
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
            f"  {name}: unchanged ({plural(t['rows_after'], 'row')})."
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
            f"{name}: unchanged ({plural(t['rows_after'], 'row')})."
        ]
        lines += [f"- {s}" for s in sentences]
    return "\n".join([*lines, ""])


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
            f"{plural(n, 'fact')} kept {'its' if n == 1 else 'their'} statement with changed "
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
