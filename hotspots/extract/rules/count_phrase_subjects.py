"""Whose count a count phrase states, for count_phrases.counts and company_count: the
organisation named after 'work at' ('2,092 professionals work at CIOMP'), the name whose possessive
is right before the count ('Jinan's 300 research institutes') and the name right before a verb of
having ('..., Qingdao has over 560 R&D institutions'); the verbs of having (HAVING_BEFORE)."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.segment import Sentence
from hotspots.extract.types import ORGANISATIONS

# a verb of having right before a count: "The park has about 80,000 companies.", "there are
# almost 600 enterprises in the zone"
HAVING_BEFORE = re.compile(
    r"\b(?:has|have|had|holds|held|houses|housed|hosts|hosted|boasts|boasted|counts|counted|"
    r"(?:is|was|are|were)\s+(?:now\s+|currently\s+|already\s+)?home\s+to|"
    r"(?:is|was)\s+housed\s+with|[Tt]here\s+(?:are|were)|now\s+has)\s+"
    r"(?:(?:now|currently|already|today|altogether|in\s+total)\s+)?(?:a\s+total\s+of\s+)?$",
    re.IGNORECASE,
)
# the same verbs anywhere before the count (a list the verb opens)
HAVING_VERB = re.compile(HAVING_BEFORE.pattern.removesuffix("$"), re.IGNORECASE)


LIST_BREAK = re.compile(
    r"[;.:]|\b(?:which|that|where|while|but|whose|who|whereas)\b", re.IGNORECASE
)
# a preposition or conjunction right before a name: the name is no verb's subject ("the zone in
# Hefei has", "Shenzhen and Hong Kong have")
GOVERNED_NAME = re.compile(
    r"\b(?:in|of|at|from|near|to|by|with|and|or|&)\s+(?:the\s+)?$", re.IGNORECASE
)


WORK_AT = re.compile(
    r"\s+(?:currently\s+|now\s+)?(?:work|works|are\s+working)\s+(?:at|for|in)\s+(?:the\s+)?",
    re.IGNORECASE,
)


def _workplace_after(ctx: DocContext, sentence: Sentence, end: int) -> EntitySpan | None:
    """'2,092 professionals work at CIOMP': the organisation named right after the verb."""
    work = WORK_AT.match(ctx.folded, end, sentence.end)
    if work is None:
        return None
    named = ctx.mentions_between(work.end(), sentence.end)
    if not named or named[0].start != work.end():
        return None
    if re.match(r"['’]s\b", ctx.folded[named[0].end : named[0].end + 2]):
        return None  # "work at Huawei's lab in Wuhan": the lab's people
    entity_id = ctx.pick(named[0], ORGANISATIONS)
    return EntitySpan.of(named[0], entity_id) if entity_id else None


def _possessor(
    ctx: DocContext, sentence: Sentence, start: int, types: tuple[str, ...]
) -> EntitySpan | None:
    """ "more than Jinan's 300 research institutes": the name whose possessive is right before
    the count owns it."""
    named = ctx.mentions_between(sentence.start, start)
    if not named or not re.fullmatch(r"['’]s\s+", ctx.folded[named[-1].end : start]):
        return None
    entity_id = ctx.pick(named[-1], types)
    return EntitySpan.of(named[-1], entity_id) if entity_id else None


def _name_before_verb(
    ctx: DocContext, sentence: Sentence, start: int, types: tuple[str, ...]
) -> EntitySpan | None:
    """ "China's most well-known city for science, Qingdao has over 560 R&D institutions": the name
    right before the verb of having is its subject, whatever the sentence opened with."""
    verbs = list(HAVING_VERB.finditer(ctx.folded, sentence.start, start))
    if not verbs or re.match(r"there\b", verbs[-1].group(0), re.IGNORECASE):
        return None
    verb = verbs[-1]
    # "... Qingdao has over 560 R&D institutions, 89 national key laboratories": the later counts
    # of the list the verb opens share its subject (no clause, and no other name, between them)
    if LIST_BREAK.search(ctx.folded, verb.end(), start) or ctx.mentions_between(verb.end(), start):
        return None
    named = ctx.mentions_between(sentence.start, verb.start())
    if not named or ctx.folded[named[-1].end : verb.start()].strip():
        return None
    if GOVERNED_NAME.search(ctx.folded, max(sentence.start, named[-1].start - 12), named[-1].start):
        return None
    entity_id = ctx.pick(named[-1], types)
    return EntitySpan.of(named[-1], entity_id) if entity_id else None
