"""An ordinal before a national kind of zone ("the 13th national new area", "China's first
State-level hi-tech zone"), read by the description rules as a designation, and the dates
descriptions carry: an opening "As of September 2012," and a founding date that is not the
designation's."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.rules.common import ClaimDraft, draft
from hotspots.extract.rules.designations import (
    APPROVED_AFTER,
    _date_in,
    _singular,
)
from hotspots.extract.segment import Sentence
from hotspots.extract.types import LOCAL_PLACES

# "Jiangbei New Area is the 13th national new area approved by ...", "Zhongguancun, China's first
# State-level hi-tech industrial development zone, ...": an ordinal before a national or
# state-level kind of zone is a designation (its kind, singular), not an epithet
ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th))"
)
ORDINAL_DESIGNATION = re.compile(
    # "China's first and only national ... zone": the ordinal's "and only" keeps the designation
    # (after "is the", the phrase starts at "country's": "is the country's first national ...")
    rf"^(?:(?:China|(?:the\s+)?country|(?:the\s+)?nation)['’]s\s+)?(?:{ORDINAL}|earliest)\s+(?:and\s+only\s+)?"
    r"(?:batch\s+of\s+|group\s+of\s+)?"
    r"(?P<term>(?:national|state|state-level|national-level)(?:\s+(?!approved\b|set\b|established\b|launched\b|by\b|in\b|of\b|to\b|and\b|with\b)[\w-]+){0,4}?"
    r"\s+(?:zones?|areas?|parks?|districts?|bases?|cities|city|cent(?:er|re)s?)"
    # "the fourth municipality directly under the central government": a rank of city the
    # State Council gives, which names no level word
    r"|municipalit(?:y|ies)\s+directly\s+under\s+the\s+central\s+government)\b",
    re.IGNORECASE,
)
OPENING_DATE = re.compile(
    r"\W*(?:as\s+of|in|by|at\s+the\s+end\s+of|by\s+the\s+end\s+of)\s+(?P<date>[^,]{4,25}),",
    re.IGNORECASE,
)


def _opening_date(ctx: DocContext, sentence: Sentence, before: int) -> str | None:
    """The date of an opening phrase ("As of September 2012, Suzhou is ..."): the time the
    description is stated for; None without one."""
    m = OPENING_DATE.match(ctx.folded, sentence.start, before)
    return _date_in(m.group("date")) if m else None


def _ordinal_designation(
    ctx: DocContext, sentence: Sentence, subject: EntitySpan, start: int
) -> ClaimDraft | None:
    """The designation an ordinal phrase at `start` states ("the first national high-tech
    industrial development zone"), when the subject is a place; None otherwise."""
    m = ORDINAL_DESIGNATION.match(ctx.folded[start : min(sentence.end, start + 120)])
    if m is None or ctx.type_of(subject.entity_id) not in LOCAL_PLACES:
        return None
    return draft(
        sentence,
        "ordinal_designation",
        subject,
        "designated_as",
        value_text=_singular(m.group("term")),
        # the date of the designation, not of a founding the sentence also states ("Established
        # in 1988, X ... is the first national high-tech zone": no date), unless the designation
        # is said to be approved ("Established in June 2015, X is the 13th national new area
        # approved by the government": the founding is the approval)
        as_of=_date_in(
            sentence.text
            if APPROVED_AFTER.match(ctx.folded, start + m.end("term"))
            else FOUNDING_DATE.sub("", sentence.text)
        ),
        focus=(min(subject.start, start), start + m.end("term")),
    )


FOUNDING_DATE = re.compile(
    r"\b(?:established|founded|set\s+up|launched|created|built)\s+(?:in|on)\s+[^,;]{0,20}?\b(?:1[89]|20)\d{2}\b",
    re.IGNORECASE,
)
