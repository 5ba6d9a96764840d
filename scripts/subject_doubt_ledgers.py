"""How many first-sight claims the subject-doubt check (hotspots/extract/doubt.py) refuses.

    python scripts/subject_doubt_ledgers.py [--ledgers tests/gold/first_sight] [--rows]

For each row of the first-sight ledgers (scripts/first_sight_ledger.py: the claims old commits'
rules made on four batches at first sight, each labelled TP/FP against today's gold), the
check's logic is applied to that claim as it was drafted: the row's subject, predicate and
object in the sentence holding its quote, with today's mentions of the page (today's gazetteer
and discovery). Prints, per batch and per shape, the false and true claims the check doubts (every shape) and
refuses (the shapes of reference/lexicons/doubt.yaml `refusing_shapes`).
"""

from __future__ import annotations

import argparse
import bisect
import csv
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "tests" / "gold" / "real_dev" / "docs"


def main() -> None:
    from hotspots.evaluate import predicates
    from hotspots.extract import Extractor
    from hotspots.extract.doubt import claim_doubt, refusing_shapes, shape_of
    from hotspots.extract.rules.common import ClaimDraft
    from hotspots.ingest import ingest
    from hotspots.reference import load_gazetteer

    parser = argparse.ArgumentParser()
    parser.add_argument("--ledgers", type=Path, default=ROOT / "tests" / "gold" / "first_sight")
    parser.add_argument("--rows", action="store_true", help="print every doubted row")
    parser.add_argument(
        "--no-discovery",
        action="store_true",
        help="gazetteer mentions only: names today's discovery finds count as unknown, as they "
        "were at first sight for most of them",
    )
    args = parser.parse_args()
    vocab = predicates()
    extractor = Extractor(load_gazetteer(ROOT / "reference"))
    documents = {d.name: d for d in ingest(DOCS).documents if d.name.startswith("rn")}
    contexts = {}
    counts: dict[str, Counter] = defaultdict(Counter)
    for ledger in sorted(args.ledgers.glob("*.csv")):
        batch = ledger.stem
        with ledger.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for r in rows:
            label = "false" if r["label"] == "FP" else "true"
            counts[batch][label] += 1
            if r["doc"] not in contexts:
                if args.no_discovery:
                    extractor.discover = lambda text, folded, mentions: (mentions, [])
                contexts[r["doc"]] = extractor.context(documents[r["doc"]])[0]
            ctx = contexts[r["doc"]]
            i = bisect.bisect_right([s.start for s in ctx.sentences], int(r["char_start"])) - 1
            sentence = ctx.sentences[i]
            entity = vocab[r["predicate"]].value_type == "entity"
            d = ClaimDraft(
                subject_id=r["subject"],
                predicate=r["predicate"],
                object_id=r["object_or_value"] if entity else None,
                value=None,
                value_text=r["value_text"] or None,
                unit=None,
                comparator=None,
                as_of=r["as_of"] or None,
                start=sentence.start,
                end=sentence.end,
                rule=r["rule"],
                focus=(sentence.start, sentence.end),
            )
            reason = claim_doubt(ctx, sentence, d)
            if reason is None:
                continue
            shape = shape_of(reason)
            counts[batch][f"doubted {label}"] += 1
            if shape in refusing_shapes():
                counts[batch][f"refused {label}"] += 1
            counts[f"shape {shape}"][f"{batch} {label}"] += 1
            if args.rows:
                print(
                    f"{batch} {r['label']} {r['subject']} {r['predicate']} "
                    f"{r['object_or_value']} | {reason}\n    {r['quote'][:160]}"
                )
    for key in sorted(counts):
        print(key, dict(sorted(counts[key].items())))


if __name__ == "__main__":
    main()
