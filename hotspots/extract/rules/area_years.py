"""The year an area figure is for: one right after it ("expanded to 120 km2 by 2021"), else the
sentence's year unless that year dates a founding ("Launched in 2020, the circle ...") or
another figure, else a year before it in its clause."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext
from hotspots.extract.segment import Sentence

YEAR_AFTER = re.compile(
    r"\s+(?:in|by|as of|at the end of|since)\s+(?:the end of\s+)?(?P<y>1[89]\d{2}|20\d{2})\b",
    re.IGNORECASE,
)
FOUNDING_OPENING = re.compile(
    r"\W*(?:Founded|Launched|Established|Set up|Created|Approved|Built|Inaugurated)\b[^,;]*,",
    re.IGNORECASE,
)
# "(a 130 sq km park set up in 1988)": a year after the figure that dates the founding, not the area
FOUNDED_IN = re.compile(
    r"\b(?:set\s+up|founded|established|launched|created|built|opened|inaugurated)\s+"
    r"(?:in|on)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
# "established in 2010 with an area of 15 km2", "set up in 1988 covering 10 km2": the figure
# right after the founding is the area at that date
FOUNDED_WITH_AREA = re.compile(
    r"(?:[^,;\d]{0,20}?\s)?(?:,\s*)?(?:with|covering|spanning|on)\s+(?:an?\s+|its\s+)?"
    r"(?:(?:total|initial|planned|original)\s+)?(?:(?:land\s+)?area\s+of\s+)?"
    r"(?:about|around|some|nearly|approximately|over|more\s+than|less\s+than)?\s*$",
    re.IGNORECASE,
)
# "When it was founded in 1991, the zone encompassed 2.2 square kilometers": the opening clause
# dates the figure (unlike "Founded in 1991, the zone covers ...", a present extent)
# an opening that dates the sentence's state, not a founding ("By the end of 2017, the zone covered")
WHEN_OPENING = re.compile(
    r"^\W*(?:When|At\s+the\s+time|At\s+its\s+(?:founding|launch)"
    r"|(?:By|At)\s+the\s+end\s+of\s+(?:1[89]\d{2}|20\d{2})|As\s+of\s+(?:the\s+end\s+of\s+)?(?:1[89]\d{2}|20\d{2}))\b"
)
YEAR_BEFORE = re.compile(r"\bin\s+(?P<y>1[89]\d{2}|20\d{2})\b(?:(?!\d).)*$", re.IGNORECASE)


def _area_year(ctx: DocContext, sentence: Sentence, q, others) -> str | None:
    """The date of an area: 'expanded to 120 km2 by 2021' and 'established in 2010 with an area of
    15 km2' date the figure; 'an area of 10,752 km2 and a population of 10.2 million as of the end
    of 2019' dates the population, not the area."""
    after = YEAR_AFTER.match(ctx.folded, q.end, sentence.end)
    if after:
        return after.group("y")
    as_of = ctx.sentence_period(sentence, q.start)
    founding = FOUNDING_OPENING.match(ctx.folded, sentence.start, q.start)
    if as_of is not None and founding and as_of[:4] in founding.group(0):
        return None  # "Launched in 2020, the circle ... its 185,000-square-kilometer area"
    if as_of is not None:
        at = ctx.folded.find(as_of[:4], q.end, sentence.end)
        if at >= 0 and FOUNDED_IN.search(ctx.folded, max(q.end, at - 40), at):
            return None
        earlier = ctx.folded.rfind(as_of[:4], sentence.start, q.start) if at < 0 else -1
        if (
            earlier >= 0
            and _dates_a_founding(ctx, sentence, earlier, q)
            and not WHEN_OPENING.match(sentence.text)  # "When it was founded in 1991, ..."
        ):
            # "The park was built in 1992 as a main part of ... and a key park on 79.7 square
            # kilometers": the year dates the building, not the area the sentence goes on to give
            return None
        if at >= 0 and any(q.end <= o.start < at for o in others):
            return None
        return as_of
    lo = max([o.end for o in others if o.end <= q.start], default=sentence.start)
    before = YEAR_BEFORE.search(ctx.folded[lo : q.start])
    if before is None:
        return None
    if _dates_a_founding(ctx, sentence, lo + before.start("y"), q):
        return None  # "It was built in 2002 and covers a total area of 5 square km"
    return before.group("y")


def _dates_a_founding(ctx: DocContext, sentence: Sentence, year_at: int, q) -> bool:
    """The year at `year_at`, before the area `q`, dates a founding or a building ("was built in
    1992 ... 79.7 square kilometers"), unless the area is given with the founding ("established
    in 2010 with an area of 15 km2")."""
    return bool(
        FOUNDED_IN.search(ctx.folded, max(sentence.start, year_at - 40), year_at)
        and not FOUNDED_WITH_AREA.match(ctx.folded, year_at + 4, q.start)
    )
