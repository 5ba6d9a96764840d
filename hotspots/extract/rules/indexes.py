"""Ranks in published indexes other than WIPO's cluster ranking: a city's place among the Nature
Index science cities, an economy's place in the Global Innovation Index.

Which index a rank belongs to is what the text names: the index named in the sentence, else the
last one named before it (the title included). A rank is stored under that index's predicate
only, and only for the kind of subject the index ranks (cities; economies), so a cluster's place
is never read as a city's or an economy's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.numbers import Quantity
from hotspots.extract.rules.common import ClaimDraft, _negated, draft
from hotspots.extract.rules.common_lists import _subjects_before
from hotspots.extract.rules.index_mentions import (
    INDEX_RE,
    PREDICATES,
    SUBJECTS,
    _edition,
    ranked_index,
)
from hotspots.extract.segment import Sentence

# a place within one subject area of an index ("In biological sciences, ... Beijing ranks
# third"; "Health sciences see ..., with Beijing securing sixth place") is not the city's
# overall place; "science city" is the overall table, so only the plural or a named field counts
SUBJECT_AREA = re.compile(
    r"\b(?:sciences|chemistry|physics|mathematics|categor(?:y|ies)|disciplines?|"
    r"subject\s+areas?|research\s+fields?)\b",
    re.IGNORECASE,
)
RANK_NOUN = lexicon.phrase_pattern(lexicon.words("indexes", "rank_nouns"))
# what may follow an ordinal that is a place in a ranking
AFTER_RANK = re.compile(
    r"^(?:\s+(?:the\s+)?" + RANK_NOUN + r"\b|\s*(?:[,;.)]|$)|\s+(?:and|to|in|for|with|"
    r"respectively|among|globally|worldwide|overall|on|(?:out\s+)?of\s+\d+|this\s+year|"
    r"last\s+year)\b)",
    re.IGNORECASE,
)
# between a city and its ordinal: a verb phrase, never another name or a comparison
NOT_SUBJECT_GAP = re.compile(
    r"\b(?:followed by|after|behind|ahead of|outperform\w*|surpass\w*|displac\w*|overtak\w*|"
    r"than|runner-up)\b|[A-Z][a-z]",
)
HEDGED = re.compile(
    r"\b(?:hopes?|aims?|plans?|wants?|seeks?|expects?|expected|could|may|might|would|will|"
    r"to\s+(?:reach|become|climb|break|enter))\b",
    re.IGNORECASE,
)


def _ranks(ctx: DocContext, sentence: Sentence) -> list[Quantity]:
    return [
        q
        for q in ctx.quantities_in(sentence)
        if q.kind == "ordinal"
        and not q.text.lower().startswith("top")
        and AFTER_RANK.match(ctx.folded[q.end : sentence.end])
    ]


def _subject_before(
    ctx: DocContext, sentence: Sentence, pos: int, types: tuple[str, ...]
) -> EntitySpan | None:
    """The nearest mention before `pos` of `types`, joined to it by a plain verb phrase."""
    mentions = ctx.mentions_between(sentence.start, pos)
    if not mentions:
        return None
    last = mentions[-1]
    entity_id = ctx.pick(last, types)
    gap = INDEX_RE.sub(" ", ctx.folded[last.end : pos])
    if entity_id is None or len(gap) > 80 or NOT_SUBJECT_GAP.search(gap) or HEDGED.search(gap):
        return None
    if (
        len(mentions) > 1
        and ctx.type_of(entity_id) == "country"
        and re.fullmatch(r",?[ \t]+", ctx.folded[mentions[-2].end : last.start])
        and ctx.pick(mentions[-2], ("sar",))
    ):
        # "Hong Kong China (No. 14)", "Macao, China": the country qualifies the name before it
        return EntitySpan(ctx.pick(mentions[-2], ("sar",)), mentions[-2].start, last.end)
    return EntitySpan.of(last, entity_id)


@rule(
    emits={"index_rank": ("nature_index_city_rank", "gii_economy_rank")},
    kinds=("ordinal",),
)
def index_rank(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Shanghai and Nanjing are in 3rd and 8th places respectively'; 'Nanjing moved from
    eighth to sixth place'; 'China ranked 11th in the Global Innovation Index 2024'."""
    kind = ranked_index(ctx, sentence)
    if kind not in PREDICATES:
        return
    types, predicate = SUBJECTS[kind], PREDICATES[kind]
    ranks = _ranks(ctx, sentence)
    edition = _edition(ctx, sentence, kind)
    respectively = re.search(r"\brespectively\b", sentence.text, re.IGNORECASE)
    done: set[int] = set()
    for i, q in enumerate(ranks):
        if q.start in done:
            continue
        run = [q]
        while i + len(run) < len(ranks) and re.fullmatch(
            r"\s*(?:,|and|, and)\s*", ctx.folded[run[-1].end : ranks[i + len(run)].start]
        ):
            run.append(ranks[i + len(run)])
        done.update(x.start for x in run)
        if SUBJECT_AREA.search(ctx.folded, sentence.start, q.start):
            continue
        if len(run) > 1 and respectively and not _says_respectively(ctx, sentence, run[-1]):
            continue  # "... respectively, and A and B switching the 4th and 5th positions"
        if len(run) > 1 and respectively:
            subjects = _subjects_before(ctx, sentence, run[0].start, len(run), types, asides=True)
            gap = ctx.folded[subjects[-1].end : run[0].start] if subjects else ""
            # "San Francisco Bay Area, California ranked": the state set after the last member
            gap = re.sub(r"^,\s*(?-i:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)(?=\s)", " ", gap)
            if subjects and SHARED_HEAD.match(ctx.folded, subjects[-1].end):
                subjects = _with_shared_head(ctx, subjects, types)
                gap = ctx.folded[subjects[-1].end : run[0].start] if subjects else ""
                gap = SHARED_HEAD.sub(" ", gap, count=1)
            if subjects and not NOT_SUBJECT_GAP.search(INDEX_RE.sub(" ", gap)):
                for subject, rank in zip(subjects, run, strict=True):
                    yield _draft(ctx, sentence, predicate, subject, rank, edition)
            continue
        if len(run) > 1:
            continue  # "3rd and 8th" without saying whose is whose
        pair = None
        if re.search(
            r"\bfrom\s+(?:the\s+)?$", ctx.folded[max(sentence.start, q.start - 12) : q.start]
        ):
            nxt = next((x for x in ranks if x.start > q.end), None)
            if nxt and re.fullmatch(
                r"(?:\s+(?:the\s+)?" + RANK_NOUN + r")?(?:\s+in\s+20\d{2}|\s+last\s+year)?"
                r"\s+to\s+(?:the\s+)?",
                ctx.folded[q.end : nxt.start],
                re.IGNORECASE,
            ):
                pair = nxt
        subject = _subject_before(ctx, sentence, q.start, types)
        if subject is None or _negated(ctx, sentence, q.start):
            continue
        if NATIONAL_AFTER.match(ctx.folded, q.end, sentence.end):
            continue  # "Nanjing ranked 4th in the country": a place among one country's cities
        if SUB_INDEX_AFTER.match(ctx.folded, q.end, sentence.end):
            continue  # "China is at No. 17 in “innovation quality”": a sub-index's place
        if not _rank_of_subject(ctx, sentence, subject, q):
            continue
        if re.search(
            r"\b(?:from|up from|down from)\s+(?:the\s+)?$",
            ctx.folded[max(sentence.start, q.start - 12) : q.start],
        ):
            # an earlier place: dated by the year right after it, or by none
            year = re.match(
                r"^(?:\s+(?:the\s+)?" + RANK_NOUN + r")?\s+in\s+(?P<y>20\d{2})\b",
                ctx.folded[q.end : sentence.end],
                re.IGNORECASE,
            )
            earlier = year.group("y") if year else None
            # "moving up three spots from 17th last year": the edition before the current one
            if (
                earlier is None
                and edition
                and LAST_YEAR_AFTER.match(ctx.folded, q.end, sentence.end)
            ):
                earlier = str(int(edition) - 1)
            yield _draft(ctx, sentence, predicate, subject, q, earlier, current=False)
            if pair is not None:
                done.add(pair.start)
                yield _draft(ctx, sentence, predicate, subject, pair, edition)
            continue
        # "Singapore (ranked 5th in 2023)": a year right after the place dates it
        own_year = YEAR_RIGHT_AFTER.match(ctx.folded, q.end, sentence.end)
        yield _draft(
            ctx, sentence, predicate, subject, q, own_year.group("y") if own_year else edition
        )


