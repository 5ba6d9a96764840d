"""Measure extraction against a hand-written gold annotation: precision, recall, F1 per predicate.

A gold set is a folder with `facts.csv` (columns document, subject_id, predicate, object_id,
value, comparator, as_of, evidence, note) and its documents, either in `docs/` inside it or in a
folder given separately (the seed gold annotates `raw/`). Facts are compared per document on
(subject, predicate, object, value, as_of); text values match when one normalised value contains
the other; the comparator is reported but does not decide a match.

Besides the overall score, two subsets of the gold are scored (tests/gold/GUIDELINES.md): `core`,
every row except those whose note starts with `implicit:` (inferred from context, not stated), and
`core_known`, the core rows whose entities are all in the gazetteer, so that misses caused by a
closed world show apart from misses of the rules. A gold row whose note starts with `combined:` (a
figure stated for a group together) is matched only by a claim marked as combined; a per-member
claim with the group's value is a false positive. Gold rows may use the planned predicates of
`planned_predicates.yaml` beside the gold folder: until the extractor emits them they are misses.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from hotspots.ingest import ingest
from hotspots.reference import DEFAULT_REFERENCE_DIR, load_gazetteer
from hotspots.stages.extraction import extract_batch
from hotspots.text import normalize_name
from schemas import predicates as published_predicates
from schemas.predicates import Predicate, load_predicates

PLANNED_PREDICATES = "planned_predicates.yaml"
_VOCABULARY: dict[str, Predicate] = {}


def predicates() -> dict[str, Predicate]:
    """The published vocabulary plus the planned predicates of the gold folders loaded so far."""
    return {**_VOCABULARY, **published_predicates()}


def _learn_planned(gold_dir: Path) -> None:
    planned = gold_dir.parent / PLANNED_PREDICATES
    if planned.is_file():
        _VOCABULARY.update(load_predicates(planned))


GOLD_COLUMNS = [
    "document",
    "subject_id",
    "predicate",
    "object_id",
    "value",
    "comparator",
    "as_of",
    "evidence",
    "note",
]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Evaluation:
    per_predicate: dict[str, Score] = field(default_factory=dict)
    overall: Score = field(default_factory=Score)
    false_positives: list[dict] = field(default_factory=list)
    false_negatives: list[dict] = field(default_factory=list)
    by_rule: dict[str, Score] = field(default_factory=dict)
    by_construction: dict[str, Score] = field(
        default_factory=dict
    )  # recall by the gold's construction= tag
    core: Score = field(default_factory=Score)  # gold without `implicit:` rows
    core_known: Score = field(default_factory=Score)  # core rows whose entities the gazetteer has

    def as_dict(self) -> dict:
        return {
            "overall": self.overall.as_dict(),
            "core": self.core.as_dict(),
            "core_known": self.core_known.as_dict(),
            "per_predicate": {k: v.as_dict() for k, v in sorted(self.per_predicate.items())},
            "by_rule": {k: v.as_dict() for k, v in sorted(self.by_rule.items())},
            "by_construction": {k: v.as_dict() for k, v in sorted(self.by_construction.items())},
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
        }


def _blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (isinstance(value, str) and not value.strip())
    )


def _fact_key(row: dict) -> tuple:
    vocab = predicates()
    pred = row["predicate"]
    value = row.get("value")
    if vocab[pred].value_type == "number" and not _blank(value):
        value_key: object = round(float(value), 6)
    elif vocab[pred].value_type == "text" and not _blank(value):
        value_key = normalize_name(str(value))
    else:
        value_key = None
    as_of = None if _blank(row.get("as_of")) else str(row["as_of"])
    obj = None if _blank(row.get("object_id")) else row["object_id"]
    return (row["document"], row["subject_id"], pred, obj, value_key, as_of, _combined(row))


def _combined(row: dict) -> bool:
    """A gold row about a group's figure (note `combined: ...`), or a claim marked as combined."""
    if "combined" in row and not _blank(row["combined"]):
        return bool(row["combined"])
    return str(row.get("note") or "").startswith("combined:")


def _same(gold: tuple, pred: tuple) -> bool:
    if gold[:4] != pred[:4] or gold[5:] != pred[5:]:
        return False
    g, p = gold[4], pred[4]
    if isinstance(g, str) and isinstance(p, str):
        return g in p or p in g
    if isinstance(g, float) and isinstance(p, float):
        return math.isclose(g, p, rel_tol=1e-6, abs_tol=1e-9)
    return g == p


