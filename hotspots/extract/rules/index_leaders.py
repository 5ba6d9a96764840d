"""First places and orders in the Nature Index and the Global Innovation Index: 'Beijing is the
top science city', 'Switzerland tops the list', 'Beijing was followed by New York and Shanghai'.
Which index a sentence speaks of, and its edition, come from rules/index_mentions.py; a place is
stored under that index's predicate only."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, _negated, draft
from hotspots.extract.rules.index_mentions import (
    NATURE,
    PREDICATES,
    SUBJECTS,
    _edition,
    _index_of,
    ranked_index,
)
from hotspots.extract.rules.indexes import HEDGED, SUB_INDEX_AFTER, _remember
from hotspots.extract.segment import Sentence
from hotspots.extract.types import CITIES

LEADER = re.compile(
    r"\b(?:the\s+)?(?:world'?s\s+|global\s+)?"
    + lexicon.phrase_pattern(lexicon.words("indexes", "leader_words"))
    + r"\s+(?:global\s+)?"
    + lexicon.phrase_pattern(lexicon.words("indexes", "leader_nouns"))
    + r"\b",
    re.IGNORECASE,
)
# "has once again become", "retaining its position as": a verb of being, with its adverbs
LEADER_GAP = re.compile(
    r"^\s*(?:(?:has|had)\s+)?(?:(?:once\s+again|again|still|also|now)\s+)?"
    r"(?:continues to rank as|continued to rank as|ranks? as|ranked as|is|was|remains|"
    r"(?:continues\s+to\s+|continued\s+to\s+)?reign(?:s|ed)?\s+as|"
    r"remained|became|become|has become|has been|been|is ranked as|stays?|stayed|"
    r"(?:retains|retained|retaining|keeps|kept|keeping|maintains|maintained|maintaining)\s+"
    r"its\s+(?:position|place|status)\s+as)\s*$",
    re.IGNORECASE,
)
# a hoped-for or possible place is not a place
RUNNER_UP = re.compile(r"\brunner-up\s+$", re.IGNORECASE)


@rule(emits={"index_leader": "nature_index_city_rank"}, cues_from=(LEADER, RUNNER_UP))
def index_leader(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Beijing is the top science city globally' (first place); 'runner-up Boston' (second)."""
    if _index_of(ctx, sentence) != NATURE:
        return
    edition = _edition(ctx, sentence, NATURE)
    for m in LEADER.finditer(ctx.folded, sentence.start, sentence.end):
        mentions = ctx.mentions_between(sentence.start, m.start())
        if not mentions:
            continue
        entity_id = ctx.pick(mentions[-1], CITIES)
        if entity_id is None or not LEADER_GAP.match(ctx.folded[mentions[-1].end : m.start()]):
            continue
        if _negated(ctx, sentence, m.start()):
            continue
        subject = EntitySpan.of(mentions[-1], entity_id)
        _remember(ctx, "nature_index_city_rank", entity_id, 1.0)
        yield draft(
            sentence,
            "index_leader",
            subject,
            "nature_index_city_rank",
            value=1.0,
            value_text=m.group(0),
            as_of=edition,
            focus=(subject.start, m.end()),
        )
    for mention in ctx.mentions_in(sentence):
        if not RUNNER_UP.search(
            ctx.folded[max(sentence.start, mention.start - 12) : mention.start]
        ):
            continue
        entity_id = ctx.pick(mention, CITIES)
        if entity_id:
            yield draft(
                sentence,
                "index_leader",
                entity_id,
                "nature_index_city_rank",
                value=2.0,
                value_text="runner-up",
                as_of=edition,
                focus=(mention.start - 10, mention.end),
            )


# "Switzerland tops the list", "Switzerland is the most innovative economy in the world",
# "Beijing topped the ranking": first place in an index
GII_LEADER = re.compile(
    r"\s+(?:(?:again|still|once\s+again)\s+)?(?:tops|topped|topping|leads|led|heads|headed)\s+the\s+"
    # "tops the latest ranking", "topped the 2025 list"
    r"(?:(?:latest|new|newest|annual|overall|global|(?:19|20)\d{2})\s+){0,2}"
    r"(?:list|ranking|rankings|index|table|chart)\b"
    r"|\s+(?:is|was|remains|remained|stays|stayed)\s+(?:again\s+|still\s+)?the\s+(?:world'?s\s+)?"
    r"most\s+innovative\s+(?:economy|country|nation)\b"
    # "Switzerland ranking top for the 14th consecutive year": first, whatever the streak
    r"|\s+(?:ranking|ranked|ranks|rank)\s+(?:at\s+the\s+)?top\s+(?=for\b|in\b|again\b|[,.;]|$)",
    re.IGNORECASE,
)


