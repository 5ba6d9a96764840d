"""Shared rule helpers for lists: runs of numbers said "respectively", the subjects named
together before a verb, "A, B and C" lists of places, "Zhejiang's Jiaxing, Hangzhou and Huzhou"
groups, and what opens a list item or a fact sheet's line (a bullet, a number)."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.mentions import Mention
from hotspots.extract.numbers import Quantity
from hotspots.extract.rules.common import cued
from hotspots.extract.segment import Sentence

RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
# what may come before a label at the start of a line or list item: a bullet, a number
LINE_OPENING = re.compile(r"[ \t]*(?:[-*•·]|\d{1,2}[.)])?[ \t]*")


def _respectively_runs(ctx: DocContext, sentence: Sentence) -> list[list[Quantity]]:
    """Coordinated runs of two or more numbers in a sentence that says 'respectively'."""
    key = ("respectively", sentence.start)
    runs = ctx.memo.get(key)
    if runs is None:
        runs = ctx.memo[key] = _find_respectively_runs(ctx, sentence)
    return runs


def _find_respectively_runs(ctx: DocContext, sentence: Sentence) -> list[list[Quantity]]:
    if not cued(ctx, sentence, RESPECTIVELY) or not RESPECTIVELY.search(sentence.text):
        return []
    numbers = [q for q in ctx.quantities_in(sentence) if q.kind in {"cardinal", "percent", "money"}]
    runs: list[list[Quantity]] = []
    for q in numbers:
        start = q.comparator_start if q.comparator_start is not None else q.start
        if runs and re.fullmatch(r"\s*(?:,|and|, and)\s*", ctx.folded[runs[-1][-1].end : start]):
            runs[-1].append(q)
        else:
            runs.append([q])
    return [r for r in runs if len(r) > 1]


# "Boston in Massachusetts and San Francisco, California": a place name set after a member
COORDINATED_ASIDE = re.compile(
    r"(?:\s+in\s+|,\s*)(?-i:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s*(?:,|and|, and)\s*(?:the\s+)?"
)


def _subjects_before(
    ctx: DocContext,
    sentence: Sentence,
    pos: int,
    n: int,
    types: tuple[str, ...],
    asides: bool = False,
) -> list[EntitySpan]:
    """The last `n` coordinated mentions of `types` before `pos` ('Wuhan and Xiangyang are to host');
    with `asides`, a member may carry a place name after it ('Boston in Massachusetts and ...')."""
    found: list[EntitySpan] = []
    for m in reversed(ctx.mentions_between(sentence.start, pos)):
        entity_id = ctx.pick(m, types)
        if entity_id is None:
            if found:
                break
            continue
        gap = ctx.folded[m.end : found[-1].start] if found else ""
        if found and not (
            re.fullmatch(r"\s*(?:,|and|, and)\s*(?:the\s+)?", gap)
            or (asides and COORDINATED_ASIDE.fullmatch(gap))
        ):
            break
        found.append(EntitySpan.of(m, entity_id))
        if len(found) == n:
            break
    return found[::-1] if len(found) == n else []


def _in_respectively_run(ctx: DocContext, sentence: Sentence, q: Quantity) -> bool:
    return any(q.start == x.start for run in _respectively_runs(ctx, sentence) for x in run)


LIST_GAP = re.compile(
    r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?:the\s+)?$", re.IGNORECASE
)


# "gaming giant Tencent, telecom champion Huawei and drone maker DJI": each item's common noun first
DESCRIBED_ITEM_GAP = re.compile(
    r"\s*(?:,\s*)?(?:and\s+)?(?:(?!(?:and|or|of|in|at|by|for|from|the|with|to)\b)[a-z][\w-]*\s+){1,4}"
)


def coordinated(
    ctx: DocContext,
    mentions: list[Mention],
    index: int,
    types: tuple[str, ...],
    backwards: bool,
    described: bool = False,
) -> list[EntitySpan]:
    """The list 'A, B and C' that mention `index` belongs to, walking back or forward. With
    `described` (a list whose first item came after a common noun), an item may follow its own
    common noun ("..., telecom champion Huawei and drone maker DJI")."""
    out = []
    step = -1 if backwards else 1
    i = index
    while 0 <= i < len(mentions):
        entity_id = ctx.pick(mentions[i], types)
        if entity_id is None:
            break
        out.append(EntitySpan.of(mentions[i], entity_id))
        j = i + step
        if not 0 <= j < len(mentions):
            break
        a, b = (mentions[j], mentions[i]) if backwards else (mentions[i], mentions[j])
        gap = ctx.folded[a.end : b.start]
        if not (
            LIST_GAP.match(gap)
            or (described and DESCRIBED_ITEM_GAP.fullmatch(gap))
            or re.fullmatch(
                r"\s*(?:,\s*)?(?:and\s+)?(?:the\s+)?(?:\w+\s+)?(?:municipality|municipalities|provinces?|cities|city|SARs?|special administrative regions?)\s+of\s+",
                gap,
                re.IGNORECASE,
            )
        ):
            break
        i = j
    return out[::-1] if backwards else out


GROUP_GAP = re.compile(r"\s*(?:,|;)?\s*(?:and|as well as|plus)?\s*$", re.IGNORECASE)


def possessive_groups(
    ctx: DocContext, mentions: list[Mention], index: int
) -> list[tuple[EntitySpan, EntitySpan]]:
    """ "Zhejiang's Jiaxing, Hangzhou and Huzhou, Jiangsu's Suzhou, as well as Anhui's Hefei":
    each city of the list with the province whose possessive heads its group, from mention
    `index` (a province) on. A city the gazetteer places in another province ends the list: the
    possessive is then not a location ("Zhejiang's rival Shanghai")."""
    out: list[tuple[EntitySpan, EntitySpan]] = []
    i = index
    while i + 1 < len(mentions):
        province = ctx.pick(mentions[i], ("province",))
        # (a first name the gazetteer lacks may open the group: "Anhui's Xuancheng, Wuhu and Hefei")
        if province is None or not re.fullmatch(
            r"['’]s\s+(?:[A-Z][\w'-]+,\s+)?", ctx.folded[mentions[i].end : mentions[i + 1].start]
        ):
            break
        outer = EntitySpan.of(mentions[i], province)
        cities = coordinated(ctx, mentions, i + 1, ("city",), backwards=False)
        if not cities:
            break
        for city in cities:
            if ctx.parent_of(city.entity_id) not in (None, province):
                return out
            out.append((city, outer))
        last = next(j for j, m in enumerate(mentions) if m.start == cities[-1].start)
        i = last + 1
        if i >= len(mentions) or not GROUP_GAP.fullmatch(
            ctx.folded[mentions[last].end : mentions[i].start]
        ):
            break
    return out
