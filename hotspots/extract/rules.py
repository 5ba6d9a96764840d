"""Claim rules: each reads one sentence (with its document context) and yields claim drafts.

A rule is a plain function `rule(ctx, sentence) -> Iterable[ClaimDraft]` registered in RULES. Rules
match on shapes of language (ordinals near "place", numbers before "clusters", "X-based Y"), never
on the names or numbers of a particular document. Every draft carries the span of the sentence it
read, so its quote can be checked against the document.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from hotspots.extract.context import (
    ORG_TYPES,
    PLACE_TYPES,
    REFERENCE_RE,
    REFERENCES,
    DocContext,
    Resolved,
)
from hotspots.extract.mentions import Mention
from hotspots.extract.numbers import Quantity
from hotspots.extract.segment import Sentence


@dataclass(frozen=True)
class ClaimDraft:
    subject_id: str
    predicate: str
    object_id: str | None
    value: float | None
    value_text: str | None
    unit: str | None
    comparator: str | None
    as_of: str | None
    start: int
    end: int
    rule: str
    focus: tuple[int, int]  # the part of the sentence that states it (for long-sentence quotes)
    antecedent: str | None = None  # how a reference ("the city", "it") was resolved, when one was


Rule = Callable[[DocContext, Sentence], Iterable[ClaimDraft]]
RULES: list[Rule] = []


@dataclass(frozen=True)
class Needs:
    """What a sentence must have for a rule to find anything in it, checked before the rule is
    called (most sentences match no rule at all): a quantity of one of `kinds`, and one of the
    lowercase `cues` (literals without which the rule's regexes cannot match) unless
    `or_list_item` and the sentence is a list item. A rule called directly, without this test,
    gives the same claims."""

    kinds: frozenset[str] | None = None
    cues: tuple[str, ...] | None = None
    or_list_item: bool = False


NEEDS: dict[Rule, Needs] = {}


def rule(
    fn: Rule | None = None,
    *,
    kinds: tuple[str, ...] | None = None,
    cues: tuple[str, ...] | None = None,
    or_list_item: bool = False,
):
    """Register a rule: `@rule`, or `@rule(kinds=..., cues=...)` with what it needs (see Needs)."""

    def register(fn: Rule) -> Rule:
        RULES.append(fn)
        if kinds is not None or cues is not None:
            NEEDS[fn] = Needs(None if kinds is None else frozenset(kinds), cues, or_list_item)
        return fn

    return register if fn is None else register(fn)


def draft(
    sentence: Sentence,
    rule_name: str,
    subject: str | Resolved,
    predicate: str,
    *,
    focus: tuple[int, int],
    object_id: str | Resolved | None = None,
    value: float | None = None,
    value_text: str | None = None,
    unit: str | None = None,
    comparator: str | None = None,
    as_of: str | None = None,
) -> ClaimDraft:
    """A claim stated by `sentence`. A subject or object found through a reference carries it along."""
    antecedents = [
        f"{r.via!r} -> {r.entity_id} (named at {r.start}-{r.end})"
        for r in (subject, object_id)
        if isinstance(r, Resolved) and r.via not in {"mention", "demonym"}
    ]
    subject_id = subject.entity_id if isinstance(subject, Resolved) else subject
    obj = object_id.entity_id if isinstance(object_id, Resolved) else object_id
    return ClaimDraft(
        subject_id,
        predicate,
        obj,
        value,
        value_text,
        unit,
        comparator or ("eq" if value is not None else None),
        as_of,
        sentence.start,
        sentence.end,
        rule_name,
        focus,
        "; ".join(antecedents) or None,
    )


def _after(ctx: DocContext, pos: int, n: int = 60) -> str:
    return ctx.folded[pos : pos + n]


def _before(ctx: DocContext, pos: int, n: int = 60) -> str:
    return ctx.folded[max(0, pos - n) : pos]


def _nearest_before(
    ctx: DocContext,
    sentence: Sentence,
    pos: int,
    types: tuple[str, ...],
    lo: int | None = None,
    skip_locative: bool = False,
) -> Resolved | None:
    """The closest mention before `pos` in the clause, when it is of one of `types`. With
    `skip_locative`, places set off as a location (", in western Shenzhen,") are passed over."""
    if lo is None:
        lo, _ = ctx.clause(sentence, pos)
    preceding = list(ctx.mentions_between(lo, pos))
    if skip_locative:
        preceding = [
            m
            for m in preceding
            if not (
                re.search(
                    r",\s+(?:in|near|off)\s+(?:\w+\s+)?$",
                    ctx.folded[max(lo, m.start - 25) : m.start],
                    re.IGNORECASE,
                )
                and re.match(r"^\s*,", ctx.folded[m.end : m.end + 3])
            )
            and not (
                ctx.folded[m.start - 1 : m.start] == "(" and ctx.folded[m.end : m.end + 1] == ")"
            )
        ]
    if not preceding:
        return None
    entity_id = ctx.pick(preceding[-1], types)
    return (
        Resolved(entity_id, preceding[-1].start, preceding[-1].end, "mention")
        if entity_id
        else None
    )


def _grouped_by_headquarters(ctx: DocContext, heading: Sentence) -> bool:
    """Some line before the heading says the lists group firms by where their headquarters are."""
    before = ctx.sentences[max(0, ctx.position(heading) - 12) : ctx.position(heading)]
    return any(
        re.search(r"\bheadquarter", s.text, re.IGNORECASE)
        and re.search(r"\b(?:lists?|below|by (?:the )?city|grouped?)\b", s.text, re.IGNORECASE)
        for s in before
    )


def _first_of(ctx: DocContext, mentions: list[Mention], types: tuple[str, ...]) -> Resolved | None:
    for m in mentions:
        entity_id = ctx.pick(m, types)
        if entity_id:
            return Resolved(entity_id, m.start, m.end, "mention")
    return None


NEGATION = re.compile(r"\b(?:not|never|no longer|neither|nor)\b|n't\b", re.IGNORECASE)


def _negated(ctx: DocContext, sentence: Sentence, pos: int) -> bool:
    """A negation in the few words before a verb: 'has not moved', 'is no longer based'."""
    lo, _ = ctx.clause(sentence, pos)
    return bool(NEGATION.search(ctx.folded[max(lo, pos - 25) : pos]))


def _list_year(ctx: DocContext, sentence: Sentence) -> str | None:
    """A bullet takes the year its list is introduced with ("figures for the end of 2022:"), or
    the year an earlier line gives for all the figures ("Counts are for the end of 2022.")."""
    if not sentence.is_list_item:
        return None
    intro = ctx.list_intro(sentence, 1)
    year = ctx.sentence_year(intro[0]) if intro else None
    if year:
        return year
    for s in reversed(ctx.sentences[: ctx.position(sentence)]):
        if re.search(
            r"\b(?:figures|counts|numbers|data|statistics)\b[^.]{0,30}\b(?:are|refer to|as of|for)\b",
            s.text,
            re.IGNORECASE,
        ):
            return ctx.sentence_year(s)
    return None


def _continued_year(ctx: DocContext, sentence: Sentence) -> str | None:
    """'At the end of 2022 the city counted ... It also had ...': an enumeration continued with
    'also' keeps the year of the sentence before."""
    if not re.search(r"^\W*(?:\w+\s+){0,3}also\b", sentence.text, re.IGNORECASE):
        return None
    previous = ctx.before_in_paragraph(sentence, 1)
    return ctx.sentence_year(previous[0]) if previous else None


def _opening_reference(
    ctx: DocContext, sentence: Sentence, types: tuple[str, ...]
) -> Resolved | None:
    """'The region covers ...', 'The city has ...': a reference phrase opening the sentence."""
    m = re.match(
        r"^\W*(?P<ref>" + REFERENCE_RE.pattern + r")\b",
        ctx.folded[sentence.start : sentence.start + 30],
        re.IGNORECASE,
    )
    if (
        not m
        or m.group("ref").lower() == "its"
        or not set(REFERENCES[m.group("ref").lower()]) & set(types)
    ):
        return None
    resolved = ctx.resolve_reference(sentence, m.group("ref"), sentence.start)
    return resolved if resolved and ctx.type_of(resolved.entity_id) in types else None


def _cluster_capable(ctx: DocContext, mention: Mention) -> str | None:
    return ctx.pick(mention, ("cluster",))


def _value(q: Quantity) -> float:
    return float(q.value)


# ---------------------------------------------------------------------------------------------
# WIPO cluster ranks
RANK_NOUN_AFTER = re.compile(
    r"^(?:[- ](?:place|places|spot|spots|position|positions|rank|ranking)\b|-placed?\b)",
    re.IGNORECASE,
)
RANK_VERB_BEFORE = re.compile(
    r"\b(?:ranked|ranks|ranking|rank|placed|came|finished|is|was|at)\s+(?:at\s+|in\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
LIST_RANK = re.compile(r"^\s*(?:No\.\s?|#)?(?P<rank>\d{1,3})\s*(?:[.):|]|\s[-—–|])?\s+")


BARE_RANK_BEFORE = re.compile(
    r"(?:\(|:\s*|\b(?:in|into|to|at|was|is|were|remained|stayed|rose to|fell to|slipped to|climbed to|dropped to|moved up to|moved to|finish|finished|finishing|"
    r"regained|reclaimed|retained|kept|held|holds|hold|took|takes|take|claimed|secured|occupied|occupies|finished|came|from)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
PREVIOUS_RANK = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
NOT_THE_SUBJECT = re.compile(
    r"\b(?:by|overtaking|overtook|overtakes|ahead of|behind|than|passing|passed|displacing|displaced|replacing|replaced)\s+(?:the\s+)?$",
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
        r"^(?:\)|[,.;]|\s+and\b|$|[ \t]*\r?\n|\s+to\s+(?:the\s+)?(?:\d{1,3}(?:st|nd|rd|th)|[a-z]+(?:th|st|nd|rd))\b)",
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
    changed = True
    while changed:
        changed = False
        for i, linked in enumerate(coordinated):
            if linked and (i in ranks) != (i + 1 in ranks):
                ranks |= {i, i + 1}
                changed = True
    return [ordinals[i] for i in sorted(ranks)]


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


@rule
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
    if cluster is None or not ctx.ranking_context(sentence):
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


@rule
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
        if any(n in {"rank", "ranking", "position", "place", "no.", "#"} for n in names) and any(
            "cluster" in n for n in names
        ):
            header = names
            break
    if header is None:
        return
    cells = _cells(sentence.text)
    rank_col = next(
        i for i, n in enumerate(header) if n in {"rank", "ranking", "position", "place", "no.", "#"}
    )
    cluster_col = next(i for i, n in enumerate(header) if "cluster" in n)
    if max(rank_col, cluster_col) >= len(cells):
        return
    rank_text = sentence.text[cells[rank_col][0] : cells[rank_col][1]]
    if not re.fullmatch(r"\d{1,3}", rank_text):
        return
    a, b = cells[cluster_col]
    mentions = ctx.mentions_between(sentence.start + a, sentence.start + b)
    cluster = _cluster_capable(ctx, mentions[0]) if mentions else None
    if cluster:
        yield draft(
            sentence,
            "ranked_table_row",
            cluster,
            "wipo_cluster_rank",
            value=float(rank_text),
            value_text=rank_text,
            unit="rank",
            as_of=ctx.edition_year(sentence),
            focus=(sentence.start, sentence.end),
        )


CITY_PATENT_CONTEXT = re.compile(
    r"\bcit(?:y|ies)\b[^.\n]{0,60}\b(?:international patent|PCT|patent applications|patent filings)|\b(?:international patent|PCT)[^.\n]{0,40}\bcit(?:y|ies)\b",
    re.IGNORECASE,
)


def _city_patent_context(ctx: DocContext, sentence: Sentence) -> bool:
    """The sentence, its paragraph or its heading speak of cities ranked by international patent filings."""
    if CITY_PATENT_CONTEXT.search(sentence.text):
        return True
    heading = ctx.heading_of(sentence)
    if heading is not None and CITY_PATENT_CONTEXT.search(heading.text):
        return not RANKING_CONTEXT_WORDS.search(sentence.text)
    return any(CITY_PATENT_CONTEXT.search(s.text) for s in ctx.before_in_paragraph(sentence, 3))


RANKING_CONTEXT_WORDS = re.compile(r"\bclusters?\b", re.IGNORECASE)


def _heading_year(ctx: DocContext, sentence: Sentence) -> str | None:
    """The year of the sentence, else of its heading ("Cities by international patent applications, 2023")."""
    heading = ctx.heading_of(sentence)
    return ctx.sentence_year(sentence) or (
        ctx.sentence_year(heading) if heading is not None else None
    )


@rule(kinds=("ordinal",))
def rank_in_sentence(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'X and Y took second and third places, respectively'; 'X keeps its second-place ranking'."""
    if LIST_RANK.match(sentence.text) and sentence.is_list_item:
        return
    ranks = _rank_ordinals(ctx, ctx.quantities_in(sentence))
    if not ranks:
        return
    city_ranking = _city_patent_context(ctx, sentence)
    if not (city_ranking or ctx.ranking_context(sentence)):
        return
    predicate = "intl_patent_applications_city_rank" if city_ranking else "wipo_cluster_rank"

    def ranked(mention: Mention) -> str | None:
        return (
            ctx.pick(mention, ("city", "sar")) if city_ranking else _cluster_capable(ctx, mention)
        )

    if re.search(r"\b(?:largest|biggest)\b", sentence.text, re.IGNORECASE) and re.search(
        r"patent", sentence.text, re.IGNORECASE
    ):
        return  # a city's patent-filing rank, handled by city_patent_rank
    mentions = ctx.mentions_in(sentence)
    as_of = _heading_year(ctx, sentence) if city_ranking else ctx.edition_year(sentence)
    paired: set[int] = set()
    if re.search(r"\brespectively\b", sentence.text, re.IGNORECASE):
        respectively = (
            sentence.start + re.search(r"\brespectively\b", sentence.text, re.IGNORECASE).start()
        )
        runs = [r for r in _runs(ctx, ranks) if r[-1].end <= respectively] or _runs(ctx, ranks)
        run = runs[-1]
        subjects = [(m, ranked(m)) for m in mentions if m.end <= run[0].start]
        subjects = [(m, c) for m, c in subjects if c][-len(run) :]
        if len(subjects) == len(run):
            for (mention, cluster), q in zip(subjects, run, strict=True):
                paired.add(q.start)
                yield draft(
                    sentence,
                    "rank_respectively",
                    cluster,
                    predicate,
                    value=_value(q),
                    value_text=q.text,
                    unit="rank",
                    as_of=as_of,
                    focus=(mention.start, q.end),
                )
        else:
            paired.update(q.start for q in run)  # cannot pair them safely: say nothing
    for q in ranks:
        if q.start in paired:
            continue
        # "Beijing was overtaken by Seoul and fell to fourth": Seoul is not the one that fell
        clause_start, _ = ctx.clause(
            sentence, q.start
        )  # "..., and Tokyo came second": not the first clause's subject
        preceding = [
            m
            for m in mentions
            if clause_start <= m.start
            and m.end <= q.start
            and not NOT_THE_SUBJECT.search(_before(ctx, m.start, 25))
        ]
        if not preceding:
            continue
        nearest = preceding[-1]
        if PREVIOUS_RANK.search(_before(ctx, q.start, 12)):
            # "rose from ninth to seventh": the rank of the edition before, stated by the text
            if as_of and as_of.isdigit() and ranked(nearest):
                yield draft(
                    sentence,
                    "previous_rank",
                    ranked(nearest),
                    predicate,
                    value=_value(q),
                    value_text=q.text,
                    unit="rank",
                    as_of=str(int(as_of) - 1),
                    focus=(nearest.start, q.end),
                )
            continue
        cluster = ranked(nearest)
        if cluster is None:
            continue  # "the United States holds the second spot": a country, not a cluster rank
        yield draft(
            sentence,
            "rank_in_sentence",
            cluster,
            predicate,
            value=_value(q),
            value_text=q.text,
            unit="rank",
            as_of=as_of,
            focus=(nearest.start, q.end),
        )


CITY_PATENT_RANK = re.compile(
    r"^[- ](?:largest|biggest|leading|ranked|placed)?\s*(?:among\s+(?:the\s+)?(?:world's\s+|global\s+)?)?(?:city|cities)\b[^.]{0,40}?\b(?:international\s+patent|patent|PCT)",
    re.IGNORECASE,
)


@rule(kinds=("ordinal",))
def city_patent_rank(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Shenzhen is the world's third largest city for international patent applications';
    'Shenzhen ranked first among the world's cities for PCT filings'."""
    for q in ctx.quantities_in(sentence):
        if q.kind != "ordinal" or not CITY_PATENT_RANK.match(_after(ctx, q.end, 90)):
            continue
        subject = _nearest_before(ctx, sentence, q.start, ("city", "sar")) or ctx.subject(
            sentence, ("city", "sar"), before=q.start
        )
        if subject:
            yield draft(
                sentence,
                "city_patent_rank",
                subject,
                "intl_patent_applications_city_rank",
                value=_value(q),
                value_text=q.text,
                unit="rank",
                as_of=ctx.sentence_year(sentence, q.start),
                focus=(subject.start, q.end),
            )


TOP100_CLUSTERS = re.compile(
    r"^\s+(?:of\s+the\s+(?:top\s+)?(?:100|hundred)\s+(?:largest\s+|biggest\s+|leading\s+)?(?=(?:science|S&T|clusters)))?(?:(?:top|leading)[- ]100\s+)?(?:(?P<demonym>[A-Z][a-z]+)\s+)?(?:science(?:[- ]and[- ]|[- ])technology |S&T |science-tech |innovation )?clusters\b",
    re.IGNORECASE,
)
TOP100 = re.compile(
    r"\btop[- ]?(?:100|hundred)\b|\b(?:100|hundred)\s+(?:largest|biggest|leading|top)\b",
    re.IGNORECASE,
)
COUNT_VERB_BEFORE = re.compile(
    r"\b(?:with|had|has|have|counted|counts|hosted|hosts|host|recorded|claimed|placed|accounted for|followed with|led with|came \w+ with|was \w+ with)\s+(?:some\s+|just\s+|only\s+)?$",
    re.IGNORECASE,
)
PREVIOUS_COUNT = re.compile(
    r"^\s*(?:(?:in|among|of) the top[- ]?100\s*)?,?\s*(?:up|down|compared)\s+(?:from|with)\s+(?P<n>[\w,-]+)(?:\s+(?:clusters\s+)?in\s+(?:the\s+)?(?P<year>20\d{2})(?:\s+(?:edition|ranking|GII|index))?)?",
    re.IGNORECASE,
)


def _top100_context(ctx: DocContext, sentence: Sentence) -> bool:
    """The top-100 cluster count is the topic here: said in this sentence or shortly before."""
    lo = max(0, sentence.start - 1500)
    if not ctx.has_between(lo, sentence.end, "cluster") or not ctx.has_between(
        lo, sentence.end, "100", "hundred"
    ):
        return False  # r"\bclusters?\b" cannot match, or neither TOP100 nor "the 100 clusters" can
    window = ctx.folded[lo : sentence.end]
    return bool(
        TOP100.search(window)
        or re.search(r"\b(?:of|among) the 100 clusters\b", window, re.IGNORECASE)
    ) and bool(re.search(r"\bclusters?\b", window, re.IGNORECASE))


@rule(kinds=("cardinal",))
def clusters_in_top100(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'With 26 clusters in the top 100 ... China'; 'the United States followed with 21';
    'China and the United States each accounted for 21'; '..., up from 21 in the 2022 edition'."""
    quantities = ctx.quantities_in(sentence)
    if not any(
        q.kind == "cardinal" and q.value <= 100 and q.value == int(q.value) for q in quantities
    ):
        return  # the loop below would skip every quantity
    if not _top100_context(ctx, sentence):
        return
    countries = [(m, ctx.pick(m, ("country",))) for m in ctx.mentions_in(sentence)]
    countries = [(m, c) for m, c in countries if c]
    as_of = ctx.edition_year(sentence)
    for q in quantities:
        if (
            q.kind != "cardinal"
            or q.value > 100
            or q.value != int(q.value)
            or _in_respectively_run(ctx, sentence, q)
        ):
            continue
        before, after = _before(ctx, q.start, 40), _after(ctx, q.end, 50)
        if re.search(r"\btop[- ]?$|\bthe\s+$", before, re.IGNORECASE) or re.match(
            r"^\s*(?:%|percent|per cent)", after
        ):
            continue
        names_clusters = TOP100_CLUSTERS.match(after)
        elliptical = COUNT_VERB_BEFORE.search(before) and not re.match(
            r"^\s+(?!clusters)[a-z]", after
        )
        if not (names_clusters or elliptical):
            continue
        if re.match(r"^\s+(?:more|fewer|less)\b", after):
            continue  # "two more than a year earlier": a change, not a count
        # subject: the country of this clause (before the number, else right after it)
        lo, hi = ctx.clause(sentence, q.start)
        in_clause = [(m, c) for m, c in countries if lo <= m.start < hi]
        if re.search(r"\beach\b", before):
            subjects = [(m, c) for m, c in in_clause if m.end <= q.start]
        else:
            preceding = [(m, c) for m, c in in_clause if m.end <= q.start]
            following = [(m, c) for m, c in in_clause if m.start >= q.end]
            subjects = preceding[-1:] or following[:1]
        demonym = names_clusters.group("demonym") if names_clusters else None
        if demonym and demonym in ctx.gazetteer.demonyms:
            country = ctx.gazetteer.demonyms[demonym]
            subjects = [
                (Resolved(country, q.start, q.end + names_clusters.end(), "demonym"), country)
            ]
            for m, c in countries:
                if m.start > q.end and re.search(
                    r"\bthe same (?:number|count|total) as\s+(?:that of\s+)?(?:the\s+)?$",
                    ctx.folded[q.end : m.start],
                ):
                    subjects.append((m, c))
        if not subjects and names_clusters:
            resolved = ctx.subject(sentence, ("country",))
            subjects = (
                [
                    (
                        Resolved(resolved.entity_id, resolved.start, resolved.end, resolved.via),
                        resolved.entity_id,
                    )
                ]
                if resolved
                else []
            )
        for mention, country in subjects:
            yield draft(
                sentence,
                "clusters_in_top100",
                country,
                "clusters_in_top100",
                value=_value(q),
                value_text=q.text,
                unit="count",
                comparator=q.comparator,
                as_of=as_of,
                focus=(min(q.start, mention.start), max(q.end, mention.end)),
            )
            previous = PREVIOUS_COUNT.match(
                ctx.folded[q.end + (names_clusters.end() if names_clusters else 0) : sentence.end]
            )
            if previous:
                from hotspots.extract.numbers import parse_number_word

                n = parse_number_word(previous.group("n"))
                year = previous.group("year") or (
                    str(int(as_of) - 1) if as_of and as_of.isdigit() else None
                )
                if n is not None and year:
                    yield draft(
                        sentence,
                        "previous_count",
                        country,
                        "clusters_in_top100",
                        value=float(n),
                        value_text=previous.group("n"),
                        unit="count",
                        as_of=year,
                        focus=(min(q.start, mention.start), q.end + 60),
                    )
            change = EXPLICIT_CHANGE.search(ctx.folded, q.end, min(sentence.end, q.end + 80))
            if change:
                from hotspots.extract.numbers import parse_number_word

                n = parse_number_word(change.group("n") or change.group("n2"))
                if n is not None:
                    down = (change.group("dir") or change.group("dir2")).lower() in {
                        "decrease",
                        "drop",
                        "fall",
                        "decline",
                        "loss",
                        "fewer",
                        "less",
                    }
                    yield draft(
                        sentence,
                        "clusters_in_top100_change",
                        country,
                        "clusters_in_top100_change",
                        value=-n if down else n,
                        value_text=change.group(0),
                        unit="count",
                        as_of=as_of,
                        focus=(min(q.start, mention.start), change.end()),
                    )


EXPLICIT_CHANGE = re.compile(
    r"\b(?:an?\s+)?(?P<dir>increase|rise|gain|jump|decrease|drop|fall|decline|loss)\s+of\s+(?P<n>[\w-]+)\b"
    r"|\b(?P<n2>[\w-]+)\s+(?P<dir2>more|fewer|less)\s+than\s+(?:the\s+|a\s+)?(?:previous|last|prior)?\s*(?:year|edition)(?:\s+earlier)?",
    re.IGNORECASE,
)


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


@rule(kinds=("percent",))
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
        subjects = [
            (m, _cluster_capable(ctx, m))
            for m in ctx.mentions_in(sentence)
            if m.end <= percents[0].start
        ]
        subjects = [(m, c) for m, c in subjects if c][-len(percents) :]
        sign = _growth_sign(
            ctx, subjects[-1][0].end if subjects else sentence.start, percents[-1].end
        )
        if len(subjects) == len(percents) and sign is not None:
            for (mention, cluster), q in zip(subjects, percents, strict=True):
                yield draft(
                    sentence,
                    "cluster_growth",
                    cluster,
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


@rule(kinds=("percent",))
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
        subjects: list[tuple[int, int, str]] = []
        if GROUP_WORDS.search(before):
            # a group's share: one claim for each member (as the gold annotation counts it)
            group_mentions = list(ctx.mentions_between(sentence.start, q.start))
            if re.search(r"\b(?:these|those)\s+clusters\b", before, re.IGNORECASE):
                earlier = ctx.before_in_paragraph(sentence, 2)
                group_mentions = [m for s in earlier for m in ctx.mentions_in(s)] + group_mentions
            for m in group_mentions:
                entity_id = ctx.pick(m, ("cluster",)) if ctx.about_clusters else None
                if entity_id and entity_id not in {e for _, _, e in subjects}:
                    subjects.append((m.start, m.end, entity_id))
        else:
            nearest = _nearest_before(ctx, sentence, q.start, types, lo=lo)
            if nearest:
                subjects.append((nearest.start, nearest.end, nearest.entity_id))
        for start, _end, entity_id in subjects:
            yield draft(
                sentence,
                "patent_share",
                entity_id,
                "share_of_global_patent_applications_pct",
                value=_value(q),
                value_text=q.text,
                unit="percent",
                comparator=q.comparator,
                as_of=ctx.sentence_year(sentence, q.start) or ctx.edition_year(sentence),
                focus=(min(start, q.start), q.end),
            )


# ---------------------------------------------------------------------------------------------
# Counts of things in a place, employees
ADJ = r"(?:(?:state|national|provincial|municipal)[- ]level\s+|leading\s+|new\s+|top\s+|major\s+|registered\s+|listed\s+|world-class\s+|domestic\s+|private\s+|[a-z]+-[a-z]+\s+)*"
COUNT_NOUNS: list[tuple[re.Pattern, str]] = [
    (
        re.compile(
            rf"^\s+{ADJ}(?:(?:state|national)\s+key\s+(?:laboratories|labs)|key\s+state\s+(?:laboratories|labs))\b",
            re.IGNORECASE,
        ),
        "count_state_key_labs",
    ),
    (
        re.compile(
            rf"^\s+{ADJ}(?:research\s+(?:institutes|institutions|centres|centers)|scientific research institutions)\b",
            re.IGNORECASE,
        ),
        "count_research_institutes",
    ),
    (
        re.compile(
            rf"^\s+{ADJ}(?:high|hi)[- ]tech\s+(?:enterprises|companies|firms)\b", re.IGNORECASE
        ),
        "count_high_tech_enterprises",
    ),
    (
        re.compile(
            rf"^\s+{ADJ}(?:unicorns|unicorn\s+(?:enterprises|companies|firms|startups))\b",
            re.IGNORECASE,
        ),
        "count_unicorns",
    ),
    (
        re.compile(
            rf"^\s+{ADJ}(?:colleges and universities|universities|institutions of higher (?:education|learning))\b",
            re.IGNORECASE,
        ),
        "count_universities",
    ),
    (
        re.compile(
            rf"^\s+{ADJ}(?:businesses|market entities|registered companies|companies registered)\b",
            re.IGNORECASE,
        ),
        "count_businesses",
    ),
    (
        re.compile(
            r"^\s+(?:STEM graduates|graduates in STEM|students graduate in the fields? of science|science(?:,| and) (?:technology|engineering)[^.]{0,40}graduates)",
            re.IGNORECASE,
        ),
        "count_stem_graduates",
    ),
    (
        re.compile(
            r"^\s+(?:employees|staff|workers|people|engineers|researchers|scientists)\b",
            re.IGNORECASE,
        ),
        "employees",
    ),
]
TOP100_UNIVERSITIES = re.compile(r"\btop[- ]?(?:100|hundred)\b", re.IGNORECASE)
DEMONYM_UNIVERSITIES = re.compile(
    r"^\s+(?:(?:Mainland|mainland)\s+)?(?P<demonym>[A-Z][a-z]+)\s+universities\b"
)
TARGET_CUE = re.compile(
    r"\b(?:plans?|planning|aims?|aiming|targets?|goal|will|expected|expects?|set to|seeks?|intends?|pledged?|wants?|hopes?|vows?|keep)\b",
    re.IGNORECASE,
)
BY_YEAR = re.compile(
    r"\b(?:by|through|until|till)\s+(?:the\s+end\s+of\s+)?(?P<year>20\d{2})\b", re.IGNORECASE
)


def _is_target(ctx: DocContext, sentence: Sentence, q: Quantity) -> re.Match | None:
    key = ("target", sentence.start)
    by = ctx.memo.get(key, False)
    if by is False:
        by = BY_YEAR.search(sentence.text)
        if by and not TARGET_CUE.search(sentence.text):
            by = None
        ctx.memo[key] = by
    if by and sentence.start + by.start() > q.start:
        return by
    return None


def _respectively_runs(ctx: DocContext, sentence: Sentence) -> list[list[Quantity]]:
    """Coordinated runs of two or more numbers in a sentence that says 'respectively'."""
    key = ("respectively", sentence.start)
    runs = ctx.memo.get(key)
    if runs is None:
        runs = ctx.memo[key] = _find_respectively_runs(ctx, sentence)
    return runs


def _find_respectively_runs(ctx: DocContext, sentence: Sentence) -> list[list[Quantity]]:
    if not ctx.has(sentence, "respectively") or not re.search(
        r"\brespectively\b", sentence.text, re.IGNORECASE
    ):
        return []
    numbers = [q for q in ctx.quantities_in(sentence) if q.kind in {"cardinal", "percent", "money"}]
    runs: list[list[Quantity]] = []
    for q in numbers:
        start = q.comparator_start if q.comparator_start is not None else q.start
        if runs and re.fullmatch(r"\s*(?:,|and|, and)\s*", ctx.folded[runs[-1][-1].end : start]):
            runs[-1].append(q)
        else:
            runs.append([q])
    return [r for r in runs if len(r) > 1]


def _subjects_before(
    ctx: DocContext, sentence: Sentence, pos: int, n: int, types: tuple[str, ...]
) -> list[Resolved]:
    """The last `n` coordinated mentions of `types` before `pos` ('Wuhan and Xiangyang are to host')."""
    found: list[Resolved] = []
    for m in reversed(ctx.mentions_between(sentence.start, pos)):
        entity_id = ctx.pick(m, types)
        if entity_id is None:
            if found:
                break
            continue
        if found and not re.fullmatch(
            r"\s*(?:,|and|, and)\s*(?:the\s+)?", ctx.folded[m.end : found[-1].start]
        ):
            break
        found.append(Resolved(entity_id, m.start, m.end, "mention"))
        if len(found) == n:
            break
    return found[::-1] if len(found) == n else []


COUNT_TYPES = ("city", "sar", "province", "country", "policy_region", "park", "district")


@rule(kinds=("cardinal", "percent", "money"), cues=("respectively",))
def respectively_counts(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Wuhan and Xiangyang are to host 15,000 and 2,500 high-tech enterprises, respectively, by 2027';
    'Germany and the Republic of Korea follow with eight and four clusters, respectively'."""
    for run in _respectively_runs(ctx, sentence):
        after = _after(ctx, run[-1].end, 80)
        predicate = next(
            (p for pattern, p in COUNT_NOUNS if p != "employees" and pattern.match(after)), None
        )
        if predicate == "count_universities" and TOP100_UNIVERSITIES.search(after):
            predicate = "universities_in_top100"
        if predicate is None and TOP100_CLUSTERS.match(after) and _top100_context(ctx, sentence):
            predicate = "clusters_in_top100"
        if predicate is None:
            continue
        types = (
            ("country",)
            if predicate in {"clusters_in_top100", "universities_in_top100"}
            else COUNT_TYPES
        )
        subjects = _subjects_before(ctx, sentence, run[0].start, len(run), types)
        if not subjects:
            continue
        by = _is_target(ctx, sentence, run[0])
        for subject, q in zip(subjects, run, strict=True):
            if by and predicate != "count_unicorns":
                yield draft(
                    sentence,
                    "respectively_target",
                    subject,
                    "target",
                    value=_value(q),
                    value_text=after.strip()[:40] or None,
                    unit="count",
                    comparator=q.comparator,
                    as_of=by.group("year"),
                    focus=(subject.start, q.end),
                )
                continue
            as_of = (
                by.group("year")
                if by
                else (
                    ctx.edition_year(sentence)
                    if predicate == "clusters_in_top100"
                    else ctx.sentence_year(sentence, q.start) or ctx.sentence_year(sentence)
                )
            )
            yield draft(
                sentence,
                "respectively_counts",
                subject,
                predicate,
                value=_value(q),
                value_text=q.text,
                unit="count",
                comparator=q.comparator,
                as_of=as_of,
                focus=(subject.start, q.end),
            )


def _in_respectively_run(ctx: DocContext, sentence: Sentence, q: Quantity) -> bool:
    return any(q.start == x.start for run in _respectively_runs(ctx, sentence) for x in run)


LABEL_VALUE = re.compile(
    r"^\s*(?:[-*•·▪●]|\d{1,3}[.)])?\s*(?P<label>[A-Za-z][\w\s&()-]{2,60}?)\s*(?:\([^)]*\))?\s*:\s+"
)


@rule(kinds=("cardinal",))
def label_value(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """Fact-sheet bullets under a heading that names the subject: 'State key laboratories: six',
    'Unicorns: thirty-four, according to a 2024 count'."""
    if not sentence.is_list_item:
        return
    m = LABEL_VALUE.match(sentence.text)
    if not m:
        return
    predicate = next(
        (
            p
            for pattern, p in COUNT_NOUNS
            if p != "employees" and pattern.match(" " + m.group("label").strip())
        ),
        None,
    )
    quantities = [q for q in ctx.quantities_in(sentence) if q.start >= sentence.start + m.end()]
    if (
        predicate is None
        or not quantities
        or quantities[0].kind != "cardinal"
        or quantities[0].start > sentence.start + m.end() + 20
    ):
        return
    subject = ctx.subject(sentence, COUNT_TYPES, before=sentence.start + m.start("label"))
    if subject is None:
        return
    q = quantities[0]
    yield draft(
        sentence,
        "label_value",
        subject,
        predicate,
        value=_value(q),
        value_text=q.text,
        unit="count",
        comparator=q.comparator,
        as_of=ctx.sentence_year(sentence) or _list_year(ctx, sentence),
        focus=(sentence.start, q.end),
    )


@rule(kinds=("cardinal",))
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
                yield draft(
                    sentence,
                    "universities_in_top100",
                    country,
                    "universities_in_top100",
                    value=_value(q),
                    value_text=ranking.group("r") if ranking else q.text,
                    unit="count",
                    comparator=q.comparator,
                    as_of=ctx.sentence_year(sentence),
                    focus=(q.start, q.end + demonym.end()),
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
            if _is_target(ctx, sentence, q):
                break  # handled by the target rule
            types = (
                ORG_TYPES
                if predicate == "employees"
                else ("city", "sar", "province", "country", "policy_region", "park", "district")
            )
            relative = list(
                re.finditer(r",\s+(?:which|that|where)\b", ctx.folded[sentence.start : q.start])
            )
            subject = None
            if relative:  # "... the Xi'an High-tech Zone, which ... hosts more than 13,000 ...": the noun before 'which'
                subject = _nearest_before(
                    ctx, sentence, sentence.start + relative[-1].start(), types, lo=sentence.start
                )
            subject = subject or ctx.subject(sentence, types, before=q.start)
            if subject is None:
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
                as_of=ctx.sentence_year(sentence, q.start)
                or _continued_year(ctx, sentence)
                or _list_year(ctx, sentence),
                focus=(min(subject.start, q.start), q.end + noun.end()),
            )
            break


# ---------------------------------------------------------------------------------------------
# Money and area
RD = re.compile(r"\b(?:R&D|research and development|research & development)\b", re.IGNORECASE)
SPEND = re.compile(r"\b(?:spend|spends|spent|spending|expenditure|budget|outlay)\b", re.IGNORECASE)
INVEST = re.compile(
    r"\b(?:invest|invests|invested|investing|built|builds|build|building|funded|set up|opened|pledged|committed)\b",
    re.IGNORECASE,
)


@rule(kinds=("money",))
def money(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """R&D spending of a place; an organization's investment in a place."""
    for q in ctx.quantities_in(sentence):
        if q.kind != "money" or _is_target(ctx, sentence, q):
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
                    as_of=ctx.sentence_year(sentence, q.start),
                    focus=(min(subject.start, q.start), q.end),
                )
            continue
        lo, hi = ctx.clause(sentence, q.start)
        verbs = list(INVEST.finditer(ctx.folded, lo, q.start))
        verb = verbs[-1] if verbs else None
        if verb is not None:
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
            what = re.match(
                r"^\s+(?P<w>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})", _after(ctx, q.end, 40)
            )
            yield draft(
                sentence,
                "investment",
                investor.entity_id,
                "investment",
                object_id=place,
                value=_value(q),
                value_text=what.group("w") if what else q.text,
                unit=q.unit,
                comparator=q.comparator,
                as_of=ctx.sentence_year(sentence, q.start),
                focus=(investor.start, q.end),
            )


@rule(kinds=("area",))
def area(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'covers 1,200 square kilometres'; 'the 4,801 square kilometers area'."""
    for q in ctx.quantities_in(sentence):
        if q.kind != "area":
            continue
        types = ("park", "district", "city", "policy_region", "province", "cluster")
        subject = _opening_reference(ctx, sentence, types) or _nearest_before(
            ctx, sentence, q.start, tuple(PLACE_TYPES), lo=sentence.start, skip_locative=True
        )
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
                as_of=ctx.sentence_year(sentence, q.start),
                focus=(min(subject.start, q.start), q.end),
            )


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


@rule(kinds=("cardinal", "percent", "money"))
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


# ---------------------------------------------------------------------------------------------
# Organizations and places
HQ_AFTER = re.compile(
    r"^,?\s*(?:which is\s+|is\s+|are\s+|was\s+)?(?:headquartered|based)\s+(?:in|at)\s+$",
    re.IGNORECASE,
)


def _list_of(
    ctx: DocContext, sentence: Sentence, start: int, end: int, types: tuple[str, ...]
) -> list[tuple[Mention, str]]:
    out = []
    for mention in ctx.mentions_between(start, end):
        entity_id = ctx.pick(mention, types)
        if entity_id:
            out.append((mention, entity_id))
    return out


def _place_after(ctx: DocContext, sentence: Sentence, pos: int) -> Resolved | None:
    """The place a phrase like 'based in' points to: a mention right after, or 'here'/'there'."""
    tail = ctx.folded[pos : sentence.end]
    ref = re.match(r"^\s*(?:right\s+)?(?P<ref>here|there)\b", tail, re.IGNORECASE)
    if ref:
        return ctx.resolve_reference(sentence, ref.group("ref"), sentence.start)
    tail = ctx.folded[pos : sentence.end]
    ref = re.match(r"^\s*(?:in|at)?\s*(?P<ref>the city|the capital)(?!'s)\b", tail, re.IGNORECASE)
    if ref:
        return ctx.resolve_reference(sentence, "the city", pos)
    following = ctx.mentions_between(pos, sentence.end)
    for i, mention in enumerate(following[:3]):
        if re.fullmatch(
            r"\s*(?:in|at|to)?\s*(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:campus|site|building|tower|office|complex)\s+in\s+)?(?:the\s+)?(?:city of\s+|city's\s+|capital's\s+)?",
            ctx.folded[pos : mention.start],
            re.IGNORECASE,
        ):
            entity_id = ctx.pick(mention, ("city", "sar", "district", "park", "province"))
            if not entity_id:
                return None
            # "Shenzhen's Nanshan district": the innermost place named
            while i + 1 < len(following) and re.fullmatch(
                r"'s\s+", ctx.folded[following[i].end : following[i + 1].start]
            ):
                inner = ctx.pick(following[i + 1], ("district", "park"))
                if not inner:
                    break
                i, mention, entity_id = i + 1, following[i + 1], inner
            return Resolved(entity_id, mention.start, mention.end, "mention")
    ref = re.match(
        r"^\s*(?:in|at)\s+the city's\s+$", ctx.folded[pos : following[0].start] if following else ""
    )
    if ref and following:
        entity_id = ctx.pick(following[0], ("district", "park"))
        if entity_id:
            return Resolved(entity_id, following[0].start, following[0].end, "mention")
    return None


COMPANY_REFERENCE = re.compile(
    r"\b(?:the|this)\s+(?:[\w-]+\s+){0,3}(?:company|group|firm|start-up|startup|maker|carmaker|chipmaker|giant)\s+(?:is|was|are|has been)?\s*(?:also\s+)?$",
    re.IGNORECASE,
)
BASED_REFERENCE = re.compile(
    r"\b(?:the|this)\s+(?P<place>[A-Z][\w'-]*(?:\s[A-Z][\w'-]*)?)-based\s+(?:[\w-]+\s+){0,2}(?:company|group|firm|start-up|startup|maker|carmaker|chipmaker|giant)\b"
)
HQ_VERB = re.compile(
    r"(?P<a>\b(?:headquartered|is based|are based|are all based|is also based|were based|based)\s+(?:in|at)\b)"
    r"|(?P<b>\bhas\s+(?:its|their)\s+headquarters\b(?:\s+(?:located|based))?(?:\s+(?:in|at))?)"
    r"|(?P<c>\bheadquarters\s+(?:(?:are|is|were)\s+(?:also\s+)?)?(?:located\s+|based\s+)?(?:in|at|here|there)\b)"
    r"|(?P<d>\bmoved\s+(?:its|their)\s+headquarters\s+to\b)",
    re.IGNORECASE,
)
HOST_HQ = re.compile(
    r"\b(?:hosting|hosts|host|home to|houses|housing)\s+(?:the\s+)?headquarters\s+of\b",
    re.IGNORECASE,
)


@rule(cues=("based", "headquarter"), or_list_item=True)
def headquarters(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'X is headquartered in Y'; 'A, B and C are all based in Y'; 'Y-based X'; 'hosting headquarters of A, B'."""
    # (every part below needs "based" or "headquarter" (HQ_VERB, HOST_HQ, "-based") or a bullet)
    seen: set[str] = set()
    for m in HQ_VERB.finditer(ctx.folded, sentence.start, sentence.end):
        if _negated(ctx, sentence, m.start()):
            continue
        verb_end = m.end()
        if m.group("c") and re.search(r"\b(?:here|there)\s*$", m.group(0), re.IGNORECASE):
            verb_end = m.end() - len(
                re.search(r"(?:here|there)\s*$", m.group(0), re.IGNORECASE).group(0)
            )
        place = _place_after(ctx, sentence, verb_end)
        if place is None:
            continue
        # A plural verb ("are all based in") takes the whole list before it; a singular one only
        # the organization of its own clause.
        plural = re.search(
            r"\b(?:are|were|both|all)\b", ctx.folded[max(sentence.start, m.start() - 12) : m.end()]
        )
        orgs = _list_of(
            ctx,
            sentence,
            sentence.start if plural else ctx.clause(sentence, m.start())[0],
            m.start(),
            ORG_TYPES,
        )
        if m.group("a") and not plural and orgs:
            orgs = orgs[-1:]
        if not orgs:
            # "the artificial-intelligence start-up is headquartered in ...": the company named before
            lead = COMPANY_REFERENCE.search(
                ctx.folded[ctx.clause(sentence, m.start())[0] : m.start()]
            )
            resolved = ctx.resolve_reference(sentence, "the company", m.start()) if lead else None
            if resolved:
                orgs = [(Mention(resolved.start, resolved.end, "", ()), resolved)]
        for mention, org in orgs:
            org_id = org.entity_id if isinstance(org, Resolved) else org
            if org_id in seen:
                continue
            seen.add(org_id)
            yield draft(
                sentence,
                "headquartered_in",
                org,
                "headquartered_in",
                object_id=place,
                as_of=ctx.sentence_year(sentence, m.start()) if m.group("d") else None,
                focus=(
                    mention.start,
                    max(m.end(), place.end if place.via == "mention" else m.end()),
                ),
            )
    # Bullets of firm names under a heading naming a city, in lists said to group firms by the
    # city of their headquarters ("The lists below group selected firms by the city where their
    # headquarters are.")
    if sentence.is_list_item:
        item = re.sub(r"^\s*(?:[-*•·▪●]|\d{1,3}[.)])\s*", "", sentence.text).rstrip(" .;")
        names = ctx.mentions_in(sentence)
        heading = ctx.heading_of(sentence)
        if (
            len(names) == 1
            and names[0].text == item
            and heading is not None
            and _grouped_by_headquarters(ctx, heading)
        ):
            org = ctx.pick(names[0], ORG_TYPES)
            place = _first_of(
                ctx, ctx.mentions_in(heading), ("city", "sar", "district", "park", "province")
            )
            if org and place and org not in seen:
                seen.add(org)
                yield draft(
                    sentence,
                    "headquarters_by_heading",
                    org,
                    "headquartered_in",
                    object_id=Resolved(place.entity_id, place.start, place.end, "heading"),
                    focus=(sentence.start, sentence.end),
                )
    # "Yangtze Memory Technologies, a Wuhan-based maker of ..."
    mentions = ctx.mentions_in(sentence)
    for i, org_m in enumerate(mentions[:-1]):
        org = ctx.pick(org_m, ORG_TYPES)
        place_m = mentions[i + 1]
        if (
            org
            and org not in seen
            and re.fullmatch(
                r",\s+(?:also\s+)?(?:a|an|the)\s+", ctx.folded[org_m.end : place_m.start]
            )
            and ctx.folded[place_m.end : place_m.end + 6] == "-based"
        ):
            place = ctx.pick(place_m, ("city", "sar", "district", "park", "province"))
            if place:
                seen.add(org)
                yield draft(
                    sentence,
                    "appositive_based",
                    org,
                    "headquartered_in",
                    object_id=place,
                    focus=(org_m.start, place_m.end + 6),
                )
    for m in re.finditer(r"(?P<place>\S+)-based\s+", ctx.folded[sentence.start : sentence.end]):
        start = sentence.start + m.start()
        place_mentions = [
            x
            for x in ctx.mentions_in(sentence)
            if x.end == sentence.start + m.start("place") + len(m.group("place"))
        ]
        orgs = [
            x
            for x in ctx.mentions_between(sentence.start + m.end(), sentence.end)
            if x.start <= sentence.start + m.end() + 30
        ]
        if place_mentions and orgs:
            place = ctx.pick(place_mentions[-1], ("city", "sar", "district", "park", "province"))
            org = ctx.pick(orgs[0], ORG_TYPES)
            if place and org and org not in seen:
                seen.add(org)
                yield draft(
                    sentence,
                    "place_based",
                    org,
                    "headquartered_in",
                    object_id=place,
                    focus=(start, orgs[0].end),
                )
    # "The Shenzhen-based group has not disclosed ...": the company named just before is based there
    for b in BASED_REFERENCE.finditer(ctx.folded, sentence.start, sentence.end):
        place_m = [x for x in ctx.mentions_between(b.start("place"), b.end("place"))]
        place = (
            ctx.pick(place_m[0], ("city", "sar", "district", "park", "province"))
            if place_m
            else None
        )
        company = ctx.resolve_reference(sentence, "the company", b.start()) if place else None
        if company and company.entity_id not in seen:
            seen.add(company.entity_id)
            yield draft(
                sentence,
                "based_reference",
                company,
                "headquartered_in",
                object_id=place,
                focus=(b.start(), b.end()),
            )
    for m in HOST_HQ.finditer(ctx.folded, sentence.start, sentence.end):
        semicolon = ctx.folded.find(";", m.end(), sentence.end)
        orgs_after = _list_of(
            ctx, sentence, m.end(), semicolon if semicolon != -1 else sentence.end, ORG_TYPES
        )
        if re.search(r"\brespectively\b", sentence.text, re.IGNORECASE):
            # "Zhuhai, Foshan and Dongguan are home to the headquarters of Gree, Midea and OPPO, respectively"
            hosts = _subjects_before(
                ctx, sentence, m.start(), len(orgs_after), ("city", "sar", "district", "park")
            )
            for host, (mention, org) in zip(hosts, orgs_after, strict=False):
                if org not in seen:
                    seen.add(org)
                    yield draft(
                        sentence,
                        "hosts_headquarters",
                        org,
                        "headquartered_in",
                        object_id=host,
                        focus=(host.start, mention.end),
                    )
            continue
        host = ctx.subject(sentence, ("city", "sar", "district", "park"), before=m.start())
        if host is None:
            continue
        for mention, org in orgs_after:
            if org not in seen:
                seen.add(org)
                yield draft(
                    sentence,
                    "hosts_headquarters",
                    org,
                    "headquartered_in",
                    object_id=host,
                    focus=(m.start(), mention.end),
                )


# ---------------------------------------------------------------------------------------------
# Roles, designations, descriptions
ROLE = re.compile(
    r"\b(?:serve|serves|served|serving|act|acts|acted|acting|function|functions|functioning|functioned|works|working)\s+as\s+(?:the\s+|a\s+|an\s+|its\s+)?(?:(?:China|the country|the nation)'s\s+)?(?P<role>(?:[a-z][\w-]*\s+){0,2}?(?:source|accelerator|connector|engine|hub|gateway|bridge|catalyst|incubator|pioneer|anchor|leader|testbed|test bed|laboratory|powerhouse|driver|magnet))\b",
    re.IGNORECASE,
)

ROLE_VERBS = ("serv", "act", "function", "work")  # ROLE cannot match without one of them


@rule(cues=ROLE_VERBS)
def role(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'the Beijing-Tianjin-Hebei region serves as China's innovation source'; 'Functioning as the accelerator, the GBA'."""
    for m in ROLE.finditer(ctx.folded, sentence.start, sentence.end):
        types = ("policy_region", "city", "cluster", "park")
        subject = ctx.subject(sentence, types, before=m.start())
        if subject is None:
            subject = ctx.subject(sentence, types, after=m.end())
        if subject:
            value = m.group("role").strip().lower()
            yield draft(
                sentence,
                "role",
                subject,
                "role",
                value_text=value,
                focus=(min(subject.start, m.start()), max(subject.end, m.end())),
            )


DESIGNATION = re.compile(
    r"\b(?P<term>(?:(?:national|state-level|pilot|comprehensive|cross-border)\s+)*(?:special economic zones?|free[- ]trade (?:pilot )?zones?|(?:[\w-]+\s+){0,3}pilot (?:cities|city|zones?)|national (?:innovation )?demonstration zones?|national (?:high-tech|hi-tech) (?:zones?|parks?)|comprehensive national science cent(?:re|er)s?|new areas?))\b",
    re.IGNORECASE,
)
DESIGNATE_CUE = re.compile(
    r"\b(?:designated|named|approved|became|become|one of the first|was made|established as|granted|is one of|was one of)\b",
    re.IGNORECASE,
)
# Literals without which DESIGNATION and DESIGNATE_CUE cannot match (tested before running them).
DESIGNATION_CUES = ("zone", "pilot", "park", "cent", "new area")
DESIGNATE_CUE_CUES = (
    "designated",
    "named",
    "approved",
    "became",
    "become",
    "one of",
    "was made",
    "established as",
    "granted",
)
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
DATE_RE = re.compile(
    r"\b(?:(?P<month>" + "|".join(MONTHS) + r")\s+)?(?P<year>1[89]\d{2}|20\d{2})\b", re.IGNORECASE
)


def _date_in(text: str) -> str | None:
    m = DATE_RE.search(text)
    if not m:
        return None
    if m.group("month"):
        return f"{m.group('year')}-{MONTHS.index(m.group('month').lower()) + 1:02d}"
    return m.group("year")


def _singular(term: str) -> str:
    term = re.sub(r"\bcities\b", "city", term, flags=re.IGNORECASE)
    return re.sub(r"\b(zone|area|park|centre|center)s\b", r"\1", term, flags=re.IGNORECASE)


@rule(cues=DESIGNATION_CUES)
def designation(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Since 1980, Shenzhen is one of the first Special Economic Zones'; 'designated the city as a pilot city'."""
    if not ctx.has(sentence, *DESIGNATE_CUE_CUES):
        return
    for m in DESIGNATION.finditer(ctx.folded, sentence.start, sentence.end):
        prefix = ctx.folded[sentence.start : m.start()]
        if not DESIGNATE_CUE.search(prefix):
            continue
        types = ("city", "sar", "district", "park", "policy_region")
        subject = ctx.subject(sentence, types, before=m.start())
        if subject is None:
            continue
        value = re.sub(
            r"^(?:the\s+)?(?:country's\s+)?(?:\w+\s+)?(?=\w+-border|pilot|special|free|national|comprehensive|new)",
            "",
            _singular(m.group("term")).strip(),
            flags=re.IGNORECASE,
        )
        yield draft(
            sentence,
            "designation",
            subject,
            "designated_as",
            value_text=value,
            as_of=_date_in(sentence.text),
            focus=(min(subject.start, m.start()), m.end()),
        )


DESCRIBED = re.compile(
    r"\b(?:(?:earned|earning|earns|given|won|holds|bears|carries)\s+the\s+(?:title|nickname|name|moniker)\s+(?:of\s+)?|(?:known|dubbed|nicknamed|called|hailed|touted|billed|referred to)\s+as\s+(?:the\s+)?|dubbed\s+(?:the\s+)?)"
    r"[\"'](?P<q>[^\"']{3,80})[\"']",
    re.IGNORECASE,
)

DESCRIBED_CUES = (
    "title",
    "name",
    "moniker",
    "known",
    "dubbed",
    "called",
    "hailed",
    "touted",
    "billed",
    "referred",
)


@rule(cues=DESCRIBED_CUES)
def described(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Hangzhou has earned the title of "e-commerce capital of China"'."""
    if not ctx.has(sentence, '"', "'"):
        return
    for m in DESCRIBED.finditer(ctx.folded, sentence.start, sentence.end):
        types = (
            "city",
            "sar",
            "district",
            "park",
            "policy_region",
            "cluster",
            "company",
            "country",
        )
        subject = _nearest_before(ctx, sentence, m.start(), types) or ctx.subject(
            sentence, types, before=m.start()
        )
        if subject:
            yield draft(
                sentence,
                "described_as",
                subject,
                "described_as",
                value_text=m.group("q").strip(),
                focus=(min(subject.start, m.start()), m.end()),
            )


DESCRIPTION_CUE = re.compile(
    r"\s+(?:is|was|remains|has become|became|has developed as|developed as|has emerged as|emerged as|is known for being|"
    r"(?:has\s+)?(?:long\s+)?(?:been\s+)?(?:seen|regarded|considered|viewed|described|recognised|recognized)\s+as|to be)\s+"
    r"(?:(?:undoubtedly|now|also|still|increasingly|widely|arguably|certainly|clearly|already|long)\s+)*(?P<np>the\s+)",
    re.IGNORECASE,
)
APPOSITIVE = re.compile(
    r",\s+(?P<np>(?:the\s+world's|China's|the\s+country's|the\s+nation's)\s+)", re.IGNORECASE
)
NP_STOP = re.compile(
    r"[,.;:()\[\]\"]|\s-\s|\s(?:that|which|who|whose|for|with|thanks|because|where|while|and|but|after|before|since|when|as)\s",
    re.IGNORECASE,
)
NOT_A_DESCRIPTION = re.compile(
    r"^(?:capital|home|seat|site|core cit(?:y|ies)|(?:common\s+|official\s+)?(?:abbreviation|name|short form|acronym)|centre of gravity|one|part|member|case|same|first\s+time|number|result|reason|fastest|subject)\b|\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth)[- ](?:largest|biggest|highest)",
    re.IGNORECASE,
)
DESCRIBED_TYPES = (
    "city",
    "sar",
    "district",
    "park",
    "policy_region",
    "cluster",
    "company",
    "university",
    "research_institute",
    "country",
)


def _noun_phrase(ctx: DocContext, start: int, end: int) -> tuple[str, int] | None:
    stop = NP_STOP.search(ctx.folded, start, min(end, start + 100))
    np_end = stop.start() if stop else min(end, start + 100)
    dash = ctx.text.find("\u2014", start, np_end)  # an em dash closes the phrase, a hyphen does not
    np_end = dash if dash != -1 else np_end
    phrase = ctx.text[start:np_end].strip()
    words = phrase.split()
    if not words or len(words) > 12 or NOT_A_DESCRIPTION.search(phrase):
        return None
    return phrase, start + len(ctx.text[start:np_end].rstrip())


@rule
def description(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Beijing is undoubtedly the country's higher education hub'; 'X has long been seen as the
    world's technology capital'; 'DJI, the world's largest maker of civilian drones, ...'."""
    for m in DESCRIPTION_CUE.finditer(ctx.folded, sentence.start, sentence.end):
        subject = None
        if re.search(
            r"\bthere\s*$",
            ctx.folded[max(sentence.start, m.start() - 8) : m.start()],
            re.IGNORECASE,
        ):
            continue  # "there is the X": an existential, not a description
        ref = re.search(
            r"(?P<ref>" + REFERENCE_RE.pattern + r")\s*$",
            ctx.folded[max(sentence.start, m.start() - 20) : m.start()],
            re.IGNORECASE,
        )
        if ref and set(REFERENCES[ref.group("ref").lower()]) & set(DESCRIBED_TYPES):
            subject = ctx.resolve_reference(sentence, ref.group("ref"), m.start())
        else:
            preceding = ctx.mentions_between(sentence.start, m.start())
            if preceding and re.fullmatch(
                r"\)?\s*(?:\((?:or\s+)?[^)]{0,30}\))?\s*", ctx.folded[preceding[-1].end : m.start()]
            ):
                entity_id = ctx.pick(preceding[-1], DESCRIBED_TYPES)
                if entity_id:
                    subject = Resolved(entity_id, preceding[-1].start, preceding[-1].end, "mention")
        if subject is None:
            continue
        np = _noun_phrase(ctx, m.end("np"), sentence.end)
        if np:
            yield draft(
                sentence,
                "description",
                subject,
                "described_as",
                value_text=np[0],
                focus=(min(subject.start, m.start()), np[1]),
            )
    for mention in ctx.mentions_in(sentence):
        m = APPOSITIVE.match(ctx.folded, mention.end)
        if not m:
            continue
        entity_id = ctx.pick(mention, DESCRIBED_TYPES)
        np = _noun_phrase(ctx, m.start("np"), sentence.end)
        if np and not re.match(r"^\s*[,.;)]|^\s*$", ctx.folded[np[1] : np[1] + 2]):
            continue  # "..., China's lesser-known clusters such as ...": a list goes on, not an apposition
        if entity_id and np:
            value = re.sub(r"^the\s+", "", np[0], flags=re.IGNORECASE)
            yield draft(
                sentence,
                "appositive_description",
                entity_id,
                "described_as",
                value_text=value,
                focus=(mention.start, np[1]),
            )
