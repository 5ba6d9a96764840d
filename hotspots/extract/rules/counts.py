"""Counts of things in a place (universities, labs, unicorns, ...), employees. The words they
share with the goal rules are in count_words.py."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.rules.clusters import TOP100_CLUSTERS, _top100_context
from hotspots.extract.rules.common import ClaimDraft, _after, _value, draft
from hotspots.extract.rules.common_lists import RESPECTIVELY, _respectively_runs, _subjects_before
from hotspots.extract.rules.common_years import _is_target, _list_year
from hotspots.extract.rules.count_places import _place_after
from hotspots.extract.rules.count_words import (
    COUNT_NOUNS,
    COUNT_PREDICATES,
    GOAL_BEFORE,
    TOP100_UNIVERSITIES,
    _count_date,
    goal_year,
    new_ones,
)
from hotspots.extract.segment import Sentence
from hotspots.extract.types import COUNTED_PLACES


@rule(
    emits={
        "respectively_counts": (*COUNT_PREDICATES, "clusters_in_top100", "universities_in_top100"),
        "respectively_target": "target",
    },
    kinds=("cardinal", "percent", "money"),
    cues_from=(RESPECTIVELY,),
)
def respectively_counts(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Wuhan and Xiangyang are to host 15,000 and 2,500 high-tech enterprises, respectively, by 2027';
    'Germany and the Republic of Korea follow with eight and four clusters, respectively'."""
    for run in _respectively_runs(ctx, sentence):
        after = _after(ctx, run[-1].end, 80)
        noun = next(
            (
                (p, n)
                for pattern, p in COUNT_NOUNS
                if p != "employees" and (n := pattern.match(after))
            ),
            None,
        )
        predicate = noun[0] if noun else None
        if noun and new_ones(after[: noun[1].end()]) and not _is_target(ctx, sentence, run[0]):
            continue  # "Wuhan and Xi'an added 12 and 9 new state key labs, respectively": changes
        if predicate == "count_universities" and TOP100_UNIVERSITIES.search(after):
            predicate = "universities_in_top100"
        if predicate is None and TOP100_CLUSTERS.match(after) and _top100_context(ctx, sentence):
            predicate = "clusters_in_top100"
        if predicate is None:
            continue
        types = (
            ("country",)
            if predicate in {"clusters_in_top100", "universities_in_top100"}
            else COUNTED_PLACES
        )
        subjects = _subjects_before(ctx, sentence, run[0].start, len(run), types)
        if not subjects:
            continue
        by = _is_target(ctx, sentence, run[0])
        for subject, q in zip(subjects, run, strict=True):
            if by and predicate != "count_unicorns":
                yield draft(
                    sentence,
                    "respectively_target",
                    subject,
                    "target",
                    value=_value(q),
                    value_text=after.strip()[:40] or None,
                    unit="count",
                    comparator=q.comparator,
                    as_of=by.group("year"),
                    focus=(subject.start, q.end),
                )
                continue
            as_of = (
                by.group("year")
                if by
                else (
                    ctx.edition_year(sentence)
                    if predicate == "clusters_in_top100"
                    else ctx.sentence_period(sentence, q.start) or ctx.sentence_period(sentence)
                )
            )
            yield draft(
                sentence,
                "respectively_counts",
                subject,
                predicate,
                value=_value(q),
                value_text=q.text,
                unit="count",
                comparator=q.comparator,
                as_of=as_of,
                focus=(subject.start, q.end),
            )


LABEL_VALUE = re.compile(
    r"^\s*(?:[-*•·▪●]|\d{1,3}[.)])?\s*(?P<label>[A-Za-z][\w\s&()-]{2,60}?)\s*(?:\([^)]*\))?\s*:\s+"
)


YEAR_IN_PARENTHESES = re.compile(
    r"\s*\(\s*(?:(?:at\s+)?(?:the\s+)?end\s+of\s+|as\s+of\s+|in\s+)?(?P<y>1[89]\d{2}|20\d{2})\s*\)",
    re.IGNORECASE,
)


def _year_in_parentheses(ctx: DocContext, pos: int) -> str | None:
    """'more than 24,000 (end of 2023)': the year the figure is given for, right after it."""
    m = YEAR_IN_PARENTHESES.match(ctx.folded, pos)
    return m.group("y") if m else None


