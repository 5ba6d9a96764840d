"""Measures of a place or an organisation: GDP, population, R&D intensity (R&D spending as a
share of GDP). When something was established is read in `founding_dates`.

Each is an actual figure: a stated goal is a target (rules/targets.py), and a change ("rose by
0.1 percentage points", "an increase of 2 million") is not the measure itself.

The rules' words are in measures_words, whose figure it is in measures_subjects, and what the
number is (its year, a goal, a change, the level a growth reached) in measures_figures, with
the R&D intensity draft.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, _value, draft
from hotspots.extract.rules.common_subjects import opening_group
from hotspots.extract.rules.common_years import _is_target, changed_from
from hotspots.extract.rules.measures_figures import (
    EARLIER_FIGURE,
    YEAR_RIGHT_AFTER,
    _earlier_year,
    _intensity,
    _is_change,
    _level_after_growth,
    _no_level,
    _planned,
)
from hotspots.extract.rules.measures_subjects import (
    LOCATIVE_OPENING,
    _place_after_of,
    _place_of,
    _plain_verb_phrase,
    _population_subject,
    _subject,
    _topic,
)
from hotspots.extract.rules.measures_words import (
    GDP_EXCLUDED,
    GDP_NOUN,
    INTENSITY,
    MEMBERS,
    OF_GDP,
    PAIR_CLOSES,
    PAIR_FIRST,
    PAIR_GAP,
    PAIR_MEASURES,
    PAIR_SECOND,
    PLACES_WITH_GDP,
    PLACES_WITH_INTENSITY,
    PLACES_WITH_POPULATION,
    POPULATION_BEFORE,
    POPULATION_LABEL,
    POPULATION_OF_RESIDENTS,
    RD_SPENDING,
    RESIDENTS,
    RESIDENTS_AFTER,
    SHARE_SPENT,
)
from hotspots.extract.segment import Sentence


@rule(
    emits={"rd_intensity": "rd_intensity_pct"},
    kinds=("percent",),
    cues_from=(INTENSITY, RD_SPENDING, SHARE_SPENT),
)
def rd_intensity(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'R&D intensity climbed from 2.81% of GDP in 2018 to 3.34% in 2023'; 'R&D spending
    accounted for 2.65% of China's GDP'."""
    cue = INTENSITY.search(ctx.folded, sentence.start, sentence.end)
    spending = None if cue else RD_SPENDING.search(ctx.folded, sentence.start, sentence.end)
    shared = SHARE_SPENT.search(ctx.folded, sentence.start, sentence.end)
    if cue is None and spending is None and shared is None:
        return
    quantities = ctx.quantities_in(sentence)
    for q in quantities:
        if shared is not None and shared.start("share") <= q.start < shared.end("share"):
            # "Hefei spent 3.9 percent of its GDP on R&D": the share inside the spending phrase
            if q.kind == "percent" and not _no_level(ctx, sentence, q):
                subject = _subject(ctx, sentence, shared.start(), PLACES_WITH_INTENSITY)
                if subject is not None:
                    yield _intensity(ctx, sentence, subject, shared.start(), q, quantities)
            continue
        if spending is not None:
            # "R&D spending accounted for 2.55% of China's GDP": the share of GDP is said after
            # the figure
            of_gdp = OF_GDP.match(ctx.folded, q.end)
            if q.kind != "percent" or q.start < spending.end() or of_gdp is None:
                continue
            if q.start - spending.end() > 60 or re.search(
                r"[;%]", ctx.folded[spending.end() : q.start]
            ):
                continue
            cue = spending
            owner = of_gdp.group("owner")
            if owner:
                found = [
                    m for m in ctx.mentions_between(of_gdp.start("owner"), of_gdp.end("owner"))
                ]
                entity_id = ctx.pick(found[0], PLACES_WITH_INTENSITY) if found else None
                if entity_id is None:
                    continue
                subject = EntitySpan.of(found[0], entity_id)
                if _no_level(ctx, sentence, q):
                    continue
                yield _intensity(ctx, sentence, subject, cue.start(), q, quantities)
                continue
        if q.kind != "percent" or q.start < cue.start() or q.start - cue.end() > 120:
            continue
        between = ctx.folded[cue.end() : q.start]
        if (";" in between or re.search(r"\bpercent|%", between)) and not re.search(
            r"\bfrom\s+[^;]*$", between
        ):
            continue  # only the first figure after the phrase, or a from/to pair
        if _no_level(ctx, sentence, q) or q.value > 20:
            continue
        later = next((x for x in quantities if x.start > q.end and x.kind == "percent"), None)
        if later is not None and changed_from(ctx, sentence, q, later) == "undated":
            continue  # "increased from 3 percent to 6 percent": the earlier share, undated
        subject = (
            _subject(ctx, sentence, cue.start(), PLACES_WITH_INTENSITY)
            or _place_of(ctx, cue.end(), q.start, PLACES_WITH_INTENSITY)
            or (
                _topic(ctx, sentence, cue.start(), PLACES_WITH_INTENSITY)
                if _plain_verb_phrase(ctx, cue.end(), quantities)
                else None
            )
        )
        if subject is None:
            continue
        yield _intensity(ctx, sentence, subject, cue.start(), q, quantities)


