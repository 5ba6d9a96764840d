"""Location shapes whose larger place is a reference to one named before ("Nanshan, the city's
technology district", "Binhu Science City, a new district of the city"): the reference is
resolved by the document context, and the gazetteer must not put the inner place elsewhere.
("in the city's Guangming district" is the district_of_the_city shape.)"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.mentions import Mention
from hotspots.extract.rules.common import NEGATION, ClaimDraft, _typed, cued
from hotspots.extract.rules.common_places import _innermost_possessive, _located
from hotspots.extract.rules.location_patterns import REFERENCE_LOCATED
from hotspots.extract.segment import Sentence
from hotspots.extract.types import LOCATED_INNER, LOCATED_OUTER

# the location rule's `emit`, which every location shape is given: it drops a draft the gazetteer
# contradicts or one already drafted, and yields the rest
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


def reference_opening(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], emit: Emit
) -> Iterable[ClaimDraft]:
    """ "It is located in Suzhou Industrial Park"; "The park lies in Pudong": the sentence's
    subject is a reference to something named before."""
    opening = (
        REFERENCE_LOCATED.match(ctx.folded[sentence.start : sentence.end])
        if cued(ctx, sentence, REFERENCE_LOCATED)
        else None
    )
    following = (
        [k for k, x in enumerate(mentions) if x.start == sentence.start + opening.end()]
        if opening
        else []
    )
    if opening and following:
        phrase = re.sub(r"(?i)^the new area$", "the area", opening["ref"])
        inner = ctx.resolve_reference(sentence, phrase, sentence.start)
        outer = _innermost_possessive(ctx, mentions, following[0], LOCATED_OUTER)
        if (
            inner is not None
            and outer is not None
            and ctx.type_of(inner.entity_id) in LOCATED_INNER
            and not (
                ctx.type_of(outer.entity_id) == "country"
                and re.search(r"\bpart\s+of\s+(?:the\s+)?$", opening.group(0), re.IGNORECASE)
            )
        ):
            yield from emit(_located(sentence, inner, outer, "reference_located", ctx))


# "the 25th anniversary of the park in eastern China's Jiangsu Province", "the district in Wuxi
# generated ...": a reference to a park or district named before, placed by "in"
REFERENCE_IN_PLACE = re.compile(
    r"\bthe\s+(?P<ref>park|zone|district)\s+in\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+"
    r"China['’]s\s+)?",
    re.IGNORECASE,
)


def reference_in_place(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], emit: Emit
) -> Iterable[ClaimDraft]:
    """'the park in eastern China's Jiangsu Province': the park the reference points back to lies
    in the place after 'in', read only where the gazetteer puts it there too (a second park of
    another place, "the park in Shanghai" after one in Suzhou, is not the one named before)."""
    if not cued(ctx, sentence, REFERENCE_IN_PLACE):
        return
    for m in REFERENCE_IN_PLACE.finditer(ctx.folded, sentence.start, sentence.end):
        outer = [x for x in mentions if x.start == m.end()]
        place = _typed(ctx, outer, LOCATED_OUTER)
        if not place or NEGATION.search(ctx.folded, max(sentence.start, m.start() - 30), m.start()):
            continue
        inner = ctx.resolve_reference(sentence, "the " + m["ref"].lower(), m.start())
        if inner is None or ctx.type_of(inner.entity_id) not in INNER_TYPES:
            continue
        if place[0].entity_id in ctx.ancestors(inner.entity_id):
            yield from emit(_located(sentence, inner, place[0], "reference_in_place", ctx))
