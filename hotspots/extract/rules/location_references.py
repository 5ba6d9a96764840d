"""Location shapes whose larger place is a reference to one named before ("Nanshan, the city's
technology district", "Binhu Science City, a new district of the city"): the reference is
resolved by the document context, and the gazetteer must not put the inner place elsewhere.
("in the city's Guangming district" is the district_of_the_city shape.)"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.mentions import Mention
from hotspots.extract.rules.common import NEGATION, ClaimDraft, _located, _typed, coordinated, cued
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
# "in the north of the provincial capital Lanzhou": the province named in an earlier sentence
PROVINCIAL_CAPITAL = re.compile(
    r"(?<!['’]s\s)\bthe\s+provincial\s+capital(?:\s+city)?(?:\s+of)?\s+$", re.IGNORECASE
)
INNER_TYPES = ("park", "district")
CUE = re.compile(r"\bthe\s+(?:city|province)\b|\bthe\s+provincial\s+capital\b")


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
        capital = _typed(ctx, [m], ("city",))
        if capital and PROVINCIAL_CAPITAL.search(
            ctx.folded, max(sentence.start, m.start - 40), m.start
        ):
            province = ctx.resolve_reference(sentence, "the province", m.start)
            # read only where the gazetteer agrees: the province may be named sentences away
            if province is not None and ctx.parent_of(capital[0].entity_id) == province.entity_id:
                yield from emit(_located(sentence, capital[0], province, "reference_place", ctx))
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


# "Yaohai, Luyang, Shushan and Baohe districts", "the six districts of Furong, Tianxin and Yuelu":
# districts listed under one head noun, the city they belong to named as the sentence's subject
# or by "the city" in it or the sentence before
HEAD_AFTER = re.compile(r"\s+(?:urban\s+|municipal\s+)?(?:districts|counties)\b", re.IGNORECASE)
HEAD_BEFORE = re.compile(
    r"\b(?:districts|counties)\s+(?:of\s+|(?:are|include|including|namely)\s*:?\s*|[:\u2014\u2013-]\s*)$",
    re.IGNORECASE,
)
DISTRICTS_CUE = re.compile(r"\b(?:districts|counties)\b")
CITY_REFERENCE = re.compile(r"\bthe\s+city\b", re.IGNORECASE)


def _list_owner(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], first: EntitySpan
) -> list[EntitySpan]:
    named = [
        EntitySpan.of(x, e)
        for x in mentions
        if x.end <= first.start and (e := ctx.pick(x, ("city",))) is not None
    ]
    owners = named[::-1]
    for s in [*ctx.before_in_paragraph(sentence, 1), sentence]:
        for ref in CITY_REFERENCE.finditer(ctx.folded, s.start, min(s.end, first.start)):
            place = ctx.resolve_reference(s, "the city", ref.start())
            if place is not None:
                owners.append(place)
    return owners


def district_lists(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], emit: Emit
) -> Iterable[ClaimDraft]:
    """Each listed district located in the city that owns the list, where the gazetteer agrees."""
    if not cued(ctx, sentence, DISTRICTS_CUE):
        return
    i = 0
    while i < len(mentions):
        members = coordinated(ctx, mentions, i, ("district",), backwards=False)
        if not members:
            i += 1
            continue
        i += len(members)
        head = HEAD_AFTER.match(ctx.folded, members[-1].end) or HEAD_BEFORE.search(
            ctx.folded, max(sentence.start, members[0].start - 40), members[0].start
        )
        if head is None or NEGATION.search(ctx.folded, sentence.start, members[-1].end):
            continue
        for owner in _list_owner(ctx, sentence, mentions, members[0]):
            own = [d for d in members if ctx.parent_of(d.entity_id) == owner.entity_id]
            for district in own:
                yield from emit(_located(sentence, district, owner, "district_list", ctx))
            if own:
                break
