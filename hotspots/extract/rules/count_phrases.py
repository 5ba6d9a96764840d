"""Counts said with their noun right after the number: 'Beijing now hosts more than 90
universities, over 1,000 research institutes ...' (the label, table and 'number of' shapes are in
counts.py, run before). Whose count it is when the sentence does not say it plainly is in
count_phrase_subjects.py."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, _after, _before, _value, draft
from hotspots.extract.rules.common_lists import _in_respectively_run
from hotspots.extract.rules.common_subjects import (
    CLAUSE_IT,
    _nearest_before,
    subject_after_figures_opening,
)
from hotspots.extract.rules.common_years import PERMITTED_TO_BUILD
from hotspots.extract.rules.count_figures import (
    FLOW_AFTER,
    FLOW_BEFORE,
    NOW,
    PLACED_ELSEWHERE,
    STARTING_STATE,
    _earlier_count,
    _range_end,
    _topic_before,
)
from hotspots.extract.rules.count_phrase_subjects import (
    HAVING_BEFORE,
    _name_before_verb,
    _possessor,
    _workplace_after,
)
from hotspots.extract.rules.count_places import _place_after, _possessed_place, _settled_place
from hotspots.extract.rules.count_words import (
    CHANGE_BEFORE,
    COUNT_NOUNS,
    COUNT_PREDICATES,
    DEMONYM_UNIVERSITIES,
    GOAL_BEFORE,
    GOAL_IN_CLAUSE,
    NEW_ONES_AFTER,
    PARTITIVE_BEFORE,
    SURVEYED_BEFORE,
    THERE_ARE,
    TOP100_UNIVERSITIES,
    _count_date,
    _elliptical_counts,
    _headcount_of,
    combined_with_other,
    goal_year,
    new_ones,
)
from hotspots.extract.segment import Sentence
from hotspots.extract.types import COUNTED_PLACES, ORGANISATIONS

# a second count joined to the first before the place: "... and 49 listed companies in X"
SECOND_COUNT = re.compile(
    r"\s+and\s+(?:about\s+|over\s+|more\s+than\s+|nearly\s+)?\d[\d,]*\s+(?:[a-zA-Z][\w-]*\s+){0,3}?"
    r"[a-z][\w-]*s(?=\s+(?:in|within|across)\s)",
    re.IGNORECASE,
)


# a bracket opened right after a name of a part or site: "... & R&D and Incubation park (home to"
BRACKET_AFTER_PART = re.compile(
    r"\b(?:park|zone|campus|area|base|cent(?:er|re)|district|town|site)\s*\($", re.IGNORECASE
)


def _bracketed_for_unknown_part(ctx: DocContext, sentence: Sentence, start: int) -> bool:
    """The figure at `start` is inside a bracket that follows a park, zone or site the gazetteer
    does not name there: the bracket describes that part, not the sentence's subject."""
    opening = ctx.folded.rfind("(", sentence.start, start)
    if opening < 0 or ")" in ctx.folded[opening:start]:
        return False
    if not BRACKET_AFTER_PART.search(ctx.folded, max(sentence.start, opening - 40), opening + 1):
        return False
    before = ctx.folded[sentence.start : opening].rstrip()
    return not any(m.end == sentence.start + len(before) for m in ctx.mentions_in(sentence))


