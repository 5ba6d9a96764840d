"""Ranks from an order: "X leads, followed by A, B and C" (WIPO clusters); "the world's five
biggest clusters were A, B, C, D and E", "the leading science cities are: A, B, ..." (the
ranking the noun names). A family of its own after `ranks`, so precedence is as before the
split."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext
from hotspots.extract.engine import rule
from hotspots.extract.mentions import Mention
from hotspots.extract.rules.common import (
    ClaimDraft,
    _after,
    _before,
    _cluster_capable,
    _negated,
    draft,
)
from hotspots.extract.rules.index_mentions import (
    NATURE,
    PREDICATES,
    SUBJECTS,
    _edition,
    _index_of,
    names_other_index,
)
from hotspots.extract.rules.rank_ordinals import _rank_ordinals
from hotspots.extract.segment import Sentence
from hotspots.extract.types import CITIES

LEAD = re.compile(
    rf"\b{lexicon.phrase_pattern(lexicon.words('ranks', 'lead_phrases'))}(?![\w-])",
    re.IGNORECASE,
)
FOLLOWED_BY = re.compile(r"\b(?:then\s+)?followed\s+by\b", re.IGNORECASE)
# "China's largest", "the largest Chinese cluster", "the biggest in the country": first of one
# country's clusters, not of the ranking
NATIONAL_SCOPE_BEFORE = re.compile(
    r"\b(?!world's)(?:[A-Z][\w-]*'s|(?:the\s+)?(?:country's|nation's|domestic|national))\s+(?:\w+\s+)?$"
)
NATIONAL_SCOPE_AFTER = re.compile(
    r"^[^,.;]{0,30}?\b(?:in|among|of)\s+(?:the\s+)?(?:country|nation|China|Chinese|domestic)\b"
    r"|^\s+(?:Chinese|domestic|national)\b",
    re.IGNORECASE,
)
FOLLOWER_STOP = re.compile(
    r";|\b(?:while|whereas|which|but|ranked|ranks|ranking|with|respectively)\b", re.IGNORECASE
)


@rule(emits={"ranked_order": "wipo_cluster_rank"}, cues_from=(FOLLOWED_BY,))
def ranked_order(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Tokyo-Yokohama leads as the largest cluster, followed by Shenzhen-Hong Kong-Guangzhou and
    Seoul': the one that leads is first and the ones that follow take the next ranks in order."""
    follow = FOLLOWED_BY.search(sentence.text)
    if follow is None or not ctx.ranking_context(sentence):
        return
    follow_start = sentence.start + follow.start()
    stated = _rank_ordinals(ctx, ctx.quantities_in(sentence))
    first = 1
    if stated:
        # "X ranks first, followed by A": the followers take the places after the one stated;
        # any other rank stated in the sentence is read as stated
        before = [q for q in stated if q.end <= follow_start]
        if len(before) != 1 or len(stated) != 1 or before[0].value != int(before[0].value):
            return
        lead_start, lead_end, first = before[0].start, before[0].end, int(before[0].value)
        if not re.match(r"^\s*,?\s*$", ctx.folded[lead_end:follow_start]):
            return  # the order must follow the stated place directly
    else:
        lead = None
        for m in LEAD.finditer(sentence.text, 0, follow.start()):
            lead = m
        if lead is None:
            return
        lead_start, lead_end = sentence.start + lead.start(), sentence.start + lead.end()
    if NATIONAL_SCOPE_BEFORE.search(_before(ctx, lead_start, 30)) or NATIONAL_SCOPE_AFTER.match(
        _after(ctx, lead_end, 40)
    ):
        return
    clause_start, _ = ctx.clause(sentence, lead_start)
    leaders = [
        m
        for m in ctx.mentions_between(max(clause_start, lead_start - 80), lead_start)
        if _cluster_capable(ctx, m) and not _aside(ctx, clause_start, m)
    ]
    if not leaders:
        return
    leader = leaders[-1]
    between = ctx.folded[leader.end : lead_start]
    if stated:
        between = re.sub(r"\b(?:ranked|ranks|ranking)\b", " ", between)  # "X ranks first"
    if FOLLOWER_STOP.search(between) and not re.search(r"\bwith\b", between, re.IGNORECASE):
        return  # "X, which ..., leads": too far to be sure
    order: list[Mention | None] = [leader]
    start = sentence.start + follow.end()
    stop = FOLLOWER_STOP.search(sentence.text, follow.end())
    end = sentence.start + stop.start() if stop else sentence.end
    for item_start, item_end in _follower_items(ctx, start, end):
        named = [
            m
            for m in ctx.mentions_between(item_start, item_end)
            if _cluster_capable(ctx, m) and not _aside(ctx, item_start, m)
        ]
        # an entry the gazetteer does not know ("Shenzhen- Hong Kong- Guangzhou") still takes its
        # place; an entry naming two clusters is not clear: it takes its place, gives no claim
        clusters = {_cluster_capable(ctx, m) for m in named}
        order.append(named[0] if len(clusters) == 1 else None)
    if sum(m is not None for m in order) < 2:
        return
    for rank, m in enumerate(order, start=first):
        if m is None or (stated and m is leader):
            continue  # its stated place is rank_in_sentence's claim
        yield draft(
            sentence,
            "ranked_order",
            _cluster_capable(ctx, m),
            "wipo_cluster_rank",
            value=float(rank),
            value_text=str(rank),
            unit="rank",
            as_of=ctx.edition_year(sentence),
            focus=(m.start, m.end) if rank > 1 else (leader.start, lead_end),
        )


