"""Money (R&D spending, investment) and area."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import (
    ClaimDraft,
    _first_of,
    _nearest_before,
    _opening_reference,
    _value,
    draft,
)
from hotspots.extract.rules.counts import goal_year
from hotspots.extract.segment import Sentence
from hotspots.extract.types import PLACES

# ---------------------------------------------------------------------------------------------
# Money and area
RD = re.compile(r"\b(?:R&D|research and development|research & development)\b", re.IGNORECASE)
SPEND = re.compile(r"\b(?:spend|spends|spent|spending|expenditure|budget|outlay)\b", re.IGNORECASE)
NEGATED = re.compile(r"\b(?:not|never|no longer|neither|nor)\b|n't\b", re.IGNORECASE)
INVEST = re.compile(
    r"\b(?:invest|invests|invested|investing|investment of|built|builds|build|building|funded|set up|opened|pledged|committed)\b",
    re.IGNORECASE,
)


@rule(emits={"rd_spending": "rd_spending", "investment": "investment"}, kinds=("money",))
def money(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """R&D spending of a place; an organization's investment in a place."""
    for q in ctx.quantities_in(sentence):
        if q.kind != "money" or goal_year(ctx, sentence, q):
            continue
        window = ctx.folded[max(sentence.start, q.start - 80) : q.start]
        after = ctx.folded[q.end : min(sentence.end, q.end + 45)]
        if (RD.search(window) and SPEND.search(window)) or (
            SPEND.search(window)
            and re.match(
                r"^\s+(?:on|for|in)\s+(?:its\s+)?(?:R&D|research and development|research & development)\b",
                after,
                re.IGNORECASE,
            )
        ):
            rd_types = ("country", "city", "sar", "province", "policy_region", "company")
            owner = re.search(
                r"\bits\s+(?:total\s+|annual\s+)?(?:R&D|research)", window, re.IGNORECASE
            )
            subject = (
                ctx.resolve_reference(sentence, "its", sentence.start + owner.start())
                if owner
                else ctx.subject(sentence, rd_types, before=q.start)
            )
            if subject and ctx.type_of(subject.entity_id) not in rd_types:
                subject = None
            if subject:
                yield draft(
                    sentence,
                    "rd_spending",
                    subject,
                    "rd_spending",
                    value=_value(q),
                    value_text=q.text,
                    unit=q.unit,
                    comparator=q.comparator,
                    as_of=ctx.sentence_period(sentence, q.start),
                    focus=(min(subject.start, q.start), q.end),
                )
            continue
        lo, hi = ctx.clause(sentence, q.start)
        verbs = list(INVEST.finditer(ctx.folded, lo, q.start))
        verb = verbs[-1] if verbs else None
        if verb is not None and not NEGATED.search(ctx.folded, lo, verb.start()):
            investor = _first_of(
                ctx, ctx.mentions_between(lo, verb.start()), ("company",)
            ) or _nearest_before(
                ctx, sentence, verb.start(), ("company", "country", "city", "province")
            )
            if investor is None:
                continue
            place = None
            for mention in ctx.mentions_between(q.end, hi):
                gap = ctx.folded[q.end : mention.start]
                if ctx.folded[mention.end : mention.end + 6] == "-based":
                    continue  # "Hefei-based battery maker Gotion": the object is the company
                if (
                    re.search(
                        r"\b(?:in|into)\s+(?:the\s+)?(?:[\w-]+-based\s+)?(?:[a-z][\w-]*\s+){0,3}$",
                        gap,
                    )
                    and len(gap) < 60
                ):
                    place = ctx.pick(
                        mention,
                        (
                            "company",
                            "research_institute",
                            "university",
                            "park",
                            "district",
                            "city",
                            "sar",
                            "province",
                            "country",
                        ),
                    )
                    if place:
                        break
            yield draft(
                sentence,
                "investment",
                investor.entity_id,
                "investment",
                object_id=place,
                value=_value(q),
                value_text=q.text,  # the amount as written ("$280 million")
                unit=q.unit,
                comparator=q.comparator,
                as_of=ctx.sentence_period(sentence, q.start),
                focus=(investor.start, q.end),
            )


@rule(emits={"area": "area_km2"}, kinds=("area",))
def area(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'covers 1,200 square kilometres'; 'the 4,801 square kilometers area'."""
    for q in ctx.quantities_in(sentence):
        if q.kind != "area" or goal_year(ctx, sentence, q):
            continue  # "plans to add 10 square kilometres of parks by 2030": a goal
        types = ("park", "district", "city", "policy_region", "province", "cluster")
        subject = _opening_reference(ctx, sentence, types) or _nearest_before(
            ctx, sentence, q.start, PLACES, lo=sentence.start, skip_locative=True
        )
        as_of = ctx.sentence_period(sentence, q.start)
        if subject is None:
            subject = _opening_reference(ctx, sentence, types, q.start)
            if subject and as_of and as_of[:4] not in ctx.folded[q.start : sentence.end]:
                as_of = None  # "Founded in 1991, the zone covers ...": the opening's year dates the founding

        if subject is None and sentence.is_list_item:
            subject = ctx.subject(
                sentence, types, before=q.start
            )  # "- Land area: 1,997 km²" under a heading
        if subject and ctx.type_of(subject.entity_id) not in types:
            subject = None
        if subject:
            yield draft(
                sentence,
                "area",
                subject,
                "area_km2",
                value=round(_value(q), 3),
                value_text=q.text,
                unit="km2",
                comparator=q.comparator,
                as_of=as_of,
                focus=(min(subject.start, q.start), q.end),
            )