@rule(
    emits={
        **{p: p for p in (*COUNT_PREDICATES, "employees")},
        "universities_in_top100": "universities_in_top100",
        "elliptical_counts": COUNT_PREDICATES,
        "earlier_count": COUNT_PREDICATES,
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
            if PARTITIVE_BEFORE.search(
                ctx.folded, max(lo, q.start - 40), q.comparator_start or q.start
            ):
                break  # "most of the 40 unicorns are based in Beijing": a group's size, not the place's count
            if _bracketed_for_unknown_part(ctx, sentence, q.comparator_start or q.start):
                break  # "R&D and Incubation park (home to over 2000 ...)": the part's figure
            change = CHANGE_BEFORE.search(ctx.folded, lo, q.comparator_start or q.start)
            if change and not re.match(r"\S+\s+to\s", change.group(0)):
                break  # "added 2,000 high-tech enterprises": a change ("adding to its 92 ..." is not)
            if PERMITTED_TO_BUILD.search(ctx.folded, sentence.start, q.comparator_start or q.start):
                break  # "was approved to build ... and two state key labs": labs to be built
            if GOAL_BEFORE.search(ctx.folded, lo, q.comparator_start or q.start):
                break  # "aims to be home to 20 unicorns": a goal, not a count
            if _range_end(ctx, lo, q.start):
                break  # "two or three employees": a range's end, no figure of its own
            start = q.comparator_start or q.start
            began = STARTING_STATE.search(ctx.folded, max(lo, start - 50), start)
            if began and not NOW.search(ctx.folded, began.end(), start):
                break  # "initially staffed with two employees": the start, a past state
            if predicate != "count_stem_graduates" and (  # graduates are counted a year
                FLOW_BEFORE.search(ctx.folded, lo, start) or FLOW_AFTER.match(after, noun.end())
            ):
                break  # "an annual average of 500 high-tech enterprises": a flow, not a count
            settled = (
                None
                if predicate == "employees"
                else _settled_place(ctx, sentence, lo, start, q.end + noun.end(), COUNTED_PLACES)
            )
            if settled is None and NEW_ONES_AFTER.match(after, noun.end()):
                break  # "2,000 high-tech firms will be established in 2019": a plan or a change
            if SURVEYED_BEFORE.search(ctx.folded, lo, q.comparator_start or q.start):
                break  # "a survey on 268 high-tech enterprises": the ones studied
            if combined_with_other(after, noun.end(), predicate):
                break  # "100 high-tech enterprises as well as research institutes": combined
            if new_ones(after[: noun.end()]) and not goal_year(ctx, sentence, q):
                break  # "building nine new universities": the ones added, a change
            comma = ctx.folded.rfind(",", lo, q.start)
            if GOAL_IN_CLAUSE.search(ctx.folded, max(lo, comma + 1), q.comparator_start or q.start):
                break  # "aims to be home to 20 unicorns and more than 3,500 ...", "there will be"
            types = ORGANISATIONS if predicate == "employees" else COUNTED_PLACES
            relative = list(
                re.finditer(r",\s+(?:which|that|where)\b", ctx.folded[sentence.start : q.start])
            )
            subject = settled  # "127 enterprises have registered in the park"
            if subject is None and THERE_ARE.search(ctx.folded, lo, q.comparator_start or q.start):
                # "There are 10,404 high-tech enterprises in the province": the place is after
                subject = _place_after(ctx, sentence, q.end + noun.end(), types)
                more = None if subject else SECOND_COUNT.match(ctx.folded, q.end + noun.end())
                if more is not None:
                    # "There are 825 high-tech enterprises and 49 listed companies in X": the
                    # place closes the list of counts and holds each of them
                    subject = _place_after(ctx, sentence, more.end(), types)
                if (
                    subject is None
                    and not ctx.mentions_in(sentence)
                    and not PLACED_ELSEWHERE.search(ctx.folded, sentence.start, sentence.end)
                ):
                    # "The area has 392 tech firms. There are 825 high-tech enterprises.": a
                    # sentence that names no place counts in the place the one before opens with
                    subject = _topic_before(ctx, sentence, types)
                if subject is None:
                    break
            if (
                relative and settled is None
            ):  # "... the Xi'an High-tech Zone, which ... hosts more than 13,000 ...": the noun before 'which'
                subject = _nearest_before(
                    ctx, sentence, sentence.start + relative[-1].start(), types, lo=sentence.start
                )
            pronoun = None if subject else CLAUSE_IT.search(ctx.folded, sentence.start, q.start)
            if pronoun is not None and not ctx.mentions_between(pronoun.end(), q.start):
                # "Its output is 9 percent of Wuhan's, and it now counts 300 institutes": the
                # clause's "it" is the counted place, not the place the first clause names
                subject = ctx.resolve_reference(sentence, "it", pronoun.start("it"))
                if subject is None or ctx.type_of(subject.entity_id) not in types:
                    break
            works_at = None
            if subject is None and predicate == "employees":
                # "Currently, 2,092 professionals work at CIOMP": the organisation after the verb
                subject = works_at = _workplace_after(ctx, sentence, q.end + noun.end())
            subject = (
                subject
                # "With 180,000 staff and ... in 22 parks worldwide, BYD has ...": the subject
                # after the comma that closes an opening phrase of figures
                or subject_after_figures_opening(ctx, sentence, q.end, types)
                or _possessor(ctx, sentence, q.comparator_start or q.start, types)
                or _name_before_verb(ctx, sentence, q.comparator_start or q.start, types)
                or ctx.subject(sentence, types, before=q.start)
            )
            if subject is None:
                break
            if subject.start >= sentence.start:
                subject = _possessed_place(ctx, subject, q.start, types)
                if subject is None:
                    break
            if (
                predicate == "employees"
                and works_at is None
                and not _headcount_of(ctx, sentence, subject, q, after)
            ):
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
                as_of=_count_date(ctx, sentence, q, predicate),
                focus=(min(subject.start, q.start), q.end + noun.end()),
            )
            if predicate != "employees":
                yield from _elliptical_counts(
                    ctx, sentence, q.end + noun.end(), predicate, subject.entity_id, types
                )
                yield from _earlier_count(ctx, sentence, q.end + noun.end(), predicate, subject)
            break


# ---------------------------------------------------------------------------------------------
# "The park has about 80,000 companies.", "there are almost 600 enterprises in the zone": all the
# firms a place holds, said with a bare noun. A bare "companies" is often a part ("100 enterprises
# which develop software", "1,800 enterprises in the AI industry", "53 enterprises and
# institutions") or not held at all ("signed deals with 30 companies"), so the count needs a verb
# of having right before the number (HAVING_BEFORE) and the noun must end its phrase.
BARE_FIRMS = re.compile(
    r"\s+(?:companies|enterprises|firms)"
    # the phrase ends: the sentence or clause, a part of the total ("of which 3,000 ..."), or
    # the place that holds them ("in the zone", "in Suzhou")
    r"(?=\s*(?:[.;]|$)|,\s+(?:of\s+which|whose|including|among\s+(?:them|which)|with\b|and\b)"
    r"|\s+in\s+(?:the|this|that|its)\s+(?:zone|park|area|district|city|province|region)\s*[.,;]"
    r"|\s+in\s+(?-i:[A-Z]))",
    re.IGNORECASE,
)
BARE_FIRM_NOUN = re.compile(r"\s+(?:companies|enterprises|firms)\b", re.IGNORECASE)
# "The 278-sq-km park has ...": a reference with a measure before its noun
MEASURED_REFERENCE = re.compile(
    r"\W*the\s+\d[\d,.]*-[\w-]+\s+(?P<noun>park|zone|area|district|city)\b", re.IGNORECASE
)


@rule(emits={"company_count": "count_businesses"}, kinds=("cardinal",))
def company_count(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'The zone is home to some 20,000 companies, of which 3,000 ...'; 'Currently there are
    almost 600 enterprises in the zone.'"""
    for q in ctx.quantities_in(sentence):
        if q.kind != "cardinal" or q.value < 1 or q.value != int(q.value):
            continue
        noun = BARE_FIRMS.match(ctx.folded, q.end) or BARE_FIRM_NOUN.match(ctx.folded, q.end)
        if noun is None:
            continue
        lo, _ = ctx.clause(sentence, q.start)
        start = q.comparator_start if q.comparator_start is not None else q.start
        if PARTITIVE_BEFORE.search(ctx.folded, max(lo, start - 40), start):
            continue  # "nearly half of the 332 companies are located in Shenzhen": a part of a group
        # "A total of 127 enterprises have registered in the park": settled there, no verb of having
        settled = _settled_place(ctx, sentence, lo, start, noun.end(), COUNTED_PLACES)
        if settled is None and noun.re is BARE_FIRM_NOUN:
            continue
        verb = HAVING_BEFORE.search(ctx.folded, max(lo, start - 40), start)
        if verb is None and settled is None:
            continue
        if (
            goal_year(ctx, sentence, q)
            or GOAL_BEFORE.search(ctx.folded, lo, start)
            or GOAL_IN_CLAUSE.search(ctx.folded, lo, start)
            or _range_end(ctx, lo, q.start)
        ):
            continue  # "aims to be home to 5,000 companies": a goal
        # (the whole sentence: "When it was set up in 1992, the park had 30 companies")
        began = STARTING_STATE.search(ctx.folded, max(sentence.start, start - 80), start)
        if began and not NOW.search(ctx.folded, began.end(), start):
            continue  # "when it was founded it had 30 companies": a past state
        types = COUNTED_PLACES
        subject = settled
        if subject is not None:
            pass
        elif re.match(r"there\b", verb.group(0), re.IGNORECASE):
            subject = _place_after(ctx, sentence, noun.end(), types)
        else:
            pronoun = CLAUSE_IT.search(ctx.folded, sentence.start, q.start)
            measured = MEASURED_REFERENCE.match(ctx.folded, sentence.start, verb.start())
            if measured is not None and re.fullmatch(
                r"\s*", ctx.folded[measured.end() : verb.start()]
            ):
                subject = ctx.resolve_reference(sentence, "the " + measured["noun"], q.start)
            elif pronoun is not None and not ctx.mentions_between(pronoun.end(), q.start):
                subject = ctx.resolve_reference(sentence, "it", pronoun.start("it"))
            else:
                subject = ctx.subject(sentence, types, before=verb.start())
                if subject is not None and subject.start >= sentence.start:
                    subject = _possessed_place(ctx, subject, q.start, types)
        if subject is None or ctx.type_of(subject.entity_id) not in types:
            continue
        noun_end = q.end + len(noun.group(0))
        as_of = _count_date(ctx, sentence, q)
        if (
            as_of
            and as_of[:4] in ctx.folded[noun_end : sentence.end]
            and as_of[:4] not in ctx.folded[sentence.start : noun_end]
        ):
            as_of = None  # "685 companies, whose revenues for 2015 ...": another clause's year
        yield draft(
            sentence,
            "company_count",
            subject.entity_id,
            "count_businesses",
            value=_value(q),
            value_text=q.text,
            unit="count",
            comparator=q.comparator,
            as_of=as_of,
            focus=(min(subject.start, q.start), noun_end),
        )
