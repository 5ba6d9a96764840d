"""Whose measure a GDP, population or R&D intensity figure is: the owner named with a possessive,
"whose", "its" or "of", the place named after the measure, the topic of the sentence before,
and the names that are no owner (a member of a list, a place in a locative opening)."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_subjects import LOCATIVE_OPENING as PLACED_OPENING
from hotspots.extract.numbers import Quantity
from hotspots.extract.rules.common_subjects import subject_after_figures_opening
from hotspots.extract.rules.measures_words import PLACES_WITH_POPULATION
from hotspots.extract.segment import Sentence


def _subject(
    ctx: DocContext, sentence: Sentence, pos: int, types: tuple[str, ...]
) -> EntitySpan | None:
    """'Guangzhou's GDP', 'Guangzhou, whose GDP' and 'its R&D intensity' name the owner; else
    the sentence's subject."""
    before = ctx.mentions_between(sentence.start, pos)
    if before and re.fullmatch(
        r"(?:['’]s|,?\s+whose)\s+(?:[a-z&]+\s+){0,3}", ctx.folded[before[-1].end : pos]
    ):
        if len(before) > 1 and re.fullmatch(
            r"\s*(?:,|and|, and|&)\s*", ctx.folded[before[-2].end : before[-1].start]
        ):
            return None  # "Shenzhen and Guangzhou's GDP": a combined figure is no member's
        entity_id = ctx.pick(before[-1], types)
        return EntitySpan.of(before[-1], entity_id) if entity_id else None
    # ("Its population in 2019 was": a year between the noun and its verb)
    owner = re.search(
        r"\b(?:its|their)\s+(?:\w+\s+){0,3}(?:in\s+(?:19|20)\d{2}\s+(?:was|were|is|stood\s+at)\s+)?$",
        ctx.folded[max(sentence.start, pos - 60) : pos],
        re.IGNORECASE,
    )
    found = None
    if owner:
        at = max(sentence.start, pos - 60) + owner.start()
        # "As a powerhouse in south China, Guangdong saw its GDP ...": the nearest name before
        # 'its' in the sentence that is not the object of a preposition
        for mention in reversed(ctx.mentions_between(sentence.start, at)):
            if re.search(
                r"\b(?:in|of|from|to|at|near|with|than)\s+(?:[\w-]+\s+){0,2}$",
                ctx.folded[max(sentence.start, mention.start - 25) : mention.start],
                re.IGNORECASE,
            ):
                continue
            entity_id = ctx.pick(mention, types)
            found = EntitySpan.of(mention, entity_id) if entity_id else None
            break
        found = found or ctx.resolve_reference(sentence, "its", at)
    else:
        found = ctx.subject(sentence, types, before=pos)
    return found if found and ctx.type_of(found.entity_id) in types else None


# "the GDP of Nanshan district exceeded ...": the owner named right after the noun with "of"
OF_PLACE = re.compile(r"\s+of\s+(?:the\s+)?", re.IGNORECASE)
PLACE_WORD = re.compile(r"(?:\s+(?:district|city|province|municipality|region))?", re.IGNORECASE)


def _place_after_of(
    ctx: DocContext, pos: int, hi: int, types: tuple[str, ...]
) -> EntitySpan | None:
    """The place of 'GDP of X' (`pos` right after the noun, `hi` the figure): one place, the
    whole owner ("the GDP of Shenzhen and Guangzhou" is a combined figure: none)."""
    of = OF_PLACE.match(ctx.folded, pos, hi)
    if of is None:
        return None
    named = [m for m in ctx.mentions_between(of.end(), hi) if m.start == of.end()]
    entity_id = ctx.pick(named[0], types) if named else None
    if entity_id is None:
        return None
    end = PLACE_WORD.match(ctx.folded, named[0].end, hi).end()
    if not re.match(
        r"\s+(?:(?:has|have|had)\s+)?(?:\w+ly\s+)?(?:[a-z]+(?:ed|s)|was|stood|hit|rose|grew)\b",
        ctx.folded[end:hi],
    ):
        return (
            None  # the owner's phrase goes on ("of Shenzhen and Guangzhou", "of X's ..."): unclear
        )
    return EntitySpan.of(named[0], entity_id)


def _place_of(ctx: DocContext, lo: int, hi: int, types: tuple[str, ...]) -> EntitySpan | None:
    """'the R&D spending to GDP in the X region increased ...': the place named after the
    measure with 'in' or 'of'."""
    for mention in ctx.mentions_between(lo, hi):
        entity_id = ctx.pick(mention, types)
        if entity_id and re.search(
            r"\b(?:in|of|for)\s+(?:the\s+)?$",
            ctx.folded[max(lo, mention.start - 10) : mention.start],
        ):
            return EntitySpan.of(mention, entity_id)
    return None


def _plain_verb_phrase(ctx: DocContext, pos: int, quantities: list[Quantity]) -> bool:
    """A few plain words lead from `pos` to the first percentage after it ('climbed from')."""
    first = next((q for q in quantities if q.kind == "percent" and q.start >= pos), None)
    return first is not None and bool(
        re.fullmatch(r"\s+(?:[a-z]+\s+){1,3}", ctx.folded[pos : first.start])
    )


