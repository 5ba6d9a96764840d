"""Candidates beyond the rules, scored out of batch (issue #18 item 3; docs/ACCURACY.md,
"Candidates beyond the rules").

    python scripts/candidates_experiment.py [--model gbm|logreg] [--json OUT] [--dump CSV]

Generates, in every sentence of every development document (constructions, heldout, real_dev,
seeds, written; never real_blind), every candidate statement a sentence-scope reading allows for
the attribute predicates of `scripts/candidate_cues.yaml`: (subject, predicate, value, as_of)
where the subject is a mention in the sentence of a type the vocabulary allows (or the entity a
reference phrase in it points back to), the value a quantity of the predicate's kind in the same
sentence (a founding date for `established`), and as_of each year the sentence states, the year
the extractor's date scope gives, or none, whenever one of the predicate's cue words is in the
sentence. No choice is made here: all pairs are generated, and a small model decides.

Labels: `hotspots.evaluate.claim_labels` (a candidate is true when it states a gold fact of its
document, matched as `hotspots evaluate` matches). A candidate whose key is a rule claim's is the
rule's claim: it is neither added nor counted.

Validation: leave one batch out (hotspots.extract.model.validate.batch_of: real_dev's rd, rn18,
rn19 ... and each other gold set). The model is trained on the other batches' candidates; on the
held-out batch, per (document, predicate, value span) the best-scored candidate is kept when its
confidence is at or above the threshold and no rule claim of the document already has that
predicate and value. Each batch is scored with `hotspots.evaluate.evaluate` on the rules' claims
alone and with the kept candidates added. Thresholds:

- pooled: the threshold maximising (true added - 2 x false added) summed over the held-out batches,
  admissible only when no batch's F1 falls (the project's rule: a false fact costs two misses);
- nested: for each held-out batch, that threshold chosen on the *other* batches' out-of-batch
  scores, then applied to it (no batch's threshold sees its own labels): the honest figure.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hotspots.evaluate import claim_labels, claims_frame, evaluate  # noqa: E402
from hotspots.extract import Extractor  # noqa: E402
from hotspots.extract.context import DocContext  # noqa: E402
from hotspots.extract.context_references import REFERENCE_RE  # noqa: E402
from hotspots.extract.model.train import gold_sets  # noqa: E402
from hotspots.extract.model.validate import batch_of  # noqa: E402
from hotspots.extract.numbers import find_years  # noqa: E402
from hotspots.extract.rules.founding_calendar import FOUNDING_DATE, founding_date  # noqa: E402
from hotspots.extract.scope import TIME_BOUND, scoped_as_of  # noqa: E402
from hotspots.extract.segment import split_sentences  # noqa: E402
from hotspots.ingest import ingest  # noqa: E402
from hotspots.reference import DEFAULT_REFERENCE_DIR, load_gazetteer  # noqa: E402
from hotspots.text import fold_for_matching  # noqa: E402
from schemas.predicates import predicates  # noqa: E402

LEXICON = Path(__file__).with_name("candidate_cues.yaml")
COST = 2.0  # a false fact costs two misses
DATE_RE = re.compile(FOUNDING_DATE, re.IGNORECASE)
# general shapes around a value (not per predicate): a founding verb right before a date, the
# start of works or a later change rather than a founding, a part of a whole, a verb of having
FOUNDING_VERB_LEFT = re.compile(
    r"\b(?:established|founded|set\s+up|launched|created|inaugurated|opened|born|approved)\b[^,;]{0,25}$"
)
WORKS_LEFT = re.compile(
    r"\b(?:construction|commenced|began|started|expanded|upgraded|completed|renamed|moved|registration|approved\s+as)\b[^;]{0,40}$"
)
PART_OF = re.compile(
    r"\b(?:of\s+which|including|respectively|consists?\s+of|sub-?parks?|among\s+them|each)\b"
)
HAVING = re.compile(
    r"\b(?:has|have|had|is|was|are|were|covers?|covered|boasts?|employs?|counts?|hosts?|houses?|reached|totals?|totalled|stood|spans?)\b"
)
CLAUSE_SPLIT = re.compile(
    r";|,\s+(?:and|but|while|whereas|which|where|when)\s+|\s+while\s+|\s+-\s+"
)


def _words(words: list[str]) -> re.Pattern[str]:
    return re.compile(
        r"(?<![a-z])(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"
    )


class Lexicon:
    def __init__(self, path: Path = LEXICON) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.spec = {
            p: {"kinds": tuple(s["kinds"]), "cues": _words(s["cues"])}
            for p, s in data["predicates"].items()
        }
        self.plan = _words(data["plan_words"])
        self.negation = _words(data["negation_words"])
        self.change = _words(data["change_words"])
        self.approx = _words(data["approx_words"])


def document_context(extractor: Extractor, document) -> DocContext:
    """The context the rules see (as `Extractor.extract` builds it)."""
    text = document.text
    folded = fold_for_matching(text)
    mentions, found = extractor.discover(text, folded, extractor.finder.find(text, folded=folded))
    return DocContext(
        text=text,
        folded=folded,
        sentences=split_sentences(text),
        mentions=mentions,
        gazetteer=extractor.gazetteer,
        discovered={d.entity_id: d.type for d in found},
    )


def _log(x: float) -> float:
    return math.log10(1.0 + abs(x))


class Values:
    """A candidate value: (start, end, value, value_text, kind, unit, comparator)."""

    @staticmethod
    def of(ctx: DocContext, sentence, kinds: tuple[str, ...]) -> list[tuple]:
        out = []
        if "date" in kinds:
            for m in DATE_RE.finditer(ctx.folded, sentence.start, sentence.end):
                out.append((m.start(), m.end(), None, founding_date(m), "date", None, None))
        wanted = set(kinds) - {"date"}
        if wanted:
            for q in ctx.quantities_in(sentence):
                if q.kind in wanted:
                    out.append((q.start, q.end, float(q.value), None, q.kind, q.unit, q.comparator))
        return out


def subjects(ctx: DocContext, sentence, types: tuple[str, ...], previous: int = 0) -> list[dict]:
    """Every entity of `types` the sentence names or points back to, with where; with
    `previous`, also those the `previous` sentences before it in its paragraph name (via
    "previous", placed at the sentence's start, `back` sentences back)."""
    out, seen = [], set()
    for i, m in enumerate(ctx.mentions_in(sentence)):
        entity = ctx.pick(m, types)
        if entity is None:
            continue
        key = (entity, m.start)
        if key not in seen:
            seen.add(key)
            out.append({"id": entity, "start": m.start, "end": m.end, "via": "mention", "i": i})
    for r in REFERENCE_RE.finditer(ctx.folded, sentence.start, sentence.end):
        try:
            resolved = ctx.resolve_reference(sentence, r.group(0), r.start())
        except (KeyError, ValueError):  # pragma: no cover - a reference the context cannot follow
            resolved = None
        if resolved is None or ctx.type_of(resolved.entity_id) not in types:
            continue
        if resolved.start >= sentence.start and resolved.end <= sentence.end:
            continue  # a name in the sentence itself: already a mention candidate
        via = "its" if r.group(0).lower() == "its" else "reference"
        out.append(
            {"id": resolved.entity_id, "start": r.start(), "end": r.end(), "via": via, "i": -1}
        )
    # the subject the rules' helper finds outside the sentence (a list's heading or lead line)
    lead = ctx.subject(sentence, types)
    if (
        lead is not None
        and (lead.start < sentence.start or lead.end > sentence.end)
        and not any(s["id"] == lead.entity_id for s in out)
    ):
        out.append(
            {
                "id": lead.entity_id,
                "start": sentence.start,
                "end": sentence.start,
                "via": "heading",
                "i": -1,
            }
        )
    named = {x["id"] for x in out}
    before = ctx.before_in_paragraph(sentence, previous) if previous else []
    for back, earlier in enumerate(reversed(before), start=1):
        for m in ctx.mentions_in(earlier):
            entity = ctx.pick(m, types)
            if entity is not None and entity not in named:
                named.add(entity)
                out.append(
                    {
                        "id": entity,
                        "start": sentence.start,
                        "end": sentence.start,
                        "via": "previous",
                        "i": -1,
                        "back": back,
                    }
                )
    return out


def _clause_of(ctx: DocContext, sentence, pos: int) -> int:
    n = 0
    for m in CLAUSE_SPLIT.finditer(ctx.folded, sentence.start, sentence.end):
        if m.end() <= pos:
            n += 1
    return n


def generate(
    ctx: DocContext, document, lex: Lexicon, rule_claims: list[dict], previous: int = 0
) -> list[dict]:
    vocab = predicates()
    published = document.meta.get("published")
    rule_keys = defaultdict(set)  # predicate -> values the rules claimed in this document
    rule_subject = defaultdict(set)  # predicate -> subjects the rules claimed
    rule_spans = []  # (start, end) of every rule claim's quote
    for c in rule_claims:
        v = c["value_text"] if vocab[c["predicate"]].value_type == "text" else c["value"]
        rule_keys[c["predicate"]].add(v if isinstance(v, str) else round(float(v or 0), 6))
        rule_subject[c["predicate"]].add(c["subject_id"])
        rule_spans.append((c["char_start"], c["char_end"]))
    rule_starts = sorted(s for s, _ in rule_spans)
    out = []
    for sentence in ctx.sentences:
        low = ctx.lowered[sentence.start : sentence.end]
        cued = {p: list(s["cues"].finditer(low)) for p, s in lex.spec.items()}
        cued = {p: c for p, c in cued.items() if c}
        if not cued:
            continue
        years = [(str(y), sentence.start + a) for y, a, _ in find_years(sentence.text)]
        plan_hits = [m.start() + sentence.start for m in lex.plan.finditer(low)]
        neg = lex.negation.search(low) is not None
        i_rule = bisect.bisect_left(rule_starts, sentence.start)
        rule_in_sentence = i_rule < len(rule_starts) and rule_starts[i_rule] < sentence.end
        mentions = ctx.mentions_in(sentence)
        pub_year = int(published[:4]) if published and published[:4].isdigit() else None
        future_year = float(pub_year is not None and any(int(y) > pub_year for y, _ in years))
        part_of = float(PART_OF.search(low) is not None)
        for predicate, cues in cued.items():
            spec = lex.spec[predicate]
            types = tuple(vocab[predicate].subject_types or ())
            values = Values.of(ctx, sentence, spec["kinds"])
            if not values:
                continue
            subs = subjects(ctx, sentence, types, previous)
            if not subs:
                continue
            first_sub = min((s["start"] for s in subs if s["via"] == "mention"), default=None)
            lead = ctx.subject(sentence, types)
            scope = (
                scoped_as_of(ctx, sentence, predicate, (sentence.start, sentence.end), published)
                if predicate in TIME_BOUND
                else None
            )
            for v_start, v_end, value, value_text, kind, unit, comparator in values:
                v_clause = _clause_of(ctx, sentence, v_start)
                cue_pos = [c.start() + sentence.start for c in cues]
                cue_d = min(abs(c - v_start) for c in cue_pos)
                cue_after = min((c - v_end for c in cue_pos if c >= v_end), default=999)
                cue_before = min((v_start - c for c in cue_pos if c < v_start), default=999)
                cue_same_clause = any(_clause_of(ctx, sentence, c) == v_clause for c in cue_pos)
                v_key = value_text if value_text is not None else round(float(value), 6)
                left = ctx.folded[max(sentence.start, v_start - 40) : v_start].lower()
                right = ctx.folded[v_end : min(sentence.end, v_end + 40)].lower()
                if predicate == "established":
                    as_ofs = [value_text]
                elif predicate in TIME_BOUND:
                    as_ofs = [None, *sorted({y for y, _ in years if y != str(int(value or 0))})]
                    if scope is not None and scope.as_of not in as_ofs:
                        as_ofs.append(scope.as_of)
                else:
                    as_ofs = [None, *sorted({y for y, _ in years})]
                for s in subs:
                    between_lo, between_hi = sorted((s["end"], v_start))
                    same_type_between = sum(
                        1
                        for m in mentions
                        if between_lo <= m.start < between_hi
                        and ctx.pick(m, types) is not None
                        and m.start != s["start"]
                    )
                    any_between = sum(1 for m in mentions if between_lo <= m.start < between_hi)
                    s_clause = _clause_of(ctx, sentence, s["start"])
                    for as_of in as_ofs:
                        f = {
                            "pred=" + predicate: 1.0,
                            "via=" + s["via"]: 1.0,
                            "stype=" + ctx.type_of(s["id"]): 1.0,
                            "pred_stype=" + predicate + ":" + ctx.type_of(s["id"]): 1.0,
                            "subject_before_value": float(s["start"] < v_start),
                            "dist_sv": _log(v_start - s["end"])
                            if s["start"] < v_start
                            else -_log(s["start"] - v_end),
                            "same_clause_sv": float(s_clause == v_clause),
                            "clauses_between": float(abs(s_clause - v_clause)),
                            "commas_between": float(ctx.folded.count(",", between_lo, between_hi)),
                            "same_type_between": float(same_type_between),
                            "mentions_between": float(any_between),
                            "is_first_subject": float(s["start"] == first_sub),
                            "is_lead_subject": float(
                                lead is not None and lead.entity_id == s["id"]
                            ),
                            "n_subjects": float(len({x["id"] for x in subs})),
                            "n_values": float(len(values)),
                            "cue_dist": _log(cue_d),
                            "cue_after_adjacent": float(cue_after <= 3),
                            "cue_after_near": float(cue_after <= 25),
                            "cue_before_near": float(cue_before <= 40),
                            "cue_same_clause": float(cue_same_clause),
                            "plan_near": float(any(abs(p - v_start) < 60 for p in plan_hits)),
                            "plan_any": float(bool(plan_hits)),
                            "negation": float(neg),
                            "change_left": float(lex.change.search(left) is not None),
                            "from_left": float(
                                bool(re.search(r"\bfrom\s+(?:about\s+|around\s+)?$", left))
                            ),
                            "to_left": float(
                                bool(re.search(r"\bto\s+(?:about\s+|around\s+)?$", left))
                            ),
                            "approx_left": float(lex.approx.search(left[-20:]) is not None),
                            "comparator": float(comparator is not None),
                            "possessive": float(
                                ctx.folded[s["end"] : s["end"] + 2] in ("'s", "’s")
                            ),
                            "placed_by": float(
                                bool(
                                    re.search(
                                        r"\b(?:in|at|of|near|from)\s+(?:the\s+)?$",
                                        ctx.folded[
                                            max(sentence.start, s["start"] - 12) : s["start"]
                                        ],
                                        re.IGNORECASE,
                                    )
                                )
                            ),
                            "log_value": _log(value) if value is not None else 0.0,
                            "date_precision": float(len(value_text)) if value_text else 0.0,
                            "unit_" + str(unit): 1.0,
                            "as_of_none": float(as_of is None),
                            "as_of_in_sentence": float(
                                as_of is not None and any(y == as_of[:4] for y, _ in years)
                            ),
                            "as_of_scope": float(scope is not None and as_of == scope.as_of),
                            "as_of_dist": _log(
                                min(
                                    (
                                        abs(a - v_start)
                                        for y, a in years
                                        if as_of and y == as_of[:4]
                                    ),
                                    default=999,
                                )
                            ),
                            "n_years": float(len(years)),
                            "list_item": float(sentence.is_list_item),
                            "heading": float(sentence.is_heading),
                            "bracket_right": float(
                                right[:2].strip().startswith(")") or left.rstrip().endswith("(")
                            ),
                            "future_year": future_year,
                            "part_of": part_of,
                            "founding_verb_left": float(
                                FOUNDING_VERB_LEFT.search(left) is not None
                            ),
                            "works_left": float(WORKS_LEFT.search(left) is not None),
                            "having_between": float(
                                s["start"] < v_start
                                and HAVING.search(ctx.lowered, s["end"], v_start) is not None
                            ),
                            "plan_same_clause": float(
                                any(_clause_of(ctx, sentence, p) == v_clause for p in plan_hits)
                            ),
                            "subject_opens": float(s["start"] - sentence.start <= 4),
                            "same_kind_in_clause": float(
                                sum(
                                    1
                                    for v in values
                                    if v[4] == kind and _clause_of(ctx, sentence, v[0]) == v_clause
                                )
                            ),
                            "rule_same_value": float(v_key in rule_keys[predicate]),
                            "rule_same_subject": float(s["id"] in rule_subject[predicate]),
                            "rule_in_sentence": float(rule_in_sentence),
                            "discovered": float(s["id"] in ctx.discovered),
                        }
                        if "back" in s:  # only with --previous: the default's columns stay
                            f["sentences_back"] = float(s["back"])
                        out.append(
                            {
                                "document": document.name,
                                "subject_id": s["id"],
                                "predicate": predicate,
                                "object_id": None,
                                "value": value_text if value_text is not None else value,
                                "value_num": value,
                                "value_text": value_text,
                                "as_of": as_of,
                                "combined": False,
                                "group": f"{document.name}|{predicate}|{v_start}",
                                "quote": ctx.text[sentence.start : sentence.end][:300],
                                "span": (sentence.start, sentence.end),
                                "rule_same_value": v_key in rule_keys[predicate],
                                "features": f,
                            }
                        )
    return out


def sentence_reach(ctx: DocContext, lex: Lexicon) -> list[tuple[set, set, set]]:
    """Per sentence: (entities it names or points back to, values it states: numbers rounded
    and founding dates, predicates it has a cue of) -- what a sentence-scope candidate can use."""
    out = []
    all_kinds = ("cardinal", "money", "percent", "area", "date")
    for sentence in ctx.sentences:
        ids = {e for m in ctx.mentions_in(sentence) for e in m.entity_ids}
        for r in REFERENCE_RE.finditer(ctx.folded, sentence.start, sentence.end):
            resolved = ctx.resolve_reference(sentence, r.group(0), r.start())
            if resolved is not None:
                ids.add(resolved.entity_id)
        values = {
            v[3] if v[3] is not None else round(v[2], 6)
            for v in Values.of(ctx, sentence, all_kinds)
        }
        low = ctx.lowered[sentence.start : sentence.end]
        cued = {p for p, spec in lex.spec.items() if spec["cues"].search(low)}
        out.append((ids, values, cued))
    return out


def reach_reasons(missed: list[dict], reach: dict) -> dict[str, int]:
    """Why a gold fact the rules miss is (or is not) within a sentence-scope candidate's reach:
    the first of: its subject is named nowhere in the document (an entity the gazetteer and
    discovery lack, or named only by a phrase the reference resolver does not follow); its value
    is read in no sentence; no sentence names both; the sentence lacks a cue; else reachable."""
    out: dict[str, int] = defaultdict(int)
    for fn in missed:
        sentences = reach.get(fn["key"], [])
        value = fn["value"] if isinstance(fn["value"], str) else round(float(fn["value"]), 6)
        if fn["predicate"] == "established":
            value = str(fn["as_of"])
        with_subject = [x for x in sentences if fn["subject_id"] in x[0]]
        with_value = [x for x in sentences if value in x[1]]
        if not with_subject:
            out["subject named nowhere"] += 1
        elif not with_value:
            out["value read nowhere"] += 1
        elif not [x for x in with_value if fn["subject_id"] in x[0]]:
            out["subject and value in different sentences"] += 1
        elif not [x for x in with_value if fn["subject_id"] in x[0] and fn["predicate"] in x[2]]:
            out["no cue word in the sentence"] += 1
        else:
            out["within reach"] += 1
    return dict(out)


def collect(reference_dir: Path = DEFAULT_REFERENCE_DIR, previous: int = 0):
    """(candidates, rule claims, sets, timing) over the development gold."""
    lex = Lexicon()
    extractor = Extractor(load_gazetteer(reference_dir))
    sets = gold_sets()
    cands, rules = [], []
    reach: dict[str, list] = {}
    t_rules = t_cands = 0.0
    n_docs = 0
    for s in sets:
        documents = [d for d in ingest(s.docs_dir).documents if d.name in s.documents]
        n_docs += len(documents)
        for d in documents:
            t0 = time.perf_counter()
            extraction = extractor.extract(d)
            t1 = time.perf_counter()
            ctx = document_context(extractor, d)
            found = generate(ctx, d, lex, extraction.claims, previous)
            t_cands += time.perf_counter() - t1
            t_rules += t1 - t0
            reach[f"{s.name}/{d.name}"] = sentence_reach(ctx, lex)
            frame = claims_frame([d], [extraction])
            if len(frame):
                frame["gold_set"] = s.name
                rules.append(frame)
            if found:
                c = pd.DataFrame(found)
                c["gold_set"] = s.name
                c["label"] = claim_labels(s.gold, c)
                cands.append(c)
    candidates = pd.concat(cands, ignore_index=True)
    candidates["batch"] = [
        batch_of(g, d) for g, d in zip(candidates["gold_set"], candidates["document"], strict=True)
    ]
    rule_claims = pd.concat(rules, ignore_index=True)
    timing = {"documents": n_docs, "rules_s": t_rules, "candidates_s": t_cands}
    return candidates, rule_claims, sets, timing, reach


def fit(kind: str, features: list[dict], labels: list[bool]):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.pipeline import make_pipeline

    if kind == "logreg":
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=1.0, solver="lbfgs", max_iter=5000)
    else:
        from sklearn.ensemble import GradientBoostingClassifier

        model = GradientBoostingClassifier(
            n_estimators=150, max_depth=3, learning_rate=0.05, subsample=1.0, random_state=0
        )
    pipe = make_pipeline(DictVectorizer(sparse=kind == "logreg"), model)
    return pipe.fit(features, labels)


