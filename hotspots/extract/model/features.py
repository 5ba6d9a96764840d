"""What the claim model knows about one drafted claim: a sparse dict of named features.

The features describe how the claim was read, never which document it came from: the rule and
its family, the predicate, entity and quantity types, distances and order between the subject's
mention and the value, where the sentence sits (first sentence, heading, list item, table row),
whether the subject was discovered or is in the gazetteer, and cue-word groups (reviewed lists in
reference/model/words.yaml: negation, hedge, goal, change, ...) near the claim's words and in its
sentence. The same claim in the same text always gives the same features (a test holds it).

Left out because they did not carry to batches the model had not seen (leave-one-batch-out,
docs/ACCURACY.md): the cue words one by one (a word's weight learned from a few pages of one
publisher; the groups stay), where in the document the sentence sits (a publisher's layout and
the page's length) and how long the sentence is. With them, a model trained without real_dev's
first batch withheld 6-17 of its true claims (thresholds 0.15-0.3) to remove one false one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from hotspots import yamlload
from hotspots.extract.context import DocContext
from hotspots.extract.engine import registered_rules
from hotspots.extract.numbers import Quantity
from hotspots.extract.rules import ClaimDraft
from hotspots.extract.segment import Sentence

WORDS_FILE = Path("model") / "words.yaml"
# Characters either side of the claim's focus that count as "near" it.
NEAR_CHARS = 40
_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class CueWords:
    """The reviewed cue words, by group, as one pattern per group (whole words, `*` = any ending)."""

    groups: tuple[tuple[str, re.Pattern[str]], ...]
    sha256: str
    phrases: tuple[str, ...] = ()  # entries of several words ("as of"), found as written
    # word -> the groups it belongs to, filled as words are met (a sentence is read as words
    # once, not scanned once per group: this runs for every claim of every build)
    _known: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    def _groups_of(self, word: str) -> tuple[str, ...]:
        groups = self._known.get(word)
        if groups is None:
            groups = self._known[word] = tuple(g for g, p in self.groups if p.fullmatch(word))
        return groups

    def found_in(self, lowered: str, start: int, end: int) -> list[tuple[str, list]]:
        """Per group (in order) that has words in lowered[start:end]: (group, [(start, end,
        word)])."""
        hits: list[tuple[int, int, str, tuple[str, ...]]] = []
        for m in _WORD.finditer(lowered, start, end):
            groups = self._groups_of(m.group(0))
            if groups:
                hits.append((m.start(), m.end(), m.group(0), groups))
        for phrase in self.phrases:
            at = lowered.find(phrase, start, end)
            while at != -1:
                after = at + len(phrase)
                if not (at > 0 and lowered[at - 1].isalnum()) and not (
                    after < len(lowered) and lowered[after].isalnum()
                ):
                    hits.append((at, after, phrase, self._groups_of(phrase)))
                at = lowered.find(phrase, at + 1, end)
        if not hits:
            return []
        hits.sort()
        return [
            (group, [(a, b, w) for a, b, w, gs in hits if group in gs])
            for group, _ in self.groups
            if any(group in gs for *_, gs in hits)
        ]


def _word_pattern(words: list[str]) -> re.Pattern[str]:
    parts = []
    for word in sorted(set(words)):
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"[a-z]*")
        else:
            parts.append(re.escape(word))
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + r")(?![a-z0-9])")


def load_cue_words(path: Path) -> CueWords:
    """The groups of `words.yaml`; a group that is not a list of lowercase words is refused."""
    return _parse_cue_words(path.read_bytes(), str(path))


@cache
def _parse_cue_words(raw: bytes, path: str) -> CueWords:
    data = yamlload.safe_load(raw) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of group -> list of words")
    groups = []
    for group in sorted(data):
        words = data[group]
        if not isinstance(words, list) or not words:
            raise ValueError(f"{path}: group {group!r} must be a non-empty list of words")
        bad = [w for w in words if not isinstance(w, str) or w != w.lower() or not w.strip()]
        if bad:
            raise ValueError(
                f"{path}: group {group!r} has words that are not lowercase text: {bad}"
            )
        groups.append((str(group), _word_pattern([str(w) for w in words])))
    phrases = sorted({str(w) for group in data.values() for w in group if " " in str(w)})
    return CueWords(tuple(groups), hashlib.sha256(raw).hexdigest(), tuple(phrases))


def _bucket(n: float, edges: tuple[int, ...]) -> str:
    """`n` as the label of its bucket: "<=e" for the first edge it does not exceed, else ">last"."""
    for edge in edges:
        if n <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def _words_between(lowered: str, a: int, b: int) -> int:
    lo, hi = (a, b) if a <= b else (b, a)
    return len(_WORD.findall(lowered, lo, hi))


@cache
def _families() -> dict[str, str]:
    return {name: spec.family for name, spec in registered_rules().items()}


class FeatureContext:
    """Per-document lookups the features share (sentence by span, sentence positions)."""

    def __init__(self, ctx: DocContext, cues: CueWords) -> None:
        self.ctx = ctx
        self.cues = cues
        self.by_span = {(s.start, s.end): i for i, s in enumerate(ctx.sentences)}
        # a list or ranking sentence states many claims: what is the same for all, once
        self._sentences: dict[int, SentenceView] = {}

    def sentence(self, draft: ClaimDraft) -> SentenceView | None:
        i = self.by_span.get((draft.start, draft.end))
        if i is None:
            return None
        view = self._sentences.get(i)
        if view is None:
            view = self._sentences[i] = self._view(i)
        return view

    def _view(self, i: int) -> SentenceView:
        ctx, sentence = self.ctx, self.ctx.sentences[i]
        lowered = ctx.lowered
        f: dict[str, float] = {}
        if i == 0:
            f["first_sentence"] = 1.0
        if sentence.is_heading:
            f["heading"] = 1.0
        if sentence.is_list_item:
            f["list_item"] = 1.0
        if "|" in sentence.text or "\t" in sentence.text:
            f["table_row"] = 1.0
        if sentence.text.rstrip().endswith("?"):
            f["question"] = 1.0
        if ctx.heading_of(sentence) is not None:
            f["under_heading"] = 1.0
        mentions = ctx.mentions_in(sentence)
        f[f"mentions{_bucket(len(mentions), (1, 2, 4, 8))}"] = 1.0
        quantities = ctx.quantities_in(sentence)
        f[f"quantities{_bucket(len(quantities), (0, 1, 2, 4))}"] = 1.0
        cues = self.cues.found_in(lowered, sentence.start, sentence.end)
        for group, _ in cues:
            f[f"sentence_cue={group}"] = 1.0
        return SentenceView(sentence, f, mentions, quantities, tuple(cues))


@dataclass(frozen=True)
class SentenceView:
    """A sentence's own features and what its claims' features are computed from."""

    sentence: Sentence
    features: dict[str, float]
    mentions: list
    quantities: list[Quantity]
    cues: tuple[tuple[str, list[tuple[int, int, str]]], ...]  # group, (start, end, word) found


def _value_quantity(quantities: list[Quantity], draft: ClaimDraft) -> Quantity | None:
    """The sentence's quantity that carries the claim's value: same number, nearest the focus."""
    if draft.value is None:
        return None
    same = [q for q in quantities if abs(q.value - draft.value) <= 1e-9 * max(1.0, abs(q.value))]
    if not same:
        return None
    middle = (draft.focus[0] + draft.focus[1]) / 2
    return min(same, key=lambda q: (abs((q.start + q.end) / 2 - middle), q.start))


def claim_features(fc: FeatureContext, draft: ClaimDraft) -> dict[str, float]:
    """The named features of one drafted claim (absent = 0)."""
    ctx = fc.ctx
    f: dict[str, float] = {
        f"rule={draft.rule}": 1.0,
        f"family={_families().get(draft.rule, 'unknown')}": 1.0,
        f"predicate={draft.predicate}": 1.0,
        f"comparator={draft.comparator or 'none'}": 1.0,
        f"unit={draft.unit or 'none'}": 1.0,
    }
    subject_source = "gazetteer" if draft.subject_id in ctx.gazetteer.entities else "discovered"
    f[f"subject_source={subject_source}"] = 1.0
    f[f"subject_type={_type(ctx, draft.subject_id)}"] = 1.0
    f[f"predicate_subject_type={draft.predicate}|{_type(ctx, draft.subject_id)}"] = 1.0
    if draft.object_id is not None:
        f[f"object_type={_type(ctx, draft.object_id)}"] = 1.0
        if draft.object_id not in ctx.gazetteer.entities:
            f["object_discovered"] = 1.0
    if draft.antecedent:
        f["via_reference"] = 1.0
    if draft.combined:
        f["combined"] = 1.0
    if draft.as_of is None:
        f["as_of=none"] = 1.0
    else:
        f[f"as_of_precision={len(draft.as_of)}"] = 1.0
    if draft.value_text:
        f[f"value_text_words{_bucket(len(draft.value_text.split()), (1, 3, 6))}"] = 1.0

    view = fc.sentence(draft)
    if view is None:  # a draft spanning more than one sentence
        f["multi_sentence"] = 1.0
        return f
    sentence = view.sentence
    f.update(view.features)
    lowered = ctx.lowered
    mentions, quantities = view.mentions, view.quantities
    focus_start, focus_end = draft.focus
    focus_mid = (focus_start + focus_end) // 2
    subject_mentions = [m for m in mentions if draft.subject_id in m.entity_ids]
    subject_mention = (
        min(subject_mentions, key=lambda m: (abs(m.start - focus_mid), m.start))
        if subject_mentions
        else None
    )
    if subject_mention is None:
        f["subject_not_in_sentence"] = 1.0
    elif len(subject_mention.entity_ids) > 1:
        f["subject_ambiguous"] = 1.0
    quantity = _value_quantity(quantities, draft)
    if draft.value is not None:
        if quantity is None:
            f["value_not_found"] = 1.0
        else:
            f[f"quantity_kind={quantity.kind}"] = 1.0
            others = sum(1 for q in quantities if q.kind == quantity.kind) - 1
            f[f"same_kind_quantities{_bucket(others, (0, 1, 3))}"] = 1.0
    if subject_mention is not None and quantity is not None:
        before = subject_mention.start <= quantity.start
        f["subject_before_value" if before else "value_before_subject"] = 1.0
        gap = _words_between(
            lowered,
            subject_mention.end if before else quantity.end,
            quantity.start if before else subject_mention.start,
        )
        f[f"subject_value_words{_bucket(gap, (2, 5, 10, 20))}"] = 1.0
        between = [
            m
            for m in mentions
            if min(subject_mention.end, quantity.end)
            <= m.start
            < max(subject_mention.start, quantity.start)
        ]
        if between:
            f["mention_between_subject_value"] = 1.0
    if draft.object_id is not None and subject_mention is not None:
        object_mentions = [m for m in mentions if draft.object_id in m.entity_ids]
        if object_mentions:
            o = min(object_mentions, key=lambda m: (abs(m.start - subject_mention.start), m.start))
            f[
                "subject_before_object"
                if subject_mention.start <= o.start
                else "object_before_subject"
            ] = 1.0
            gap = _words_between(lowered, subject_mention.start, o.start)
            f[f"subject_object_words{_bucket(gap, (2, 5, 10, 20))}"] = 1.0
        else:
            f["object_not_in_sentence"] = 1.0

    near_start = max(sentence.start, focus_start - NEAR_CHARS)
    near_end = min(sentence.end, focus_end + NEAR_CHARS)
    for group, found in view.cues:
        if any(near_start <= a and b <= near_end for a, b, _ in found):
            f[f"near_cue={group}"] = 1.0
            f[f"near_cue={group}|{draft.predicate}"] = 1.0
    return f


def _type(ctx: DocContext, entity_id: str) -> str:
    spec = ctx.gazetteer.entities.get(entity_id)
    if spec is not None:
        return spec.type
    return ctx.discovered.get(entity_id, "unknown")
