"""Counts of things in a place (universities, labs, unicorns, ...), employees."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.numbers import Quantity
from hotspots.extract.rules.clusters import TOP100_CLUSTERS, _top100_context
from hotspots.extract.rules.common import (
    BY_YEAR,
    RESPECTIVELY,
    TARGET_CUE,
    ClaimDraft,
    _after,
    _before,
    _continued_year,
    _in_respectively_run,
    _is_target,
    _list_year,
    _nearest_before,
    _respectively_runs,
    _subjects_before,
    _value,
    draft,
)
from hotspots.extract.segment import Sentence
from hotspots.extract.types import COUNTED_PLACES, ORGANISATIONS

# ---------------------------------------------------------------------------------------------
# Counts of things in a place, employees
# Words between a number and what it counts (reference/lexicons/counts.yaml), or any hyphenated word.
ADJ = rf"(?:{lexicon.phrase_pattern(lexicon.words('counts', 'count_adjectives'))}\s+|[a-z]+-[a-z]+\s+)*"
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
# Where a goal's clause ends: "36 unicorns in 2022, and it aims for 50 by 2025"; "counted 36
# unicorns and hopes for more by 2025".
GOAL_BREAK = re.compile(
    r";|,\s+(?:and|but|while|whereas|which|where)\s+|\s+(?:and|but)\s+(?=(?:\w+\s+){0,2}?(?:plans?|aims?|targets?|expects?|seeks?|intends?|pledged?|wants?|hopes?|vows?|will)\b)",
    re.IGNORECASE,
)


def goal_year(ctx: DocContext, sentence: Sentence, q: Quantity) -> re.Match | None:
    """The 'by <year>' of a goal the number `q` is part of: a plan word and a 'by <year>' after
    the number, both in the number's own clause (`_is_target` looks at the whole sentence)."""
    by = _is_target(ctx, sentence, q)
    if by is None:
        return None
    lo, hi = ctx._between_breaks(GOAL_BREAK, sentence, q.start)
    if not (sentence.start + by.end() <= hi and TARGET_CUE.search(ctx.folded, lo, hi)):
        return None
    return by


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


def _count_date(ctx: DocContext, sentence: Sentence, q: Quantity) -> str | None:
    """The count's date; never the 'by <year>' of a goal in another clause ("plans to build a
    new university by 2030, adding to its 92 universities": no year)."""
    as_of = ctx.sentence_period(sentence, q.start)
    if as_of:
        by = BY_YEAR.search(sentence.text)
        if by and as_of[:4] == by.group("year") and TARGET_CUE.search(sentence.text):
            return None
        return as_of
    return _continued_year(ctx, sentence) or _list_year(ctx, sentence)


POSSESSIVE = re.compile(r"['’]s\s+")


def _possessed_place(
    ctx: DocContext, subject: EntitySpan, before: int, types: tuple[str, ...]
) -> EntitySpan:
    """'Guangdong's Shenzhen has more than 20 unicorns': the place the possessive names, not the
    place that possesses it."""
    if subject.via != "mention":
        return subject  # a reference ('the city') resolved to a name elsewhere
    m = POSSESSIVE.match(ctx.folded, subject.end)
    if not m or m.end() >= before:
        return subject
    for mention in ctx.mentions_between(m.end(), before):
        if mention.start == m.end():
            entity_id = ctx.pick(mention, types)
            if entity_id:
                return EntitySpan.of(mention, entity_id)
        break
    return subject


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
        predicate = next(
            (p for pattern, p in COUNT_NOUNS if p != "employees" and pattern.match(after)), None
        )
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
        as_of=ctx.sentence_period(sentence) or _list_year(ctx, sentence),
        focus=(sentence.start, q.end),
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


@rule(
    emits={
        **{p: p for p in (*COUNT_PREDICATES, "employees")},
        "universities_in_top100": "universities_in_top100",
    },
    kinds=("cardinal",),
)
def counts(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Beijing now hosts more than 90 universities, over 1,000 research institutes ...'."""
    for q in ctx.quantities_in(sentence):
        if (
            q.kind != "cardinal"
            or q.value < 1
            or q.value != int(q.value)
            or _in_respectively_run(ctx, sentence, q)
        ):
            continue
        if re.search(r"\btop[- ]?$", _before(ctx, q.start, 8), re.IGNORECASE):
            continue  # "the Top 100 universities" names a ranking, not a count
        after = _after(ctx, q.end, 80)
        demonym = DEMONYM_UNIVERSITIES.match(after)
        if demonym and TOP100_UNIVERSITIES.search(sentence.text):
            country = ctx.gazetteer.demonyms.get(demonym.group("demonym"))
            if country:
                ranking = re.search(
                    r"according to (?P<r>[A-Z][\w&]*(?: [A-Z][\w&]*)*)", sentence.text
                )
                end = q.end + demonym.end()
                heading = ctx.heading_of(sentence)
                yield draft(
                    sentence,
                    "universities_in_top100",
                    country,
                    "universities_in_top100",
                    value=_value(q),
                    value_text=ctx.text[q.start : end],  # the value phrase as written
                    unit="count",
                    comparator=q.comparator,
                    as_of=ctx.sentence_period(sentence)
                    or (ctx.sentence_year(heading) if heading is not None else None),
                    # the quote names the ranking ("according to QS")
                    focus=(q.start, sentence.start + ranking.end() if ranking else end),
                )
            continue
        for pattern, predicate in COUNT_NOUNS:
            noun = pattern.match(after)
            if not noun:
                continue
            if predicate == "count_universities" and TOP100_UNIVERSITIES.search(
                after[: noun.end() + 30]
            ):
                break
            if goal_year(ctx, sentence, q):
                break  # handled by the target rule
            lo, _ = ctx.clause(sentence, q.start)
            change = CHANGE_BEFORE.search(ctx.folded, lo, q.comparator_start or q.start)
            if change and not re.match(r"\S+\s+to\s", change.group(0)):
                break  # "added 2,000 high-tech enterprises": a change ("adding to its 92 ..." is not)
            if GOAL_BEFORE.search(ctx.folded, lo, q.comparator_start or q.start):
                break  # "aims to be home to 20 unicorns": a goal, not a count
            types = ORGANISATIONS if predicate == "employees" else COUNTED_PLACES
            relative = list(
                re.finditer(r",\s+(?:which|that|where)\b", ctx.folded[sentence.start : q.start])
            )
            subject = None
            if relative:  # "... the Xi'an High-tech Zone, which ... hosts more than 13,000 ...": the noun before 'which'
                subject = _nearest_before(
                    ctx, sentence, sentence.start + relative[-1].start(), types, lo=sentence.start
                )
            subject = subject or ctx.subject(sentence, types, before=q.start)
            if subject is None:
                break
            if subject.start >= sentence.start:
                subject = _possessed_place(ctx, subject, q.start, types)
            if predicate == "employees" and not _headcount_of(ctx, sentence, subject, q, after):
                break
            yield draft(
                sentence,
                predicate,
                subject.entity_id,
                predicate,
                value=_value(q),
                value_text=q.text,
                unit="count_per_year" if predicate == "count_stem_graduates" else "count",
                comparator=q.comparator,
                as_of=_count_date(ctx, sentence, q),
                focus=(min(subject.start, q.start), q.end + noun.end()),
            )
            break
