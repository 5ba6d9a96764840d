"""A short human summary of a run report (`summary_lines`; the JSON file holds everything)."""

from __future__ import annotations


def summary_lines(report: dict) -> list[str]:
    """A short human summary of a run report (the JSON file holds everything)."""
    lines = [
        f"run {report['run_id']}: {report['documents_valid']} document(s) built, {len(report['quarantined'])} quarantined"
    ]
    if report.get("compared_with"):
        changes = [
            f"{len(report.get(k) or [])} {k.removeprefix('documents_')}"
            for k in ("documents_new", "documents_changed", "documents_removed")
        ]
        lines.append(
            f"  since {report['compared_with']}: "
            + ", ".join(changes)
            + f", {report.get('documents_unchanged', 0)} unchanged"
        )
    for q in report["quarantined"]:
        lines.append(f"  quarantined {q['name']}: {q['reason']}")
    for w in report.get("warnings", []):
        lines.append(f"  warning {w['name']}: {w['warning']}")
    cache = report.get("cache") or {}
    if cache.get("enabled"):
        lines.append(
            f"  extraction cache: {cache['hits']} hit(s), {cache['misses']} miss(es) in {cache['dir']}"
        )
        lines.extend(f"  cache warning: {e}" for e in cache.get("errors", []))
    lock = report.get("lock") or {}
    if lock.get("cleared_stale"):
        stale = lock["cleared_stale"]
        lines.append(
            f"  cleared a stale lock of run {stale.get('run_id')} (pid {stale.get('pid')} on {stale.get('host')}): {stale.get('reason')}"
        )
    if lock.get("waited_s", 0) >= 1:
        lines.append(f"  waited {lock['waited_s']:.0f} s for another run to finish")
    if report.get("rows") and not report.get("skipped"):
        lines.append("  rows: " + ", ".join(f"{k}={v}" for k, v in sorted(report["rows"].items())))
    rules = report.get("rules") or {}
    if rules and not report.get("skipped"):
        known = rules.get("registry") is not None
        never = f"{len(rules['never_fired'])} never fired" if known else "never fired: not known"
        lines.append(f"  rules: {len(rules['fired'])} fired, {never} (see report)")
    refused = report.get("refused") or {}
    if refused.get("claims") and not report.get("skipped"):
        shapes = ", ".join(f"{k} {v}" for k, v in refused["by_shape"].items())
        listed = f"; listed in {refused['path']}" if refused.get("path") else ""
        lines.append(
            f"  refused for subject doubt: {refused['claims']} draft(s) ({shapes}){listed}"
        )
    incremental = report.get("incremental") or {}
    if incremental.get("mode") == "incremental":
        lines.append(
            f"  incremental: {incremental['documents_redone']} document id(s) added, changed or "
            f"removed; {incremental.get('subjects_redone')} of {incremental.get('subjects')} "
            "subjects resolved and reconciled again"
        )
    elif incremental.get("mode") == "full":
        lines.append(f"  full resolve and reconcile: {incremental.get('reason')}")
    if incremental.get("error"):
        lines.append(f"  {incremental['error']}")
    low = report.get("low_confidence") or {}
    if low.get("withheld"):
        lines.append(
            f"  low confidence: {low['withheld']} claim(s) withheld from facts (below the claim "
            f"model's threshold {low.get('threshold')}): {low.get('path')}"
        )
    timings = report.get("timings") or {}
    if timings:
        lines.append("  time: " + ", ".join(f"{k} {v:.1f}s" for k, v in timings.items()))
    if report.get("release"):
        lines.append(report["release"]["message"])
    if report.get("error"):
        lines.append(f"FAILED in stage {report.get('failed_stage') or '?'}: {report['error']}")
    return lines
