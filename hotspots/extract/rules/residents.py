"""Population stated by its residents rather than by the word 'population': 'Over 270,000
people live in the zone', "with the city's 2.87 million residents" (the 'population of' shapes
are in rules/measures.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_references import REFERENCE_RE
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, _value, draft
from hotspots.extract.rules.common_years import _is_target
from hotspots.extract.rules.measures_figures import _is_change
from hotspots.extract.rules.measures_words import PLACES_WITH_POPULATION, RESIDENTS
from hotspots.extract.segment import Sentence

# "270,000 people live in", "about 3 million residents now reside in": where they live follows
LIVE_IN = re.compile(
    r"\s+" + RESIDENTS + r"\s+(?:now\s+|currently\s+)?(?:live|lived|living|reside|resided|residing)"
    r"\s+in\s+(?:the\s+)?",
    re.IGNORECASE,
)
# what may open the sentence before the figure (a comparator such as "Over" is the quantity's
# own): nothing, or "Today," / "At present," / "In 2020,"
LIVE_IN_OPENING = re.compile(
    r"\W*(?:(?:today|now|at\s+present|currently|in\s+(?:19|20)\d{2}),?\s+)?$", re.IGNORECASE
)
# "the city's 2.87 million residents", "its 9 million inhabitants": the owner's possessive right
# before the figure
OWNED_RESIDENTS = re.compile(
    r"(?:['’]s|\b(?P<its>its))\s+(?:(?:about|around|nearly|some|over|more\s+than|roughly)\s+)?$",
    re.IGNORECASE,
)
RESIDENTS_NOUN = re.compile(
    r"\s+(?:(?:permanent|registered|urban)\s+)?(?:residents|inhabitants)\b", re.IGNORECASE
)
# a part of the residents is no population: "the city's 2 million migrant residents"
SUBGROUP = re.compile(r"\b(?:foreign|migrant|rural|elderly|young|student)\b", re.IGNORECASE)


def _possessor(ctx: DocContext, sentence: Sentence, owned: re.Match) -> EntitySpan | None:
    """The place named or referred to by the possessive `owned` ('Haikou's', "the city's", 'its')."""
    if owned.group("its"):
        found = ctx.resolve_reference(sentence, "its", owned.start())
    else:
        at = owned.start()
        named = ctx.mentions_between(sentence.start, at)
        if named and named[-1].end == at:
            entity_id = ctx.pick(named[-1], PLACES_WITH_POPULATION)
            return EntitySpan.of(named[-1], entity_id) if entity_id else None
        refs = list(REFERENCE_RE.finditer(ctx.folded, max(sentence.start, at - 40), at))
        if not refs or refs[-1].end() != at:
            return None
        found = ctx.resolve_reference(sentence, refs[-1].group(0), refs[-1].start())
    return found if found and ctx.type_of(found.entity_id) in PLACES_WITH_POPULATION else None


def _place_lived_in(ctx: DocContext, sentence: Sentence, at: int) -> EntitySpan | None:
    """The place named right after 'live in' (not one whose possessive names a part of it), or
    the one a reference there points back to ('live in the economic development zone')."""
    after = ctx.mentions_between(at, sentence.end)
    if after and after[0].start == at:
        if re.match(r"['’]s\b", ctx.folded[after[0].end :]):
            return None
        entity_id = ctx.pick(after[0], PLACES_WITH_POPULATION)
        return EntitySpan.of(after[0], entity_id) if entity_id else None
    ref = REFERENCE_RE.match(ctx.folded, max(sentence.start, at - 4), sentence.end)
    if ref is None or not ctx.folded[ref.start() : at].lower().startswith("the"):
        return None
    if re.match(r"['’]s\b", ctx.folded[ref.end() :]):
        return None
    found = ctx.resolve_reference(sentence, ref.group(0), ref.start())
    return found if found and ctx.type_of(found.entity_id) in PLACES_WITH_POPULATION else None


@rule(
    emits={"residents_of_place": "population"},
    kinds=("cardinal",),
    cues_from=(re.compile(RESIDENTS, re.IGNORECASE),),
)
def residents_of_place(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Over 270,000 people live in Hefei High-tech Zone'; "Haikou ... with the city's 2.87
    million residents"."""
    for q in ctx.quantities_in(sentence):
        if q.kind != "cardinal" or q.value < 1000:
            continue
        start = q.comparator_start if q.comparator_start is not None else q.start
        subject = None
        live = LIVE_IN.match(ctx.folded, q.end, sentence.end)
        if live and LIVE_IN_OPENING.fullmatch(ctx.folded, sentence.start, start):
            subject = _place_lived_in(ctx, sentence, live.end())
        elif not live and RESIDENTS_NOUN.match(ctx.folded, q.end):
            owned = OWNED_RESIDENTS.search(ctx.folded, max(sentence.start, start - 12), start)
            if owned and not SUBGROUP.search(ctx.folded, q.end, q.end + 25):
                subject = _possessor(ctx, sentence, owned)
        if subject is None or _is_target(ctx, sentence, q) or _is_change(ctx, sentence, q):
            continue
        yield draft(
            sentence,
            "residents_of_place",
            subject,
            "population",
            value=_value(q),
            value_text=q.text,
            comparator=q.comparator,
            as_of=ctx.sentence_year(sentence, q.start),
            focus=(min(subject.start, start), max(subject.end, q.end)),
        )
