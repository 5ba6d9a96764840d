"""Helpers every rule family uses: the claim draft (ClaimDraft, `draft`), the cue test before a
scan, the text around a position, negation, the first mention of some types.

The other shared helpers are beside it, one concern a module: common_subjects (what a figure or
verb is said of), common_years (the year of a list, goals for a year), common_lists
("respectively" runs, coordinated lists, what opens a list item) and common_places (a place
inside another)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.cues import required_literal_sets
from hotspots.extract.mentions import Mention
from hotspots.extract.numbers import Quantity
from hotspots.extract.segment import Sentence


@dataclass(frozen=True)
class ClaimDraft:
    subject_id: str
    predicate: str
    object_id: str | None
    value: float | None
    value_text: str | None
    unit: str | None
    comparator: str | None
    as_of: str | None
    start: int
    end: int
    rule: str
    focus: tuple[int, int]  # the part of the sentence that states it (for long-sentence quotes)
    antecedent: str | None = None  # how a reference ("the city", "it") was resolved, when one was
    combined: bool = False  # the value is stated for a group of subjects together, not for this one
    # where as_of was stated when outside the sentence (hotspots.extract.scope); written beside
    # the antecedent in the claim's `antecedent` column, kept apart here for the claim model
    dated_by: str | None = None


def draft(
    sentence: Sentence,
    rule_name: str,
    subject: str | EntitySpan,
    predicate: str,
    *,
    focus: tuple[int, int],
    object_id: str | EntitySpan | None = None,
    value: float | None = None,
    value_text: str | None = None,
    unit: str | None = None,
    comparator: str | None = None,
    as_of: str | None = None,
    combined: bool = False,
) -> ClaimDraft:
    """A claim stated by `sentence`. A subject or object found through a reference carries it along.
    `combined`: the value is a group's, stated for its members together ("these clusters account for 20%")."""
    antecedents = [
        f"{r.via!r} -> {r.entity_id} (named at {r.start}-{r.end})"
        for r in (subject, object_id)
        if isinstance(r, EntitySpan) and r.via not in {"mention", "demonym"}
    ]
    subject_id = subject.entity_id if isinstance(subject, EntitySpan) else subject
    obj = object_id.entity_id if isinstance(object_id, EntitySpan) else object_id
    return ClaimDraft(
        subject_id,
        predicate,
        obj,
        value,
        value_text,
        unit,
        comparator or ("eq" if value is not None else None),
        as_of,
        sentence.start,
        sentence.end,
        rule_name,
        focus,
        "; ".join(antecedents) or None,
        combined,
    )


# keyed by the pattern's identity, not its hash: hashing a compiled pattern hashes all of its
# code (2 µs for a long one), and `cued` runs for every sentence and scan
_CUE_PATTERNS: dict[int, tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]] = {}


def _cue_patterns(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], ...]:
    """The literal sets every match of `pattern` meets (cues.required_literal_sets), each as one
    pattern over lowercased text."""
    entry = _CUE_PATTERNS.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        entry = (
            pattern,
            tuple(
                re.compile("|".join(map(re.escape, words)))
                for words in required_literal_sets(pattern)
            ),
        )
        _CUE_PATTERNS[id(pattern)] = entry
    return entry[1]


def cued(ctx: DocContext, sentence: Sentence, pattern: re.Pattern[str]) -> bool:
    """Whether `pattern` can match inside the sentence: each set of literals every match meets
    (derived from the pattern, see cues.required_literal_sets) has one there. A cheap test
    before a scan."""
    lowered, start, end = ctx.lowered, sentence.start, sentence.end
    for cues in _cue_patterns(pattern):  # noqa: SIM110  (a plain loop: runs per sentence and scan)
        if cues.search(lowered, start, end) is None:
            return False
    return True


def _after(ctx: DocContext, pos: int, n: int = 60) -> str:
    return ctx.folded[pos : pos + n]


def _before(ctx: DocContext, pos: int, n: int = 60) -> str:
    return ctx.folded[max(0, pos - n) : pos]


def _grouped_by_headquarters(ctx: DocContext, heading: Sentence) -> bool:
    """Some line before the heading says the lists group firms by where their headquarters are."""
    before = ctx.sentences[max(0, ctx.position(heading) - 12) : ctx.position(heading)]
    return any(
        re.search(r"\bheadquarter", s.text, re.IGNORECASE)
        and re.search(r"\b(?:lists?|below|by (?:the )?city|grouped?)\b", s.text, re.IGNORECASE)
        for s in before
    )


def _first_of(
    ctx: DocContext, mentions: list[Mention], types: tuple[str, ...]
) -> EntitySpan | None:
    for m in mentions:
        entity_id = ctx.pick(m, types)
        if entity_id:
            return EntitySpan.of(m, entity_id)
    return None


NEGATION = re.compile(r"\b(?:not|never|no longer|neither|nor)\b|n't\b", re.IGNORECASE)


def _negated(ctx: DocContext, sentence: Sentence, pos: int) -> bool:
    """A negation in the few words before a verb: 'has not moved', 'is no longer based'."""
    lo, _ = ctx.clause(sentence, pos)
    return bool(NEGATION.search(ctx.folded[max(lo, pos - 25) : pos]))


def _cluster_capable(ctx: DocContext, mention: Mention) -> str | None:
    return ctx.pick(mention, ("cluster",))


def _value(q: Quantity) -> float:
    return float(q.value)


def _typed(ctx: DocContext, mentions: list[Mention], types: tuple[str, ...]) -> list[EntitySpan]:
    """The mentions that can be an entity of `types`, as that entity."""
    out = []
    for m in mentions:
        entity_id = ctx.pick(m, types)
        if entity_id:
            out.append(EntitySpan.of(m, entity_id))
    return out
