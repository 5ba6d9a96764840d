"""What the first-sight ledgers say (docs/ACCURACY.md, "First-sight claims"): precision per rule
family and predicate, and whether a withholding policy fitted on one batch's first-sight claims
withholds false claims on the other batch.

    python scripts/first_sight_experiment.py [--ledgers tests/gold/first_sight] [--with-dev]
    python scripts/first_sight_experiment.py --claims   # claim-level summary only (about 1 min)

Reads the ledgers of scripts/first_sight_ledger.py (`tests/gold/first_sight/*.csv`). Splits: rn25's
first-sight claims -> rn26's and the reverse (the brief's pair); with more ledgers, also each one
held out with the others pooled for training. On the test batch it scores, with `hotspots
evaluate`'s matching against today's real_dev gold (each gold fact matched once):

- threshold 0 (what the build does now: nothing withheld);
- the committed claim model (reference/model/claim_model.json) at its threshold, and at the
  threshold the objective picks on the training batch;
- a per-family (and a per-predicate) withhold list: the families whose first-sight claims on the
  training batch were false at least as often as 2 x false > true (withholding them there gains
  by the model's objective, 2 x false removed - true lost);
- a logistic regression on the training batch's first-sight claims (the model's features and
  solver, C=1), threshold chosen on the training batch by leave-one-document-out (leave-one-batch-out when several);
- with --with-dev, the same model trained on every development claim of today's rules (what
  `train-model` trains on, the test batch's pages left out) plus the training batch's
  first-sight claims.

Gain = 2 x false facts removed - true facts lost (hotspots.extract.model.validate).
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "real_dev"
COST = 2.0
PAIR = ("rn25", "rn26")  # the batches of the brief, train on one and test on the other


def read(path: Path) -> pd.DataFrame:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    frame = pd.DataFrame(rows)
    frame["features"] = [json.loads(x) for x in frame["features"]]
    frame["true"] = frame["label"] == "TP"
    return frame


def claims_for_evaluate(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger's rows as the claims `hotspots.evaluate.evaluate` compares."""
    from hotspots.evaluate import predicates

    vocab = predicates()
    rows = []
    for r in ledger.to_dict("records"):
        kind = vocab[r["predicate"]].value_type
        rows.append(
            {
                "document": r["doc"],
                "subject_id": r["subject"],
                "predicate": r["predicate"],
                "object_id": r["object_or_value"] if kind == "entity" else None,
                "value": float(r["object_or_value"])
                if kind == "number"
                else (r["value_text"] if kind == "text" else None),
                "as_of": r["as_of"] or None,
                "combined": bool(r.get("combined")),
                "extractor": r["rule"],
                "quote": r["quote"],
            }
        )
    return pd.DataFrame(rows)


class Scorer:
    """evaluate's overall score of one batch's ledger with some claims withheld."""

    def __init__(self, ledger: pd.DataFrame, documents: set[str]) -> None:
        from hotspots.evaluate import load_gold

        self.gold = load_gold(GOLD)
        self.claims = claims_for_evaluate(ledger)
        self.documents = documents

    def score(self, keep: list[bool]):
        from hotspots.evaluate import evaluate

        return evaluate(self.gold, self.claims[keep], self.documents).overall


def batch_documents(batch: str) -> set[str]:
    return {p.stem for p in (GOLD / "docs").glob(f"{batch}_*.txt")}


def fit(features: list[dict], labels: list[bool]):
    import importlib

    train = importlib.import_module("hotspots.extract.model.train")
    return train._fit(features, labels)


def best_threshold(confidences: list[float], scorer: Scorer) -> float:
    """The threshold of the highest positive gain on these confidences (ties: the lowest), 0 when
    none gains; halfway between the last withheld and the first kept confidence."""
    base = scorer.score([True] * len(confidences))
    best_t, best_gain, below = 0.0, 0.0, 0.0
    for t in sorted(set(confidences)):
        s = scorer.score([c >= t for c in confidences])
        gain = COST * (base.fp - s.fp) - (base.tp - s.tp)
        if gain > best_gain + 1e-12:
            best_t, best_gain = (below + t) / 2, gain
        below = t
    return best_t


