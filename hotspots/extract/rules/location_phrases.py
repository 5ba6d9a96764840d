"""located_in read from one phrase each: "a district of Nanjing", "the Yuehai subdistrict of
Nanshan", "The two cities are both in Jiangsu", "In the province of Sichuan, Chengdu",
"the city's Haidian district", "Inside X, there is Y", "founded in Hangzhou", "in the south-east
of the city", "a high-tech zone in the city"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_references import PLURAL_REFERENCE_RE
from hotspots.extract.mentions import Mention
from hotspots.extract.rules.common import NEGATION, ClaimDraft, _typed, cued, draft
from hotspots.extract.rules.common_lists import coordinated
from hotspots.extract.rules.common_places import _innermost_possessive, _located
from hotspots.extract.rules.location_checks import _listed
from hotspots.extract.rules.location_patterns import (
    COMPASS,
    DIRECTION_FROM,
    DISTRICT_OF,
    IN_REFERENCE,
    OUTSIDE,
    PLURAL_IN_GAP,
    PROVINCE_OF_LEAD,
    SUB_UNIT_NAME,
    SUB_UNIT_OF,
    UNIT_NAME,
)
from hotspots.extract.rules.location_references import Emit
from hotspots.extract.segment import Sentence
from hotspots.extract.types import (
    INNER_PLACES,
    LOCATED_INNER,
    LOCATED_OUTER,
)


def _district_of(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], emit: Emit
) -> Iterable[ClaimDraft]:
    """A district of the city or province named after it."""
    # "Binjiang (滨江区) is one of ten urban districts of the city of Hangzhou"; "Qixia, a district
    # of Nanjing"; "Binjiang is a county-level district under the jurisdiction of Hangzhou"
    for i, m in enumerate(mentions[:-1]):
        nxt = mentions[i + 1]
        if not DISTRICT_OF.fullmatch(ctx.folded, m.end, nxt.start) or NEGATION.search(
            ctx.folded, m.end, nxt.start
        ):
            continue
        inner = _typed(ctx, [m], ("district",))
        outer = _innermost_possessive(ctx, mentions, i + 1, ("city", "sar", "province"))
        if inner and outer:
            yield from emit(_located(sentence, inner[0], outer, "district_of", ctx))


def _sub_unit_of(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], emit: Emit
) -> Iterable[ClaimDraft]:
    """A unit named with its unit word, of the district or city it lies in."""
    # "the Yuehai subdistrict of Nanshan": a unit below a district, named with its unit word, of
    # the district it lies in (both have district/ ids: no level tells them apart)
    for i, m in enumerate(mentions[:-1]):
        nxt = mentions[i + 1]
        if not SUB_UNIT_OF.fullmatch(ctx.folded, m.end, nxt.start):
            continue
        if UNIT_NAME.search(m.text):
            # "Xingning District of Nanning": a district named with its unit word, of its city
            inner = _typed(ctx, [m], ("district",))
            outer = _innermost_possessive(ctx, mentions, i + 1, ("city", "sar", "province"))
            if inner and outer and not NEGATION.search(ctx.folded, sentence.start, m.start):
                yield from emit(_located(sentence, inner[0], outer, "district_of", ctx))
            continue
        if not SUB_UNIT_NAME.search(m.text):
            continue
        inner = _typed(ctx, [m], ("district",))
        outer = _typed(ctx, [nxt], ("district",))
        if inner and outer and inner[0].entity_id != outer[0].entity_id:
            yield from emit(
                draft(
                    sentence,
                    "district_of",
                    inner[0].entity_id,
                    "located_in",
                    object_id=outer[0],
                    focus=(m.start, nxt.end),
                )
            )


def _plural_in_place(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], emit: Emit
) -> Iterable[ClaimDraft]:
    """Every member of a group a plural phrase points back to, in the place named after it."""
    # "Suzhou and Wuxi ... The two cities are both in Jiangsu": every member of the group
    for pr in (
        PLURAL_REFERENCE_RE.finditer(ctx.folded, sentence.start, sentence.end)
        if cued(ctx, sentence, PLURAL_REFERENCE_RE)
        else ()
    ):
        following = [x for x in mentions if x.start >= pr.end()]
        if not following or not PLURAL_IN_GAP.fullmatch(ctx.folded, pr.end(), following[0].start):
            continue
        outer = _innermost_possessive(ctx, mentions, mentions.index(following[0]), LOCATED_OUTER)
        if outer is None:
            continue
        for inner in ctx.plural_reference(sentence, pr):
            yield from emit(_located(sentence, inner, outer, "plural_in_place", ctx))


def _province_of_lead(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], emit: Emit
) -> Iterable[ClaimDraft]:
    """A city, district or park after an opening that names its province or city."""
    # "In the Southern province of Sichuan, Chengdu is ..."; "In Zhejiang, Hangzhou, the
    # provincial capital, ..." (the sentence's first name, after a bare "In")
    for i, m in enumerate(mentions[:-1]):
        if (
            (
                PROVINCE_OF_LEAD.search(ctx.folded[max(sentence.start, m.start - 30) : m.start])
                or (i == 0 and re.fullmatch(r"\W*In\s+", ctx.folded[sentence.start : m.start]))
            )
            and re.fullmatch(r",\s+", ctx.folded[m.end : mentions[i + 1].start])
            and not OUTSIDE.search(ctx.folded[sentence.start : m.start])
            # "located 30 km north of the city proper of Xingning District of Nanning, the zone":
            # a distance or direction from the place puts the subject outside it
            and not DIRECTION_FROM.search(ctx.folded[sentence.start : m.start])
            and not _listed(ctx, mentions, i + 1)
        ):
            inner = _typed(ctx, [mentions[i + 1]], ("city", "district", "park"))
            outer = _typed(ctx, [m], ("province", "city"))
            if inner and outer:
                yield from emit(_located(sentence, inner[0], outer[0], "province_of_lead", ctx))


def _district_of_the_city(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], emit: Emit
) -> Iterable[ClaimDraft]:
    """A district named after "the city's" or "the district of the city,"."""
    # "The northern district of the city, Haidian"; "the city's Haidian district"
    for m in mentions:
        district = ctx.pick(m, INNER_PLACES)
        if district is None or not ctx.has_between(
            sentence.start, m.start, "the city", "the capital"
        ):
            continue
        lead = re.search(
            r"\b(?:district|part|area) of (?P<ref>the city|the capital),\s+$|\b(?P<ref2>the city|the capital)'s\s+$",
            ctx.folded[sentence.start : m.start],
            re.IGNORECASE,
        )
        if lead:
            city = ctx.resolve_reference(sentence, "the city", sentence.start + lead.start())
            if city:
                yield from emit(
                    _located(
                        sentence, EntitySpan.of(m, district), city, "district_of_the_city", ctx
                    )
                )


def _inside_there_is(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], emit: Emit
) -> Iterable[ClaimDraft]:
    """What "there is" after an opening "Inside X" names, located in X."""
    # "Inside the Haidian district, there is the Zhongguancun Technology Hub"
    for i, m in enumerate(mentions):
        if m.start - sentence.start < 20 and re.search(
            r"(?:^|\b)(?:Inside|Within|In)\s+(?:the\s+)?$", ctx.folded[sentence.start : m.start]
        ):
            outer = _typed(ctx, [m], ("district", "city", "sar", "park"))
            for nxt in mentions[i + 1 :]:
                if outer and re.search(
                    r"\bthere (?:is|are|lies|sits)\b", ctx.folded[m.end : nxt.start]
                ):
                    if NEGATION.search(ctx.folded[m.end : nxt.start]) or re.search(
                        r"\bthere (?:is|are) no\b", ctx.folded[m.end : nxt.start]
                    ):
                        break  # "In Hefei there is no chip maker the size of SMIC"
                    for inner in coordinated(
                        ctx,
                        mentions,
                        mentions.index(nxt),
                        ("park", "district", "company", "university", "research_institute"),
                        backwards=False,
                    ):
                        yield from emit(_located(sentence, inner, outer[0], "inside_there_is", ctx))
                    break


def _compass_of_city(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], emit: Emit
) -> Iterable[ClaimDraft]:
    """A park or district said to lie in a part ("the south-east") of the city."""
    # "... which covers 518 square kilometres in the south-east of the city"
    for c in (
        COMPASS.finditer(ctx.folded, sentence.start, sentence.end)
        if cued(ctx, sentence, COMPASS)
        else ()
    ):
        outer = (
            ctx.resolve_reference(sentence, "the city", sentence.start)
            if c.group("ref").lower() == "the city"
            else None
        )
        inner = [
            x
            for x in _typed(ctx, [x for x in mentions if x.end <= c.start()], ("park", "district"))
        ]
        if outer and inner:
            yield from emit(_located(sentence, inner[-1], outer, "compass_of_city", ctx))


def _in_place_reference(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], emit: Emit
) -> Iterable[ClaimDraft]:
    """A name (and the list it ends) followed by "in the city", "a zone in the district"."""
    # "Optics Valley, a high-tech zone in the city"; "Tencent is located in the district" (after
    # the compass shapes, which state the same claims more precisely)
    for i, m in enumerate(mentions if cued(ctx, sentence, IN_REFERENCE) else ()):
        ref = IN_REFERENCE.match(ctx.folded, m.end, sentence.end)
        if (
            ref is None
            or (i + 1 < len(mentions) and mentions[i + 1].start < ref.end())
            or NEGATION.search(ref.group(0))
        ):
            continue
        place = ctx.resolve_reference(sentence, "the " + ref["ref"].lower(), m.start)
        for inner in coordinated(ctx, mentions, i, LOCATED_INNER, backwards=True):
            if place is not None:
                yield from emit(_located(sentence, inner, place, "in_place_reference", ctx))


# "X (XZ) was established in 1988 in Y", "X established in Y", "X was opened in Y on March 11":
# a founding verb between a zone, district or university and the place it was set up in
FOUNDED_IN_GAP = re.compile(
    r"\s*(?:\([^()]{1,20}\)\s*)?,?\s*(?:(?:was|were|has\s+been|have\s+been|had\s+been)\s+)?"
    r"(?:(?:officially|formally|first|jointly)\s+)?(?:established|founded|set\s+up|opened)\s+"
    r"(?:(?:in|on)\s+(?:(?:[A-Z][a-z]+\.?|\d{1,2})\s+){0,2}(?:\d{1,2},?\s+)?(?:1[89]|20)\d{2}\s+)?"
    r"in\s+(?:the\s+)?"
)
FOUNDED_INNER = ("park", "district", "university", "research_institute")
FOUNDED_OUTER = ("district", "park", "city", "sar", "province")


def _founded_in_place(ctx, sentence, mentions, emit) -> Iterable[ClaimDraft]:
    """ "Westlake University established in Hangzhou", "the zone's X was set up in 2009 in Y": a
    zone, district, university or institute and the place it was founded in (a company, which
    may have moved since, is left out)."""
    for i, m in enumerate(mentions[:-1]):
        nxt = mentions[i + 1]
        if not FOUNDED_IN_GAP.fullmatch(ctx.folded, m.end, nxt.start):
            continue
        if NEGATION.search(ctx.folded, max(sentence.start, m.start - 30), nxt.start):
            continue
        if re.match(r"['’]s\b", ctx.folded[nxt.end : nxt.end + 2]):
            continue  # "set up in Shenzhen's Nanshan district": the owned name is the place
        inner = _typed(ctx, [m], FOUNDED_INNER)
        outer = _typed(ctx, [nxt], FOUNDED_OUTER)
        if inner and outer:
            yield from emit(_located(sentence, inner[0], outer[0], "founded_in_place", ctx))


# "Among Hangzhou's 13 county-level regions, Binjiang District is ...": one of the owner's places
AMONG_LEAD = re.compile(r"\W*Among\s+(?:all\s+)?(?:the\s+)?", re.IGNORECASE)
OWNED_PLACES = re.compile(
    r"['’]s\s+(?:\d+\s+|[a-z-]+\s+){0,3}?"
    r"(?P<noun>districts|counties|regions|areas|zones|parks|cities|towns)\s*,\s+(?:the\s+)?",
    re.IGNORECASE,
)
AMONG_KINDS = {
    "districts": ("district", "park"),
    "counties": ("district", "city"),
    "regions": ("district", "city", "park"),
    "areas": ("district", "park"),
    "zones": ("park",),
    "parks": ("park",),
    "cities": ("city",),
    "towns": ("city", "district"),
}


def _among_owned(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], emit: Emit
) -> Iterable[ClaimDraft]:
    """'Among Hangzhou's 13 county-level regions, Binjiang District is at the forefront': the
    name after the comma is one of the places the owner has."""
    if len(mentions) < 2:
        return
    owner, member = mentions[0], mentions[1]
    tail = OWNED_PLACES.fullmatch(ctx.folded, owner.end, member.start)
    if tail is None or not AMONG_LEAD.fullmatch(ctx.folded, sentence.start, owner.start):
        return
    outer = _typed(ctx, [owner], LOCATED_OUTER)
    inner = _typed(ctx, [member], AMONG_KINDS[tail["noun"].lower()])
    if outer and inner and inner[0].entity_id != outer[0].entity_id:
        yield from emit(_located(sentence, inner[0], outer[0], "among_owned", ctx))
