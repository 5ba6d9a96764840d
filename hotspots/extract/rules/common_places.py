"""Shared rule helpers about a place inside another: the innermost of "Shenzhen's Nanshan
district", a located_in draft, a gazetteer parent that contradicts the text, and the name a
verb is said of past the places that only locate it."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.mentions import Mention
from hotspots.extract.rules.common import ClaimDraft, draft
from hotspots.extract.segment import Sentence
from hotspots.extract.types import LEVEL, ORGANISATIONS

# "Shenzhen's Nanshan district", "China's developed Yangtze River Delta": a possessive, then at
# most two lowercase modifiers (no word that joins or starts a phrase)
POSSESSIVE_GAP = re.compile(
    r"['’]s\s+(?:(?!(?:and|or|in|of|to|with|the|as|for|is|was|has|had)\b)[a-z][\w-]*\s+){0,2}"
)


def _innermost_possessive(
    ctx: DocContext, mentions: list[Mention], index: int, types: tuple[str, ...]
) -> EntitySpan | None:
    """'Shenzhen's Nanshan district' names Nanshan: follow possessives to the innermost place."""
    found = None
    i = index
    while i < len(mentions):
        entity_id = ctx.pick(mentions[i], types)
        if entity_id is None:
            break
        found = EntitySpan.of(mentions[i], entity_id)
        if i + 1 < len(mentions) and POSSESSIVE_GAP.fullmatch(
            ctx.folded, mentions[i].end, mentions[i + 1].start
        ):
            i += 1
            continue
        break
    return found


def _located(
    sentence: Sentence,
    inner: EntitySpan,
    outer: EntitySpan,
    rule_name: str,
    ctx: DocContext,
) -> ClaimDraft | None:
    """`inner` located in `outer`, when `outer` is the larger place. Two parks are of one level,
    yet a zone holds parks of its own ("its six functional areas, namely the Software Park,
    ...", "X Incubator is located in the Chengdu Hi-Tech Zone"): the text's shape says which
    holds which."""
    inner_id, outer_id = inner.entity_id, outer.entity_id
    inner_type, outer_type = ctx.type_of(inner_id), ctx.type_of(outer_id)
    if inner_id == outer_id or (
        LEVEL[inner_type] >= LEVEL[outer_type]
        and not inner_type == outer_type == "park"
        and not _county_level_city(ctx, inner, outer)
    ):
        return None
    return draft(
        sentence,
        rule_name,
        inner_id,
        "located_in",
        object_id=outer,
        focus=(min(inner.start, outer.start), max(inner.end, outer.end)),
    )


# "Jiaozhou, a county-level city in Qingdao": a city under a prefecture-level city, said so
COUNTY_LEVEL_CITY = re.compile(r"\bcounty-level\s+city\b", re.IGNORECASE)


def _county_level_city(ctx: DocContext, inner: EntitySpan, outer: EntitySpan) -> bool:
    """Both are cities, and the words between them call the first a county-level city."""
    if not (ctx.type_of(inner.entity_id) == ctx.type_of(outer.entity_id) == "city"):
        return False
    return inner.end <= outer.start and bool(
        COUNTY_LEVEL_CITY.search(ctx.folded, inner.end, outer.start)
    )


def placed_elsewhere(ctx: DocContext, inner_id: str, outer_id: str) -> bool:
    """The gazetteer puts `inner_id` under a city or province that is not `outer_id` and never
    reaches `outer_id` ("Songjiang District" is Shanghai's, whatever a list's "in Zhejiang" says)."""
    chain, seen = [], inner_id
    while (seen := ctx.parent_of(seen)) is not None and seen not in chain:
        chain.append(seen)
    return outer_id not in chain and any(ctx.type_of(p) in ("city", "province") for p in chain)


# What a verb after a run of names is said of, past the places that only locate the thing:
# "the Pudong New Area in Shanghai was launched" (Pudong New Area), "Pudong, Shanghai, was ..."
# (Pudong), "Pudong New Area, the first new area in China, was established" (past the apposition)
LOCATING_LINK = re.compile(r"\s+(?:in|at)\s+(?:the\s+)?|,\s*", re.IGNORECASE)
APPOSITION_LINK = re.compile(r",\s+(?:the|an?)\s+[^,;()\"]{1,80}?\s+(?:in|of|at)\s+(?:the\s+)?")
RELATIVE_LINK = re.compile(
    r",\s+whose\s+[^,;()]{1,40}?\s+(?:was|is|were|are)\s+(?:the\s+)?"
    # "X, originally known as Y, was founded": Y is X's former name
    r"|,\s+(?:originally|formerly|previously|once)\s+(?:known\s+as|called|named)\s+(?:the\s+)?",
    re.IGNORECASE,
)
AFTER_IN = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
LOCATING_PLACES = ("city", "province", "country", "sar", "district")


# a company's legal form after its name ("Co., Ltd.", "Co., Limited", "Inc.", "Corp.")
LEGAL_FORM = r"(?:Co\.,?\s*(?:Ltd\.?|Limited)|Co\.|Ltd\.?|Limited|Inc\.?|Corp\.?)"
# "Haier of Qingdao", "Gree Electric Appliances Inc. of Zhuhai": a company named with its city
ORG_OF_PLACE_GAP = re.compile(r"(?:,?\s+" + LEGAL_FORM + r")?\s+of\s+")


def located_head(ctx: DocContext, mentions: list[Mention], pos: int) -> int | None:
    """The index in `mentions` (the names before a verb at `pos`, the last one nearest) of the
    name the verb is said of: the last name, or the one a locating place after it belongs to
    ("X in Shanghai", "X, Shanghai,", "X, the first Y in China,"). None when the nearest name
    is only where an unnamed thing is ("one in Pudong was launched", "a park at X University")."""
    k = len(mentions) - 1
    while k >= 0:
        after_in = AFTER_IN.search(ctx.folded, max(0, mentions[k].start - 8), mentions[k].start)
        then_comma = ctx.folded[mentions[k].end : pos].lstrip().startswith(",")
        place_then_comma = then_comma and ctx.pick(mentions[k], LOCATING_PLACES)
        # "X, whose predecessor was Y, was set up": Y is in a relative clause about X
        relative = (
            then_comma
            and k > 0
            and RELATIVE_LINK.fullmatch(ctx.folded[mentions[k - 1].end : mentions[k].start])
        )
        if not (after_in or place_then_comma or relative):
            break
        gap = ctx.folded[mentions[k - 1].end : mentions[k].start] if k > 0 else ""
        if k > 0 and (
            LOCATING_LINK.fullmatch(gap)
            or APPOSITION_LINK.fullmatch(gap)
            or RELATIVE_LINK.fullmatch(gap)
        ):
            k -= 1
            continue
        if after_in:
            return None  # "a park at Tsinghua University was set up": the park is unnamed
        break
    if (
        k > 0
        and ORG_OF_PLACE_GAP.fullmatch(ctx.folded[mentions[k - 1].end : mentions[k].start])
        and ctx.pick(mentions[k], LOCATING_PLACES)
        and ctx.pick(mentions[k - 1], ORGANISATIONS)
    ):
        k -= 1  # "Gree Electric Appliances Inc. of Zhuhai was established": the company's
    return k if k >= 0 else None