def held_out_confidences(frame: pd.DataFrame, by: str = "doc") -> list[float]:
    """Each claim's confidence from a model fitted without its `by` group (doc or batch)."""
    out = [0.0] * len(frame)
    feats, labels, groups = list(frame["features"]), list(frame["true"]), list(frame[by])
    for group in sorted(set(groups)):
        train_idx = [i for i, g in enumerate(groups) if g != group]
        if len({labels[i] for i in train_idx}) < 2:
            continue
        model = fit([feats[i] for i in train_idx], [labels[i] for i in train_idx])
        for i, g in enumerate(groups):
            if g == group:
                out[i] = model.confidence(feats[i])
    return out


def withhold_list(frame: pd.DataFrame, column: str, weight: float = COST) -> set[str]:
    """The values of `column` whose claims on `frame` are false often enough that withholding
    them gains: weight x false > true (weight 2: the model's objective; 1: mostly false)."""
    out = set()
    for value, group in frame.groupby(column):
        false, true = int((~group["true"]).sum()), int(group["true"].sum())
        if weight * false > true:
            out.add(str(value))
    return out


def auc(confidences: list[float], labels: list[bool]) -> float:
    """How well the confidences rank true claims above false ones (0.5: no better than chance)."""
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score([bool(x) for x in labels], confidences))


def line(name: str, base, s, withheld: int) -> str:
    removed, lost = base.fp - s.fp, base.tp - s.tp
    gain = COST * removed - lost
    return (
        f"| {name} | {withheld} | {s.tp} / {s.fp} / {s.fn} | {s.precision:.3f} / {s.recall:.3f} "
        f"| {removed} | {lost} | {gain:+g} |"
    )


def tables(ledgers: dict[str, pd.DataFrame]) -> None:
    pooled = pd.concat([f.assign(batch=b) for b, f in ledgers.items()], ignore_index=True)
    for column in ("family", "predicate", "rule"):
        print(f"\n### precision by {column} (claims; TP / FP)\n")
        print(f"| {column} | " + " | ".join(ledgers) + " | pooled |")
        print("|---|" + "---|" * (len(ledgers) + 1))
        counts = defaultdict(dict)
        for b, f in [*ledgers.items(), ("pooled", pooled)]:
            for value, g in f.groupby(column):
                counts[value][b] = (int(g["true"].sum()), int((~g["true"]).sum()))
        order = sorted(counts, key=lambda v: (-counts[v]["pooled"][1], -counts[v]["pooled"][0], v))
        for value in order:
            cells = []
            for b in [*ledgers, "pooled"]:
                tp, fp = counts[value].get(b, (0, 0))
                cells.append(f"{tp} / {fp}" + (f" ({tp / (tp + fp):.2f})" if tp + fp else ""))
            print(f"| {value} | " + " | ".join(cells) + " |")
    tp, fp = int(pooled["true"].sum()), int((~pooled["true"]).sum())
    print(f"\npooled claims: {tp} TP, {fp} FP, precision {tp / (tp + fp):.3f}")


def dev_claims():
    """Every development claim of today's rules (train-model's data)."""
    from hotspots.extract.model.train import gold_sets, labelled_claims
    from hotspots.reference import DEFAULT_REFERENCE_DIR

    return labelled_claims(gold_sets(), DEFAULT_REFERENCE_DIR)


def dev_examples(examples, exclude_batch: str):
    """The development claims (features, labels) without the pages of `exclude_batch`."""
    claims = examples.claims
    keep = ~(
        (claims["gold_set"] == "real_dev") & claims["document"].str.startswith(exclude_batch + "_")
    )
    feats = [f for f, k in zip(examples.features, keep, strict=True) if k]
    labels = [bool(x) for x in claims["label"][keep]]
    return feats, labels