def out_of_batch(
    candidates: pd.DataFrame, kind: str, train_on: str = "all", rule_features: bool = True
) -> list[float]:
    """Each candidate's confidence from a model fitted without its batch. `train_on`: "all"
    candidates, or only those "beyond" the rules (no rule claim has their predicate and value);
    `rule_features`: whether the features saying what the rules claimed are used."""
    scores = [0.0] * len(candidates)
    feats = [
        f if rule_features else {k: v for k, v in f.items() if not k.startswith("rule_")}
        for f in candidates["features"]
    ]
    labels = list(candidates["label"])
    beyond = list(~candidates["rule_same_value"])
    for batch in sorted(set(candidates["batch"])):
        train = [
            i
            for i, b in enumerate(candidates["batch"])
            if b != batch and (train_on == "all" or beyond[i])
        ]
        test = [i for i, b in enumerate(candidates["batch"]) if b == batch]
        if sum(labels[i] for i in train) == 0:
            continue
        model = fit(kind, [feats[i] for i in train], [labels[i] for i in train])
        for i, p in zip(test, model.predict_proba([feats[i] for i in test])[:, 1], strict=True):
            scores[i] = float(p)
    return scores


def kept(cands: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Per (document, predicate, value span): the best candidate, when at or above `threshold`
    and no rule claim of the document has that predicate and value."""
    c = cands[(cands["confidence"] >= threshold) & ~cands["rule_same_value"]]
    if not len(c):
        return c
    c = c.sort_values(["group", "confidence"], ascending=[True, False], kind="stable")
    return c.drop_duplicates("group", keep="first")


class Scorer:
    def __init__(self, candidates, rule_claims, sets) -> None:
        self.per = {}
        by_name = {s.name: s for s in sets}
        rule_batches = [
            batch_of(g, d)
            for g, d in zip(rule_claims["gold_set"], rule_claims["document"], strict=True)
        ]
        rule_claims = rule_claims.assign(batch=rule_batches)
        for s in sets:
            for d in sorted(s.documents):
                b = batch_of(s.name, d)
                self.per.setdefault(b, (by_name[s.name], set()))[1].add(d)
        self.rules = {b: rule_claims[rule_claims["batch"] == b] for b in self.per}
        self.cands = {b: candidates[candidates["batch"] == b] for b in self.per}
        self.base = {
            b: evaluate(self.per[b][0].gold, self.rules[b], self.per[b][1]).overall
            for b in self.per
        }
        self._cache = {}

    def at(self, batch: str, threshold: float):
        add = kept(self.cands[batch], threshold)
        key = (batch, tuple(sorted(add.index)))
        if key not in self._cache:
            s, docs = self.per[batch]
            cols = [
                "document",
                "subject_id",
                "predicate",
                "object_id",
                "value",
                "as_of",
                "combined",
            ]
            extra = add[cols].assign(extractor="candidate/" + add["predicate"], quote=add["quote"])
            both = (
                pd.concat([self.rules[batch], extra], ignore_index=True)
                if len(extra)
                else self.rules[batch]
            )
            self._cache[key] = evaluate(s.gold, both, docs).overall
        return self._cache[key]


def rules_missed(scorer: Scorer, wanted: set[str]) -> list[dict]:
    """The development gold facts of `wanted` predicates the rules miss (false negatives),
    each with `key` (gold set/document)."""
    out = []
    for b, (s, docs) in scorer.per.items():
        for fn in evaluate(s.gold, scorer.rules[b], docs).false_negatives:
            if fn["predicate"] in wanted:
                out.append({**fn, "key": f"{s.name}/{fn['document']}"})
    return out


def choose(scorer: Scorer, batches: list[str], grid: list[float]) -> tuple[float, float]:
    """The threshold of the highest (added true - COST x added false) over `batches`, no batch's F1
    falling; (1.01, 0) when none gains."""
    best_t, best = 1.01, 0.0
    for t in grid:
        gain, ok = 0.0, True
        for b in batches:
            now, base = scorer.at(b, t), scorer.base[b]
            if now.f1 < base.f1 - 1e-12:
                ok = False
                break
            gain += (now.tp - base.tp) - COST * (now.fp - base.fp)
        if ok and gain > best + 1e-12:
            best_t, best = t, gain
    return best_t, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=("gbm", "logreg"), default="gbm")
    parser.add_argument("--train-on", choices=("all", "beyond"), default="all")
    parser.add_argument("--no-rule-features", action="store_true")
    parser.add_argument(
        "--previous",
        type=int,
        default=0,
        help="also take subjects from this many sentences before, in the paragraph",
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument("--cache", type=Path, help="keep the collected candidates here (pickle)")
    parser.add_argument("--dump", type=Path, help="write the scored candidates here (CSV)")
    args = parser.parse_args()
    t0 = time.perf_counter()
    if args.cache and args.cache.is_file():
        import pickle

        candidates, rule_claims, timing, reach = pickle.loads(args.cache.read_bytes())
        sets = gold_sets()
    else:
        candidates, rule_claims, sets, timing, reach = collect(previous=args.previous)
        if args.cache:
            import pickle

            args.cache.write_bytes(pickle.dumps((candidates, rule_claims, timing, reach)))
    print(f"collected in {time.perf_counter() - t0:.1f}s: {timing}", file=sys.stderr)
    candidates["confidence"] = out_of_batch(
        candidates, args.model, args.train_on, not args.no_rule_features
    )
    scorer = Scorer(candidates, rule_claims, sets)
    batches = sorted(scorer.per)
    grid = [round(x / 100, 2) for x in range(5, 100, 5)]
    pooled_t, pooled_gain = choose(scorer, batches, grid)
    rows = []
    for b in batches:
        nested_t, _ = choose(scorer, [x for x in batches if x != b], grid)
        base = scorer.base[b]
        row = {
            "batch": b,
            "candidates": len(scorer.cands[b]),
            "true_candidates": int(scorer.cands[b]["label"].sum()),
            "true_beyond_rules": int(
                (scorer.cands[b]["label"] & ~scorer.cands[b]["rule_same_value"]).sum()
            ),
            "rules": base.as_dict(),
        }
        for name, t in (
            ("pooled", pooled_t),
            ("nested", nested_t),
            ("at_0.3", 0.3),
            ("at_0.5", 0.5),
        ):
            now = scorer.at(b, t)
            row[name] = {
                "threshold": t,
                "added_tp": now.tp - base.tp,
                "added_fp": now.fp - base.fp,
                **now.as_dict(),
            }
        rows.append(row)
    sweep = []
    for t in grid:
        tp = sum(scorer.at(b, t).tp - scorer.base[b].tp for b in batches)
        fp = sum(scorer.at(b, t).fp - scorer.base[b].fp for b in batches)
        worse = sum(scorer.at(b, t).f1 < scorer.base[b].f1 - 1e-12 for b in batches)
        sweep.append({"threshold": t, "added_tp": tp, "added_fp": fp, "batches_worse_f1": worse})
    missed_rows = rules_missed(scorer, set(candidates["predicate"]))
    missed: dict[str, int] = defaultdict(int)
    for fn in missed_rows:
        missed[fn["predicate"]] += 1
    per_pred = []
    for p, g in candidates.groupby("predicate"):
        per_pred.append(
            {
                "predicate": p,
                "candidates": len(g),
                "true": int(g["label"].sum()),
                "true_beyond_rules": int((g["label"] & ~g["rule_same_value"]).sum()),
                "gold_missed_by_rules": missed.get(p, 0),
            }
        )
    report = {
        "model": args.model,
        "train_on": args.train_on,
        "rule_features": not args.no_rule_features,
        "candidates": len(candidates),
        "true_candidates": int(candidates["label"].sum()),
        "timing": timing,
        "pooled_threshold": pooled_t,
        "pooled_gain": pooled_gain,
        "per_batch": rows,
        "sweep": sweep,
        "per_predicate": per_pred,
        "reach_of_rules_misses": reach_reasons(missed_rows, reach),
    }
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    if args.dump:
        candidates.drop(columns=["features"]).to_csv(args.dump, index=False)
    print(json.dumps({k: v for k, v in report.items() if k not in ("per_batch",)}, indent=1))
    print(
        f"{'batch':18} {'cand':>5} {'true':>4} {'beyond':>6}  rules P/R      | pooled +tp +fp  P/R   | nested t  +tp +fp  P/R"
    )
    for r in rows:
        ru, po, ne = r["rules"], r["pooled"], r["nested"]
        print(
            f"{r['batch']:18} {r['candidates']:5d} {r['true_candidates']:4d} {r['true_beyond_rules']:6d}  {ru['precision']:.3f}/{ru['recall']:.3f} | "
            f"{po['added_tp']:3d} {po['added_fp']:3d} {po['precision']:.3f}/{po['recall']:.3f} | "
            f"{ne['threshold']:.2f} {ne['added_tp']:3d} {ne['added_fp']:3d} {ne['precision']:.3f}/{ne['recall']:.3f}"
        )


if __name__ == "__main__":
    main()
