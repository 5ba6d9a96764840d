"""Designations stated for the members of a counted list: "China has four state-level new areas,
including Shanghai's Pudong New Area, Tianjin's Binhai New Area and ...". The count says the
places listed hold the designation (the `designation` rule reads one place's designation)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, draft
from hotspots.extract.rules.designations import DESIGNATION, NOT_ASSERTED, _singular
from hotspots.extract.segment import Sentence
from hotspots.extract.types import LOCAL_PLACES

NUMBER_WORDS = lexicon.alternation(lexicon.words("numbers", "units"))
# a plan ("will set up four pilot zones, including ..."): the lexicon's one list of plan words
PLANNED = re.compile(
    r"\b" + lexicon.phrase_pattern(lexicon.words("modality", "planned_phrases")) + r"\b",
    re.IGNORECASE,
)
# a count right before a plural designation, and the word that opens its members
COUNTED = re.compile(
    rf"\b(?:\d{{1,3}}|{NUMBER_WORDS})\s+(?P<term>(?!(?:\d{{1,3}}|{NUMBER_WORDS})\b)[\w-]+(?:\s+[\w-]+){{0,6}}?)"
    r"\s*,?\s+(?:including|such\s+as|namely)\s+",
    re.IGNORECASE,
)
# between two members: a comma, "and" or both
MEMBER_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?", re.IGNORECASE)
# an owner in front of a member ("Shanghai's Pudong New Area"), no member itself
OWNER = re.compile(r"['’]s\s+", re.IGNORECASE)


def _members(ctx: DocContext, sentence: Sentence, start: int) -> list[EntitySpan]:
    """The places listed from `start` on, each past its owner, up to the first gap that is no
    list separator ("Zhoushan Islands New Area in Zhejiang Province": the province is no member)."""
    out: list[EntitySpan] = []
    pos, owned = start, False
    for m in ctx.mentions_between(start, sentence.end):
        if m.start < pos:
            continue
        gap = ctx.folded[pos : m.start]
        first = not out and pos == start
        if (owned or first) and not re.fullmatch(r"\s*(?:the\s+)?", gap, re.IGNORECASE):
            break
        if not (owned or first) and not MEMBER_GAP.fullmatch(gap):
            break
        owner = OWNER.match(ctx.folded, m.end)
        if owner:
            pos, owned = owner.end(), True
            continue
        owned = False
        entity_id = ctx.pick(m, LOCAL_PLACES)
        if entity_id is None:
            break
        out.append(EntitySpan.of(m, entity_id))
        pos = m.end
    return out


@rule(emits={"designation_list": "designated_as"}, cues_from=(COUNTED,))
def designation_list(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'China currently has four state-level new areas including A, B, C and D'."""
    for m in COUNTED.finditer(ctx.folded, sentence.start, sentence.end):
        term = DESIGNATION.fullmatch(m.group("term"))
        if term is None or not re.search(r"s$", term.group(0)):
            continue  # a count of designations is plural ("four state-level new areas")
        if NOT_ASSERTED.search(
            ctx.folded, max(sentence.start, m.start() - 30), m.start()
        ) or PLANNED.search(ctx.folded, max(sentence.start, m.start() - 40), m.start()):
            continue  # "plans to build four pilot zones, including ...", "will have ..."
        value = _singular(term.group("term")).strip()
        for member in _members(ctx, sentence, m.end()):
            yield draft(
                sentence,
                "designation_list",
                member,
                "designated_as",
                value_text=value,
                focus=(m.start(), member.end),
            )
