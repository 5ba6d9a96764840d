"""Who the subject of a membership statement is when the statement itself names no place before
its verb: a reference ("The city belongs to ..."), or a list that belongs to another phrase."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.segment import Sentence
from hotspots.extract.types import MEMBER_PLACES

# "The city belongs to the Shanghai-Suzhou cluster"; "The former is part of the Greater Bay
# Area": the clause's whole subject is a reference to one place named before
REFERENCE_MEMBER = re.compile(
    r"(?:^|[;:]\s+|,\s+(?:and|while|but)\s+)(?P<ref>the city|this city|the former|the latter|it)\s+"
    r"(?:(?:is|was)\s+(?:also\s+|now\s+)?(?:a\s+|an\s+)?(?:(?:important|integral|key|core|vital|major|founding)\s+)?"
    r"(?:part|member)\s+of|belongs\s+to)\s+(?:the\s+)?(?:China's\s+)?$",
    re.IGNORECASE,
)


def referenced_member(ctx: DocContext, sentence: Sentence, group_start: int) -> list[EntitySpan]:
    head = ctx.folded[sentence.start : group_start].lstrip("\"'“‘ ")
    found = REFERENCE_MEMBER.search(head)
    if found is None:
        return []
    at = group_start - len(head) + found.start("ref")
    place = ctx.resolve_reference(sentence, found["ref"].lower(), at, kinds=MEMBER_PLACES)
    if place is None or ctx.type_of(place.entity_id) not in MEMBER_PLACES:
        return []
    return [place]


def closed_list_tail(ctx: DocContext, members: list[EntitySpan]) -> list[EntitySpan]:
    """ "A city adjacent to Shenzhen, Hong Kong and Macao, Guangzhou is part of ...": a list that
    an "and" closed before a later comma is another phrase's; only the names after it remain."""
    for k in range(len(members) - 2, 0, -1):
        closed = re.search(r"\b(?:and|or)\b", ctx.folded[members[k - 1].end : members[k].start])
        if closed and re.fullmatch(r"\s*,\s*", ctx.folded[members[k].end : members[k + 1].start]):
            return members[k + 1 :]
    return members


def not_a_fronted_list(
    ctx: DocContext, subjects: list[EntitySpan], verb: re.Match | None, offset: int
) -> list[EntitySpan]:
    """ "A rival of Hangzhou and Nanjing, the city is part of ...": a noun phrase between the
    list and the verb is the subject, not the list (`verb` matched the text from `offset`)."""
    if (
        subjects
        and verb
        and re.fullmatch(
            r"\s*,\s+(?:the|this)\s+\w+\s+",
            ctx.folded[subjects[-1].end : offset + verb.start()],
        )
    ):
        return []
    return subjects
