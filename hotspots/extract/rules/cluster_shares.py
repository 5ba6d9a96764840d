"""A cluster's growth in filings and the share of the world's patent applications clusters hold."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, _after, _typed, _value, draft
from hotspots.extract.rules.common_subjects import _nearest_before
from hotspots.extract.rules.common_years import _is_target
from hotspots.extract.segment import Sentence

GROWTH = re.compile(
    r"\b(?:grow|grew|grown|growth|increase[sd]?|rise|rose|risen|expand(?:ed)?|jump(?:ed)?|surge[ds]?|gain(?:ed)?)\b",
    re.IGNORECASE,
)
DECLINE = re.compile(
    r"\b(?:fell|fall(?:en|s)?|decline[ds]?|shr[ai]nk|shrunk|shrinking|drop(?:ped)?|decrease[ds]?|contract(?:ed)?|slipped)\b",
    re.IGNORECASE,
)
SHARE_OF_TOTAL = re.compile(
    r"^\s+(?:of\s+)?(?:all\s+|global\s+|the\s+world's\s+|world\s+|worldwide\s+|international\s+)+(?:PCT|patent)\s*(?:patent\s+)?(?:applications|filings)?",
    re.IGNORECASE,
)
GROUP_WORDS = re.compile(r"\b(?:these|those|together|combined|jointly|both)\b", re.IGNORECASE)


def _growth_sign(ctx: DocContext, start: int, end: int) -> float | None:
    window = ctx.folded[start:end]
    if DECLINE.search(window):
        return -1.0
    if GROWTH.search(window):
        return 1.0
    return None


@rule(emits={"cluster_growth": "cluster_growth_pct"}, kinds=("percent",))
def cluster_growth(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Hefei's output grew 14%'; 'Paris shrank by 0.4%'; 'Hefei and Zhengzhou ... increases of 23% and 19% respectively'."""
    if not ctx.about_clusters:
        return
    percents = [q for q in ctx.quantities_in(sentence) if q.kind == "percent"]
    if not percents or not (GROWTH.search(sentence.text) or DECLINE.search(sentence.text)):
        return
    percents = [
        q
        for q in percents
        if not SHARE_OF_TOTAL.match(_after(ctx, q.end, 60))
        and not re.match(r"^\s*(?:points|percentage points)", _after(ctx, q.end, 20))
    ]
    if not percents:
        return
    as_of = ctx.sentence_year(sentence, percents[0].start) or ctx.edition_year(sentence)
    if re.search(r"\brespectively\b", sentence.text, re.IGNORECASE):
        earlier = [m for m in ctx.mentions_in(sentence) if m.end <= percents[0].start]
        subjects = _typed(ctx, earlier, ("cluster",))[-len(percents) :]
        sign = _growth_sign(ctx, subjects[-1].end if subjects else sentence.start, percents[-1].end)
        if len(subjects) == len(percents) and sign is not None:
            for mention, q in zip(subjects, percents, strict=True):
                yield draft(
                    sentence,
                    "cluster_growth",
                    mention.entity_id,
                    "cluster_growth_pct",
                    value=sign * _value(q),
                    value_text=q.text,
                    unit="percent",
                    comparator=q.comparator,
                    as_of=as_of,
                    focus=(mention.start, q.end),
                )
        return
    for q in percents:
        lo, _ = ctx.clause(sentence, q.start, commas=True)
        subject = _nearest_before(ctx, sentence, q.start, ("cluster",), lo=lo)
        if subject is None:
            continue
        sign = _growth_sign(ctx, subject.end, q.start)
        if sign is None:
            continue
        if _is_target(ctx, sentence, q):
            continue  # "aims to grow its output 10% a year by 2030": a target, not a measured growth
        if re.search(r"\b(?:not|never|no longer)\b|n't\b", ctx.folded[subject.end : q.start]):
            continue  # "Hefei's output did not grow 14%": negated
        yield draft(
            sentence,
            "cluster_growth",
            subject,
            "cluster_growth_pct",
            value=sign * _value(q),
            value_text=q.text,
            unit="percent",
            comparator=q.comparator,
            as_of=ctx.sentence_year(sentence, q.start) or ctx.edition_year(sentence),
            focus=(subject.start, q.end),
        )


@rule(emits={"patent_share": "share_of_global_patent_applications_pct"}, kinds=("percent",))
def patent_share(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'X accounted for 8.5% of global PCT applications, second only to Y at 10.2%';
    'Seoul and Beijing together filed about 7% of the total'; 'these clusters are responsible for nearly 20% ...'."""
    percents = [q for q in ctx.quantities_in(sentence) if q.kind == "percent"]
    if not percents:
        return
    previous = ctx.before_in_paragraph(sentence, 1)
    stated_here = any(SHARE_OF_TOTAL.match(_after(ctx, q.end, 60)) for q in percents)
    of_the_total = (
        any(re.match(r"^\s+of\s+the\s+total\b", _after(ctx, q.end, 20)) for q in percents)
        and previous
        and re.search(r"\b(?:PCT|patent)", previous[0].text)
    )
    if not (stated_here or of_the_total):
        return
    types = ("cluster", "city", "country") if ctx.about_clusters else ("city", "country", "cluster")
    for q in percents:
        if re.match(r"^\s*(?:points|percentage points)", _after(ctx, q.end, 20)):
            continue
        lo, _ = ctx.clause(sentence, q.start, commas=True)
        before = ctx.folded[sentence.start : q.start]
        subjects: list[EntitySpan] = []
        combined = bool(GROUP_WORDS.search(before))
        if combined:
            # a group's share: one claim for each member, marked combined (the group's figure,
            # never the member's own)
            group_mentions = list(ctx.mentions_between(sentence.start, q.start))
            if re.search(r"\b(?:these|those)\s+clusters\b", before, re.IGNORECASE):
                earlier = ctx.before_in_paragraph(sentence, 2)
                group_mentions = [m for s in earlier for m in ctx.mentions_in(s)] + group_mentions
            for m in group_mentions:
                entity_id = ctx.pick(m, ("cluster",)) if ctx.about_clusters else None
                if entity_id and entity_id not in {s.entity_id for s in subjects}:
                    subjects.append(EntitySpan.of(m, entity_id))
        else:
            nearest = _nearest_before(ctx, sentence, q.start, types, lo=lo)
            if nearest:
                subjects.append(nearest)
        for subject in subjects:
            yield draft(
                sentence,
                "patent_share",
                subject.entity_id,
                "share_of_global_patent_applications_pct",
                value=_value(q),
                value_text=q.text,
                unit="percent",
                comparator=q.comparator,
                as_of=ctx.sentence_year(sentence, q.start) or ctx.edition_year(sentence),
                focus=(min(subject.start, q.start), q.end),
                combined=combined,
            )
