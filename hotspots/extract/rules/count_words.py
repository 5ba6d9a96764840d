"""The words of counts, shared by the count rules (counts.py) and the goal rules (targets.py,
money.py): what a number counts (COUNT_NOUNS), when it is a goal, a plan or a change rather than
a count of what exists, whether a number of people is a headcount, and the places an elliptical
count continues with. Whose count it is (a possessed place, the place after the noun, the place
settled in) is in count_places.py."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.numbers import Quantity
from hotspots.extract.rules.common import ClaimDraft, _value, draft
from hotspots.extract.rules.common_years import (
    BY_YEAR,
    GOAL_FOR_YEAR,
    GOAL_FOR_YEAR_AFTER,
    TARGET_CUE,
    _continued_year,
    _is_target,
    _list_year,
)
from hotspots.extract.segment import Sentence

# ---------------------------------------------------------------------------------------------
# Counts of things in a place, employees
# Words between a number and what it counts (reference/lexicons/counts.yaml), or any hyphenated word.
# Two joined by "and" are one ("56 departmental and provincial research institutes", "national and
# multinational companies").
_ONE_ADJ = (
    rf"(?:{lexicon.phrase_pattern(lexicon.words('counts', 'count_adjectives'))}|[a-z]+-[a-z]+)"
)
ADJ = rf"(?:{_ONE_ADJ}(?:\s+and\s+{_ONE_ADJ})?\s+)*"
# (pattern right after a number, predicate): the nouns of reference/lexicons/counts.yaml, then
# STEM graduates (a phrase with a gap) and employees.
COUNT_NOUNS: list[tuple[re.Pattern, str]] = [
    *(
        (re.compile(rf"^\s+{ADJ}{lexicon.phrase_pattern(nouns)}\b", re.IGNORECASE), predicate)
        for predicate, nouns in lexicon.mapping("counts", "count_nouns").items()
    ),
    (
        re.compile(
            r"^\s+(?:STEM graduates|graduates in STEM|students graduate in the fields? of science|science(?:,| and) (?:technology|engineering)[^.]{0,40}graduates)",
            re.IGNORECASE,
        ),
        "count_stem_graduates",
    ),
    (
        re.compile(
            rf"^\s+{lexicon.phrase_pattern(lexicon.words('counts', 'employee_nouns'))}\b",
            re.IGNORECASE,
        ),
        "employees",
    ),
]
COUNT_PREDICATES = tuple(p for _, p in COUNT_NOUNS if p != "employees")
HEADCOUNT_NOUNS = re.compile(r"^\s+(?:employees|staff|workers)\b", re.IGNORECASE)
EMPLOYMENT_CUE = re.compile(
    rf"\b{lexicon.phrase_pattern(lexicon.words('counts', 'employment_cues'))}\b", re.IGNORECASE
)
CHANGE_BEFORE = re.compile(
    rf"\b{lexicon.phrase_pattern(lexicon.words('counts', 'change_words'))}\s+(?:[\w,-]+\s+){{0,3}}?$",
    re.IGNORECASE,
)
# "conducted a survey on 268 high-tech enterprises", "polled 500 firms": the ones studied, not all
# the place has
SURVEYED_BEFORE = re.compile(
    r"\b(?:survey(?:s|ed)?|poll(?:s|ed)?|sampl(?:e|es|ed)|interview(?:s|ed)?|questionnaires?)"
    r"(?:\s+(?:on|of|among|covering|with|to))?\s+(?:about\s+|some\s+|nearly\s+|over\s+|more\s+than\s+)?$",
    re.IGNORECASE,
)
COMBINED_LINK = re.compile(r"\s+(?:and|or|as\s+well\s+as|plus)(?=\s)", re.IGNORECASE)


def combined_with_other(after: str, noun_end: int, predicate: str) -> bool:
    """'more than 100 high-tech enterprises as well as research institutes': the number counts
    the counted noun and another kind of counted thing together (a combined figure, no count of
    either); 'and 20 research institutes' gives the second its own number."""
    link = COMBINED_LINK.match(after, noun_end)
    if link is None:
        return False
    rest = " " + after[link.end() :].lstrip()
    if predicate == "employees" and NOT_EMPLOYED.match(rest):
        return True  # "fewer than 200 staff and students": people the body does not employ
    return any(p != predicate and pattern.match(rest) for pattern, p in COUNT_NOUNS)


NOT_EMPLOYED = re.compile(
    r"^\s+(?:[a-z-]+\s+)?(?:students|pupils|visitors|residents|customers|users|tourists|members|"
    r"families|patients|alumni)\b",
    re.IGNORECASE,
)


# Where a goal's clause ends: "36 unicorns in 2022, and it aims for 50 by 2025"; "counted 36
# unicorns and hopes for more by 2025".
GOAL_BREAK = re.compile(
    r";|,\s+(?:and|but|while|whereas|which|where)\s+"
    # "to invest 6 billion yuan in the campus, with completion expected by 2026": another
    # event's date
    r"|,\s+with\s+(?:its\s+|the\s+)?\w+\s+(?:expected|scheduled|due|slated|set)\b|\s+(?:and|but)\s+(?=(?:\w+\s+){0,2}?(?:plans?|aims?|targets?|expects?|seeks?|intends?|pledged?|wants?|hopes?|vows?|will)\b)",
    re.IGNORECASE,
)


def goal_year(ctx: DocContext, sentence: Sentence, q: Quantity) -> re.Match | None:
    """The 'by <year>' of a goal the number `q` is part of: a plan word and a 'by <year>' after
    the number, both in the number's own clause (`_is_target` looks at the whole sentence)."""
    by = _is_target(ctx, sentence, q)
    if by is None:
        return None
    if by.re in (GOAL_FOR_YEAR, GOAL_FOR_YEAR_AFTER):
        return by  # "set 2023 goals ..., with R&D at 4%": the goal is named before the number
    lo, hi = ctx._between_breaks(GOAL_BREAK, sentence, q.start)
    if not (sentence.start + by.end() <= hi and TARGET_CUE.search(ctx.folded, lo, hi)):
        return None
    return by


