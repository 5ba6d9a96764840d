"""The places a designation phrase is said of: the members listed from a position on, each past
its owner ('Shanghai's Pudong New Area'), up to the first gap that is no list separator; the
pair 'A and B' the sentence before opens with, which 'both' and 'the two cities' refer to
(hotspots.extract.rules.designation_phrases reads them)."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.segment import Sentence
from hotspots.extract.types import LOCAL_PLACES

# between two members: a comma, "and" or both
MEMBER_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?", re.IGNORECASE)
# an owner in front of a member ("Shanghai's Pudong New Area"), no member itself
OWNER = re.compile(r"['’]s\s+", re.IGNORECASE)


def _members(ctx: DocContext, sentence: Sentence, start: int) -> list[EntitySpan]:
    """The places listed from `start` on, each past its owner, up to the first gap that is no
    list separator ("Zhoushan Islands New Area in Zhejiang Province": the province is no member)."""
    out: list[EntitySpan] = []
    pos, owned = start, False
    for m in ctx.mentions_between(start, sentence.end):
        if m.start < pos:
            continue
        gap = ctx.folded[pos : m.start]
        first = not out and pos == start
        if (owned or first) and not re.fullmatch(r"\s*(?:the\s+)?", gap, re.IGNORECASE):
            break
        if not (owned or first) and not MEMBER_GAP.fullmatch(gap):
            break
        owner = OWNER.match(ctx.folded, m.end)
        if owner:
            pos, owned = owner.end(), True
            continue
        owned = False
        entity_id = ctx.pick(m, LOCAL_PLACES)
        if entity_id is None:
            break
        out.append(EntitySpan.of(m, entity_id))
        pos = m.end
    return out


# a plural reference to two places: "Both cities", "The two zones", "Both of them"
PLURAL_REFERENCE = re.compile(
    r"\W*(?:(?:in|on|by)\s+[^,;]{1,30},\s*)?(?:both(?:\s+(?:of\s+them|of\s+the\s+\w+|the\s+\w+|\w+))?"
    r"|the\s+two\s+(?:cities|zones|parks|districts|areas|provinces|regions|new\s+areas))",
    re.IGNORECASE,
)


def _pair_before(ctx: DocContext, sentence: Sentence) -> list[EntitySpan]:
    """The two places 'A and B' the sentence before opens with (nothing else named as a subject):
    what "both" and "the two cities" refer to."""
    previous = ctx.before_in_paragraph(sentence, 1)
    if not previous:
        return []
    first = next(iter(ctx.mentions_in(previous[0])), None)
    if first is None or not re.fullmatch(
        r"\W*(?:the\s+)?", ctx.folded[previous[0].start : first.start], re.IGNORECASE
    ):
        return []
    members = _members(ctx, previous[0], first.start)
    if len(members) != 2 or not re.fullmatch(
        r"\s+and\s+(?:the\s+)?", ctx.folded[members[0].end : members[1].start], re.IGNORECASE
    ):
        return []
    if members[0].entity_id == members[1].entity_id:
        return []
    return members
