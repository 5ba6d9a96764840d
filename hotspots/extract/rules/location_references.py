"""Location shapes whose larger place is a reference to one named before ("Nanshan, the city's
technology district", "Binhu Science City, a new district of the city"): the reference is
resolved by the document context, and the gazetteer must not put the inner place elsewhere.
("in the city's Guangming district" is the district_of_the_city shape.)"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.mentions import Mention
from hotspots.extract.rules.common import NEGATION, ClaimDraft, _located, _typed, cued
from hotspots.extract.segment import Sentence

Emit = Callable[[ClaimDraft | None], Iterable[ClaimDraft]]

# "Nanshan, the city's western technology district, hosts ...": an apposition after the name
APPOSITIVE_REFERENCE = re.compile(
    r",\s+the\s+(?P<ref>city|province)['’]s\s+(?:[\w-]+\s+){0,3}?"
    r"(?:district|new\s+area|zone|park|science\s+city|hub)\b",
    re.IGNORECASE,
)
# "Binhu Science City, a new district of the city": a district or zone of the place before
DIVISION_OF_REFERENCE = re.compile(
    r",\s+(?:a|an|one\s+of\s+the)\s+(?:(?:new|urban|core|central|county-level|national|"
    r"state-level|high-tech|hi-tech)\s+){0,2}(?:district|new\s+area|zone|park)s?\s+"
    r"(?:of|in)\s+the\s+(?P<ref>city|province)\b(?!['’]s)",
    re.IGNORECASE,
)
INNER_TYPES = ("park", "district")
CUE = re.compile(r"\bthe\s+(?:city|province)\b")


def _reference(
    ctx: DocContext, sentence: Sentence, phrase: str, before: int, inner: Mention
) -> EntitySpan | None:
    place = ctx.resolve_reference(sentence, "the " + phrase.lower(), before)
    if place is None or place.entity_id in inner.entity_ids:
        return None
    return place


def referenced_places(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], emit: Emit
) -> Iterable[ClaimDraft]:
    """Parks and districts located in a place the sentence names by a reference."""
    if not cued(ctx, sentence, CUE):
        return
    for i, m in enumerate(mentions):
        inner = _typed(ctx, [m], INNER_TYPES)
        if not inner:
            continue
        nxt = mentions[i + 1].start if i + 1 < len(mentions) else sentence.end
        for pattern in (APPOSITIVE_REFERENCE, DIVISION_OF_REFERENCE):
            found = pattern.match(ctx.folded, m.end, nxt)
            if found is None or NEGATION.search(found.group(0)):
                continue
            place = _reference(ctx, sentence, found["ref"], m.start, m)
            if place is not None:
                yield from emit(_located(sentence, inner[0], place, "reference_place", ctx))
