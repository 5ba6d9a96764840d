"""Counts of clusters said for a list of countries after the first count (the clusters rule in
`clusters` reads them): "China had 26 clusters, the United States 20 and Germany eight" (the verb
and noun left out), "followed by the United States (22), Germany (7)", "the most clusters in the
top 100 are: China (24), the United States (21)" (each count in parentheses)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.rules.common import ClaimDraft, _value, draft
from hotspots.extract.segment import Sentence

# "..., followed by the United States (22), Germany (7) and India (4)"
FOLLOWED_BY = re.compile(r"\bfollowed\s+by\b", re.IGNORECASE)
COUNT_IN_PARENTHESES = re.compile(r"^\s*\((?P<n>\d{1,3})\)")


ELLIPSIS_BEFORE = re.compile(
    r"(?:,|;)\s*(?:and\s+|while\s+|whereas\s+)?(?:the\s+)?$|\s+and\s+(?:the\s+)?$"
)
ELLIPSIS_AFTER = re.compile(r"^\s*(?:clusters?\b)?\s*(?:[,.;)]|and\b|$)")


def _elliptical_pairs(
    ctx: DocContext,
    sentence: Sentence,
    q,
    countries: list[EntitySpan],
    quantities: list,
    as_of: str | None,
) -> Iterable[ClaimDraft]:
    """'China had 26 clusters, the United States 20 and Germany eight': after a count, each
    country followed directly by a number has that count (the verb and noun left out)."""
    for c in countries:
        if c.start <= q.end or not ELLIPSIS_BEFORE.search(
            ctx.folded[max(q.end, c.start - 12) : c.start]
        ):
            continue
        n = next((x for x in quantities if x.start > c.end), None)
        if (
            n is None
            or n.kind != "cardinal"
            or n.value > 100
            or n.value != int(n.value)
            or ctx.folded[c.end : n.start].strip()
            or not ELLIPSIS_AFTER.match(ctx.folded[n.end : n.end + 12])
        ):
            continue
        yield draft(
            sentence,
            "clusters_in_top100",
            c.entity_id,
            "clusters_in_top100",
            value=_value(n),
            value_text=n.text,
            unit="count",
            comparator=n.comparator,
            as_of=as_of,
            focus=(c.start, n.end),
        )


def _followers_in_parentheses(
    ctx: DocContext,
    sentence: Sentence,
    q,
    countries: list[EntitySpan],
    as_of: str | None,
) -> Iterable[ClaimDraft]:
    """'China has 24 clusters on the list, followed by the United States (22), Germany (7)': the
    countries after 'followed by', each with its count in parentheses."""
    follow = FOLLOWED_BY.search(ctx.folded, q.end, sentence.end)
    if follow is None or re.search(r"[;.]", ctx.folded[q.end : follow.start()]):
        return
    for c in countries:
        if c.start < follow.end():
            continue
        m = COUNT_IN_PARENTHESES.match(ctx.folded[c.end : c.end + 8])
        if m is None:
            continue
        yield _count_in_parentheses(sentence, c, m, as_of)


def _count_in_parentheses(
    sentence: Sentence, country: EntitySpan, m: re.Match, as_of: str | None
) -> ClaimDraft:
    """The country's count of clusters, `m` the COUNT_IN_PARENTHESES match right after it."""
    return draft(
        sentence,
        "clusters_in_top100",
        country.entity_id,
        "clusters_in_top100",
        value=float(m.group("n")),
        value_text=m.group("n"),
        unit="count",
        as_of=as_of,
        focus=(country.start, country.end + m.end()),
    )


# what introduces a list of countries with their counts: "... clusters in the top 100:" or "... the
# most clusters in the top 100 are"
LISTED_COUNTS = re.compile(
    r"\bclusters\s+(?:in|on|among)\s+the\s+top[- ]?(?:100|hundred)(?:\s+list)?\s*(?::|\bare\b)",
    re.IGNORECASE,
)


def _listed_in_parentheses(
    ctx: DocContext,
    sentence: Sentence,
    start: int,
    countries: list[EntitySpan],
    as_of: str | None,
) -> Iterable[ClaimDraft]:
    """Each country after `start` whose count follows it in parentheses, while the list goes on
    (commas, "and")."""
    last = start
    for c in countries:
        if c.start < start:
            continue
        if not re.fullmatch(
            r"[\s,]*(?:and\s+)?(?:the\s+)?", ctx.folded[last : c.start], re.IGNORECASE
        ):
            return  # the list ended
        m = COUNT_IN_PARENTHESES.match(ctx.folded[c.end : c.end + 8])
        if m is None:
            return
        last = c.end + m.end()
        yield _count_in_parentheses(sentence, c, m, as_of)