# What the counted things undergo, right after the noun: a plan ("2,000 national high-tech firms
# will be established in 2019", "are to be set up") or the year's additions ("3,000 ... were
# newly recognized last year"): neither is a count of what exists.
NEW_ONES_AFTER = re.compile(
    r"\s+(?:(?:will|shall|are\s+to|is\s+to|are\s+expected\s+to|are\s+planned\s+to)\s+(?:be\s+)?"
    r"|(?:were|was|have\s+been|has\s+been)\s+(?:newly\s+)?(?=(?:established|set\s+up|founded|"
    r"created|added|certified|recognized|recognised|registered|launched|opened|approved)\b))",
    re.IGNORECASE,
)


# "nine new universities", "99 newly-recognized high-tech enterprises": an adjective of the
# counted noun that makes the figure the ones added, not all that exist (a change; a goal of new
# ones is still a target, so the goal rules do not use it)
# ("new and high-tech enterprises" is the Chinese category name, not new ones)
# ("new and high-tech", "high and new technology": the category's names, not new ones)
NEW_ONES_BEFORE = re.compile(r"(?<!\band\s)\bnew(?:ly)?\b(?!\s+and\s+high)", re.IGNORECASE)


def new_ones(noun_phrase: str) -> bool:
    """Whether the words from a number to its counted noun (`noun_phrase`, as COUNT_NOUNS
    matched them) say the counted things are new ones."""
    return NEW_ONES_BEFORE.search(noun_phrase) is not None


# A goal stated before the number in its clause: "aims to be home to 20 unicorns", "is to have
# twenty unicorns" (the plan's year may come before the number or from a heading): no count.
GOAL_BEFORE = re.compile(
    r"\b(?:aims?|aiming|plans?|planning|intends?|seeks?|wants?|hopes?|vows?|pledged?|is|are)\s+to\s+(?:[\w-]+\s+){0,3}?$",
    re.IGNORECASE,
)


FACILITY = re.compile(
    rf"\b{lexicon.phrase_pattern(lexicon.words('counts', 'facility_nouns'))}\b", re.IGNORECASE
)
TOP100_UNIVERSITIES = re.compile(r"\btop[- ]?(?:100|hundred)\b", re.IGNORECASE)
DEMONYM_UNIVERSITIES = re.compile(
    r"^\s+(?:(?:Mainland|mainland)\s+)?(?P<demonym>[A-Z][a-z]+)\s+universities\b"
)


def _count_date(
    ctx: DocContext, sentence: Sentence, q: Quantity, predicate: str | None = None
) -> str | None:
    """The count's date; never the 'by <year>' of a goal in another clause ("plans to build a
    new university by 2030, adding to its 92 universities": no year). A count of unicorns with
    no year of its own takes the year of the dated unicorn list the text named before it."""
    as_of = ctx.sentence_period(sentence, q.start)
    if as_of:
        by = BY_YEAR.search(sentence.text)
        if by and as_of[:4] == by.group("year") and TARGET_CUE.search(sentence.text):
            return None
        return as_of
    year = _continued_year(ctx, sentence) or _list_year(ctx, sentence)
    if year is None and predicate == "count_unicorns":
        year = _unicorn_list_year(ctx, sentence)
    return year


# "the Hurun Global Unicorn List 2019", "the 2023 Global Unicorn Index": a dated list of unicorns
UNICORN_LIST_YEAR = re.compile(
    r"\bUnicorn\s+(?:List|Index|Ranking|Report)\s+(?P<a>20\d{2})\b"
    r"|\b(?P<b>20\d{2})\s+(?:[A-Z][\w-]*\s+){0,3}Unicorn\s+(?:List|Index|Ranking|Report)\b"
)


