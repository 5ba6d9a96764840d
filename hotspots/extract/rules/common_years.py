"""Shared rule helpers about time: the year a list or a continued enumeration is for, and
whether a number is a goal for a year rather than what was reached ("plans to ... by 2025")."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext
from hotspots.extract.numbers import Quantity
from hotspots.extract.segment import Sentence


def _list_year(ctx: DocContext, sentence: Sentence) -> str | None:
    """A bullet takes the year its list is introduced with ("figures for the end of 2022:"), or
    the year an earlier line gives for all the figures ("Counts are for the end of 2022.")."""
    if not sentence.is_list_item:
        return None
    intro = ctx.list_intro(sentence, 1)
    year = ctx.sentence_year(intro[0]) if intro else None
    if year:
        return year
    for s in reversed(ctx.sentences[: ctx.position(sentence)]):
        if re.search(
            r"\b(?:figures|counts|numbers|data|statistics)\b[^.]{0,30}\b(?:are|refer to|as of|for)\b",
            s.text,
            re.IGNORECASE,
        ):
            return ctx.sentence_year(s)
    return None


def _continued_year(ctx: DocContext, sentence: Sentence) -> str | None:
    """'At the end of 2022 the city counted ... It also had ...': an enumeration continued with
    'also' keeps the year of the sentence before."""
    if not re.search(r"^\W*(?:\w+\s+){0,3}also\b", sentence.text, re.IGNORECASE):
        return None
    previous = ctx.before_in_paragraph(sentence, 1)
    return ctx.sentence_year(previous[0]) if previous else None


TARGET_CUE = re.compile(
    r"\b(?:plans?|planning|aims?|aiming|targets?|goal|will|expected|expects?|set to|seeks?|intends?|pledged?|wants?|hopes?|vows?|keep)\b",
    re.IGNORECASE,
)
BY_YEAR = re.compile(
    r"\b(?:by|through|until|till)\s+(?:the\s+end\s+of\s+)?"
    # "by the end of the 14th Five-Year Plan (2021-2025)": the plan period's last year
    r"(?:(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)\s+)?Five-Year\s+Plan\s+(?:period\s+)?"
    r"\(\s*20\d{2}\s*[-\u2013\u2014]\s*)?(?P<year>20\d{2})\b",
    re.IGNORECASE,
)


# "set 2023 goals for innovation, with R&D spending at 4% of GDP", "its targets for 2025: ...":
# the values after a goal named with its year are goals for that year, not what was reached
GOAL_FOR_YEAR = re.compile(
    r"\b(?P<year>20\d{2})(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:goals?|targets?|objectives?)\b"
    r"(?!\s+(?:was|were|has\s+been|have\s+been)\s+(?:met|achieved|reached|hit|exceeded|surpassed))",
    re.IGNORECASE,
)
GOAL_MET_BEFORE = re.compile(
    r"\b(?:met|meets|achieved|achieves|fulfilled|fulfils|fulfills|exceeded|exceeds|surpassed|"
    r"completed|hit|reached|beat)\s+(?:all\s+|most\s+)?(?:of\s+)?(?:its|their|the|his|her)?\s*$",
    re.IGNORECASE,
)
GOAL_FOR_YEAR_AFTER = re.compile(
    r"\b(?:goals?|targets?|objectives?)\s+(?:for|of)\s+(?:the\s+year\s+)?(?P<year>20\d{2})\b",
    re.IGNORECASE,
)


def goal_named_before(sentence: Sentence, q: Quantity) -> re.Match | None:
    """A goal named with its year before the number `q` in its sentence ("set 2023 goals ...",
    "targets for 2025: ..."): the number is one of those goals."""
    text = sentence.text[: max(0, q.start - sentence.start)]
    found = [
        m
        for p in (GOAL_FOR_YEAR, GOAL_FOR_YEAR_AFTER)
        for m in p.finditer(text)
        if not GOAL_MET_BEFORE.search(text, 0, m.start())  # "met its 2020 goals, with ...": done
    ]
    return max(found, key=lambda m: m.start()) if found else None


def _is_target(ctx: DocContext, sentence: Sentence, q: Quantity) -> re.Match | None:
    goal = goal_named_before(sentence, q)
    if goal is not None:
        return goal
    key = ("target", sentence.start)
    by = ctx.memo.get(key, False)
    if by is False:
        by = BY_YEAR.search(sentence.text)
        if by and not TARGET_CUE.search(sentence.text):
            by = None
        ctx.memo[key] = by
    if by and sentence.start + by.start() > q.start:
        return by
    # "By the end of 2025, Hefei plans to double its GDP to ...": the year opens the sentence
    # (past an attribution) and a plan word stands between it and the number
    if (
        by
        and re.fullmatch(
            r"\W*(?:according\s+to\s+[^,;]{1,40},\s*)?", sentence.text[: by.start()], re.I
        )
        and TARGET_CUE.search(sentence.text, by.end(), q.start - sentence.start)
    ):
        return by
    return None


# "was approved to construct a national pilot zone ... and two state key laboratories": leave to
# build something, which the place does not have yet (and is not designated as)
PERMITTED_TO_BUILD = re.compile(
    r"\b(?:approved|allowed|permitted|authori[sz]ed|cleared|selected|chosen)\s+"
    r"(?:(?:in|on)\s+(?:\w+\s+)?\d{4}\s+)?to\s+"
    r"(?:build|construct|establish|set\s+up|create|develop|launch|open)\b",
    re.IGNORECASE,
)


# "grew from 4.5 square kilometers (in the 1950s) to 265", "R&D intensity increased from 3 percent
# to 6 percent": a value, then the value it changed to
# ("has grown from a small industrial park that covered 3.83 square kilometers some 30 years ago
# to a 225-square kilometer development area": the earlier size in a clause after "from")
FROM_BEFORE = re.compile(
    r"\bfrom\s+(?:(?:about|around|nearly|just)\s+|(?:a|an|the)\s+[^;:,()]{0,50}?\b"
    r"(?:covered|covering|measured|measuring|of)\s+(?:about\s+|around\s+|nearly\s+|just\s+)?)?$",
    re.IGNORECASE,
)
TO_BEFORE = re.compile(
    r"^[^;:]{0,60}?\bto\s+(?:about\s+|around\s+|nearly\s+|over\s+|more\s+than\s+|an?\s+)?$",
    re.IGNORECASE,
)
PERIOD_BEFORE = re.compile(
    r"\b(?:from|between)\s+(?:1[89]\d{2}|20\d{2})\s+(?:to|and|through)\s+(?:1[89]\d{2}|20\d{2})\b",
    re.IGNORECASE,
)
YEAR_IN_GAP = re.compile(r"\b(?:1[89]\d{2}|20\d{2})\b")


def changed_from(ctx: DocContext, sentence: Sentence, first, second) -> str | None:
    """'dated' or 'undated' when the figure `first` is a value changed from ('from X ... to Y',
    `second` the value it changed to: an area, a GDP, a share), as the gap between them dates it
    or not; else None. An undated earlier value is no fact of its own."""
    if not FROM_BEFORE.search(
        ctx.folded, max(sentence.start, first.start - 80), first.comparator_start or first.start
    ):
        return None
    gap = ctx.folded[first.end : second.comparator_start or second.start]
    if not TO_BEFORE.match(gap):
        return None
    if TARGET_CUE.search(ctx.folded, ctx.clause(sentence, first.start)[0], first.start):
        return None  # "will expand from 120 square kilometers to 240": the first is today's size
    if PERIOD_BEFORE.search(ctx.folded, sentence.start, first.start):
        return "dated"  # "From 2013 to 2023, ... increased from 3.22% to 4.27%": the period's ends
    return "dated" if YEAR_IN_GAP.search(gap) else "undated"
