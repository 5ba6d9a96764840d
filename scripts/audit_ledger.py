"""Audit ledger: every claim the extractor makes on a folder of pages, one CSV row each, to judge.

Two modes:

    python scripts/audit_ledger.py run DOCS... --out LEDGER.csv [--predicates P,...] [--exclude P,...]
                                   [--prefill-gold]
        Runs the extractor (rules alone, as `evaluate --no-model` does; the claim model is not
        applied) on every document of the folders DOCS and writes a ledger: doc, rule, subject,
        predicate, object/value, value_text, as_of, quote (and its span) with empty `verdict`
        and `why` columns for a person to fill ("correct" or "wrong", and why). With
        --prefill-gold, claims on a gold set's docs that match its hand-annotated facts are
        marked correct; only the rest are left to judge.

    python scripts/audit_ledger.py merge OLD.csv NEW.csv [--out MERGED.csv]
        Carries OLD's verdicts into NEW (a rerun's ledger) for rows with the same doc, quote
        span, subject, predicate, object/value and as_of (a changed date needs a new verdict), writes the result (to NEW unless --out),
        prints the precision of the judged rows and lists the rows that still need a verdict.

The ledger is audit material, never gold: nothing here is compared with a gold set.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections import Counter
from pathlib import Path

COLUMNS = (
    "doc",
    "rule",
    "subject",
    "predicate",
    "object_or_value",
    "value_text",
    "as_of",
    "char_start",
    "char_end",
    "quote",
    "verdict",
    "why",
)
# the date is part of what a claim says: a claim whose as_of changed needs a new verdict
KEY = ("doc", "char_start", "char_end", "subject", "predicate", "object_or_value", "as_of")
CORRECT = {"correct", "true", "yes", "ok", "right"}
WRONG = {"wrong", "false", "no", "incorrect"}


def _text(value: object) -> str:
    """A cell as text: None and NaN empty, whole floats without their `.0`."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value)


def gold_labels(docs_dir: Path, frame) -> list[bool] | None:
    """Per claim of `frame`: whether it matches a hand-annotated fact of the gold set `docs_dir`
    belongs to (`<set>/docs` beside `<set>/facts.csv`, matched as `evaluate` matches); None
    when the folder is not a gold set's."""
    from hotspots.evaluate import claim_labels, load_gold

    gold_dir = docs_dir.resolve().parent
    if docs_dir.name != "docs" or not (gold_dir / "facts.csv").exists() or not len(frame):
        return None
    return claim_labels(load_gold(gold_dir), frame)


def ledger_rows(
    docs_dirs: list[Path],
    include: set[str] | None = None,
    exclude: set[str] | None = None,
    prefill_gold: bool = False,
) -> list[dict]:
    """One row per claim of the documents of `docs_dirs` (rules alone), sorted by doc and span.
    With `prefill_gold`, a claim matching a fact of the gold set its folder belongs to is
    marked correct (why: the gold set); the others stay open for a person to judge."""
    from hotspots.evaluate import claims_frame
    from hotspots.ingest import ingest
    from hotspots.reference import DEFAULT_REFERENCE_DIR
    from hotspots.stages.extraction import extract_batch

    rows = []
    for docs_dir in docs_dirs:
        ingested = ingest(docs_dir)
        for q in ingested.quarantined:  # a page the build would refuse is not in the ledger
            print(f"quarantined, not in the ledger: {q.name}: {q.reason}", file=sys.stderr)
        frame = claims_frame(
            ingested.documents, extract_batch(ingested.documents, DEFAULT_REFERENCE_DIR)
        )
        labels = gold_labels(docs_dir, frame) if prefill_gold else None
        records = frame.to_dict("records") if len(frame) else []
        for i, c in enumerate(records):
            if include and c["predicate"] not in include:
                continue
            if exclude and c["predicate"] in exclude:
                continue
            target = c["object_id"] if _text(c["object_id"]) else c["value"]
            rows.append(
                {
                    "doc": c["document"],
                    "rule": _text(c["extractor"]),
                    "subject": _text(c["subject_id"]),
                    "predicate": c["predicate"],
                    "object_or_value": _text(target),
                    "value_text": _text(c["value_text"]),
                    "as_of": _text(c["as_of"]),
                    "char_start": _text(c["char_start"]),
                    "char_end": _text(c["char_end"]),
                    "quote": " ".join(_text(c["quote"]).split()),
                    "verdict": "correct" if labels and labels[i] else "",
                    "why": f"matches a gold fact of {docs_dir.parent.name}"
                    if labels and labels[i]
                    else "",
                }
            )
    rows.sort(key=lambda r: (r["doc"], int(r["char_start"] or 0), r["predicate"], r["subject"]))
    return rows