def _topic(
    ctx: DocContext, sentence: Sentence, cue_start: int, types: tuple[str, ...]
) -> EntitySpan | None:
    """'The delta hosted ... R&D intensity climbed from ...': a measure opening a sentence that
    names no place is the measure of the place the sentence before is about."""
    if ctx.mentions_in(sentence) or not re.fullmatch(
        r"\W*", ctx.folded[sentence.start : cue_start]
    ):
        return None
    previous = ctx.before_in_paragraph(sentence, 1)
    found = ctx.subject(previous[0], types) if previous else None
    return found.seen_as("the sentence before") if found else None


LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?", re.IGNORECASE)


def _list_member(ctx: DocContext, sentence: Sentence, subject: EntitySpan, pos: int) -> bool:
    """`subject` is one name of a list joined by "and" ("A, B and C ..., with a population of"):
    a figure stated after the list is not one member's ("Hangzhou, Zhejiang" is no list)."""
    if subject.via != "mention":
        return False
    names = ctx.mentions_between(sentence.start, pos)
    at = next((i for i, x in enumerate(names) if x.start == subject.start), None)
    if at is None:
        return False
    joins = []
    i = at
    while i > 0 and (j := LIST_JOIN.fullmatch(ctx.folded, names[i - 1].end, names[i].start)):
        joins.append(j.group(0))
        i -= 1
    i = at
    while i + 1 < len(names) and (
        j := LIST_JOIN.fullmatch(ctx.folded, names[i].end, names[i + 1].start)
    ):
        joins.append(j.group(0))
        i += 1
    return any(re.search(r"\band\b|&", j, re.IGNORECASE) for j in joins)


# "Located in mid-east China, ...": an opening participle of place before the subject
# (also a founding opening: "Established in 2013 as China's first aviation economic pilot zone, this
# area has ... a permanent population of 800,000": the names in it are not the subject)
LOCATIVE_OPENING = re.compile(
    r"\W*(?:(?:Located|Situated|Lying|Nestled|Sitting|Based)\s+(?:in|at|on|near|within|between)"
    r"|(?:Established|Founded|Launched|Set\s+up|Approved|Built|Created)\s+(?:in|on|as|by|at)"
    r")\b[^,;]*,"
)


def _in_locative_opening(ctx: DocContext, sentence: Sentence, subject: EntitySpan) -> bool:
    """`subject` is named in the locative opening of its sentence: where the subject lies."""
    if subject.via != "mention":
        return False
    m = LOCATIVE_OPENING.match(ctx.folded, sentence.start, sentence.end)
    return m is not None and subject.start < m.end()


OWNED_POPULATION = re.compile(r"['’]s\s+(?:[a-z-]+\s+){0,3}population\b[^,;]{0,25}$")


def _population_owner(ctx: DocContext, sentence: Sentence, start: int) -> EntitySpan | None:
    """'The bureau announced that Hefei's permanent resident population had reached ...': the
    place whose population it is owns the word, whatever the sentence's subject."""
    owned = OWNED_POPULATION.search(ctx.folded, max(sentence.start, start - 80), start)
    if owned is None:
        return None
    owner = next((m for m in ctx.mentions_in(sentence) if m.end == owned.start()), None)
    entity_id = ctx.pick(owner, PLACES_WITH_POPULATION) if owner is not None else None
    return EntitySpan.of(owner, entity_id) if entity_id else None


def _population_subject(
    ctx: DocContext, sentence: Sentence, start: int, end: int
) -> EntitySpan | None:
    """Whose population the figure at `start`-`end` is: the owner named with it, or the subject
    after a figures opening or of the sentence, past a locative opening ("Located in southern
    China, Shenzhen has ..."); none when that is a member of a list."""
    owner = _population_owner(ctx, sentence, start)
    subject = (
        owner
        or subject_after_figures_opening(ctx, sentence, end, PLACES_WITH_POPULATION)
        or _subject(ctx, sentence, start, PLACES_WITH_POPULATION)
    )
    if subject is not None and _in_locative_opening(ctx, sentence, subject):
        # "Located in southern China, Shenzhen has 13 million residents": the opening says
        # where the subject lies; the subject follows its comma
        comma = ctx.folded.find(",", sentence.start, start)
        subject = ctx.subject(sentence, PLACES_WITH_POPULATION, before=start, after=comma + 1)
        if subject is not None and re.search(
            r",\s+(?:which|that|where)\b", ctx.folded[subject.end : start]
        ):
            subject = None  # "X is the center of a circle, which covers ... a population of"
    elif (
        subject is not None
        and (placed := PLACED_OPENING.match(ctx.folded, sentence.start, start)) is not None
        and subject.start >= placed.end()
        and re.search(r",\s+(?:which|that|where)\b", ctx.folded[subject.end : start])
    ):
        subject = None  # the same, when the subject after the opening was found at once
    if subject is None or _list_member(ctx, sentence, subject, start):
        return None
    named = next((m for m in ctx.mentions_in(sentence) if m.start == subject.start), None)
    if named is not None and owner is None and ctx._possessive_modifier(sentence, named):
        # "EIU identified Chang-Zhu-Tan as one of China's 13 megalopolises, with an estimated
        # 2010 population of 8.3 million": an owner inside the predicate is not whose it is
        return None
    return subject
