"""Whose count it is, for the count rules (counts.py, count_phrases.py) and designations.py: the
place a possessive names ('Guangdong's Shenzhen has ...'), the place named after the counted noun
('... in Optics Valley', 'in the province') and the place the counted things have settled in
('127 enterprises have registered in the park')."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_references import REFERENCES
from hotspots.extract.rules.common_subjects import owns_a_name
from hotspots.extract.segment import Sentence

POSSESSIVE = re.compile(r"['’]s\s+")
# "Chengdu's high-tech zone", "Wuhan's new science city": a part of the place named by a common noun
PART_HEAD = re.compile(
    r"(?:[a-z][\w-]*\s+){0,3}(?:zone|park|district|new\s+area|science\s+city|campus|base|hub|"
    r"lab|laboratory|cent(?:er|re)|valley|town|corridor)\b"
)


def _possessed_place(
    ctx: DocContext, subject: EntitySpan, before: int, types: tuple[str, ...]
) -> EntitySpan | None:
    """'Guangdong's Shenzhen has more than 20 unicorns': the place the possessive names, not the
    place that possesses it."""
    if subject.via != "mention":
        return subject  # a reference ('the city') resolved to a name elsewhere
    m = POSSESSIVE.match(ctx.folded, subject.end)
    if not m or m.end() >= before:
        return subject
    if owns_a_name(ctx, subject, before):
        return None  # "listed on China's National Equities Exchange, and 1,058 high-tech firms"
    if PART_HEAD.match(ctx.folded, m.end(), before):
        return None  # "Chengdu's high-tech zone ... hosts 4,000 ...": the zone's, not Chengdu's
    for mention in ctx.mentions_between(m.end(), before):
        if mention.start == m.end():
            entity_id = ctx.pick(mention, types)
            if entity_id:
                return EntitySpan.of(mention, entity_id)
        break
    return subject


IN_PLACE_AFTER = re.compile(
    r"\s+(?:(?:registered|based|located|settled|set\s+up|operating|clustered|gathered)\s+)?"
    r"(?P<prep>in|within|across)\s+(?:the\s+)?"
    # "in the city of Wuhan": the name after "of" is the place, not what "the city" points to
    r"(?:(?:city|province|district|region|municipality)\s+of\s+(?-i:(?=[A-Z])))?",
    re.IGNORECASE,
)


def _place_after(
    ctx: DocContext, sentence: Sentence, pos: int, types: tuple[str, ...]
) -> EntitySpan | None:
    """The place named right after a counted noun: 'in Optics Valley', 'in South China's
    Guangdong province', 'in the province' (a reference)."""
    m = IN_PLACE_AFTER.match(ctx.folded, pos, sentence.end)
    if m is None:
        return None
    for mention in ctx.mentions_between(m.end(), min(sentence.end, m.end() + 40)):
        if not re.fullmatch(r"(?:[A-Z][\w-]*\s+){0,2}", ctx.folded[m.end() : mention.start]):
            break  # "in the province, the third most in China": not the place of the count
        entity_id = ctx.pick(mention, types)
        if entity_id is None:
            return None
        return _possessed_place(ctx, EntitySpan.of(mention, entity_id), sentence.end, types)
    # ("800 high-tech enterprises set up in the zone": the reference after the participle)
    ref = re.match(
        r"(?:in|within|across)\s+(?P<ref>the\s+\w+)",
        ctx.folded[m.start("prep") : m.end() + 20],
        re.IGNORECASE,
    )
    if ref and ref.group("ref").lower() in REFERENCES:
        found = ctx.resolve_reference(sentence, ref.group("ref"), m.start())
        if found and ctx.type_of(found.entity_id) in types:
            return found
    return None


# "127 enterprises have registered in the park", "more than 50,000 businesses have been set up in
# the zone", "1,800 high-tech enterprises are registered there": the things a place holds, said
# as having settled there (present perfect or present: what exists now, not the year's additions)
SETTLED_AFTER = re.compile(
    r"\s+(?:(?:have|has)\s+(?:so\s+far\s+|now\s+|already\s+)?(?:been\s+)?|are\s+(?:now\s+)?)"
    r"(?:set\s+up|registered|established|located|based|settled)"
    r"(?=\s+(?:in|within)\s|\s+there\b)",
    re.IGNORECASE,
)
# "Over forty research institutes, many of them run jointly with universities, have been set up
# in the zone": an aside about some of them between the noun and the verb
SETTLED_ASIDE = re.compile(
    r",\s+(?:many|most|some|all|several|half|dozens|a\s+number)\s+of\s+(?:them|which)\b[^,;.]{0,80},",
    re.IGNORECASE,
)
# what makes the settled ones a change: new ones, another batch, a year's or a period's
# additions ("In 2019, 300 firms have registered in the zone", "Since 2015, ...")
SETTLED_CHANGE = re.compile(
    r"\bnew(?:ly)?\b(?!\s+and\s+high)|\b(?:another|additional)\b|\b(?:in|during|since)\s+(?:19|20)\d{2}\b"
    r"|\b(?:last|this|past|each|every|per)\s+(?:year|month|decade)\b|\bsince\b|\bso\s+far\s+this\b"
    r"|\b(?:annual|yearly|monthly)\b",
    re.IGNORECASE,
)


def _settled_place(
    ctx: DocContext, sentence: Sentence, lo: int, start: int, pos: int, types: tuple[str, ...]
) -> EntitySpan | None:
    """'127 enterprises have registered in the park': the place the counted things (number at
    `start`, noun ending at `pos`) have settled in, named or as a reference; None when the
    clause (from `lo`) makes them additions ('In 2019, 300 firms have registered ...')."""
    aside = SETTLED_ASIDE.match(ctx.folded, pos, sentence.end)
    m = SETTLED_AFTER.match(ctx.folded, aside.end() if aside else pos, sentence.end)
    if m is None or SETTLED_CHANGE.search(ctx.folded, lo, m.end()):
        return None
    there = re.match(r"\s+there\b", ctx.folded[m.end() : sentence.end])
    if there:
        found = ctx.resolve_reference(sentence, "there", m.end() + 1)
        return found if found and ctx.type_of(found.entity_id) in types else None
    return _place_after(ctx, sentence, m.end(), types)
