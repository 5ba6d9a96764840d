"""Which figure next to a count noun is a count a place has now: not the end of a range ('two or
three'), a starting state ('initially hosted 3'), a flow ('50 firms a year') or an earlier dated
count ('up from 8 in 2015', drafted on its own); the place the sentence before opens with
(hotspots.extract.rules.count_phrases reads them)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.rules.common import ClaimDraft, draft
from hotspots.extract.rules.common_subjects import _opening_reference
from hotspots.extract.segment import Sentence

# "two or three employees", "5 to 10 labs": the number ends a range, no one figure is stated
# ("from 8 to 15 universities", "from 120 in 2012 to 1,928" are a change: its end is the count)
RANGE_END_BEFORE = re.compile(
    r"\b(?P<start>from\s+)?(?P<n>\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"a\s+few)\s+(?P<link>or|to)\s+$",
    re.IGNORECASE,
)

# "initially hosted 3 universities and now has 40": the present figure after the start's
NOW = re.compile(r"\b(?:now|today|currently|at\s+present|presently)\b", re.IGNORECASE)


def _range_end(ctx: DocContext, lo: int, pos: int) -> bool:
    """The number at `pos` closes a range ("two or three", "5 to 10"), not a change."""
    m = RANGE_END_BEFORE.search(ctx.folded, max(lo, pos - 24), pos)
    if m is None:
        return False
    if m.group("link").lower() == "or":
        return True
    return not m.group("start") and not re.fullmatch(r"(?:1[89]|20)\d{2}", m.group("n"))


# "a company initially staffed with two employees", "when it was founded it had 3 labs": the
# count at the start, a past state, not what the subject has
STARTING_STATE = re.compile(
    r"\b(?:initially|originally|at\s+first|at\s+the\s+(?:start|outset|beginning)|"
    r"at\s+(?:its\s+)?(?:founding|inception|launch)|"
    r"when\s+(?:it\s+was\s+|they\s+were\s+)?(?:founded|established|set\s+up|launched))\b",
    re.IGNORECASE,
)


# "fostered an annual average of 2,000 start-ups and 500 high-tech enterprises", "incubates 50
# high-tech firms a year": how many a year brings (a flow), not how many there are
FLOW_BEFORE = re.compile(
    r"\b(?:annual|yearly|monthly)\s+average\b|\baverage\s+(?:annual|yearly|monthly)\b"
    r"|\b(?:each|every|per)\s+year\b",
    re.IGNORECASE,
)
# ("cultivating three unicorn companies within one year": what a span of time brought)
FLOW_AFTER = re.compile(
    r"\s+(?:(?:a|per|each|every)\s+year\b(?!\s+(?:ago|earlier|before|later))|annually\b|yearly\b"
    r"|(?:with)?in\s+(?:(?:just|only)\s+)?(?:one|a|two|three|\d{1,2})\s+(?:years?|months?)\b)",
    re.IGNORECASE,
)

# a place or a scope the sentence gives its counts, even one the gazetteer lacks ("in Europe's
# largest economy", "nationwide"): not the place of the sentence before
PLACED_ELSEWHERE = re.compile(
    r"\b(?:in|within|across|throughout|nationwide|worldwide|globally|national|China)\b", re.I
)


def _topic_before(ctx: DocContext, sentence: Sentence, types: tuple[str, ...]):
    """The place the sentence right before (same paragraph) opens with, named or as a reference
    ("The area has ...", "Binhai Park has ..."), when it names no other place of `types`."""
    previous = ctx.before_in_paragraph(sentence, 1)
    if not previous:
        return None
    found = _opening_reference(ctx, previous[0], types)
    if found is None:
        first = next(iter(ctx.mentions_in(previous[0])), None)
        entity_id = ctx.pick(first, types) if first is not None else None
        if entity_id is None or not re.fullmatch(
            r"\W*(?:the\s+)?", ctx.folded[previous[0].start : first.start], re.IGNORECASE
        ):
            return None
        found = EntitySpan.of(first, entity_id)
    named = {e for x in ctx.mentions_in(previous[0]) if (e := ctx.pick(x, types))}
    if named - {found.entity_id}:
        return None  # another place in the sentence before: which one is meant is unclear
    return found.seen_as("the sentence before")


# "..., up from 8 in 2015": the earlier count, stated with its year (a bare "up from 8" or "8 more
# than in 2015" states no dated count)
EARLIER_COUNT = re.compile(
    r"(?:\s+(?:in|by|at\s+the\s+end\s+of)\s+(?:19|20)\d{2})?,?\s+(?:up|down)\s+from\s+(?P<n>\d{1,3}(?:,\d{3})*|\d+)\s+(?:(?:in|at\s+the\s+end\s+of)\s+)"
    r"(?P<y>(?:19|20)\d{2})\b(?!\s*[-\u2013%])",
    re.IGNORECASE,
)


def _earlier_count(
    ctx: DocContext, sentence: Sentence, pos: int, predicate: str, subject
) -> Iterable[ClaimDraft]:
    m = EARLIER_COUNT.match(ctx.folded, pos, sentence.end)
    if m is None:
        return
    value = float(m.group("n").replace(",", ""))
    yield draft(
        sentence,
        "earlier_count",
        subject.entity_id,
        predicate,
        value=value,
        value_text=m.group("n"),
        unit="count_per_year" if predicate == "count_stem_graduates" else "count",
        as_of=m.group("y"),
        focus=(min(subject.start, pos), m.end()),
    )