# the pre-check's words: a ranking noun after "the", or "most innovative"
GII_LEADER_CUE = re.compile(
    r"\bthe\s+(?:(?:latest|new|newest|annual|overall|global|(?:19|20)\d{2})\s+){0,2}"
    r"(?:list|ranking|rankings|index|table|chart)\b|\bmost\s+innovative\b"
    r"|\brank(?:ing|ed|s)?\s+(?:at\s+the\s+)?top\b",
    re.IGNORECASE,
)


@rule(
    emits={"index_topped": ("gii_economy_rank", "nature_index_city_rank")},
    cues_from=(GII_LEADER_CUE,),
)
def index_topped(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Switzerland tops the list for the 11th consecutive year, followed by Sweden, ...'; 'X is
    the most innovative economy in the world'; 'Beijing topped the ranking': first place in the
    index the text speaks of (Global Innovation Index or Nature Index; the places after it come
    from index_followed)."""
    kind = ranked_index(ctx, sentence)
    if kind not in PREDICATES:
        return
    types, predicate = SUBJECTS[kind], PREDICATES[kind]
    edition = _edition(ctx, sentence, kind)
    for mention in ctx.mentions_in(sentence):
        m = GII_LEADER.match(ctx.folded, mention.end, sentence.end)
        entity_id = ctx.pick(mention, types) if m else None
        if entity_id is None or _negated(ctx, sentence, m.end()):
            continue
        if kind == NATURE and "innovative" in m.group(0).lower():
            continue  # "the most innovative economy" is a GII phrase
        if HEDGED.search(ctx.folded, sentence.start, m.end()):
            continue  # "hopes to top the ranking"
        subject = EntitySpan.of(mention, entity_id)
        _remember(ctx, predicate, entity_id, 1.0)
        yield draft(
            sentence,
            "index_topped",
            subject,
            predicate,
            value=1.0,
            value_text=m.group(0).strip(),
            as_of=edition,
            focus=(subject.start, m.end()),
        )


FOLLOWED = re.compile(r"\bfollowed\s+by\s+", re.IGNORECASE)
ITEM_SEPARATOR = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def name_items(ctx: DocContext, pos: int, end: int) -> tuple[list[tuple[int, int]], bool]:
    """The entries of a list of names from `pos` to `end`, each (start, stop) without a leading
    'the', and whether the list runs to `end`: False when an entry starts with no capital (a
    clause, not a name), the entries before it kept."""
    items: list[tuple[int, int]] = []
    while pos < end:
        item = re.match(r"(?:the\s+)?(?=[A-Z])", ctx.folded[pos:end])
        if item is None:
            return items, False
        start = pos + item.end()
        sep = ITEM_SEPARATOR.search(ctx.folded, start, end)
        items.append((start, sep.start() if sep else end))
        if sep is None:
            break
        pos = sep.end()
    return items, True


@rule(
    emits={"index_followed": ("nature_index_city_rank", "gii_economy_rank")},
    cues_from=(FOLLOWED,),
)
def index_followed(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Beijing was followed by New York and Shanghai': the names after 'followed by' take the
    places after the one the text gave the first entity (in this sentence or before). Names the
    gazetteer does not know still take their place in the count."""
    kind = _index_of(ctx, sentence)
    if kind not in PREDICATES:
        return
    types, predicate = SUBJECTS[kind], PREDICATES[kind]
    places = ctx.memo.get(("index_places", predicate), {})
    for m in FOLLOWED.finditer(ctx.folded, sentence.start, sentence.end):
        before = ctx.mentions_between(sentence.start, m.start())
        leader = ctx.pick(before[-1], types) if before else None
        if leader is None or leader not in places or _negated(ctx, sentence, m.start()):
            continue
        if any(
            q.kind == "ordinal" and SUB_INDEX_AFTER.match(ctx.folded, q.end, m.start())
            for q in ctx.quantities_in(sentence)
            if before[-1].end <= q.start < m.start()
        ):
            continue  # "China is at No. 17 in “innovation quality”, ..., followed by India"
        rank = places[leader]
        edition = _edition(ctx, sentence, kind)
        # ", which climbed ...": the list ends at the first entry that is no name
        for start, end in name_items(ctx, m.end(), sentence.end)[0]:
            rank += 1
            named = [x for x in ctx.mentions_between(start, end + 1) if x.start == start]
            entity_id = ctx.pick(named[0], types) if named else None
            # "San Francisco/San Jose": one entry of the ranking for two places, a place of the
            # pair together (combined), never of each alone
            pair = (
                [x for x in ctx.mentions_between(start, end + 1) if ctx.pick(x, types)]
                if named and ctx.folded[named[0].end : named[0].end + 1] == "/"
                else []
            )
            for x in pair if len(pair) > 1 else []:
                yield draft(
                    sentence,
                    "index_followed",
                    ctx.pick(x, types),
                    predicate,
                    value=rank,
                    value_text=f"followed by (place {rank:g})",
                    as_of=edition,
                    focus=(m.start(), pair[-1].end),
                    combined=True,
                )
            if entity_id and len(pair) < 2:
                yield draft(
                    sentence,
                    "index_followed",
                    entity_id,
                    predicate,
                    value=rank,
                    value_text=f"followed by (place {rank:g})",
                    as_of=edition,
                    focus=(m.start(), named[0].end),
                )


# "Rounding out the GII 2018 top 10, from highest ranking to lowest: A, B, ... and Z": the list
# fills the last places of the top N, in order
ROUNDING_OUT = re.compile(
    r"\brounding\s+out\s+the\s+(?:[\w()-]+\s+){0,4}?top\s+(?P<n>\d{1,2}|five|ten|twenty)\b"
    r"(?:\s*,?\s*(?:in\s+order\s*,?\s*)?from\s+(?:the\s+)?highest(?:\s+ranking|\s+ranked)?\s+"
    r"to\s+(?:the\s+)?lowest)?\s*(?::|,?\s+(?:are|were)\b)\s*",
    re.IGNORECASE,
)
TOP_WORDS = {"five": 5, "ten": 10, "twenty": 20}


@rule(
    emits={"index_rounding_out": ("gii_economy_rank", "nature_index_city_rank")},
    cues_from=(ROUNDING_OUT,),
)
def index_rounding_out(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Rounding out the top 10, from highest to lowest: the Netherlands, Sweden, ... and
    Ireland': k names take places N-k+1 to N. Every item must be a name (the gazetteer's or
    not) up to the sentence's end, or the count, and so every place, is unknown."""
    kind = ranked_index(ctx, sentence)
    if kind not in PREDICATES:
        return
    m = ROUNDING_OUT.search(ctx.folded, sentence.start, sentence.end)
    if m is None or HEDGED.search(ctx.folded, sentence.start, m.start()):
        return
    top = int(m.group("n")) if m.group("n").isdigit() else TOP_WORDS[m.group("n").lower()]
    end = sentence.end
    while ctx.folded[end - 1 : end] in (".", " ", ";"):
        end -= 1
    items, complete = name_items(ctx, m.end(), end)
    if not complete or any(len(ctx.folded[a:b].split()) > 5 for a, b in items):
        return  # a clause, not a name: the places cannot be counted
    if not items or len(items) > top:
        return
    types, predicate = SUBJECTS[kind], PREDICATES[kind]
    edition = _edition(ctx, sentence, kind)
    for place, (start, stop) in enumerate(items, start=top - len(items) + 1):
        named = [x for x in ctx.mentions_between(start, stop + 1) if x.start == start]
        entity_id = ctx.pick(named[0], types) if named else None
        if entity_id is None or named[0].end != stop:
            continue
        _remember(ctx, predicate, entity_id, float(place))
        yield draft(
            sentence,
            "index_rounding_out",
            entity_id,
            predicate,
            value=float(place),
            value_text=f"rounding out the top {top} (place {place})",
            as_of=edition,
            focus=(m.start(), named[0].end),
        )
