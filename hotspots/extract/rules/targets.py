"""Targets: a value to reach by a year."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.numbers import Quantity
from hotspots.extract.rules.common import ClaimDraft, _after, _value, draft
from hotspots.extract.rules.common_lists import _in_respectively_run
from hotspots.extract.rules.common_subjects import place_set_after_preposition, starts_longer_name
from hotspots.extract.rules.common_years import BY_YEAR
from hotspots.extract.rules.count_figures import _range_end
from hotspots.extract.rules.count_words import COUNT_NOUNS, goal_year
from hotspots.extract.segment import Sentence

# ---------------------------------------------------------------------------------------------
# Targets
NUMBER_OF = re.compile(
    r"\bthe number of\s+(?P<noun>(?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:in\s+[\w\s']{1,30}?\s+)?to\s+(?:reach|hit|rise to|grow to|exceed|top)\s+$",
    re.IGNORECASE,
)


def _counted(noun_phrase: str) -> str | None:
    """The count predicate whose noun `noun_phrase` starts with ("seven unicorns" -> count_unicorns):
    the goal is a count of that thing (a `target`, never the count itself)."""
    for pattern, predicate in COUNT_NOUNS:
        if pattern.match(" " + noun_phrase):
            return predicate
    return None


TOP_BAND = re.compile(r"\btop\s+$", re.IGNORECASE)
PHRASE_STOPS = frozenset(lexicon.words("counts", "phrase_stops"))
PHRASE_WORD = re.compile(r"\s+([\w&'’-]+)")


def value_phrase(ctx: DocContext, q: Quantity, end: int, max_words: int = 5) -> str:
    """The literal value phrase: the number as written and the words that say what it measures,
    up to a function word or an -ing verb after the first word ("seven Unicorns by 2022" -> "seven Unicorns";
    "5% of its annual GDP replacing" -> "5% of its annual GDP"); money is its amount alone."""
    stop = q.end
    if q.kind == "cardinal" or q.kind == "percent":
        pos, n = q.end, 0
        of = q.kind == "percent"  # a share: "of" (and what follows it) belongs to the phrase
        while n < max_words:
            m = PHRASE_WORD.match(ctx.text, pos, end)
            if not m:
                break
            word = m.group(1).lower()
            if of and n == 0 and word == "of":
                pos, n = m.end(), n + 1
                continue
            if word in PHRASE_STOPS or (n and word.endswith("ing")) or word[0].isdigit():
                break
            if q.kind == "percent" and n == 0:
                break  # "5% growth": the percent alone
            pos, n, stop = m.end(), n + 1, m.end()
    return ctx.text[q.start : stop]


# "X will be more than 10%, the intensity will reach 3.2%, there will be 10,000 ..., and the
# number of talents will exceed 3 million by 2026": goals listed clause by clause, each with its
# own future verb, the last one closing the list with the year
FUTURE_VERB = re.compile(
    r"\b(?:will|shall|(?:is|are)\s+(?:expected|planned|set|projected|slated)\s+to)\b", re.IGNORECASE
)


def _enumerated_goal_year(ctx: DocContext, sentence: Sentence, q: Quantity) -> re.Match | None:
    """The 'by <year>' closing a list of goals that `q` is one of: the number's own comma-clause
    has a future verb and every clause between it and the year has one too."""
    last = None
    for last in BY_YEAR.finditer(sentence.text, q.end - sentence.start):  # noqa: B007
        pass
    if last is None:
        return None
    end = sentence.start + last.start()
    if ";" in ctx.folded[q.end : end]:
        return None
    comma = max(ctx.folded.rfind(", ", sentence.start, q.start), sentence.start - 1)
    if not FUTURE_VERB.search(ctx.folded, max(sentence.start, comma + 1), q.start):
        return None
    clauses = re.split(r",\s", ctx.folded[q.end : end])[1:]  # not inside "10,000"
    if not all(FUTURE_VERB.search(c) for c in clauses):
        return None
    return last  # positions in the sentence's text, as goal_year gives them


# "..., analysts say", "economists forecast that ...": what others foresee for a place is a
# forecast, not a goal the place has set
FORECAST = re.compile(
    r"\b(?:analysts?|economists?|forecasters?|observers?|experts?|researchers?)\s+(?:say|says|said|"
    r"predict|predicts|predicted|expect|expects|expected|estimate|estimates|estimated|forecast|"
    r"forecasts|believe|believes|believed|project|projects|projected)\b"
    r"|\baccording\s+to\s+(?:(?:the|a|an|some)\s+)?(?:\w+\s+){0,2}?(?:analysts?|economists?|"
    r"forecasts?|projections?|estimates?)\b",
    re.IGNORECASE,
)
# "Shenzhen aims to have 60 unicorns by 2028, experts said": a goal the place set, which others
# only report
OWN_GOAL = re.compile(
    r"\b(?:aims?|aiming|plans?|planning|targets?|pledged?|vows?|vowed|intends?|strives?|seeks?|"
    r"goal|blueprint)\b",
    re.IGNORECASE,
)
# "It is estimated that the company will ...": an empty 'it', no reference to a place
EXPLETIVE_IT = re.compile(
    r"^\W*It\s+(?:is|was|has\s+been)\s+(?:\w+\s+)?(?:estimated|expected|reported|said|believed|"
    r"projected|anticipated|likely|hoped|planned|understood|known|clear|possible)\s+(?:that|to)\b"
)


# "two to three centres", "5 or 6 labs": the number opens a range; "from 2 to 5": the number is
# where a change starts. Neither is a goal (the end of "from 2 to 5" is)
RANGE_START_AFTER = re.compile(
    r"\s*(?:or|to|-|–)\s*(?:\d|one|two|three|four|five|six|seven|eight|nine|ten)\b",
    re.IGNORECASE,
)


def _range_start(ctx: DocContext, sentence: Sentence, q: Quantity) -> bool:
    return RANGE_START_AFTER.match(ctx.folded, q.end, sentence.end) is not None


def _goal_subject(ctx: DocContext, sentence: Sentence, subject: EntitySpan, q: Quantity) -> bool:
    """Whether `subject` is whose goal `q` is: not a place that begins a longer name ("Suzhou
    HuaYiRunLiang"), not a place said where something else happened in an earlier clause ("was
    established in Beijing in 1988, and the number is expected to reach 240 by 2020"), not what
    an empty 'it' was taken to refer to."""
    if starts_longer_name(ctx, sentence, subject):
        return False
    lo, _ = ctx.clause(sentence, q.start)
    if subject.start < lo and place_set_after_preposition(ctx, sentence, subject):
        return False
    return not (subject.via != "mention" and EXPLETIVE_IT.match(sentence.text))


@rule(
    emits={"target": "target", "count_target": "target"},
    kinds=("cardinal", "percent", "money"),
)
def target(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'plans to produce at least seven unicorns by 2022' (a goal for a count, rule count_target);
    'will spend 5% of its GDP ... by 2020' (a target). A goal is never a count of what exists."""
    for q in ctx.quantities_in(sentence):
        if q.kind not in {"cardinal", "percent", "money"} or _in_respectively_run(ctx, sentence, q):
            continue
        if _range_end(ctx, sentence.start, q.start) or _range_start(ctx, sentence, q):
            continue  # "two to three national centres by 2025": a range states no one goal
        by = goal_year(ctx, sentence, q) or _enumerated_goal_year(ctx, sentence, q)
        if by is None or TOP_BAND.search(ctx.folded, max(sentence.start, q.start - 8), q.start):
            continue  # "in the top 100 by 2030" names a ranking band, not a goal
        if FORECAST.search(sentence.text) and not OWN_GOAL.search(sentence.text):
            continue  # "GDP exceeding $4 trillion by 2030, analysts say": a forecast, no goal
        subject = ctx.subject(
            sentence,
            ("city", "sar", "country", "province", "policy_region", "park"),
            before=q.start,
        )
        if subject is None or not _goal_subject(ctx, sentence, subject, q):
            continue
        after = _after(ctx, q.end, 60)
        number_of = NUMBER_OF.search(ctx.folded[sentence.start : q.start])
        counted = _counted(after) if q.kind == "cardinal" else None
        if counted is None and number_of and q.kind == "cardinal":
            counted = _counted(number_of.group("noun"))
            # the literal phrase: "the number of unicorns to reach 50"
            phrase = ctx.text[sentence.start + number_of.start() : q.end] if counted else None
        else:
            phrase = value_phrase(ctx, q, sentence.end)
        unit = {"percent": "percent", "money": q.unit}.get(q.kind, "count")
        fields = dict(
            value=_value(q),
            value_text=phrase,
            unit=unit,
            comparator=q.comparator,
            as_of=by.group("year"),
            focus=(min(subject.start, q.start), max(sentence.start + by.end(), q.end)),
        )
        if counted:  # a goal for a count of things (unicorns, labs): still a target
            yield draft(sentence, "count_target", subject, "target", **fields)
        else:
            yield draft(sentence, "target", subject, "target", **fields)
