"""First-sight ledger: every claim the rules OF A GIVEN COMMIT make on one batch of gold pages,
labelled true or false against the CURRENT gold rows (issue #18 item 3).

    python scripts/first_sight_ledger.py BATCH COMMIT [--gold tests/gold/real_dev] [--out CSV]

BATCH is a document prefix (`rn26` takes the pages `rn26_*` of GOLD/docs); COMMIT the code that
scored them at first sight, before anyone read them. The script

1. copies the batch's pages (`.txt` and `.meta.json`) from GOLD/docs to a temporary folder;
2. makes a detached worktree of COMMIT under /tmp (`git worktree add --detach`) and runs the
   extractor there in a child process of this Python with `PYTHONPATH` set to the worktree, so
   the package, its rules and its `reference/` (gazetteer, claim model, cue words) are COMMIT's
   (the child checks that `hotspots` was imported from the worktree and refuses otherwise);
   every claim is kept with its rule family, the confidence of COMMIT's claim model and the
   model's features (`hotspots.extract.model.features`, as `train-model` keeps them);
3. labels every claim against the current GOLD/facts.csv with `hotspots.evaluate.claim_labels`
   (the matching `hotspots evaluate` and `train-model` use: TP when it states a gold fact of its
   document) and prints `hotspots evaluate`'s overall score of the batch as a check;
4. writes `tests/gold/first_sight/<BATCH>.csv` (one row per claim: doc, rule, family, subject,
   predicate, object_or_value, value_text, as_of, quote, label, then span, confidence, features
   as JSON) and removes the worktree.

A ledger is a measurement of old code against today's gold; it is never gold itself.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = (
    "doc",
    "rule",
    "family",
    "subject",
    "predicate",
    "object_or_value",
    "value_text",
    "as_of",
    "quote",
    "label",
    "char_start",
    "char_end",
    "combined",
    "confidence",
    "features",
)
BLIND = "real_blind"


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


# --- child: runs inside the commit's worktree -------------------------------------------------


def extract_here(pages: Path, out: Path, worktree: Path) -> None:
    """The claims of `pages` by the code this process imports (which must be `worktree`'s)."""
    import hotspots
    from hotspots.evaluate import claims_frame
    from hotspots.extract import Extractor
    from hotspots.extract.engine import registered_rules
    from hotspots.extract.model import Scorer, load_scorer, words_path
    from hotspots.extract.model.features import load_cue_words
    from hotspots.ingest import ingest
    from hotspots.reference import DEFAULT_REFERENCE_DIR, load_gazetteer

    code = Path(hotspots.__file__).resolve()
    if worktree.resolve() not in code.parents:
        raise SystemExit(f"hotspots was imported from {code}, not from the worktree {worktree}")
    if worktree.resolve() not in DEFAULT_REFERENCE_DIR.resolve().parents:
        raise SystemExit(f"reference data {DEFAULT_REFERENCE_DIR} is not the worktree's")
    scorer = load_scorer(DEFAULT_REFERENCE_DIR) or Scorer(
        None, load_cue_words(words_path(DEFAULT_REFERENCE_DIR).resolve())
    )
    extractor = Extractor(load_gazetteer(DEFAULT_REFERENCE_DIR), scorer=scorer, keep_features=True)
    ingested = ingest(pages)
    for q in ingested.quarantined:
        print(f"quarantined, no claims: {q.name}: {q.reason}", file=sys.stderr)
    frame = claims_frame(ingested.documents, [extractor.extract(d) for d in ingested.documents])
    families = {name: spec.family for name, spec in registered_rules().items()}
    records = frame.to_dict("records") if len(frame) else []
    for r in records:
        r["family"] = families.get(r.get("extractor"), "unknown")
    payload = {
        "code": str(code),
        "documents": sorted(d.name for d in ingested.documents),
        "claims": records,
    }
    out.write_text(json.dumps(payload, default=_text, ensure_ascii=False), encoding="utf-8")


# --- parent: worktree, labels, ledger ---------------------------------------------------------


def batch_pages(docs_dir: Path, batch: str) -> list[Path]:
    """The batch's page texts in GOLD/docs (`<batch>_*.txt`)."""
    return sorted(docs_dir.glob(f"{batch}_*.txt"))


def run_commit(commit: str, pages: list[Path], repo: Path = ROOT) -> dict:
    """Claims of `pages` by `commit`'s code, in a detached worktree removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="first_sight_") as tmp:
        tmp_path = Path(tmp)
        pages_dir = tmp_path / "pages"
        pages_dir.mkdir()
        for page in pages:
            shutil.copy2(page, pages_dir / page.name)
            meta = page.with_suffix(".meta.json")
            if meta.exists():
                shutil.copy2(meta, pages_dir / meta.name)
        worktree = tmp_path / "worktree"
        subprocess.run(
            ["git", "-C", str(repo), "worktree", "add", "--detach", "-q", str(worktree), commit],
            check=True,
        )
        try:
            out = tmp_path / "claims.json"
            env = {**os.environ, "PYTHONPATH": str(worktree)}
            env.setdefault("PREFECT_HOME", str(tmp_path / ".prefect"))
            subprocess.run(
                [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "_extract",
                    str(pages_dir),
                    str(out),
                    str(worktree),
                ],
                check=True,
                cwd=worktree,
                env=env,
            )
            return json.loads(out.read_text(encoding="utf-8"))
        finally:
            subprocess.run(
                ["git", "-C", str(repo), "worktree", "remove", "--force", str(worktree)],
                check=False,
            )


def ledger_rows(
    claims: list[dict], gold_dir: Path, documents: list[str]
) -> tuple[list[dict], dict]:
    """One row per claim labelled TP/FP against `gold_dir`'s facts (today's code and gold), and
    `hotspots evaluate`'s overall score of the documents."""
    import pandas as pd

    from hotspots.evaluate import claim_labels, evaluate, load_gold, predicates

    gold = load_gold(gold_dir)
    frame = pd.DataFrame(claims)
    known = set(predicates())
    # a predicate today's vocabulary no longer has states no gold fact
    usable = frame[frame["predicate"].isin(known)] if len(frame) else frame
    labels = dict(zip(usable.index, claim_labels(gold, usable), strict=True)) if len(usable) else {}
    score = evaluate(gold, usable, set(documents)).overall.as_dict()
    rows = []
    for i, c in enumerate(claims):
        target = c.get("object_id") if _text(c.get("object_id")) else c.get("value")
        rows.append(
            {
                "doc": c["document"],
                "rule": _text(c.get("extractor")),
                "family": _text(c.get("family")),
                "subject": _text(c.get("subject_id")),
                "predicate": c["predicate"],
                "object_or_value": _text(target),
                "value_text": _text(c.get("value_text")),
                "as_of": _text(c.get("as_of")),
                "quote": " ".join(_text(c.get("quote")).split()),
                "label": "TP" if labels.get(i) else "FP",
                "char_start": _text(c.get("char_start")),
                "char_end": _text(c.get("char_end")),
                "combined": "1" if c.get("combined") else "",
                "confidence": _text(c.get("confidence")),
                "features": json.dumps(c.get("features") or {}, sort_keys=True),
            }
        )
    rows.sort(key=lambda r: (r["doc"], int(r["char_start"] or 0), r["predicate"], r["subject"]))
    return rows, score