def read_ledger(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return [{k: (r.get(k) or "") for k in COLUMNS} for r in csv.DictReader(f)]


def write_ledger(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: r.get(k, "") for k in COLUMNS} for r in rows)


def key(row: dict) -> tuple:
    return tuple(str(row.get(k, "")).strip() for k in KEY)


def merge(old: list[dict], new: list[dict]) -> list[dict]:
    """`new` with the verdict and why of the `old` row of the same key (a verdict already in
    `new` is kept)."""
    judged = {key(r): r for r in old if r["verdict"].strip()}
    merged = []
    for r in new:
        r = dict(r)
        before = judged.get(key(r))
        if before and not r["verdict"].strip():
            r["verdict"], r["why"] = before["verdict"], before["why"]
        merged.append(r)
    return merged


def verdict_of(row: dict) -> bool | None:
    """True for a correct claim, False for a wrong one, None when not (validly) judged."""
    v = row["verdict"].strip().lower()
    return True if v in CORRECT else False if v in WRONG else None


def summary(rows: list[dict]) -> dict:
    """Judged, correct, wrong, unjudged and precision (None when nothing is judged), and the
    same per predicate."""
    verdicts = [verdict_of(r) for r in rows]
    correct, wrong = verdicts.count(True), verdicts.count(False)
    per: dict[str, Counter] = {}
    for r, v in zip(rows, verdicts, strict=True):
        per.setdefault(r["predicate"], Counter())[
            {True: "correct", False: "wrong"}.get(v, "open")
        ] += 1
    return {
        "correct": correct,
        "wrong": wrong,
        "unjudged": verdicts.count(None),
        "precision": correct / (correct + wrong) if correct + wrong else None,
        "per_predicate": per,
    }


def report(rows: list[dict], out=None) -> None:
    out = out or sys.stdout
    s = summary(rows)
    p = "n/a" if s["precision"] is None else f"{s['precision']:.3f}"
    print(
        f"judged {s['correct'] + s['wrong']}: {s['correct']} correct, {s['wrong']} wrong, precision {p}",
        file=out,
    )
    for predicate, c in sorted(s["per_predicate"].items()):
        print(
            f"  {predicate}: {c['correct']} correct, {c['wrong']} wrong, {c['open']} open", file=out
        )
    open_rows = [r for r in rows if verdict_of(r) is None]
    print(f"{len(open_rows)} rows need a verdict", file=out)
    for r in open_rows:
        print(
            f"  {r['doc']} [{r['char_start']}:{r['char_end']}] {r['subject']} {r['predicate']} "
            f"{r['object_or_value']} ({r['rule']})",
            file=out,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    run = sub.add_parser("run", help="write a ledger of every claim on folders of pages")
    run.add_argument("docs", nargs="+", type=Path)
    run.add_argument("--out", type=Path, required=True)
    run.add_argument("--predicates", default="", help="only these predicates (comma-separated)")
    run.add_argument("--exclude", default="", help="leave out these predicates (comma-separated)")
    run.add_argument(
        "--prefill-gold",
        action="store_true",
        help="mark claims matching a fact of a gold set's facts.csv correct (folders <set>/docs)",
    )
    mrg = sub.add_parser("merge", help="carry an old ledger's verdicts into a new one")
    mrg.add_argument("old", type=Path)
    mrg.add_argument("new", type=Path)
    mrg.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)

    if args.mode == "run":
        include = {p for p in args.predicates.split(",") if p}
        exclude = {p for p in args.exclude.split(",") if p}
        rows = ledger_rows(args.docs, include or None, exclude or None, args.prefill_gold)
        write_ledger(args.out, rows)
        print(f"{len(rows)} claims written to {args.out}")
        return 0
    rows = merge(read_ledger(args.old), read_ledger(args.new))
    write_ledger(args.out or args.new, rows)
    report(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
