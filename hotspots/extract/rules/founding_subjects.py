"""What a passive founding verb is about: the name right before it ('X (XETDZ) was established',
past 'in Shanghai' and the place of 'the Guangming District of Shenzhen') or a reference opening
the sentence ('The company was founded') (hotspots.extract.rules.founding reads it)."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_references import REFERENCE_RE
from hotspots.extract.rules.common_places import located_head
from hotspots.extract.rules.founding_words import ESTABLISHED_TYPES, FOUNDED_GAP
from hotspots.extract.segment import Sentence

REFERENCE_SUBJECT = re.compile(
    r"^\W*(?P<ref>" + REFERENCE_RE.pattern + r")\s*$",
    re.IGNORECASE,
)


def _subject_before(ctx: DocContext, sentence: Sentence, pos: int) -> EntitySpan | None:
    """What a passive founding verb at `pos` is about: the name right before it ("X (XETDZ) was
    established"), or a reference opening the sentence ("The company was founded")."""
    before = ctx.mentions_between(sentence.start, pos)
    if before and FOUNDED_GAP.match(ctx.folded[before[-1].end : pos] + " "):
        k = located_head(ctx, before, pos)  # past "in Shanghai", ", the first ... in China,"
        if k is None:
            return None
        if k > 0 and re.fullmatch(r"\s+of\s+", ctx.folded[before[k - 1].end : before[k].start]):
            k -= 1  # "the Guangming District of Shenzhen was established": the head, not its place
        entity_id = ctx.pick(before[k], ESTABLISHED_TYPES)
        return EntitySpan.of(before[k], entity_id) if entity_id else None
    ref = REFERENCE_SUBJECT.match(ctx.folded[sentence.start : pos])
    if ref and ref["ref"].lower() not in {"its", "here", "there"}:
        resolved = ctx.resolve_reference(sentence, ref["ref"], sentence.start)
        if resolved and ctx.type_of(resolved.entity_id) in ESTABLISHED_TYPES:
            return resolved
    return None
