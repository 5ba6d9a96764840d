"""Paragraph and document topics as subjects (hotspots.extract.topics), measured per batch: the
rules' TP/FP/FN on the development gold with the topic fallback of `DocContext.subject`
(scripts/topic_subjects.py) off and on (docs/ACCURACY.md, "The subject a sentence does not name").

    python scripts/topic_measure.py [--show BATCH ...] [--json OUT]

Never reads the blind set nor real_new27 (gold_sets() is the development gold). `--show` prints
the claims the topics add or remove for the given batches only (the batches one derives from);
the others are only counted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import topic_subjects  # noqa: E402

from hotspots.evaluate import claims_frame, evaluate  # noqa: E402
from hotspots.extract import Extractor  # noqa: E402
from hotspots.extract.model.train import gold_sets  # noqa: E402
from hotspots.extract.model.validate import batch_of  # noqa: E402
from hotspots.ingest import ingest  # noqa: E402
from hotspots.reference import DEFAULT_REFERENCE_DIR, load_gazetteer  # noqa: E402


def run(extractor, sets, enabled: bool):
    topic_subjects.with_topics(enabled)
    frames = {}
    for s in sets:
        documents = [d for d in ingest(s.docs_dir).documents if d.name in s.documents]
        for d in documents:
            frames[(s.name, d.name)] = claims_frame([d], [extractor.extract(d)])
    topic_subjects.with_topics(False)
    return frames


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", nargs="*", default=[])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    extractor = Extractor(load_gazetteer(DEFAULT_REFERENCE_DIR))
    sets = gold_sets()
    before = run(extractor, sets, False)
    after = run(extractor, sets, True)
    by_name = {s.name: s for s in sets}
    batches: dict[str, list] = defaultdict(list)
    for key in before:
        batches[batch_of(*key)].append(key)
    out = {}
    print("| batch | before TP / FP / FN | after TP / FP / FN | added true / false |")
    print("|---|---|---|---|")
    total = [0, 0]
    for b in sorted(batches):
        keys = batches[b]
        gold = by_name[keys[0][0]].gold
        docs = {d for _, d in keys}
        scores = []
        for frames in (before, after):
            import pandas as pd

            frame = pd.concat([frames[k] for k in keys], ignore_index=True)
            scores.append(evaluate(gold, frame, docs))
        b0, b1 = scores[0].overall, scores[1].overall
        added = (b1.tp - b0.tp, b1.fp - b0.fp)
        total[0] += added[0]
        total[1] += added[1]
        out[b] = {"before": [b0.tp, b0.fp, b0.fn], "after": [b1.tp, b1.fp, b1.fn]}
        print(
            f"| {b} | {b0.tp} / {b0.fp} / {b0.fn} | {b1.tp} / {b1.fp} / {b1.fn} | "
            f"{added[0]} / {added[1]} |"
        )
        if b in args.show:
            old = {
                (f["document"], f["predicate"], f["subject_id"]) for f in scores[0].false_positives
            }
            for f in scores[1].false_positives:
                if (f["document"], f["predicate"], f["subject_id"]) not in old:
                    print(
                        f"    + FP {f['document']} {f['subject_id']} {f['predicate']} {f.get('value')} | {f['quote'][:200]!r}"
                    )
            lost = {
                (f["document"], f["predicate"], f["subject_id"], str(f.get("value")))
                for f in scores[1].false_negatives
            }
            for f in scores[0].false_negatives:
                if (
                    f["document"],
                    f["predicate"],
                    f["subject_id"],
                    str(f.get("value")),
                ) not in lost:
                    print(
                        f"    + TP {f['document']} {f['subject_id']} {f['predicate']} {f.get('value')}"
                    )
    print(f"| all | | | {total[0]} / {total[1]} |")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