NATIONAL_AFTER = re.compile(
    r"(?:\s+(?:place|position|spot))?\s+(?:in\s+(?:the\s+)?(?:country|nation|China|mainland\s+China)\b|"
    r"nationwide\b|nationally\b|among\s+(?:the\s+)?(?:Chinese|domestic|national)\b)",
    re.IGNORECASE,
)
# a quoted name after the place: a sub-index or pillar, not the index
SUB_INDEX_AFTER = re.compile(
    r"(?:\s+(?:place|position|spot))?\s+(?:in|for|on)\s+(?:the\s+)?[“\"‘']", re.IGNORECASE
)
LAST_YEAR_AFTER = re.compile(r"(?:\s+(?:place|position|spot))?\s+(?:last|the\s+previous)\s+year\b")
YEAR_RIGHT_AFTER = re.compile(r"(?:\s+(?:place|position|spot))?\s+in\s+(?P<y>20\d{2})\b(?!['’])")


# "the New York and Boston metropolitan areas": one head noun for every name before it
SHARED_HEAD = re.compile(r"\s+(?P<head>metropolitan|metro)\s+areas\b", re.IGNORECASE)


def _with_shared_head(
    ctx: DocContext, subjects: list[EntitySpan], types: tuple[str, ...]
) -> list[EntitySpan]:
    """Each name with the shared head ('New York metropolitan area') as the gazetteer knows it,
    never the city proper; none when one of them is unknown."""
    head = SHARED_HEAD.match(ctx.folded, subjects[-1].end).group("head")
    out = []
    for subject in subjects:
        name = f"{ctx.folded[subject.start : subject.end]} {head} area"
        ids = {a.entity_id for a in ctx.gazetteer.lookup(name) if ctx.type_of(a.entity_id) in types}
        if len(ids) != 1:
            return []
        out.append(EntitySpan(ids.pop(), subject.start, subject.end))
    return out