@rule(emits={"label_value": COUNT_PREDICATES}, kinds=("cardinal",))
def label_value(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """Fact-sheet bullets under a heading that names the subject: 'State key laboratories: six',
    'Unicorns: thirty-four, according to a 2024 count'."""
    if not sentence.is_list_item:
        return
    m = LABEL_VALUE.match(sentence.text)
    if not m:
        return
    predicate = next(
        (
            p
            for pattern, p in COUNT_NOUNS
            if p != "employees" and pattern.match(" " + m.group("label").strip())
        ),
        None,
    )
    quantities = [q for q in ctx.quantities_in(sentence) if q.start >= sentence.start + m.end()]
    if (
        predicate is None
        or not quantities
        or quantities[0].kind != "cardinal"
        or quantities[0].start > sentence.start + m.end() + 20
    ):
        return
    subject = ctx.subject(sentence, COUNTED_PLACES, before=sentence.start + m.start("label"))
    if subject is None:
        return
    q = quantities[0]
    yield draft(
        sentence,
        "label_value",
        subject,
        predicate,
        value=_value(q),
        value_text=q.text,
        unit="count",
        comparator=q.comparator,
        as_of=_year_in_parentheses(ctx, q.end)
        or ctx.sentence_period(sentence)
        or _list_year(ctx, sentence),
        focus=(sentence.start, q.end),
    )


# high-tech enterprises has grown from 493 in 2012 to 1,928 in 2021", "high-tech enterprises
# amounted to 672": the counted noun before its figure
NUMBER_OF = re.compile(
    r"\b(?:the\s+)?(?:total\s+)?number\s+of\b|\b(?:amounted\s+to|totall?ed|numbered)\b",
    re.IGNORECASE,
)
OWNER_BEFORE_NOUN = re.compile(r"\s+(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})['’]s(?=\s)")
SINCE_YEAR = re.compile(r"\bsince\s+(?P<y>1[89]\d{2}|20\d{2})\b", re.IGNORECASE)
TOTAL_VERB = re.compile(r"^\s*(?:amounted\s+to|totall?ed|numbered)\b", re.IGNORECASE)
FIGURE_VERB_BEFORE = re.compile(
    r"\b(?:reached|reaches|hit|hits|stood\s+at|stands\s+at|amounted\s+to|totall?ed|numbered|"
    r"rose\s+to|increased\s+to|grew\s+to|climbed\s+to|jumped\s+to|was|is|from|to)\s+$",
    re.IGNORECASE,
)
FIGURE_COMPARATOR_VERB = re.compile(
    r"^(?:exceeded|exceeds|surpassed|surpasses|topped)", re.IGNORECASE
)
YEAR_RIGHT_AFTER = re.compile(
    r"\s+(?:in|by\s+the\s+end\s+of|at\s+the\s+end\s+of)\s+(?P<y>1[89]\d{2}|20\d{2})\b",
    re.IGNORECASE,
)


@rule(emits={"number_of": COUNT_PREDICATES}, kinds=("cardinal",), cues_from=(NUMBER_OF,))
def number_of(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'The total number of high-tech enterprises in Guangdong has exceeded 75,000'; 'the number
    of high-tech enterprises has grown from 493 in 2012 to 1,928 in 2021' (two counts, each with
    its year); 'high-tech enterprises amounted to 672'. A change ('grew by 300') is no count."""
    quantities = ctx.quantities_in(sentence)
    for cue in NUMBER_OF.finditer(ctx.folded, sentence.start, sentence.end):
        owner = None
        if TOTAL_VERB.match(cue.group(0)):
            # "high-tech enterprises amounted to 672": the noun right before the verb
            head = ctx.folded[max(sentence.start, cue.start() - 60) : cue.start()]
            found = None
            for pattern, predicate in COUNT_NOUNS:
                if predicate == "employees" or predicate == "count_stem_graduates":
                    continue
                for m in re.finditer(r"(?:^|[\s,;])(?=\S)", head):
                    noun = pattern.match(" " + head[m.end() :])
                    if noun and m.end() + noun.end() - 1 == len(head.rstrip()):
                        found = (predicate, cue.start() - len(head) + m.end())
                        break
                if found:
                    break
            if found is None:
                continue
            predicate, noun_start = found
            noun_end = cue.start()
        else:
            window = " " + ctx.folded[cue.end() : min(sentence.end, cue.end() + 80)]
            # "the number of Zhangjiagang's high-tech enterprises": the owner, then the noun
            owner = OWNER_BEFORE_NOUN.match(window)
            if owner:
                window = " " + window[owner.end() :]
            match = next(
                (
                    (p, n)
                    for pattern, p in COUNT_NOUNS
                    if p not in {"employees", "count_stem_graduates"}
                    and (n := pattern.match(window))
                ),
                None,
            )
            if match is None:
                continue
            predicate, noun = match
            if new_ones(noun.group(0)):
                continue  # "the number of new high-tech enterprises": the year's additions
            noun_start, noun_end = cue.start(), cue.end() + noun.end() - 1
        lo, hi = ctx.clause(sentence, noun_end)
        figures = []
        prev = noun_end
        for q in quantities:
            if q.start < noun_end or q.start >= hi or q.kind == "year":
                continue
            if q.kind != "cardinal" or q.value != int(q.value):
                break
            start = q.comparator_start if q.comparator_start is not None else q.start
            gap = ctx.folded[prev:start]
            if re.search(r"\bby\s+$", gap, re.IGNORECASE) or len(gap) > 60:
                break  # "grew by 300": a change
            verb = FIGURE_VERB_BEFORE.search(gap) or (
                q.comparator_start is not None
                and FIGURE_COMPARATOR_VERB.match(ctx.folded[q.comparator_start : q.start])
            )
            if not verb:
                break
            figures.append(q)
            prev = q.end
            year = YEAR_RIGHT_AFTER.match(ctx.folded, q.end, hi)
            if year:
                prev = year.end()
            if len(figures) == 2:
                break
        if not figures:
            continue
        if goal_year(ctx, sentence, figures[-1]) or GOAL_BEFORE.search(ctx.folded, lo, noun_start):
            continue
        if re.search(
            r"\bwill\b|\bto\s+(?:reach|exceed|hit)\b", ctx.folded[noun_start : figures[-1].start]
        ):
            continue  # "the number ... will exceed 10,000": a goal
        subject = _place_after(ctx, sentence, noun_end, COUNTED_PLACES)
        if subject is None and re.match(r"\W*There\b", sentence.text, re.IGNORECASE):
            # "There are 24,000 enterprises in Optics Valley, high-tech enterprises amounted
            # to 672": 'there' is the place the sentence names with 'in', not a reference
            subject = next(
                (
                    EntitySpan.of(m, e)
                    for m in reversed(ctx.mentions_between(sentence.start, noun_start))
                    if (e := ctx.pick(m, COUNTED_PLACES))
                    and re.search(
                        r"\b(?:in|within)\s+(?:the\s+)?$", ctx.folded[m.start - 12 : m.start]
                    )
                ),
                None,
            )
        elif subject is None and owner:
            at = cue.end() + owner.start("name") - 1
            named = [
                x for x in ctx.mentions_between(at, at + len(owner.group("name"))) if x.start == at
            ]
            entity_id = ctx.pick(named[0], COUNTED_PLACES) if named else None
            subject = EntitySpan.of(named[0], entity_id) if entity_id else None
        elif subject is None:
            subject = ctx.subject(sentence, COUNTED_PLACES, before=noun_start)
        if subject is None:
            continue
        # "Since 2008, the number ... has increased from 31 to 300": the start figure is 2008's
        since = SINCE_YEAR.search(ctx.folded, sentence.start, noun_start)
        for i, q in enumerate(figures):
            year = YEAR_RIGHT_AFTER.match(ctx.folded, q.end, hi)
            as_of = (
                year.group("y")
                if year
                else (_count_date(ctx, sentence, q) if len(figures) == 1 else None)
            )
            if as_of is None and since and i == 0 and len(figures) == 2:
                as_of = since.group("y")
            yield draft(
                sentence,
                "number_of",
                subject,
                predicate,
                value=_value(q),
                value_text=q.text,
                unit="count",
                comparator=q.comparator,
                as_of=as_of,
                focus=(min(subject.start, noun_start), q.end),
            )
