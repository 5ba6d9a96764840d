"""Which ordinals are places in a ranking: one with a rank noun after it ('3rd place'), a ranking
verb before it ('ranked fifth'), a bare ordinal closing a clause after a ranking word ('Osaka
(6th)'), one right after a name with the verb left out ('Shenzhen came second and Seoul third'),
and those coordinated to one; coordinated series of ranks ('second, third and fourth places').
The rank rules (ranks, rank_orders) read them."""

from __future__ import annotations

import itertools
import re

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext
from hotspots.extract.numbers import Quantity
from hotspots.extract.rules.common import (
    _after,
    _before,
)

RANK_NOUN_AFTER = re.compile(
    rf"^(?:[- ](?:{lexicon.alternation(lexicon.words('ranks', 'rank_nouns'))})\b|-placed?\b)",
    re.IGNORECASE,
)

BARE_RANK_BEFORE = re.compile(
    r"(?:\(|:\s*|\b(?:in|into|to|at|was|is|were|(?:is|was|are|were)\s+now|remained|stayed|rose to|fell to|slipped to|climbed to|dropped to|moved up to|moved to|finish|finished|finishing|"
    r"regained|reclaimed|retained|kept|held|holds|hold|took|takes|take|claimed|secured|occupied|occupies|finished|came|from)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)


def _is_rank_ordinal(ctx: DocContext, q: Quantity) -> bool:
    if q.kind != "ordinal":
        return False
    if q.text.lower().startswith("no."):
        return True
    after = _after(ctx, q.end, 20)
    before = _before(ctx, q.start, 25)
    if RANK_NOUN_AFTER.match(after):
        return True
    if re.search(
        r"\b(?:ranked|ranks|ranking|placed|came|finished)\s+(?:in\s+|at\s+)?(?:the\s+)?$",
        before,
        re.IGNORECASE,
    ):
        return True
    # a bare ordinal closing a clause: "Osaka (6th)", "Seoul, in fourth,", "Hangzhou was twenty-first and ..."
    closes = re.match(
        r"^(?:\)|[,.;]|\s+and\b|$|[ \t]*\r?\n|\s+to\s+(?:the\s+)?(?:\d{1,3}(?:st|nd|rd|th)|[a-z]+(?:th|st|nd|rd))\b"
        r"|\s+in\s+(?:19|20)\d{2}\s+to\b)",
        after,
    )
    in_ranking = re.match(
        r"^\s+(?:in|on)\s+(?:the\s+|this year's\s+|WIPO's\s+|its\s+)?[^.;]{0,70}?\b(?:ranking|list|index|table)\b",
        _after(ctx, q.end, 100),
        re.IGNORECASE,
    )
    return bool(BARE_RANK_BEFORE.search(before) and (closes or in_ranking))


def _rank_ordinals(ctx: DocContext, quantities: list[Quantity]) -> list[Quantity]:
    """Ordinals that name a rank, with those coordinated to one: 'second and third places',
    'were placed fourth and fifth'."""
    ordinals = [q for q in quantities if q.kind == "ordinal"]
    ranks = {i for i, q in enumerate(ordinals) if _is_rank_ordinal(ctx, q)}
    coordinated = [
        bool(re.fullmatch(r"\s*(?:,|and|or|, and|, or)\s*", ctx.folded[a.end : b.start]))
        for a, b in itertools.pairwise(ordinals)
    ]
    for i, q in enumerate(ordinals):
        if i not in ranks and _elliptical_rank(ctx, q, any(j < i for j in ranks)):
            ranks.add(i)
    changed = True
    while changed:
        changed = False
        for i, linked in enumerate(coordinated):
            if linked and (i in ranks) != (i + 1 in ranks):
                ranks |= {i, i + 1}
                changed = True
    return [ordinals[i] for i in sorted(ranks)]


GAPPED_BEFORE = re.compile(r"(?:,|\band|\bwhile)\s+(?:the\s+)?$", re.IGNORECASE)
PUT_BEFORE = re.compile(
    r"\b(?:put|puts|putting|placed|places|placing|ranked|ranks|ranking)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
ORDINAL_CLOSES = re.compile(r"^(?:[,.;)]|\s+and\b|\s*$)")


def _elliptical_rank(ctx: DocContext, q: Quantity, after_a_rank: bool) -> bool:
    """An ordinal right after a name, the verb left out or before the name: 'Shenzhen came
    second and Seoul third'; 'the 2024 edition put Tokyo-Yokohama first'."""
    named = ctx.mentions_between(max(0, q.start - 80), q.start)
    if not named or ctx.folded[named[-1].end : q.start].strip():
        return False
    if not ORDINAL_CLOSES.match(_after(ctx, q.end, 6)):
        return False
    before = _before(ctx, named[-1].start, 30)
    return bool((after_a_rank and GAPPED_BEFORE.search(before)) or PUT_BEFORE.search(before))


def _runs(ctx: DocContext, ranks: list[Quantity]) -> list[list[Quantity]]:
    """Coordinated series of ranks: 'first and second', 'second, third and fourth places'."""
    runs: list[list[Quantity]] = []
    for q in ranks:
        if runs and re.fullmatch(
            r"(?:\s*(?:,|and|or|, and)\s*)|(?:[- ](?:place|places|spot|spots|position|positions)\s*(?:,|and|, and)\s*)",
            ctx.folded[runs[-1][-1].end : q.start],
        ):
            runs[-1].append(q)
        else:
            runs.append([q])
    return runs