def load_gold(gold_dir: Path) -> pd.DataFrame:
    _learn_planned(gold_dir)
    df = pd.read_csv(gold_dir / "facts.csv", dtype=str, keep_default_na=False)
    missing = set(GOLD_COLUMNS) - set(df.columns)
    if missing:
        raise ValueError(f"{gold_dir / 'facts.csv'} lacks column(s) {sorted(missing)}")
    df["value"] = [
        float(v) if v and predicates()[p].value_type == "number" else (v or None)
        for v, p in zip(df["value"], df["predicate"], strict=True)
    ]
    return df


def gold_documents_dir(gold_dir: Path, docs: Path | None) -> Path:
    if docs is not None:
        return docs
    if (gold_dir / "docs").is_dir():
        return gold_dir / "docs"
    raise FileNotFoundError(
        f"no documents for {gold_dir}: give --docs DIR or put them in {gold_dir / 'docs'}"
    )


def predicted_claims(docs_dir: Path, reference_dir: Path = DEFAULT_REFERENCE_DIR) -> pd.DataFrame:
    ingested = ingest(docs_dir)
    return claims_frame(ingested.documents, extract_batch(ingested.documents, reference_dir))


def claims_frame(documents: list, extractions: list) -> pd.DataFrame:
    """The extracted claims as rows `evaluate` compares: `document` (the file stem) added, and
    text predicates' text in `value` as the gold keeps it."""
    names = {d.document_id: d.name for d in documents}
    vocab = predicates()
    rows = [
        {
            **c,
            "document": names[e.document_id],
            # gold keeps the text of text predicates in `value`; claims keep it in `value_text`
            "value": c["value_text"] if vocab[c["predicate"]].value_type == "text" else c["value"],
        }
        for e in extractions
        for c in e.claims
    ]
    return pd.DataFrame(rows)


def claim_labels(gold: pd.DataFrame, predicted: pd.DataFrame) -> list[bool]:
    """Per predicted claim (in order): whether it states a gold fact of its document, matched
    as `evaluate` matches (same key, `_same` values). The claim model is trained on these."""
    by_document: dict[str, list[tuple]] = defaultdict(list)
    for r in gold.to_dict("records"):
        by_document[r["document"]].append(_fact_key(r))
    labels = []
    for r in predicted.to_dict("records") if len(predicted) else []:
        key = _fact_key(r)
        labels.append(any(_same(g, key) for g in by_document.get(r["document"], ())))
    return labels


