"""WIPO cluster ranks from ranked lists ("2. Shenzhen-Hong Kong-Guangzhou (China)") and from tables
with a Rank column. A family of its own before `ranks`, so precedence is as before the split."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext
from hotspots.extract.engine import rule
from hotspots.extract.mentions import Mention
from hotspots.extract.rules.common import ClaimDraft, _cluster_capable, draft
from hotspots.extract.rules.ranks import LIST_RANK, RANK_COLUMNS
from hotspots.extract.segment import Sentence


@rule(emits={"ranked_list_item": "wipo_cluster_rank"})
def ranked_list_item(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'2. Shenzhen-Hong Kong-Guangzhou (China)' or '4 | Seoul | Republic of Korea' in a cluster list."""
    m = LIST_RANK.match(sentence.text)
    if not m or not (
        sentence.is_list_item
        or "|" in sentence.text
        or "—" in sentence.text
        or " - " in sentence.text
    ):
        return
    mentions = ctx.mentions_between(sentence.start + m.end(), sentence.end)
    if not mentions or mentions[0].start > sentence.start + m.end() + 2:
        return
    cluster = _cluster_capable(ctx, mentions[0])
    if cluster is None or not ctx.ranking_context(sentence) or _remark(ctx, sentence, mentions):
        return
    yield draft(
        sentence,
        "ranked_list_item",
        cluster,
        "wipo_cluster_rank",
        value=float(m.group("rank")),
        value_text=m.group("rank"),
        unit="rank",
        as_of=ctx.edition_year(sentence),
        focus=(sentence.start, mentions[0].end),
    )


ITEM_WORDS = re.compile(r"\b(?!(?:and|of|the)\b)[a-z]{2,}\b")


def _remark(ctx: DocContext, sentence: Sentence, mentions: list[Mention]) -> bool:
    """A numbered line that says something about the cluster ('2. Hangzhou climbed two places',
    '1. Hefei, whose output grew fastest'), not an entry of a ranking: after the name come
    lowercase words, other than names, asides in parentheses and table cells."""
    if "|" in sentence.text:
        return False
    rest = list(ctx.folded[mentions[0].end : sentence.end])
    for m in mentions[1:]:
        rest[m.start - mentions[0].end : m.end - mentions[0].end] = " " * (m.end - m.start)
    text = re.sub(r"\([^)]*\)", " ", "".join(rest))
    return ITEM_WORDS.search(text) is not None


def _cells(line: str) -> list[tuple[int, int]]:
    """(start, end) offsets, within `line`, of the cells of a '|'-separated table row."""
    cells, pos = [], 0
    for part in line.split("|"):
        lead = len(part) - len(part.lstrip())
        cells.append((pos + lead, pos + len(part.rstrip())))
        pos += len(part) + 1
    if line.lstrip().startswith("|"):
        cells = cells[1:]
    if line.rstrip().endswith("|"):
        cells = cells[:-1]
    return cells


@rule(emits={"ranked_table_row": "wipo_cluster_rank"})
def ranked_table_row(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """A table row under a header with a 'Rank' and a 'Cluster' column, in any order:
    '| Chengdu | China | 24 |' below '| Cluster | Economy | Rank |'."""
    if sentence.text.count("|") < 2 or LIST_RANK.match(sentence.text):
        return
    header = None
    for s in reversed(ctx.sentences[: ctx.position(sentence)]):
        if s.text.count("|") < 2:
            break
        names = [s.text[a:b].strip().lower() for a, b in _cells(s.text)]
        if any(_rank_column(n) for n in names) and any("cluster" in n for n in names):
            header = names
            break
    if header is None:
        return
    cells = _cells(sentence.text)
    cluster_col = next(i for i, n in enumerate(header) if "cluster" in n)
    if cluster_col >= len(cells):
        return
    a, b = cells[cluster_col]
    mentions = ctx.mentions_between(sentence.start + a, sentence.start + b)
    cluster = _cluster_capable(ctx, mentions[0]) if mentions else None
    if cluster is None:
        return
    for rank_col, name in enumerate(header):
        column = _rank_column(name)
        if column is None or rank_col >= len(cells):
            continue
        rank_text = sentence.text[cells[rank_col][0] : cells[rank_col][1]]
        if not re.fullmatch(r"\d{1,3}", rank_text):
            continue
        yield draft(
            sentence,
            "ranked_table_row",
            cluster,
            "wipo_cluster_rank",
            value=float(rank_text),
            value_text=rank_text,
            unit="rank",
            as_of=column.group("pre") or column.group("post") or ctx.edition_year(sentence),
            focus=(sentence.start, sentence.end),
        )


def _rank_column(name: str) -> re.Match | None:
    """A rank column's header: 'Rank', or one dated by its edition ('2022 rank', 'Rank (2022)')."""
    return YEAR_RANK_COLUMN.fullmatch(name)


YEAR_RANK_COLUMN = re.compile(
    r"(?:(?P<pre>20\d{2})\s+)?(?P<name>"
    + lexicon.alternation(sorted(RANK_COLUMNS, key=len, reverse=True))
    + r")(?:\s*\(?(?P<post>20\d{2})\)?)?"
)