def write_ledger(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def read_ledger(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def build(batch: str, commit: str, gold_dir: Path, out: Path, repo: Path = ROOT) -> dict:
    if BLIND in gold_dir.resolve().parts:
        raise SystemExit("the blind set is never scored here")
    pages = batch_pages(gold_dir / "docs", batch)
    if not pages:
        raise SystemExit(f"no pages {batch}_*.txt in {gold_dir / 'docs'}")
    result = run_commit(commit, pages, repo)
    documents = [p.stem for p in pages]
    rows, score = ledger_rows(result["claims"], gold_dir, documents)
    write_ledger(out, rows)
    tp = sum(r["label"] == "TP" for r in rows)
    print(
        f"{batch} at {commit} ({len(pages)} pages, code {result['code']}): {len(rows)} claims, "
        f"{tp} TP, {len(rows) - tp} FP; evaluate overall tp {score['tp']} fp {score['fp']} "
        f"fn {score['fn']} P {score['precision']:.3f} R {score['recall']:.3f} -> {out}"
    )
    return score


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "_extract":
        extract_here(Path(argv[1]), Path(argv[2]), Path(argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("batch", help="document prefix, e.g. rn26")
    parser.add_argument("commit", help="the commit whose rules scored the batch at first sight")
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold" / "real_dev")
    parser.add_argument("--out", type=Path, help="default tests/gold/first_sight/<batch>.csv")
    args = parser.parse_args(argv)
    out = args.out or ROOT / "tests" / "gold" / "first_sight" / f"{args.batch}.csv"
    build(args.batch, args.commit, args.gold, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