def _unicorn_list_year(ctx: DocContext, sentence: Sentence) -> str | None:
    """The year of the one dated unicorn list the text names before the sentence (none when it
    names lists of several years)."""
    lists = ctx.memo.get(("unicorn_lists",))
    if lists is None:  # found once per document: a page of one long line has thousands of sentences
        lists = [
            (m.end(), m.group("a") or m.group("b")) for m in UNICORN_LIST_YEAR.finditer(ctx.text)
        ]
        ctx.memo[("unicorn_lists",)] = lists
    years = {year for end, year in lists if end <= sentence.start}
    return years.pop() if len(years) == 1 else None


# "Nearly half of the 332 companies are located in Shenzhen", "most of the 40 unicorns": a part of
# a group; the group's size is not the count of the place the sentence names
PARTITIVE_BEFORE = re.compile(
    r"\b(?:half|most|some|many|all|none|few|several|part|majority|minority|share|proportion|"
    r"percent|per\s+cent|\d[\d,.]*\s*%?|one|two|three|four|five|six|seven|eight|nine|ten|thirds?|"
    r"quarters?|fifths?)\s+of\s+(?:the|these|those|its|their|this|that)\s+$"
    # "became one of China's first six leading universities": a member of a group
    r"|\bone\s+of\s+(?:the\s+|[\w-]+['’]s\s+)?(?:(?:first|top|leading|major|largest|biggest)\s+)?$",
    re.IGNORECASE,
)


def _headcount_of(
    ctx: DocContext, sentence: Sentence, subject: EntitySpan, q: Quantity, after: str
) -> bool:
    """A number of people is the subject's headcount when the words say so ("employs 8,000 people",
    "108,000 employees"; not "3 billion people") and no part of the company stands between them
    ("its research lab with over 5,000 employees": the lab's, not the company's)."""
    lo = max(sentence.start, subject.end)
    window = ctx.folded[lo : q.start]
    if FACILITY.search(window):
        return False
    return bool(HEADCOUNT_NOUNS.match(after) or EMPLOYMENT_CUE.search(window))


# a plan word earlier in the number's clause: the figures after it are goals
GOAL_IN_CLAUSE = re.compile(
    r"\b(?:aims?|aiming|plans?|planning|intends?|seeks?|targets?|will|shall|is\s+to|are\s+to)\b",
    re.IGNORECASE,
)
THERE_ARE = re.compile(r"\b[Tt]here\s+(?:are|were|is|was)\s+(?:now\s+|currently\s+)?$")


# "Beijing has 92 universities, Shanghai 64 and Wuhan 83": after a count, a place followed by a
# bare number (the verb and the noun left out), or "followed by Shanghai with 44", "Shanghai (44)"
ELLIPSIS_SEPARATOR = re.compile(
    r"(?:,?\s*followed\s+by\s+|\s*,\s*(?:and\s+|while\s+|whereas\s+)?|\s+and\s+)(?:the\s+)?"
)
ELLIPSIS_GAP = re.compile(r"\s*(?:with\s+|\(\s*)?")
ELLIPSIS_END = re.compile(r"\s*\)?\s*(?:[,.;]|and\b|$)")


def _elliptical_counts(
    ctx: DocContext,
    sentence: Sentence,
    pos: int,
    predicate: str,
    first: str,
    types: tuple[str, ...],
) -> Iterable[ClaimDraft]:
    """The places after a count, each with its own bare number, in the count's noun."""
    numbers = [x for x in ctx.quantities_in(sentence) if x.start >= pos]
    seen = {first}
    while True:
        sep = ELLIPSIS_SEPARATOR.match(ctx.folded, pos, sentence.end)
        if sep is None:
            return
        mention = next(
            (m for m in ctx.mentions_between(sep.end(), sentence.end) if m.start == sep.end()),
            None,
        )
        entity_id = ctx.pick(mention, types) if mention else None
        if entity_id is None or entity_id in seen:
            return
        gap = ELLIPSIS_GAP.match(ctx.folded, mention.end, sentence.end)
        n = next((x for x in numbers if x.start >= mention.end), None)
        if (
            n is None
            or n.kind != "cardinal"
            or (n.comparator_start if n.comparator_start is not None else n.start) != gap.end()
        ):
            return
        end = ELLIPSIS_END.match(ctx.folded, n.end, sentence.end)
        if end is None:
            return  # "Shanghai 64 research institutes": another noun, another count
        seen.add(entity_id)
        yield draft(
            sentence,
            "elliptical_counts",
            EntitySpan.of(mention, entity_id),
            predicate,
            value=_value(n),
            value_text=n.text,
            unit="count",
            comparator=n.comparator,
            as_of=_count_date(ctx, sentence, n),
            focus=(mention.start, n.end),
        )
        pos = n.end + (1 if ctx.folded[n.end : n.end + 1] == ")" else 0)