def experiment(
    ledgers: dict[str, pd.DataFrame],
    splits: list[tuple[list[str], str]],
    with_dev: bool,
    detail: bool = True,
) -> None:
    from hotspots.extract.model.score import load_model
    from hotspots.reference import DEFAULT_REFERENCE_DIR

    committed = load_model(DEFAULT_REFERENCE_DIR)
    dev = dev_claims() if with_dev else None
    for train_bs, test_b in splits:
        train_b = "+".join(train_bs)
        train = pd.concat([ledgers[b].assign(batch=b) for b in train_bs], ignore_index=True)
        test = ledgers[test_b]
        train_scorer = Scorer(train, set().union(*(batch_documents(b) for b in train_bs)))
        scorer = Scorer(test, batch_documents(test_b))
        base = scorer.score([True] * len(test))
        print(f"\n### train {train_b} -> test {test_b}\n")
        print(
            "| policy | claims withheld | tp / fp / fn | P / R | false removed | "
            "true lost | gain | gain of as many claims at random |"
        )
        print("|---|---|---|---|---|---|---|---|")
        print(line("threshold 0 (now)", base, base, 0) + " 0 |")
        n, false_share = len(test), float((~test["true"]).mean())

        def show(
            name: str, keep: list[bool], base=base, scorer=scorer, false_share=false_share
        ) -> None:
            k = keep.count(False)
            # what withholding k claims at random would gain, claim for claim
            chance = k * (COST * false_share - (1 - false_share))
            print(line(name, base, scorer.score(keep), k) + f" {chance:+.1f} |")

        show("withhold every claim", [False] * n)
        conf = [committed.confidence(f) for f in test["features"]]
        show(
            f"committed model at its threshold {committed.threshold:g}",
            [c >= committed.threshold for c in conf],
        )
        t = best_threshold([committed.confidence(f) for f in train["features"]], train_scorer)
        show(f"committed model, threshold {t:.4f} chosen on {train_b}", [c >= t for c in conf])
        old = [float(c) for c in test["confidence"]]
        t_old = best_threshold([float(c) for c in train["confidence"]], train_scorer)
        show(
            f"model of the first-sight commit, threshold {t_old:.4f} chosen on {train_b}",
            [c >= t_old for c in old],
        )
        for weight, how in ((COST, "2 x false > true"), (1.0, "false > true")):
            for column in ("family", "predicate", "rule"):
                if not detail and column != "family":
                    continue
                listed = withhold_list(train, column, weight)
                show(
                    f"{column} withhold list of {train_b} ({how}): "
                    f"{', '.join(sorted(listed)) or '-'}",
                    [str(v) not in listed for v in test[column]],
                )
        show(
            "family `descriptions` alone (hindsight: mostly false in rn25 and rn26)",
            [v != "descriptions" for v in test["family"]],
        )
        model = fit(list(train["features"]), list(train["true"]))
        by = "batch" if len(train_bs) > 1 else "doc"
        t_fs = best_threshold(held_out_confidences(train, by), train_scorer)
        conf_fs = [model.confidence(f) for f in test["features"]]
        show(
            f"model on {train_b}'s first-sight claims, threshold {t_fs:.4f} (leave one {by} "
            f"out on {train_b})",
            [c >= t_fs for c in conf_fs],
        )
        for fixed in (0.5, 0.7):
            show(
                f"model on {train_b}'s first-sight claims, threshold {fixed}",
                [c >= fixed for c in conf_fs],
            )
        aucs = {
            "committed model": conf,
            "model of the first-sight commit": old,
            f"first-sight model of {train_b}": conf_fs,
        }
        if dev is not None:
            feats, labels = dev_examples(dev, test_b)
            feats += list(train["features"])
            labels += list(train["true"])
            model = fit(feats, labels)
            conf_dev = [model.confidence(f) for f in test["features"]]
            train_conf = [model.confidence(f) for f in train["features"]]
            t_dev = best_threshold(train_conf, train_scorer)
            show(
                f"model on dev claims (no {test_b}) + {train_b} first sight, threshold "
                f"{t_dev:.4f} chosen on {train_b} (in sample)",
                [c >= t_dev for c in conf_dev],
            )
            for fixed in (0.5, 0.9):
                show(f"same model, threshold {fixed}", [c >= fixed for c in conf_dev])
            aucs["dev + first-sight model"] = conf_dev
        print(
            f"\nAUC on {test_b} claims: "
            + ", ".join(f"{k} {auc(v, list(test['true'])):.2f}" for k, v in aucs.items())
        )
        ranked = sorted(zip(conf_fs, test["true"], test["family"], strict=True))
        print(
            f"\nlowest {test_b} confidences (first-sight model of {train_b}): "
            + ", ".join(f"{c:.2f} {'T' if y else 'F'} {fam}" for c, y, fam in ranked[:10])
        )


