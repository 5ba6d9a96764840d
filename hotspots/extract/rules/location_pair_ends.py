"""Where a pair of names side by side ends (location_pairs reads it): a list that goes on past
the pair's second name ("Changchun, Jilin, Siping and Liaoyuan"), a province that closes a chain
("Changxing County, Huzhou City, Zhejiang Province"), a county the gazetteer lacks named with its
city."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext
from hotspots.extract.mentions import Mention
from hotspots.extract.rules.common import _typed

# "Changxing County, Huzhou City": a county or district the gazetteer does not know, named with its
# unit word, then a city named with its own
_COUNTY_WORD = re.compile(r"[ \t](?:County|District)$")
_CITY_WORD = re.compile(r"[ \t]+City\b")


def _unknown_county_of_city(ctx: DocContext, district, m: Mention, city: Mention) -> bool:
    return (
        ctx.parent_of(district.entity_id) is None
        and _COUNTY_WORD.search(ctx.folded[m.start : m.end]) is not None
        and _CITY_WORD.match(ctx.folded, city.end) is not None
    )


def _province_of_pair(ctx: DocContext, mentions: list, i: int) -> bool:
    """ "Changxing County, Huzhou City, Zhejiang Province": what follows the pair's city is its own
    province, named as one (a chain of places, not a list)."""
    if i + 1 >= len(mentions):
        return False
    city, after = mentions[i], mentions[i + 1]
    province = _typed(ctx, [after], ("province",))
    return (
        bool(province)
        and re.fullmatch(r"(?:[ \t]+City)?,[ \t]+", ctx.folded[city.end : after.start]) is not None
        and (
            re.search(r"\bProvince\b", ctx.folded[after.start : after.end + 10]) is not None
            # "Shunde District, Foshan, Guangdong.": a province the chain ends with, unnamed as one
            or (
                CHAIN_ENDS.match(ctx.folded, after.end) is not None
                and (
                    not _list_goes_on(ctx, mentions, i + 1)
                    or _country_follows(ctx, mentions, i + 1)
                )
            )
        )
        and any(ctx.parent_of(e) == province[0].entity_id for e in city.entity_ids)
    )


def _country_follows(ctx: DocContext, mentions: list, i: int) -> bool:
    """ "..., Guangdong, China": the name after `mentions[i]` and a comma is a country."""
    return (
        i + 1 < len(mentions)
        and re.fullmatch(r",\s+", ctx.folded[mentions[i].end : mentions[i + 1].start]) is not None
        and bool(_typed(ctx, [mentions[i + 1]], ("country",)))
    )


# what may follow the province that closes a chain: the sentence's, line's or cell's end, or the
# country ("..., Foshan, Guangdong, China")
CHAIN_ENDS = re.compile(r"[ \t]*(?:[.;)\n|]|,[ \t]+China\b|$)")


def _list_goes_on(ctx: DocContext, mentions: list, i: int) -> bool:
    """Whether the place `mentions[i]` is followed by another place after a comma or 'and' ("...,
    Shenzhen, Guangzhou and Hangzhou"): it is then an item of a list, not the place of the name
    before it."""
    if i + 1 >= len(mentions):
        return False
    gap = ctx.folded[mentions[i].end : mentions[i + 1].start]
    return re.fullmatch(r"\s*(?:,|,?\s+(?:and|or))\s+(?:the\s+)?", gap, re.IGNORECASE) is not None


def _city_list_goes_on(ctx: DocContext, mentions: list, i: int) -> bool:
    """ "Changchun, Jilin, Siping and Liaoyuan": the name after the pair's second is another city
    of a list (a province name that is also a city's is then that city), not "Hangzhou, Zhejiang,
    China"."""
    nxt = mentions[i]
    if re.search(r"\bprovince\b", ctx.folded[nxt.start : nxt.end + 10], re.IGNORECASE):
        return (
            False  # "Zhengzhou, Central China's Henan Province, Qingdao in ...": named a province
        )
    if _country_follows(ctx, mentions, i):
        return False  # "Hangzhou, Zhejiang, China and ...": the pair's country follows
    if CAPITALISED_LIST_GOES_ON.match(ctx.folded, nxt.end):
        return True  # "..., Jilin, Siping and Liaoyuan": names the gazetteer may lack go on
    return _list_goes_on(ctx, mentions, i) and bool(
        _typed(ctx, [mentions[i + 1]], ("city", "district"))
    )


# ", Siping and Liaoyuan", ", Siping, Liaoyuan": more capitalised names joined as a list
CAPITALISED_LIST_GOES_ON = re.compile(
    r",\s+(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?(?:,\s+(?:and\s+)?|\s+and\s+)(?-i:[A-Z])"
)


def _named_province_ends(ctx: DocContext, mentions: list, i: int) -> bool:
    """ "in Suzhou New District, Jiangsu province started operation": a name that says it is a
    province ends the pair whatever follows, unless a list goes on ("..., Jiangsu province and
    Anhui")."""
    nxt = mentions[i]
    if not re.search(r"\bprovince$", ctx.folded[nxt.start : nxt.end], re.IGNORECASE):
        return False
    if re.match(r"\s+(?:and|or|&)\s", ctx.folded[nxt.end : nxt.end + 6], re.IGNORECASE):
        return False
    return not _list_goes_on(ctx, mentions, i)
