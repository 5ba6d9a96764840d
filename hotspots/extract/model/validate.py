"""How the claim model is judged before it may withhold anything: cross-validation by batch and
by document, and the threshold the batch cross-validation supports.

Batches. The development gold was built in batches, each first seen blind: real_dev's `rd*`
pages (stop 16) and its `rnNN_*` pages (one batch per stop), and every other development set
(constructions, heldout, seeds, written) is a batch of its own. Holding a whole batch out
mimics what the model meets after release: new pages from new publishers, written before the
rules were tuned on them. Cross-validation by document (GroupKFold) is kept for comparison; it
is optimistic, because a held-out document's batch-mates (same publishers, same rule fixes)
stay in training.

Objective (`choose_threshold`). A false fact is worse than a miss, but the model must not cost
true claims wholesale on unseen pages. On the out-of-batch confidences, for each threshold t
(claims below it withheld), summed over the held-out batches:

    gain(t) = FALSE_FACT_COST * (false facts removed) - (true facts lost)

admissible only when no held-out batch loses more than `BATCH_RECALL_SLACK` of recall against
the rules alone. The threshold is the admissible t of the highest positive gain (ties: the
lowest t; placed halfway between the confidences either side of it); when no t gains, 0.0: the
model withholds nothing. Why: a weight of 2 says one false
fact costs about two misses (the project's "precision matters as much as recall, a wrong fact
is worse"), and the per-batch floor stops a threshold that pays for a few false facts of one
batch with a block of true claims of another (the model of stop 20 withheld 20 true claims to
drop 12 false ones by document, and 7 true for 1 false on the blind pages).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from hotspots.evaluate import Score, evaluate, with_model

if TYPE_CHECKING:  # pragma: no cover
    from hotspots.extract.model.score import ClaimModel
    from hotspots.extract.model.train import GoldSet

FOLDS = 5  # cross-validation by document
FALSE_FACT_COST = 2.0  # one false fact removed is worth this many true facts kept
BATCH_RECALL_SLACK = 0.01  # most recall a held-out batch may lose against the rules alone
THRESHOLD_RULE = (
    f"leave-one-batch-out: maximise {FALSE_FACT_COST:g} x false facts removed - true facts lost "
    f"(summed over held-out batches), no held-out batch losing more than {BATCH_RECALL_SLACK:.2f} "
    "recall against the rules alone; ties: the lowest threshold; no gain: 0 (withhold nothing)"
)
_STOP_BATCH = re.compile(r"(rn\d+)_")

Fit = Callable[[list[dict[str, float]], list[bool]], "ClaimModel"]


def batch_of(gold_set: str, document: str) -> str:
    """The batch a development document came in: real_dev's `rnNN_` prefix (its stop), `rd`
    for real_dev's first pages; any other gold set is one batch."""
    if gold_set != "real_dev":
        return gold_set
    stop = _STOP_BATCH.match(document)
    return f"real_dev:{stop.group(1) if stop else 'rd'}"


def batches(claims: pd.DataFrame) -> list[str]:
    """Per claim (in order): its document's batch."""
    return [batch_of(g, d) for g, d in zip(claims["gold_set"], claims["document"], strict=True)]


def out_of_fold(
    features: list[dict[str, float]], labels: list[bool], groups: list[str], fit: Fit, folds: int
) -> list[float]:
    """Each claim's confidence from a model fitted without its group. `folds` = 0: one fold per
    group (leave one group out)."""
    from sklearn.model_selection import GroupKFold, LeaveOneGroupOut

    splitter = LeaveOneGroupOut() if folds == 0 else GroupKFold(n_splits=folds)
    scores = [0.0] * len(labels)
    for train, test in splitter.split(features, labels, groups):
        model = fit([features[i] for i in train], [labels[i] for i in train])
        for i in test:
            scores[i] = model.confidence(features[i])
    return scores


class BatchScores:
    """`hotspots evaluate`'s overall score of each batch with the claims below a threshold
    withheld; each batch is scored once per number of its claims withheld."""

    def __init__(self, sets: list[GoldSet], claims: pd.DataFrame, scores: list[float]) -> None:
        self.scored = claims.assign(confidence=scores, batch=batches(claims))
        by_name = {s.name: s for s in sets}
        self.batches: dict[str, tuple[GoldSet, set[str], pd.DataFrame]] = {}
        for batch, mine in self.scored.groupby("batch", sort=True):
            s = by_name[str(mine["gold_set"].iloc[0])]
            documents = {d for d in s.documents if batch_of(s.name, d) == batch}
            self.batches[str(batch)] = (s, documents, mine)
        self._cache: dict[tuple[str, int], Score] = {}

    def at(self, threshold: float) -> dict[str, Score]:
        out = {}
        for batch, (s, documents, mine) in self.batches.items():
            kept = with_model(mine, threshold)
            key = (batch, len(mine) - len(kept))
            if key not in self._cache:
                self._cache[key] = evaluate(s.gold, kept, documents).overall
            out[batch] = self._cache[key]
        return out


def _sum(scores: dict[str, Score]) -> Score:
    total = Score()
    for s in scores.values():
        total.tp += s.tp
        total.fp += s.fp
        total.fn += s.fn
    return total


def choose_threshold(batch_scores: BatchScores) -> float:
    """The threshold by THRESHOLD_RULE on out-of-batch confidences."""
    rules = batch_scores.at(0.0)
    best_t, best_gain = 0.0, 0.0
    below = 0.0  # the highest confidence under the threshold being tried
    for t in sorted(set(batch_scores.scored["confidence"])):
        now = batch_scores.at(t)
        if any(now[b].recall < rules[b].recall - BATCH_RECALL_SLACK - 1e-12 for b in rules):
            break  # recall only falls as the threshold rises
        removed = sum(rules[b].fp - now[b].fp for b in rules)
        lost = sum(rules[b].tp - now[b].tp for b in rules)
        gain = FALSE_FACT_COST * removed - lost
        if gain > best_gain + 1e-12:
            # halfway between the last withheld and the first kept confidence: the same claims
            # out of batch, with a margin either side for the final model's confidences
            best_t, best_gain = round((below + float(t)) / 2, 4), gain
        below = float(t)
    return best_t


def by_batch(batch_scores: BatchScores, threshold: float) -> dict:
    """Per held-out batch and summed: the rules alone and with the model at `threshold`."""
    rules, model = batch_scores.at(0.0), batch_scores.at(threshold)
    per = {b: {"rules_alone": rules[b].as_dict(), "with_model": model[b].as_dict()} for b in rules}
    return {
        "pooled": {"rules_alone": _sum(rules).as_dict(), "with_model": _sum(model).as_dict()},
        "per_batch": per,
    }


def by_set(sets: list[GoldSet], claims: pd.DataFrame, scores: list[float], t: float) -> dict:
    """Per gold set and summed: the rules alone and with the model at `t`."""
    scored = claims.assign(confidence=scores)
    per, rules_sum, model_sum = {}, {}, {}
    for s in sets:
        mine = scored[scored["gold_set"] == s.name]
        rules_sum[s.name] = evaluate(s.gold, mine, s.documents).overall
        model_sum[s.name] = evaluate(s.gold, with_model(mine, t), s.documents).overall
        per[s.name] = {
            "rules_alone": rules_sum[s.name].as_dict(),
            "with_model": model_sum[s.name].as_dict(),
        }
    return {
        "pooled": {
            "rules_alone": _sum(rules_sum).as_dict(),
            "with_model": _sum(model_sum).as_dict(),
        },
        "per_set": per,
    }
