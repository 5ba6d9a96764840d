"""Targets: a value to reach by a year."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import (
    ClaimDraft,
    _after,
    _in_respectively_run,
    _is_target,
    _value,
    draft,
)
from hotspots.extract.rules.counts import COUNT_NOUNS, COUNT_PREDICATES
from hotspots.extract.segment import Sentence

# ---------------------------------------------------------------------------------------------
# Targets
NUMBER_OF = re.compile(
    r"\bthe number of\s+(?P<noun>(?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:in\s+[\w\s']{1,30}?\s+)?to\s+(?:reach|hit|rise to|grow to|exceed|top)\s+$",
    re.IGNORECASE,
)


def _count_predicate(noun_phrase: str) -> str | None:
    """A unicorn target is recorded as count_unicorns for its target year (as the vocabulary says);
    every other numeric goal is a `target`."""
    for pattern, predicate in COUNT_NOUNS:
        if predicate == "count_unicorns" and pattern.match(" " + noun_phrase):
            return predicate
    return None


@rule(
    emits={"target": "target", "count_target": COUNT_PREDICATES},
    kinds=("cardinal", "percent", "money"),
)
def target(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'plans to produce at least seven unicorns by 2022' (a count with its target year);
    'will spend 5% of its GDP ... by 2020' (a target)."""
    for q in ctx.quantities_in(sentence):
        if q.kind not in {"cardinal", "percent", "money"} or _in_respectively_run(ctx, sentence, q):
            continue
        by = _is_target(ctx, sentence, q)
        if by is None:
            continue
        subject = ctx.subject(
            sentence,
            ("city", "sar", "country", "province", "policy_region", "park"),
            before=q.start,
        )
        if subject is None:
            continue
        after = _after(ctx, q.end, 60)
        number_of = NUMBER_OF.search(ctx.folded[sentence.start : q.start])
        counted = _count_predicate(after) if q.kind == "cardinal" else None
        if counted is None and number_of and q.kind == "cardinal":
            counted = _count_predicate(number_of.group("noun"))
        if counted:
            yield draft(
                sentence,
                "count_target",
                subject.entity_id,
                counted,
                value=_value(q),
                value_text=q.text,
                unit="count",
                comparator=q.comparator,
                as_of=by.group("year"),
                focus=(min(subject.start, q.start), sentence.start + by.end()),
            )
            continue
        what = re.match(r"^\s*(?P<w>(?:of\s+)?[\w&'-]+(?:\s+(?!by\b)[\w&'-]+){0,5})", after)
        unit = {"percent": "percent", "money": q.unit}.get(q.kind, "count")
        yield draft(
            sentence,
            "target",
            subject,
            "target",
            value=_value(q),
            value_text=what.group("w").strip() if what else None,
            unit=unit,
            comparator=q.comparator,
            as_of=by.group("year"),
            focus=(min(subject.start, q.start), sentence.start + by.end()),
        )
