"""The words of a founding shared by the founding rules (founding_dates, founding,
founding_clauses, founding_subjects) and measures_figures: a founding verb with its place, founder
and date ('established in Beijing by the CAS in September 1958': FOUNDED), what may stand between
the founded thing and its verb ('X (XHTZ), established': FOUNDED_GAP), and the kinds of thing a
founding is about (ESTABLISHED_TYPES)."""

from __future__ import annotations

import re

from hotspots.extract import lexicon
from hotspots.extract.rules.founding_calendar import FOUNDING_DATE, MONTHS
from schemas import predicates

MONTH_WORDS = lexicon.alternation(MONTHS)
# "founded in Beijing by the CAS in September 1958", "established in Beijing 1958": the place
# between the verb and the date (a capitalised name that is no month).
# founding_clauses.FOUNDED_AT reads the same gap, wider: there "by", "at" or "near" as well as
# "in", then 1-60 characters of any case ("set up by the city government in May 2001", "in the
# west of the city"); here "in" and one to four capitalised words only, an agent being FOUNDED's
# own group after it, and the date's month written out (FOUNDING_DATE). Kept apart: one
# definition would widen this rule or narrow that one, a change of what they accept.
# ("established in Zhuhai, Guangdong, in 1989": the place with its province or country)
FOUNDING_PLACE = (
    r"(?:\s+in\s+(?!(?:" + MONTH_WORDS + r")\b)(?-i:[A-Z])[\w'’-]*"
    r"(?:\s+(?-i:[A-Z])[\w'’-]*){0,3}"
    r"(?:,\s+(?!(?:" + MONTH_WORDS + r")\b)(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,2}){0,2}"
    r"(?:,(?=\s+(?:in|on)\s))?(?=\s+(?:by|in|on)\s|\s+\d)"
    # "BYD, which was established here in 1995": the place a locative adverb points to
    r"|\s+(?:here|there)(?=\s+(?:in|on)\s))?"
)
# "in late November 2014", "in early 2015", "in mid-2016": the date as precise as it is stated
DATE_QUALIFIER = r"(?:(?:late|early|mid)[- ]|the\s+(?:end|beginning|middle)\s+of\s+)?"
FOUNDED = re.compile(
    r"\b(?P<verb>"
    + lexicon.phrase_pattern(lexicon.words("measures", "founding_verbs"))
    + r")"
    + FOUNDING_PLACE
    # "founded as a repair shop in 1963": what it was founded as, between verb and date
    + r"(?:\s+as\s+(?:a|an)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}(?=\s+(?:in|on)\s+(?:"
    + DATE_QUALIFIER
    + r")?(?:\d|"
    + MONTH_WORDS
    + r")))?"
    # "established by the State Council in March 1992": the founder between verb and date
    + r"(?:\s+by\s+(?:the\s+)?(?:(?-i:[A-Z])|(?:(?:central|state|municipal|local|provincial|city)\s+)?"
    r"government\b)[^,;.]{0,50}?(?=\s+(?:in|on)\s))?"
    r"\s+(?:(?:in|on)\s+)?" + DATE_QUALIFIER + FOUNDING_DATE,
    re.IGNORECASE,
)
# between the founded thing and its verb: "X was established", "X (XHTZ), established"
FOUNDED_GAP = re.compile(
    # "X (after this we will refer to it as ...) was founded in": a bracketed aside
    r"^\s*(?:\([^()]{1,120}\)\s*)?"
    # "Nio, which is a publicly-traded firm in the U.S., was formed in": a relative clause aside
    r"(?:,\s*(?:which|who)\s+(?:is|was|are|were)\s+[^,;()]{1,80},\s*)?"
    # "Westlake University — a private institution founded in 2018": a dash and what it is
    r"(?:\s*(?:[—–]|--?)\s*(?:a|an)\s+(?:[a-z][\w-]*\s+){1,4}(?=$))?"
    r"(?:,\s*)?(?:(?:which|that)\s+)?"
    r"(?:(?:was|were|is|has\s+been|had\s+been)\s+)?(?:(?:first|officially|formally|originally|jointly|only)\s+)?"
    # "X was approved to be established in 2000", "X was approved and established in 1988"
    r"(?:approved\s+(?:to\s+be\s+|and\s+))?$",
    re.IGNORECASE,
)
ESTABLISHED_TYPES = predicates()["established"].subject_types
# the founding as a noun ("since its establishment in 2018", "Since its foundation in 1952")
FOUNDING_NOUNS = r"(?:establishment|founding|foundation|inception|creation)"