# "to 1.35 trillion yuan ($186 billion) last year": a year relative to the publication
RELATIVE_AFTER = re.compile(
    r"\s*(?:\([^()]{1,40}\)\s*)?(?:in\s+)?(?:last|this|the\s+past)\s+year\b", re.IGNORECASE
)


@rule(emits={"gdp": "gdp"}, kinds=("money",), cues_from=(GDP_NOUN,))
def gdp(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'a GDP of nearly 6.3 trillion RMB in 2019'; 'its economic output in 2016 hit 9.2 trillion
    yuan'. The first amount after the noun only (a conversion in brackets is the same figure)."""
    used: set[int] = set()
    for noun in GDP_NOUN.finditer(ctx.folded, sentence.start, sentence.end):
        q = next(
            (
                x
                for x in ctx.quantities_in(sentence)
                if x.start > noun.end() and x.kind in {"money", "percent"}
            ),
            None,
        )
        if q is None or q.start - noun.end() > 40:
            continue
        q = _level_after_growth(ctx, sentence, q)
        if q.kind != "money" or q.start in used:
            continue  # "gross domestic product (GDP) surpassed ...": one figure, said once
        used.add(q.start)
        between = ctx.folded[noun.start() : q.start]
        if GDP_EXCLUDED.search(between) or re.search(r"[;:]", between):
            continue
        if MEMBERS.search(ctx.folded, sentence.start, noun.start()) or re.match(
            r"\s+(?:each|apiece)\b", ctx.folded[q.end : q.end + 10]
        ):
            continue  # "nine cities in the region boast a GDP of over ...": each member's, not the place's
        if _is_target(ctx, sentence, q) or _is_change(ctx, sentence, q):
            continue
        if _planned(ctx, sentence, q):
            continue  # "plans to double its GDP to 400 billion yuan": a goal (target), not the GDP
        if re.search(
            r"\b(?:expected|estimated|forecast|projected|will|would)\b",
            ctx.folded[max(sentence.start, noun.start() - 40) : q.start],
            re.IGNORECASE,
        ):
            continue  # an estimate or a forecast is not the stated figure
        subject = _place_after_of(ctx, noun.end(), q.start, PLACES_WITH_GDP) or _subject(
            ctx, sentence, noun.start(), PLACES_WITH_GDP
        )
        if subject is None:
            continue
        own_year = YEAR_RIGHT_AFTER.match(ctx.folded, q.end, sentence.end)
        # "..., up from 1.1 trillion yuan in 2021": the earlier GDP, stated with its year
        earlier = EARLIER_FIGURE.match(ctx.folded, own_year.end() if own_year else q.end)
        then = next(
            (x for x in ctx.quantities_in(sentence) if earlier and x.start == earlier.end()),
            None,
        )
        then_year = (
            YEAR_RIGHT_AFTER.match(ctx.folded, then.end, sentence.end)
            if then is not None and then.kind == "money" and then.unit == q.unit
            else None
        )
        # "grew from 1 trillion yuan in 2010 to 3 trillion yuan in 2021": the value it changed to
        later = next(
            (
                x
                for x in ctx.quantities_in(sentence)
                if x.start > q.end and x.kind == "money" and x.unit == q.unit
            ),
            None,
        )
        change = changed_from(ctx, sentence, q, later) if later is not None else None
        as_of = own_year.group("y") if own_year else ctx.sentence_year(sentence, q.start)
        if not own_year and then_year and as_of in (None, then_year.group("y")):
            # the earlier figure's year is not this one's; an opening "In 2022," is
            opening = re.match(r"\W*in\s+((?:19|20)\d{2}),", sentence.text, re.IGNORECASE)
            as_of = opening.group(1) if opening else None
        if change != "undated":  # ("grew from 1 trillion yuan to 3 trillion": the earlier, undated)
            yield draft(
                sentence,
                "gdp",
                subject,
                "gdp",
                value=_value(q),
                value_text=q.text,
                unit=q.unit,
                comparator=q.comparator,
                # "reached 1.2 trillion yuan in 2022, up from ... in 2021": the year right after it
                as_of=as_of,
                focus=(min(subject.start, noun.start()), q.end),
            )
        later_year = YEAR_RIGHT_AFTER.match(ctx.folded, later.end, sentence.end) if change else None
        if change is not None and (
            later_year or not RELATIVE_AFTER.match(ctx.folded, later.end, sentence.end)
        ):
            # (not "... to 1.35 trillion yuan ($186 billion) last year": a year relative to the
            # publication, which the rule cannot date)
            used.add(later.start)
            yield draft(
                sentence,
                "gdp",
                subject,
                "gdp",
                value=_value(later),
                value_text=later.text,
                unit=later.unit,
                comparator=later.comparator,
                as_of=later_year.group("y") if later_year else None,
                focus=(min(subject.start, noun.start()), later.end),
            )
        if then_year:
            yield draft(
                sentence,
                "gdp",
                subject,
                "gdp",
                value=_value(then),
                value_text=then.text,
                unit=then.unit,
                comparator=then.comparator,
                as_of=then_year.group("y"),
                focus=(min(subject.start, noun.start()), then.end),
            )


@rule(
    emits={"population": "population"},
    kinds=("cardinal",),
    cues_from=(re.compile(RESIDENTS, re.IGNORECASE),),
)
def population(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'had a permanent population of about 96 million'; 'home to 68 million permanent
    residents'."""
    for q in ctx.quantities_in(sentence):
        if q.kind != "cardinal" or q.value < 1000:
            continue
        start = q.comparator_start if q.comparator_start is not None else q.start
        before = ctx.folded[max(sentence.start, start - 60) : start]
        after = ctx.folded[q.end : sentence.end]
        if not (POPULATION_BEFORE.search(before) or RESIDENTS_AFTER.match(after)):
            continue
        if re.fullmatch(r"(?:1[89]|20)\d{2}", q.text) and re.match(r"\s+population\b", after):
            continue  # "an estimated 2010 population of 8.3 million": the year the figure is of
        if POPULATION_BEFORE.search(before) and not POPULATION_OF_RESIDENTS.search(
            ctx.folded[max(sentence.start, start - 60) : start]
        ):
            continue  # "a full-time student population of 155,000": a group, not the residents
        if RESIDENTS_AFTER.match(after) and not re.search(
            r"\b(?:home to|population of|has|had|have|with|of)\s+$", before, re.IGNORECASE
        ):
            continue  # "50,000 people work there" counts no residents
        if _is_target(ctx, sentence, q) or _is_change(ctx, sentence, q):
            continue
        subject = _population_subject(ctx, sentence, start, q.end)
        group = None if subject is not None else opening_group(ctx, sentence, PLACES_WITH_GDP)
        if group is not None:
            # "The three cities ... have a population of 13.736 million": the group's
            (ref_start, _), members = group
            for member in members:
                yield draft(
                    sentence,
                    "population",
                    member,
                    "population",
                    value=_value(q),
                    value_text=q.text,
                    comparator=q.comparator,
                    as_of=ctx.sentence_year(sentence, q.start),
                    focus=(ref_start, q.end),
                    combined=True,
                )
            continue
        if subject is None:
            continue
        as_of = ctx.sentence_year(sentence, q.start) or _earlier_year(ctx, sentence)
        opening = LOCATIVE_OPENING.match(ctx.folded, sentence.start, sentence.end)
        # "Established in 2013 as ..., X has a population of": the opening's year is the founding's
        if (
            as_of
            and opening
            and as_of[:4] in ctx.folded[sentence.start : opening.end()]
            and as_of[:4] not in ctx.folded[opening.end() : sentence.end]
        ):
            as_of = None
        yield draft(
            sentence,
            "population",
            subject,
            "population",
            value=_value(q),
            value_text=q.text,
            comparator=q.comparator,
            as_of=as_of,
            focus=(min(subject.start, q.start), q.end),
        )


@rule(emits={"population_label": "population"}, cues_from=(POPULATION_LABEL,))
def population_label(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Guangming' / '- Population: 1,095,289' (the line right under a heading naming one place)."""
    for q in ctx.quantities_in(sentence):
        if q.kind != "cardinal" or q.value < 1000:
            continue
        start = q.comparator_start if q.comparator_start is not None else q.start
        if not POPULATION_LABEL.fullmatch(ctx.folded, sentence.start, start):
            continue
        if ctx.folded[q.end : sentence.end].strip(" \t.;"):
            continue  # the line says more than the figure ("(2020 census)", "residents of ...")
        index = ctx.position(sentence)
        heading = ctx.sentences[index - 1] if index > 0 else None
        if heading is None or not heading.is_heading or heading.paragraph != sentence.paragraph:
            continue
        named = ctx.mentions_in(heading)
        if len(named) != 1 or ctx.folded[heading.start : named[0].start].strip(" \t=#-"):
            continue
        if ctx.folded[named[0].end : heading.end].strip(" \t:.=#-"):
            continue  # the heading says more than the name
        entity_id = ctx.pick(named[0], PLACES_WITH_POPULATION)
        if entity_id is None:
            continue
        yield draft(
            sentence,
            "population_label",
            EntitySpan.of(named[0], entity_id),
            "population",
            value=_value(q),
            value_text=q.text,
            comparator=q.comparator,
            focus=(q.start, q.end),
        )


@rule(
    emits={"measure_pair": ("gdp", "population", "rd_intensity_pct")},
    kinds=("money", "cardinal", "percent"),
)
def measure_pair(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'In 2022, Shenzhen's GDP reached 3.2 trillion yuan, Guangzhou's 2.8 trillion yuan'."""
    quantities = [q for q in ctx.quantities_in(sentence) if q.kind != "year"]
    mentions = ctx.mentions_in(sentence)
    for first, second in itertools.pairwise(quantities):
        if first.kind != second.kind:
            continue
        for predicate, kind, noun_re, types in PAIR_MEASURES:
            if first.kind != kind:
                continue
            # the first place and its measure: "Shenzhen's GDP reached", "Shenzhen has a
            # population of"
            start = first.comparator_start if first.comparator_start is not None else first.start
            owner = next(
                (
                    m
                    for m in reversed(mentions)
                    if m.end <= start
                    and (
                        lead := PAIR_FIRST.fullmatch(
                            ctx.folded,
                            m.end + (2 if ctx.folded.startswith(("'s", "’s"), m.end) else 0),
                            start,
                        )
                    )
                    and noun_re.fullmatch(lead.group("noun").strip())
                ),
                None,
            )
            if owner is None:
                continue
            # the second place right after the first figure, then its figure
            two = next((m for m in mentions if first.end < m.start < second.start), None)
            start2 = (
                second.comparator_start if second.comparator_start is not None else second.start
            )
            if two is None or not PAIR_SECOND.fullmatch(ctx.folded, first.end, two.start):
                continue
            if not PAIR_GAP.fullmatch(ctx.folded, two.end, start2):
                continue
            if ctx.mentions_between(two.end, second.start):
                continue
            if not PAIR_CLOSES.match(ctx.folded, second.end, sentence.end):
                continue  # "Guangzhou's 2.8 trillion yuan in exports": another measure
            if _is_target(ctx, sentence, second) or _planned(ctx, sentence, second):
                continue
            one_id, two_id = ctx.pick(owner, types), ctx.pick(two, types)
            if one_id is None or two_id is None or one_id == two_id:
                continue
            if predicate == "population" and (first.value < 1000 or second.value < 1000):
                continue
            if predicate == "rd_intensity_pct" and second.value > 20:
                continue
            yield draft(
                sentence,
                "measure_pair",
                EntitySpan.of(two, two_id),
                predicate,
                value=_value(second),
                value_text=second.text,
                unit=second.unit if kind == "money" else ("percent" if kind == "percent" else None),
                comparator=second.comparator,
                as_of=ctx.sentence_year(sentence, second.start),
                focus=(two.start, second.end),
            )