def with_model(predicted: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """The claims the model keeps: confidence at or above `threshold` (unscored claims stay)."""
    if not len(predicted) or "confidence" not in predicted:
        return predicted
    confidence = predicted["confidence"].astype(float)
    return predicted[confidence.isna() | (confidence >= threshold)]


def _key_fields(key: tuple) -> dict:
    """A matching key (document, subject, predicate, object, value, as_of, ...) as named fields."""
    names = ("document", "subject_id", "predicate", "object_id", "value", "as_of")
    return dict(zip(names, key[:6], strict=True))


def evaluate(
    gold: pd.DataFrame,
    predicted: pd.DataFrame,
    documents: set[str] | None = None,
    known_entities: set[str] | None = None,
) -> Evaluation:
    """Compare facts per document; each gold fact matches at most one predicted fact.
    `known_entities` (the gazetteer's ids) decides the `core_known` subset; without it, every
    core row counts as known."""
    documents = documents or set(gold["document"])
    gold_rows = [r for r in gold.to_dict("records") if r["document"] in documents]
    gold_keys = {_fact_key(r) for r in gold_rows}
    # a fact stated twice, once implicitly, is core: it is stated
    core_keys = {
        _fact_key(r) for r in gold_rows if not str(r["note"] or "").startswith("implicit:")
    }
    known_keys = {
        k
        for k in core_keys
        if known_entities is None
        or (k[1] in known_entities and (k[3] is None or k[3] in known_entities))
    }
    construction = {}
    for r in gold_rows:
        tag = re.search(r"construction=(\w+)", str(r.get("note") or ""))
        if tag:
            construction.setdefault(_fact_key(r), tag.group(1))
    pred_rows: dict[tuple, dict] = {}
    for r in predicted.to_dict("records") if len(predicted) else []:
        if r["document"] in documents:
            pred_rows.setdefault(_fact_key(r), r)
    result = Evaluation()
    scores: dict[str, Score] = defaultdict(Score)
    rules: dict[str, Score] = defaultdict(Score)
    unmatched_gold = set(gold_keys)
    for key, row in sorted(pred_rows.items(), key=lambda kv: str(kv[0])):
        match = next((g for g in sorted(unmatched_gold, key=str) if _same(g, key)), None)
        if match is not None:
            unmatched_gold.discard(match)
            scores[key[2]].tp += 1
            rules[row["extractor"]].tp += 1
        else:
            scores[key[2]].fp += 1
            rules[row["extractor"]].fp += 1
            result.false_positives.append(
                {**_key_fields(key), "rule": row["extractor"], "quote": row["quote"]}
            )
    for key in gold_keys:
        for subset, score in ((core_keys, result.core), (known_keys, result.core_known)):
            if key in subset:
                if key in unmatched_gold:
                    score.fn += 1
                else:
                    score.tp += 1
        if key in construction:
            score = result.by_construction.setdefault(construction[key], Score())
            if key in unmatched_gold:
                score.fn += 1
            else:
                score.tp += 1
    for key in sorted(unmatched_gold, key=str):
        scores[key[2]].fn += 1
        result.false_negatives.append({**_key_fields(key), "combined": key[6]})
    result.per_predicate = dict(scores)
    result.by_rule = dict(rules)
    for s in scores.values():
        result.overall.tp += s.tp
        result.overall.fp += s.fp
        result.overall.fn += s.fn
    # every false positive is one against any subset: a claim the text does not support
    result.core.fp = result.core_known.fp = result.overall.fp
    return result


def evaluate_gold_dir(
    gold_dir: Path,
    docs: Path | None = None,
    reference_dir: Path = DEFAULT_REFERENCE_DIR,
    use_model: bool = True,
) -> Evaluation:
    """Scores of `gold_dir`. With `use_model` (and a model in `reference_dir`), claims below the
    claim model's threshold are left out, as the build withholds them from facts; the scores of
    the rules alone are then in `.rules_alone`."""
    return evaluate_both(gold_dir, docs, reference_dir, use_model)[0]


def evaluate_both(
    gold_dir: Path,
    docs: Path | None = None,
    reference_dir: Path = DEFAULT_REFERENCE_DIR,
    use_model: bool = True,
) -> tuple[Evaluation, Evaluation | None]:
    """(scores as the build publishes, rules alone): the second is None without a model or with
    `use_model=False` (the first is then the rules alone)."""
    from hotspots.extract.model.score import load_model

    gold = load_gold(gold_dir)
    docs_dir = gold_documents_dir(gold_dir, docs)
    documents = {p.stem for p in docs_dir.glob("*.txt")}
    known = set(load_gazetteer(reference_dir).entities)
    predicted = predicted_claims(docs_dir, reference_dir)
    model = load_model(reference_dir) if use_model else None
    if model is None:
        return evaluate(gold, predicted, documents, known), None
    return (
        evaluate(gold, with_model(predicted, model.threshold), documents, known),
        evaluate(gold, predicted, documents, known),
    )


def format_table(evaluation: Evaluation) -> str:
    lines = [f"{'predicate':42} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'recall':>6} {'f1':>6}"]
    for name, s in sorted(evaluation.per_predicate.items()):
        lines.append(
            f"{name:42} {s.tp:4d} {s.fp:4d} {s.fn:4d} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"
        )
    for label, o in (
        ("OVERALL", evaluation.overall),
        ("core (no implicit: rows)", evaluation.core),
        ("core, gazetteer entities only", evaluation.core_known),
    ):
        lines.append(
            f"{label:42} {o.tp:4d} {o.fp:4d} {o.fn:4d} {o.precision:6.3f} {o.recall:6.3f} {o.f1:6.3f}"
        )
    if evaluation.by_construction:
        lines.append("recall by construction:")
        for name, s in sorted(evaluation.by_construction.items()):
            lines.append(f"  {name:40} {s.tp:4d} of {s.tp + s.fn:4d}  recall {s.recall:6.3f}")
    return "\n".join(lines)
