"""Which region or group a membership statement speaks of: one the sentence names, else what 'it',
'the region' or 'the area' points back to; the province the listed cities belong to; and
'them' that are the other cities the sentence before ends on, no members
(hotspots.extract.rules.membership reads them)."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.segment import Sentence
from hotspots.extract.types import REGIONS


def _region_context(
    ctx: DocContext,
    sentence: Sentence,
    exclude: tuple[int, int] | None = None,
    implied: bool = False,
) -> EntitySpan | None:
    """The region a sentence speaks of: one it names (outside `exclude`), else what 'it', 'the
    region' or 'the area' points back to."""
    for m in ctx.mentions_in(sentence):
        if exclude and exclude[0] <= m.start < exclude[1]:
            continue
        region = ctx.pick(m, REGIONS)
        if region:
            return EntitySpan.of(m, region)
    for phrase in ("the region", "the area"):
        if re.search(rf"\b{phrase}(?:'s)?\b|\bits\b|^\W*It\b", sentence.text, re.IGNORECASE):
            resolved = ctx.resolve_reference(sentence, phrase, sentence.start)
            if resolved and ctx.type_of(resolved.entity_id) in REGIONS:
                return resolved
    if (
        implied
    ):  # "The nine mainland cities are ...": the region under discussion, named just before
        resolved = ctx.resolve_reference(sentence, "the region", sentence.start)
        if resolved and ctx.type_of(resolved.entity_id) in REGIONS:
            return resolved
    return None


def _cities_of_province(ctx: DocContext, sentence: Sentence) -> str | None:
    """'... brings together nine cities of Guangdong province ... The nine mainland cities are ...':
    the province the previous sentence says the listed cities belong to."""
    previous = ctx.before_in_paragraph(sentence, 1)
    for s in [sentence, *previous]:
        for m in ctx.mentions_in(s):
            if re.search(
                r"\bcities\s+(?:of|in)\s+(?:the\s+)?(?:\w+\s+)?$",
                ctx.folded[max(s.start, m.start - 25) : m.start],
                re.IGNORECASE,
            ):
                province = ctx.pick(m, ("province",))
                if province:
                    return province
    return None


OTHERS = re.compile(
    r"\b(?:other|outside|beyond|neighbou?ring|nearby|surrounding|non-member)\s+(?:\w+\s+)?(?:cities|provinces|places|regions|areas)\b[^.;]*[.;]?\s*$",
    re.IGNORECASE,
)


def _them_are_others(ctx: DocContext, sentence: Sentence, lead: re.Match) -> bool:
    """'... draws talent from other cities. Among them are Wuhan and Xi'an': 'them' are the
    other cities the sentence before ends on, not the region's members."""
    if not re.match(r"\W*(?:Among them|They)\b", lead.group(0), re.IGNORECASE):
        return False
    previous = ctx.before_in_paragraph(sentence, 1)
    return bool(previous) and OTHERS.search(previous[0].text) is not None
