"""What a measure's number is: the year it is for ("from 2013 to 2023", the year of the
sentence before, "in 2022" right after it, an earlier figure "up from" it), and whether it is a
goal or a change rather than the measure itself; and the R&D intensity draft with its year."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.numbers import Quantity
from hotspots.extract.rules.common import ClaimDraft, _value, draft
from hotspots.extract.rules.common_years import TARGET_CUE, _is_target
from hotspots.extract.rules.founding_words import FOUNDED
from hotspots.extract.segment import Sentence

CHANGE = re.compile(
    r"^\s*(?:percentage\s+points?|points?)\b|^\s+(?:increase|rise|growth|decrease|drop)\b",
    re.IGNORECASE,
)
CHANGE_BEFORE = re.compile(
    r"\b(?:by|up|down|grew|rose|fell|increased|decreased|an?\s+(?:increase|rise|growth|"
    r"decrease|drop)\s+of)\s+(?:about\s+|nearly\s+|around\s+)?$",
    re.IGNORECASE,
)


def _from_to_year(
    ctx: DocContext, sentence: Sentence, q: Quantity, quantities: list[Quantity]
) -> str | None:
    """'increased from 3.22% to 4.27%' after 'From 2013 to 2023': the years in the same order;
    '2.81% of GDP in 2018': the year right after."""
    after = re.match(
        r"^(?:\s+of\s+(?:its\s+)?(?:GDP|gross domestic product))?\s+in\s+(?P<y>1[89]\d{2}|20\d{2})\b",
        ctx.folded[q.end : sentence.end],
        re.IGNORECASE,
    )
    if after:
        return after.group("y")
    span = re.search(
        r"\bfrom\s+(?P<a>20\d{2})\s+(?:to|through)\s+(?P<b>20\d{2})\b", sentence.text, re.IGNORECASE
    )
    if span:
        before = ctx.folded[max(sentence.start, q.start - 8) : q.start]
        if re.search(r"\bfrom\s+$", before, re.IGNORECASE):
            return span.group("a")
        if re.search(r"\bto\s+$", before, re.IGNORECASE):
            return span.group("b")
        return None
    return ctx.sentence_year(sentence, q.start)


PLANNED = re.compile(r"\b(?:is|are)\s+to\b", re.IGNORECASE)


def _planned(ctx: DocContext, sentence: Sentence, q: Quantity) -> bool:
    """A goal said without a target year: 'plans to keep its R&D spending at 5% of GDP', 'is to
    rise to 2.8 per cent'."""
    lo, _ = ctx.clause(sentence, q.start)
    # ("During the period of the 13th Five-Year Plan (2016-20), GDP rose to": a plan's name
    # dates the figure, no plan word says it is a goal)
    before = NAMED_PLAN.sub(" ", ctx.folded[lo : q.start])
    return bool(TARGET_CUE.search(before) or PLANNED.search(before))


NAMED_PLAN = re.compile(r"\bFive-Year\s+Plan\b", re.IGNORECASE)


def _is_change(ctx: DocContext, sentence: Sentence, q: Quantity) -> bool:
    start = q.comparator_start if q.comparator_start is not None else q.start
    return bool(
        CHANGE.match(ctx.folded[q.end : sentence.end])
        or CHANGE_BEFORE.search(ctx.folded[max(sentence.start, start - 30) : start])
    )


def _earlier_year(ctx: DocContext, sentence: Sentence) -> str | None:
    """'Its economic output in 2016 hit ... It is home to 68 million residents': a sentence
    continuing with 'it' keeps the year of the one before."""
    if not re.match(r"^\W*(?:It|The (?:region|city|area))\b", sentence.text):
        return None
    if re.search(r"\b(?:now|currently|today|at present)\b", sentence.text, re.IGNORECASE):
        return None  # "It has now a population of 2.55 million": the present, no year
    previous = ctx.before_in_paragraph(sentence, 1)
    if not previous:
        return None
    year = ctx.sentence_year(previous[0])
    founded = FOUNDED.search(previous[0].text)
    if year and founded and year in founded.group(0):
        return None  # "Established in June 2015, X ... It has ...": the year dates the founding
    return year


# "grew by 10.3 percent year-on-year to 436.85 billion yuan": the level the growth reached
GROWTH_TO = re.compile(
    r"(?:\s+(?:year[- ]on[- ]year|y-o-y|yoy|annually|over\s+the\s+previous\s+year))?,?\s+to\s+"
    r"(?:about\s+|nearly\s+|around\s+|over\s+|more\s+than\s+)?",
    re.IGNORECASE,
)


def _level_after_growth(ctx: DocContext, sentence: Sentence, q: Quantity) -> Quantity:
    """The amount a growth leads to ("GDP increased by 10.3 percent to 436.85 billion yuan",
    "grew by 200 billion yuan to 1.8 trillion yuan"), else `q` itself."""
    if q.kind not in {"percent", "money"} or not CHANGE_BEFORE.search(
        ctx.folded, max(sentence.start, q.start - 25), q.start
    ):
        return q
    level = next((x for x in ctx.quantities_in(sentence) if x.start > q.end), None)
    if (
        level is not None
        and level.kind == "money"
        and GROWTH_TO.fullmatch(ctx.folded, q.end, level.start)
    ):
        return level
    return q


def _no_level(ctx: DocContext, sentence: Sentence, q: Quantity) -> bool:
    """The figure is a target, a change or a plan: no level the subject has."""
    return (
        _is_target(ctx, sentence, q) or _is_change(ctx, sentence, q) or _planned(ctx, sentence, q)
    )


def _intensity(
    ctx: DocContext,
    sentence: Sentence,
    subject: EntitySpan,
    cue_start: int,
    q: Quantity,
    quantities: list[Quantity],
) -> ClaimDraft:
    return draft(
        sentence,
        "rd_intensity",
        subject,
        "rd_intensity_pct",
        value=_value(q),
        value_text=q.text,
        unit="percent",
        comparator=q.comparator,
        as_of=_from_to_year(ctx, sentence, q, quantities),
        focus=(min(subject.start, cue_start), max(subject.end, q.end)),
    )


# a GDP's own year right after it ("3.2 trillion yuan in 2022"), and its earlier figure ("..., up
# from 1.1 trillion yuan in 2021")
# "1.42 trillion yuan ($197.5 billion) in 2024": a conversion in brackets may come between
YEAR_RIGHT_AFTER = re.compile(
    r"(?:\s*\([^()]{1,40}\))?\s+in\s+(?P<y>(?:19|20)\d{2})\b(?!\s*[-\u2013])", re.IGNORECASE
)
# "..., up from 1.1 trillion yuan in 2021", "surged to ... in 2024, from 46.4 billion yuan in 1995"
EARLIER_FIGURE = re.compile(r",?\s+(?:(?:up|down)\s+)?from\s+", re.IGNORECASE)