def claim_level_summary(ledgers: dict[str, pd.DataFrame]) -> None:
    """Claims, not facts: each batch held out, a model fitted on the others' first-sight claims,
    withholding below 0.5, 0.7, and a threshold chosen by leave-one-batch-out on the others
    (nested); false claims removed and true claims lost, summed over the batches."""
    pooled = pd.concat([f.assign(batch=b) for b, f in ledgers.items()], ignore_index=True)
    for policy in ("nested", 0.5, 0.7):
        removed = lost = 0
        for test in ledgers:
            train, held = pooled[pooled["batch"] != test], pooled[pooled["batch"] == test]
            model = fit(list(train["features"]), list(train["true"]))
            if policy == "nested":
                inner = held_out_confidences(train, by="batch")
                threshold = best_threshold(inner, _ClaimScorer(list(train["true"])))
            else:
                threshold = policy
            for features, true in zip(held["features"], held["true"], strict=True):
                if model.confidence(features) < threshold:
                    removed, lost = removed + (not true), lost + bool(true)
        t, f = int(pooled["true"].sum()), int((~pooled["true"]).sum())
        print(
            f"claims, threshold {policy}: {removed} of {f} false removed, {lost} of {t} true lost; "
            f"precision {t / (t + f):.3f} -> {(t - lost) / (t - lost + f - removed):.3f}"
        )


class _ClaimScorer:
    """best_threshold's scorer on claims: tp / fp of the claims kept."""

    def __init__(self, labels: list[bool]) -> None:
        self.labels = labels

    def score(self, kept: list[bool]):
        from types import SimpleNamespace

        tp = sum(1 for k, y in zip(kept, self.labels, strict=True) if k and y)
        fp = sum(1 for k, y in zip(kept, self.labels, strict=True) if k and not y)
        return SimpleNamespace(tp=tp, fp=fp)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ledgers", type=Path, default=ROOT / "tests" / "gold" / "first_sight")
    parser.add_argument("--with-dev", action="store_true")
    parser.add_argument(
        "--claims", action="store_true", help="only the claim-level leave-one-batch-out summary"
    )
    args = parser.parse_args(argv)
    ledgers = {p.stem: read(p) for p in sorted(args.ledgers.glob("*.csv"))}
    if args.claims:
        claim_level_summary(ledgers)
        return 0
    pair = [b for b in PAIR if b in ledgers]
    tables({b: ledgers[b] for b in pair} if len(pair) == 2 else ledgers)
    if len(pair) == 2:  # one batch's first-sight claims -> the other's, both ways
        experiment(ledgers, [([pair[0]], pair[1]), ([pair[1]], pair[0])], args.with_dev)
    if len(ledgers) > 2:  # every ledger held out, the others pooled
        print("\n## leave one batch out over every ledger\n")
        tables(ledgers)
        splits = [([b for b in ledgers if b != test], test) for test in ledgers]
        experiment(ledgers, splits, args.with_dev, detail=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
