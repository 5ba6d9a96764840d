"""Dates stated outside a claim's sentence: the scope a paragraph or section sets (issue #18).

A time-bound figure often comes without a date of its own because an earlier sentence set it for
what follows ("By the end of 2020, Hubei has 12 high-tech zones. ... There are 10,404 high-tech
enterprises in the province."), a section heading does ("2023 in figures"), or the sentence says
"last year" of a document whose publication date is known. `scoped_as_of` finds that date for a
claim drafted without one:

1. a relative year in the claim's own clause ("reaching 47 billion yuan last year"), resolved with
   the document's `published` date (never the retrieval date; nothing when it is missing);
2. the nearest scope set earlier in the same paragraph: a sentence opening with an adverbial
   that fixes a point in time for a state ("By the end of 2020,", "As of December 2021,", "At
   end-2019,"). "In 2022, ..." or "Last year, ..." dates its own sentence only (a flow of that
   year: "In 2022 its R&D expenditure exceeded ... The system counts 450 universities" leaves
   the count undated), and so does any date inside a sentence;
3. the heading of the section (never the document's title) when it names one year.

A paragraph without a scope resets it (a date in another paragraph never carries, except through
a heading); a plan or target year ("by 2025 the city will ...", "2021-2025 plan"), a founding
date and a back-reference ("up from 21 in 2019") never scope. Only predicates whose value
changes over time take a scope (TIME_BOUND); relations and founding dates never do. The date is
as precise as stated (2021-12, 2018-H1). Each scoped claim says where its date came from
(`Scope.source`), recorded beside the claim's antecedent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hotspots.extract.context import DocContext
from hotspots.extract.context_dates import BACK_REFERENCE
from hotspots.extract.numbers import find_periods, find_years
from hotspots.extract.segment import Sentence

# Predicates whose value is a figure of a period (schemas/predicates.yaml): counts, money,
# shares, GDP, population, intensities, ranks. Not relations, descriptions, targets (their as_of
# is the target year), `established`/`designated_as` (their own date) nor areas (a size, rarely
# dated by the text around it).
TIME_BOUND = frozenset(
    {
        "wipo_cluster_rank",
        "clusters_in_top100",
        "clusters_in_top100_change",
        "cluster_growth_pct",
        "share_of_global_patent_applications_pct",
        "intl_patent_applications_city_rank",
        "universities_in_top100",
        "count_universities",
        "count_research_institutes",
        "count_state_key_labs",
        "count_high_tech_enterprises",
        "count_unicorns",
        "count_businesses",
        "count_stem_graduates",
        "rd_spending",
        "investment",
        "employees",
        "gdp",
        "population",
        "rd_intensity_pct",
        "nature_index_city_rank",
        "gii_economy_rank",
    }
)

_DATE = r"(?:(?:the\s+)?(?:first|second|third|fourth)\s+(?:half|quarter)\s+of\s+|[A-Z][a-z]{2,8}\.?\s+(?:\d{1,2},?\s+)?|\d{1,2}\s+[A-Z][a-z]{2,8}\s+|(?:the\s+)?(?:end|close|middle)\s+of\s+|end-|mid-)?(?:1[89]\d{2}|20\d{2})"
# "By the end of 2020,", "As of December 2021,", "At end-2019,": an opening adverbial that dates
# what the sentence (and the paragraph after it) states.
SCOPE_OPENING = re.compile(
    r"^\W*(?:(?:by|at|as\s+of|as\s+at|up\s+to|until)\s+(?:the\s+)?(?:year\s+)?" + _DATE + r")\s*,",
    re.IGNORECASE,
)
# "last year", "this year", "in the past year": a year relative to the publication date
RELATIVE_YEAR = re.compile(
    r"\b(?P<rel>last\s+year|this\s+year|(?:in|over|during)\s+the\s+(?:past|last)\s+year)\b(?!['’]s)",
    re.IGNORECASE,
)
# a date that is no scope: a plan or target, a founding, a span of years
NOT_A_SCOPE = re.compile(
    r"\b(?:plans?|planned|planning|targets?|goals?|aims?|will|vision|outlook|strategy|"
    r"founded|established|set\s+up|launched|since|built|opened|created)\b"
    r"|\b(?:1[89]\d{2}|20\d{2})\s*(?:-|–|—|to)\s*(?:1[89]\d{2}|20\d{2})\b",
    re.IGNORECASE,
)
# "now", "currently", "every year": the sentence says its figure is of no particular year
UNDATED = re.compile(
    r"\b(?:now|currently|today|at present|presently|every year|each year|annually|per year|a year)\b",
    re.IGNORECASE,
)


# "Updated: 2023-11-01 10:20", "By Li Wei | 2021-03-04", "March 5, 2023": a byline or dateline
# gives the publication date, never the period of the figures below it
DATELINE = re.compile(
    r"\b(?:updated|published|posted|source|photo|editor|reporter|by)\b|\d{1,2}:\d{2}|\d{4}-\d{2}"
    r"|^\W*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+|\d{1,2}\s+[A-Z][a-z]{2,8}\s+)?\d{4}\W*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Scope:
    as_of: str
    source: str  # where the date is stated: "scope 'By the end of 2020' (at 120-139)"


def _published_year(published: str | None) -> int | None:
    m = re.match(r"^(\d{4})", published or "")
    return int(m.group(1)) if m else None


def _relative(match: re.Match, published: str | None) -> str | None:
    year = _published_year(published)
    if year is None:
        return None
    # "this year" is the publication's; "last year", "the past year" the one before
    return str(year if match.group("rel").lower().startswith("this") else year - 1)


def _date_of(text: str, published: str | None) -> str | None:
    """The one date `text` states (a year, or a shorter period as stated), or a relative year
    resolved with `published`; None when it states none or several."""
    years = {str(y) for y, _, _ in find_years(text)}
    relative = list(RELATIVE_YEAR.finditer(text))
    if relative:
        if years or len({m.group("rel").lower() for m in relative}) > 1:
            return None
        return _relative(relative[0], published)
    if len(years) != 1:
        return None
    year = years.pop()
    periods = {p for p, _, _ in find_periods(text) if p[:4] == year}
    return periods.pop() if len(periods) == 1 else year


def _not_after_publication(as_of: str, published: str | None) -> bool:
    year = _published_year(published)
    return year is None or int(as_of[:4]) <= year


def opening_scope(ctx: DocContext, sentence: Sentence, published: str | None) -> Scope | None:
    """The date an opening adverbial of `sentence` sets ("By the end of 2020, ..."), if any."""
    m = SCOPE_OPENING.match(sentence.text)
    if m is None or NOT_A_SCOPE.search(sentence.text):
        return None
    lead = m.group(0).rstrip(", ")
    as_of = _date_of(lead, published)
    if as_of is None or not _not_after_publication(as_of, published):
        return None
    start = sentence.start + m.start()
    return Scope(as_of, f"scope {lead.strip()!r} (at {start}-{start + len(lead)})")


def _clause_relative(
    ctx: DocContext, sentence: Sentence, focus: tuple[int, int], published: str | None
) -> Scope | None:
    """'reaching 47 billion yuan last year': a relative year in the clause that states the claim."""
    if not ctx.has(sentence, "year") or find_years(sentence.text):
        return None
    lo, hi = ctx._year_clause(sentence, focus[0])
    found = [
        m
        for m in RELATIVE_YEAR.finditer(ctx.folded, lo, hi)
        if not BACK_REFERENCE.search(ctx.folded[max(lo, m.start() - 40) : m.start()])
    ]
    if len({m.group("rel").lower() for m in found}) != 1:
        return None
    as_of = _relative(found[0], published)
    if as_of is None:
        return None
    phrase = found[0].group(0)
    return Scope(as_of, f"{phrase!r} with published {published} (at {found[0].start()})")


def _heading_scope(ctx: DocContext, sentence: Sentence, published: str | None) -> Scope | None:
    heading = ctx.heading_of(sentence)
    if heading is None or ctx.position(heading) == 0 or heading is sentence:
        return None  # the title speaks of the whole document, not of a section
    if NOT_A_SCOPE.search(heading.text) or DATELINE.search(heading.text):
        return None
    years = find_years(heading.text)
    if len(years) != 1:
        return None
    as_of = _date_of(heading.text, published)
    if as_of is None or not _not_after_publication(as_of, published):
        return None
    return Scope(as_of, f"heading {heading.text.strip()!r} (at {heading.start}-{heading.end})")


def scoped_as_of(
    ctx: DocContext,
    sentence: Sentence,
    predicate: str,
    focus: tuple[int, int],
    published: str | None,
) -> Scope | None:
    """The date the context gives a claim of `predicate` stated in `sentence` without one."""
    if predicate not in TIME_BOUND:
        return None
    if UNDATED.search(sentence.text):
        return None
    if find_years(sentence.text):
        return None  # the sentence dates itself: its rule decided (even when it found no year)
    own = _clause_relative(ctx, sentence, focus, published)
    if own is not None:
        return own
    if RELATIVE_YEAR.search(sentence.text):
        return None  # a relative year elsewhere in the sentence: not this clause's date
    earlier = ctx.before_in_paragraph(sentence, 50)
    for s in reversed(earlier):
        found = opening_scope(ctx, s, published)
        if found is not None:
            return found
    return _heading_scope(ctx, sentence, published)