def _says_respectively(ctx: DocContext, sentence: Sentence, last: Quantity) -> bool:
    """'respectively' closes the run of places that ends with `last` (a rank noun between)."""
    return bool(
        re.match(
            r"(?:\s+(?:the\s+)?" + RANK_NOUN + r")?\s*,?\s*respectively\b",
            ctx.folded[last.end : sentence.end],
            re.IGNORECASE,
        )
    )


# "(3rd)", "(ranked 7th)", "(No. 15)": a place given in parentheses is the place of what stands
# right before the parenthesis
PARENTHESISED_RANK = re.compile(r"\(\s*(?:(?:ranked|ranking|ranks)\s+)?$", re.IGNORECASE)
# "comes in third with 7", "second with 24 clusters": a place by a count, not in the index
RANK_BY_COUNT = re.compile(
    r"\s+with\s+(?:about\s+|nearly\s+|over\s+|more\s+than\s+)?\d[\d,]*\s*(?:[,;.)]|$|and\b|clusters?\b)",
    re.IGNORECASE,
)


def _rank_of_subject(ctx: DocContext, sentence: Sentence, subject: EntitySpan, q: Quantity) -> bool:
    """Whether the ordinal `q` is the subject's place in the index, not the place of a part of it
    ("China ranked high in knowledge and technology outputs (3rd)": a pillar's; "innovation
    outputs (ranked 7th)": a sub-index's) or a place by a count ("Germany comes in third with 7")."""
    paren = PARENTHESISED_RANK.search(ctx.folded, max(sentence.start, q.start - 20), q.start)
    if paren and ctx.folded[subject.end : paren.start()].strip():
        return False  # "Japan (ranked No. 15)" keeps its place: nothing between name and '('
    return RANK_BY_COUNT.match(ctx.folded, q.end, sentence.end) is None


def _remember(ctx: DocContext, predicate: str, entity_id: str, rank: float) -> None:
    """The place an entity holds in the index the text speaks of, for 'X was followed by ...'."""
    ctx.memo.setdefault(("index_places", predicate), {})[entity_id] = rank


def _draft(
    ctx: DocContext,
    sentence: Sentence,
    predicate: str,
    subject: EntitySpan,
    q: Quantity,
    as_of: str | None,
    current: bool = True,
) -> ClaimDraft:
    if current:
        _remember(ctx, predicate, subject.entity_id, q.value)
    return draft(
        sentence,
        "index_rank",
        subject,
        predicate,
        value=q.value,
        value_text=q.text,
        as_of=as_of,
        focus=(min(subject.start, q.start), max(subject.end, q.end)),
    )