# an entry of a list of followers ends at a comma or "and" outside parentheses
FOLLOWER_SEPARATOR = re.compile(r",\s*(?:and\s+|then\s+)?|\s+and\s+", re.IGNORECASE)


def _follower_items(ctx: DocContext, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each entry of the list after 'followed by', parentheses kept whole."""
    text = ctx.folded[start:end]
    flat = re.sub(r"\([^()]*\)", lambda p: " " * len(p.group(0)), text)
    items, pos = [], 0
    for sep in FOLLOWER_SEPARATOR.finditer(flat):
        items.append((start + pos, start + sep.start()))
        pos = sep.end()
    items.append((start + pos, end))
    return [(a, b) for a, b in items if ctx.folded[a:b].strip(" .")]


def _aside(ctx: DocContext, start: int, m: Mention) -> bool:
    """A name that qualifies another: in parentheses ('Seoul (Republic of Korea)'), a place after
    'in' ('the Beijing cluster in North China'), a possessive ('China's Beijing')."""
    text = ctx.folded[start : m.start]
    if text.count("(") > text.count(")"):
        return True
    if re.search(r"\b(?:in|of|from)\s+(?:the\s+)?(?:\w+\s+)?$", text, re.IGNORECASE):
        return True
    return ctx.folded.startswith("'s", m.end) or ctx.folded.startswith("\u2019s", m.end)


NUMBER_WORDS = {k: int(v) for k, v in lexicon.mapping("numbers", "units").items()}
COUNT_WORD = (
    r"(?:\d{1,2}|" + lexicon.alternation(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
)
# "the world's five biggest clusters were A, B, ...", "the world's leading science cities overall
# are: A, B, ...", "the top 10 economies were A, B, ...": a ranking's top places, in order
TOP_LIST = re.compile(
    r"\b(?:the\s+)?(?:world'?s\s+|global\s+)?(?:(?P<n>" + COUNT_WORD + r")\s+)?"
    r"(?:top|leading|biggest|largest|highest-ranked)\s+(?:(?P<n2>" + COUNT_WORD + r")\s+)?"
    r"(?:[\w&-]+\s+){0,4}?(?P<noun>clusters|cities|economies)"
    r"(?:\s+(?:overall|globally|worldwide|in\s+the\s+world))?"
    r"(?:\s*(?:,\s*)?(?:are|were)\b\s*(?P<colon>:)?"
    # "The top five cities – Beijing, New York, ... – remained unchanged": the list set off by
    # dashes (ordered only when it names as many as the count says)
    r"|\s*(?:[–—]|\s-{1,2}\s)(?=\s*(?:the\s+)?[A-Z]))\s*",
    re.IGNORECASE,
)
# "Among Chinese cities, the leading science cities are: ...", "In Asia, the top economies were
# ...": an order within a part of the ranking, not places in it
SCOPED_BEFORE = re.compile(
    r"\b(?:[Aa]mong|[Ww]ithin|[Oo]utside)\b|\b(?:Chinese|domestic|national|Asian|European|American|"
    r"African|U\.S\.|US)\b|^\W*In\s+(?!the\b|20\d{2}\b|its\b|this\b|WIPO\b|Nature\b|Global\b)[A-Z]"
)
LIST_SEPARATOR = re.compile(r"\s*(?:,?\s+(?:then\s+)?followed\s+by\s+|,\s*(?:and\s+)?|\s+and\s+)")
ASIDE_PARENS = re.compile(r"\s*\([^()]{1,60}\)")


def _top_items(text: str) -> list[tuple[int, int]]:
    """(start, end) in `text` of each entry of a list 'A (Japan), B, C and D', up to the first
    entry that is no name (a lowercase word, a clause): asides in parentheses are skipped."""
    items, pos = [], 0
    while pos < len(text):
        name = re.match(
            r"(?:the\s+)?(?P<n>[A-Z][\w'’.-]*(?:[\s–—-]+[A-Z][\w'’.-]*){0,4}"
            r"(?:\s+(?:metropolitan\s+area|metro\s+area|area|cluster))?)",
            text[pos:],
        )
        if name is None:
            break
        start, end = pos + name.start("n"), pos + name.end("n")
        items.append((start, end))
        aside = ASIDE_PARENS.match(text, end)
        pos = aside.end() if aside else end
        sep = LIST_SEPARATOR.match(text, pos)
        if sep is None:
            break
        pos = sep.end()
    return items


@rule(
    emits={"top_list": ("wipo_cluster_rank", "nature_index_city_rank", "gii_economy_rank")},
    cues_from=(TOP_LIST,),
)
def top_list(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'the world's five biggest clusters were Tokyo-Yokohama (Japan), followed by ..., Beijing
    (China), Seoul (Korea) and Shanghai-Suzhou (China)'; 'the world's leading science cities
    overall are: Beijing, Shanghai, ...': the entries take places 1, 2, ... of the ranking the
    noun names (clusters: WIPO's; cities or economies: the index the passage speaks of). The
    order is a ranking's only when the text says how many there are and names that many, or
    introduces the list with a colon or goes on with 'followed by'."""
    m = TOP_LIST.search(ctx.folded, sentence.start, sentence.end)
    if m is None or _negated(ctx, sentence, m.start()):
        return
    if (
        NATIONAL_SCOPE_BEFORE.search(_before(ctx, m.start(), 30))
        or re.search(r"\b(?:Chinese|domestic|national)\b", m.group(0))
        or SCOPED_BEFORE.search(ctx.folded[sentence.start : m.start()])
    ):
        return  # "China's five biggest clusters", "Among Chinese cities, ...": a part's own order
    noun = m.group("noun").lower()
    if noun == "clusters":
        if not ctx.ranking_context(sentence):
            return
        predicate, pick = "wipo_cluster_rank", lambda x: _cluster_capable(ctx, x)
        as_of = ctx.edition_year(sentence)
    else:
        kind = _index_of(ctx, sentence)
        if kind not in PREDICATES or (noun == "cities") != (kind == NATURE):
            return
        types = SUBJECTS[kind]
        predicate, pick = PREDICATES[kind], lambda x, t=types: ctx.pick(x, t)
        as_of = _edition(ctx, sentence, kind)
    rest = ctx.folded[m.end() : sentence.end]
    items = _top_items(rest)
    stated = m.group("n") or m.group("n2")
    count = None
    if stated:
        count = int(stated) if stated.isdigit() else NUMBER_WORDS.get(stated.lower())
    ordered = (
        (count is not None and count == len(items))
        or (m.group("colon") and len(items) >= 3)
        or (FOLLOWED_BY.search(rest[: items[-1][1]]) is not None if items else False)
    )
    if not ordered or len(items) < 2:
        return
    for rank, (a, b) in enumerate(items, start=1):
        start = m.end() + a
        named = [x for x in ctx.mentions_between(start, m.end() + b + 1) if x.start == start]
        entity_id = pick(named[0]) if named else None
        if entity_id is None:
            continue  # a name the gazetteer lacks keeps its place in the count
        yield draft(
            sentence,
            "top_list",
            entity_id,
            predicate,
            value=float(rank),
            value_text=str(rank),
            unit="rank" if predicate == "wipo_cluster_rank" else None,
            as_of=as_of,
            focus=(m.start(), m.end() + b),
        )


# "Coming in second is Shenzhen-Hong Kong-Guangzhou", "In third place was Beijing", "Ranked fourth
# is Seoul": the place opens the sentence and the name follows the verb
INVERTED_BEFORE = re.compile(r"^\W*(?:Coming\s+in|Ranked|Ranking|Placed|In|At)\s+(?:the\s+)?$")
INVERTED_AFTER = re.compile(
    r"(?:[- ](?:place|position|spot))?\s*,?\s*(?:is|was|came|comes|went\s+to|goes\s+to)\s+(?:the\s+)?",
    re.IGNORECASE,
)
INVERTED_CUE = re.compile(r"^\W*(?:Coming\s+in|Ranked|Ranking|Placed|In|At)\b")


@rule(emits={"rank_inverted": "wipo_cluster_rank"}, kinds=("ordinal",), cues_from=(INVERTED_CUE,))
def rank_inverted(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Coming in second is Shenzhen-Hong Kong-Guangzhou'; 'In third place was Beijing': a WIPO
    cluster rank said before the cluster, in a passage about the cluster ranking."""
    if names_other_index(ctx, sentence):
        return  # "In third place was Beijing" after the Nature Index: that index's place
    in_context = ctx.ranking_context(sentence)
    if not (in_context or ctx.about_clusters):
        return
    for q in ctx.quantities_in(sentence):
        if q.kind != "ordinal" or not INVERTED_BEFORE.match(ctx.folded[sentence.start : q.start]):
            continue
        after = INVERTED_AFTER.match(ctx.folded, q.end, sentence.end)
        if after is None or _negated(ctx, sentence, q.start):
            continue
        named = [
            x for x in ctx.mentions_between(after.end(), sentence.end) if x.start == after.end()
        ]
        cluster = _cluster_capable(ctx, named[0]) if named else None
        if cluster is None or not (in_context or ctx.pick(named[0], (*CITIES, "country")) is None):
            continue  # outside a cluster passage only a name that is a cluster alone
        yield draft(
            sentence,
            "rank_inverted",
            cluster,
            "wipo_cluster_rank",
            value=float(q.value),
            value_text=q.text,
            unit="rank",
            as_of=ctx.edition_year(sentence),
            focus=(sentence.start, named[0].end),
        )
        return


# "has topped the world's 100 leading innovation clusters", "tops the top 100 clusters": first place
TOPPED_CLUSTERS = re.compile(
    r"\s+(?:has\s+|have\s+|again\s+|once\s+again\s+)*(?:topped|tops|topping|led|leads|headed|heads)"
    r"\s+(?:the\s+)?(?:world'?s\s+|global\s+)?(?:top\s+)?100\s+(?:[\w&-]+\s+){0,4}?clusters\b",
    re.IGNORECASE,
)


@rule(emits={"cluster_topped": "wipo_cluster_rank"}, cues_from=(TOPPED_CLUSTERS,))
def cluster_topped(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'the Shenzhen-Hong Kong-Guangzhou innovation cluster has topped the world's 100 leading
    innovation clusters': the cluster named right before the verb holds first place."""
    for mention in ctx.mentions_in(sentence):
        gap = re.match(
            r"(?:\s+(?:innovation|science\s+and\s+technology|S&T|tech))?(?:\s+cluster)?",
            ctx.folded[mention.end : sentence.end],
            re.IGNORECASE,
        )
        m = TOPPED_CLUSTERS.match(ctx.folded, mention.end + gap.end(), sentence.end)
        cluster = _cluster_capable(ctx, mention) if m else None
        if cluster is None or _negated(ctx, sentence, m.start()):
            continue
        if re.search(
            r"\b(?:hopes?|aims?|plans?|wants?|seeks?|could|may|might|would|will)\b",
            ctx.folded[sentence.start : m.start()],
            re.IGNORECASE,
        ):
            continue  # "aims to top the 100 clusters": a hope
        yield draft(
            sentence,
            "cluster_topped",
            cluster,
            "wipo_cluster_rank",
            value=1.0,
            value_text=m.group(0).strip(),
            unit="rank",
            as_of=ctx.edition_year(sentence),
            focus=(mention.start, m.end()),
        )
