"""The place a headquarters phrase points to: a mention right after 'based in' / 'headquartered
in' (the innermost of 'Shenzhen's Nanshan district'), 'here'/'there', 'the city of X', or 'the
district' named before (hotspots.extract.rules.headquarters reads it); and the organisation an opening
phrase ("Headquartered in Laoshan district of Qingdao, Haier, ...") is about."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_references import NAME_FOLLOWS
from hotspots.extract.rules.common import _typed
from hotspots.extract.segment import Sentence
from hotspots.extract.types import HQ_PLACES, INNER_PLACES, ORGANISATIONS


def _place_after(ctx: DocContext, sentence: Sentence, pos: int) -> EntitySpan | None:
    """The place a phrase like 'based in' points to: a mention right after, or 'here'/'there'."""
    tail = ctx.folded[pos : sentence.end]
    ref = re.match(r"^\s*(?:right\s+)?(?P<ref>here|there)\b", tail, re.IGNORECASE)
    if ref:
        return ctx.resolve_reference(sentence, ref.group("ref"), sentence.start)
    tail = ctx.folded[pos : sentence.end]
    # "headquartered in the city of Shenzhen": the name that follows is the place
    ref = re.match(
        r"^\s*(?:in|at)?\s*(?P<ref>the city|the capital)(?!'s)\b" + NAME_FOLLOWS,
        tail,
        re.IGNORECASE,
    )
    if ref:
        return ctx.resolve_reference(sentence, "the city", pos)
    # "Dahua is headquartered in the district", "Origin Quantum, which is based in the zone": the
    # place of that kind named before
    ref = PLACE_REFERENCE_AFTER.match(tail)
    if ref:
        place = ctx.resolve_reference(sentence, ref["ref"], pos)
        return place if place is not None and ctx.type_of(place.entity_id) in HQ_PLACES else None
    following = ctx.mentions_between(pos, sentence.end)
    for i, mention in enumerate(following[:3]):
        if re.fullmatch(
            # ("headquartered in the southwest of Changchun": a part of the place, in it)
            r"\s*(?:in|at|to)?\s*(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:campus|site|building|tower|office|complex)\s+in\s+)?"
            r"(?:the\s+(?:north|south|east|west|centre|center|heart)(?:-?(?:east|west))?(?:ern)?\s+(?:part\s+|outskirts\s+|suburbs\s+)?of\s+)?"
            r"(?:the\s+)?(?:city of\s+|city's\s+|capital's\s+)?"
            # "in Beijiao town, Shunde District": a town the gazetteer lacks, then its district
            r"(?:(?-i:[A-Z])[\w'’-]+\s+(?:town|township|village|subdistrict|sub-district),\s+)?",
            ctx.folded[pos : mention.start],
            re.IGNORECASE,
        ):
            entity_id = ctx.pick(mention, HQ_PLACES)
            if not entity_id:
                return None
            # "Shenzhen's Nanshan district": the innermost place named
            while i + 1 < len(following) and re.fullmatch(
                r"'s\s+", ctx.folded[following[i].end : following[i + 1].start]
            ):
                inner = ctx.pick(following[i + 1], INNER_PLACES)
                if not inner:
                    break
                i, mention, entity_id = i + 1, following[i + 1], inner
            return EntitySpan.of(mention, entity_id)
    ref = re.match(
        r"^\s*(?:in|at)\s+the city's\s+$", ctx.folded[pos : following[0].start] if following else ""
    )
    if ref and following:
        entity_id = ctx.pick(following[0], INNER_PLACES)
        if entity_id:
            return EntitySpan.of(following[0], entity_id)
    return None


PLACE_REFERENCE_AFTER = re.compile(
    r"^\s*(?:in|at|to)?\s*(?P<ref>the (?:district|zone|park|province|region|area))(?!'s)\b"
    + NAME_FOLLOWS,
    re.IGNORECASE,
)


def _opening_subject(ctx: DocContext, sentence: Sentence, pos: int) -> list[EntitySpan]:
    """The organisation right after a comma that closes an opening phrase ending at `pos`
    (places set off by commas inside the phrase are skipped: "Headquartered in Shenzhen,
    Guangdong, Huawei ..."); none when anything else opens the main clause."""
    for comma in re.finditer(r",", ctx.folded[pos : sentence.end]):
        after = ctx.mentions_between(pos + comma.end(), sentence.end)
        if not after or ctx.folded[pos + comma.end() : after[0].start].strip():
            return []
        org = _typed(ctx, after[:1], ORGANISATIONS)
        if org:
            return org
        if ctx.pick(after[0], HQ_PLACES) is None:
            return []
    return []
