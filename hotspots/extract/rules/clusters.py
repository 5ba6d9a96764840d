"""Counts of clusters in the top 100 and their change (growth and patent shares: `cluster_shares`;
the counts of countries listed after a first count: `cluster_lists`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.numbers import parse_number_word
from hotspots.extract.rules.cluster_lists import (
    LISTED_COUNTS,
    _elliptical_pairs,
    _followers_in_parentheses,
    _listed_in_parentheses,
)
from hotspots.extract.rules.common import ClaimDraft, _after, _before, _typed, _value, draft
from hotspots.extract.rules.common_lists import _in_respectively_run
from hotspots.extract.rules.common_years import _is_target
from hotspots.extract.segment import Sentence

CLUSTER_KIND = (
    # ("technology and innovation clusters": two kinds joined by "and")
    r"(?:(?:(?<=[a-z] )and\s+)?(?:global|world|world's|tech|technology|science(?:[- ]and[- ]|[- ])technology|S&T"
    r"|science-tech|innovation)\s+){0,3}"
)
TOP100_CLUSTERS = re.compile(
    r"^\s+(?:of\s+the\s+(?:world'?s\s+|global\s+)?(?:top\s+)?(?:100|hundred)\s+(?:largest\s+|biggest\s+|leading\s+)?(?=(?:science|S&T|clusters|global|world|tech|innovation)))?(?:(?:top|leading)[- ]100\s+)?(?:(?P<demonym>[A-Z][a-z]+)\s+)?"
    + CLUSTER_KIND
    + r"clusters\b",
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
    r"^\s*(?:(?:in|among|of) the (?:global |world'?s )?top[- ]?100\s*)?(?:(?:in|of)\s+(?:the\s+)?20\d{2}\s+(?:edition|ranking|GII|index|list)\s*)?(?:in\s+(?:the\s+)?(?-i:[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})\s*)?(?:this year\s*)?,?\s*(?:up|down|compared)\s+(?:from|with)\s+"
    r"(?:(?P<last>last year's|the previous year's|the previous edition's|last edition's)\s+)?(?P<n>[\w,-]+)(?:\s+(?:clusters\s+)?in\s+(?:the\s+)?(?P<year>20\d{2})(?:\s+(?:edition|ranking|GII|index))?)?",
    re.IGNORECASE,
)
OF_TOP100_OPENING = re.compile(
    r"^\W*(?:of|among)\s+the\s+(?:top[- ]?100|100\s+(?:largest|biggest|leading|top))\b[^.;]*?,\s*$",
    re.IGNORECASE,
)
LOCATED_IN_AFTER = re.compile(r"^\s+(?:were|are)\s+(?:located\s+|based\s+)?in\b", re.IGNORECASE)
# "China's overall number of science and technology clusters reached 21"
NUMBER_OF_CLUSTERS_BEFORE = re.compile(
    r"\bnumber\s+of\s+(?:top[- ]100\s+)?"
    + CLUSTER_KIND
    + r"clusters\s+(?:reached|stood at|was|is|rose to|climbed to|hit|totall?ed)\s+(?:some\s+)?$",
    re.IGNORECASE,
)
# "the economy with the largest number of hot spots (25)", "led with the most clusters (26)": the
# count in parentheses after the noun
NUMBER_OF_CLUSTERS_PAREN = re.compile(
    r"\b(?:number\s+of|most)\s+(?:top[- ]100\s+)?"
    + CLUSTER_KIND
    + r"(?:clusters|hot\s?spots)\s*\(\s*$",
    re.IGNORECASE,
)


def _top100_context(ctx: DocContext, sentence: Sentence) -> bool:
    """The top-100 cluster count is the topic here: said in this sentence or shortly before
    ("Top 100 of Global Technology Hotspots": some texts call the clusters hot spots)."""
    lo = max(0, sentence.start - 1500)
    if not ctx.has_between(
        lo, sentence.end, "cluster", "hotspot", "hot spot"
    ) or not ctx.has_between(lo, sentence.end, "100", "hundred"):
        return False  # r"\bclusters?\b" cannot match, or neither TOP100 nor "the 100 clusters" can
    window = ctx.folded[lo : sentence.end]
    return bool(
        TOP100.search(window)
        or re.search(r"\b(?:of|among) the 100 clusters\b", window, re.IGNORECASE)
    ) and bool(re.search(r"\b(?:clusters?|hot\s?spots?)\b", window, re.IGNORECASE))


def _coordinated_before(
    ctx: DocContext, sentence: Sentence, countries: list[EntitySpan], pos: int
) -> list[EntitySpan]:
    """The list of names ending with the last one before `pos`: 'A, B, and the C'."""
    preceding = [c for c in countries if sentence.start <= c.start and c.end <= pos]
    if not preceding:
        return []
    run = [preceding[-1]]
    for c in reversed(preceding[:-1]):
        gap = ctx.folded[c.end : run[0].start]
        if not re.fullmatch(r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?", gap):
            break
        run.insert(0, c)
    return run


@rule(
    emits={
        "clusters_in_top100": "clusters_in_top100",
        "previous_count": "clusters_in_top100",
        "clusters_in_top100_change": "clusters_in_top100_change",
    },
    kinds=("cardinal",),
)
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
    countries = _typed(ctx, ctx.mentions_in(sentence), ("country",))
    as_of = ctx.edition_year(sentence)
    listed = LISTED_COUNTS.search(ctx.folded, sentence.start, sentence.end)
    if listed:
        # "Seven countries feature four or more clusters in the top 100: the United States (31),
        # Germany (12), ...": a list of countries, each with its count in parentheses
        yield from _listed_in_parentheses(ctx, sentence, listed.end(), countries, as_of)
        return
    for q in quantities:
        if (
            q.kind != "cardinal"
            or q.value > 100
            or q.value != int(q.value)
            or _in_respectively_run(ctx, sentence, q)
        ):
            continue
        before, after = _before(ctx, q.start, 40), _after(ctx, q.end, 80)
        if re.search(r"\btop[- ]?$|\bthe\s+$", before, re.IGNORECASE) or re.match(
            r"^\s*(?:%|percent|per cent)", after
        ):
            continue
        names_clusters = TOP100_CLUSTERS.match(after)
        elliptical = NUMBER_OF_CLUSTERS_BEFORE.search(_before(ctx, q.start, 100)) or (
            COUNT_VERB_BEFORE.search(before) and not re.match(r"^\s+(?!clusters)[a-z]", after)
        )
        if NUMBER_OF_CLUSTERS_PAREN.search(before) and re.match(r"^\s*\)", after):
            elliptical = True  # "the economy with the largest number of clusters (25)"
        if OF_TOP100_OPENING.match(ctx.folded[sentence.start : q.start]) and LOCATED_IN_AFTER.match(
            after
        ):
            elliptical = True  # "Of the top 100 clusters in 2022, 21 were in China"
        if not (names_clusters or elliptical):
            continue
        if _is_target(ctx, sentence, q):
            continue  # "aims to have 30 clusters in the top 100 by 2030": a goal, not a count
        if re.match(r"^\s+(?:more|fewer|less)\b", after):
            continue  # "two more than a year earlier": a change, not a count
        if re.match(r"^\s+[a-z]+est\b", after):
            continue  # "the world's five biggest clusters were ...": a band of a ranking
        # subject: the country of this clause (before the number, else right after it)
        lo, hi = ctx.clause(sentence, q.start)
        in_clause = [c for c in countries if lo <= c.start < hi]
        if re.search(r"\beach\b", before):
            subjects = [c for c in in_clause if c.end <= q.start]
        elif re.match(r"^\s+(?:[\w-]+\s+){0,3}?clusters?\s+each\b", after):
            # "Canada, Japan, and the Republic of Korea are tied with 3 clusters each": every
            # name of the list before the number (the commas split no clause here)
            subjects = _coordinated_before(ctx, sentence, countries, q.start)
        else:
            preceding = [c for c in in_clause if c.end <= q.start]
            following = [c for c in in_clause if c.start >= q.end]
            subjects = preceding[-1:] or following[:1]
        demonym = names_clusters.group("demonym") if names_clusters else None
        if demonym and demonym in ctx.gazetteer.demonyms:
            country = ctx.gazetteer.demonyms[demonym]
            subjects = [EntitySpan(country, q.start, q.end + names_clusters.end(), "demonym")]
            for c in countries:
                if c.start > q.end and re.search(
                    r"\bthe same (?:number|count|total) as\s+(?:that of\s+)?(?:the\s+)?$",
                    ctx.folded[q.end : c.start],
                ):
                    subjects.append(c)
        if not subjects and names_clusters:
            resolved = ctx.subject(sentence, ("country",))
            subjects = [resolved] if resolved else []
        for mention in subjects:
            country = mention.entity_id  # the id: these claims never noted an antecedent
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
            yield from _followers_in_parentheses(ctx, sentence, q, countries, as_of)
            yield from _elliptical_pairs(ctx, sentence, q, countries, quantities, as_of)
            previous = PREVIOUS_COUNT.match(
                ctx.folded[q.end + (names_clusters.end() if names_clusters else 0) : sentence.end]
            )
            if previous:
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
    r"\b(?:an?\s+)?(?P<dir>increase|rise|gain|jump|decrease|drop|fall|decline|loss)\s+of\s+(?P<n>[\w-]+)\b(?!\s*(?:%|percent|per cent))"
    r"|\b(?P<n2>[\w-]+)\s+(?P<dir2>more|fewer|less)\s+than\s+(?:the\s+|a\s+)?(?:previous|last|prior)?\s*(?:year|edition)(?:\s+earlier)?",
    re.IGNORECASE,
)


# clusters counted as the places they are named after, in a cluster ranking's context: "the GII
# ranks 21 areas in China among the top 100", "China's 21 cities have entered the top 100"
PLACE_NOUNS = r"(?:areas|cities|regions|hubs|hot\s?spots)"
TOP100_AFTER = r"(?:the\s+)?(?:global\s+|world['’]?s\s+)?top[- ]?(?:100|hundred)\b"
PLACES_IN_COUNTRY = re.compile(
    r"\s+" + PLACE_NOUNS + r"\s+in\s+(?:the\s+)?(?=(?-i:[A-Z]))", re.IGNORECASE
)
AMONG_TOP100 = re.compile(r"\s+(?:among|in|into)\s+" + TOP100_AFTER, re.IGNORECASE)
OWNER_BEFORE = re.compile(r"['’]s\s+(?:(?:first|total|overall)\s+)?$", re.IGNORECASE)
PLACES_ENTERED = re.compile(
    r"\s+" + PLACE_NOUNS + r"\s+(?:have\s+|has\s+|had\s+)?(?:entered|made\s+it\s+into|made|"
    r"are\s+(?:in|among)|were\s+(?:in|among)|ranked\s+among|rank\s+among)\s+" + TOP100_AFTER,
    re.IGNORECASE,
)


@rule(emits={"top100_places": "clusters_in_top100"}, kinds=("cardinal",))
def top100_places(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'The 2022 GII ranks 21 areas in China among the top 100'; 'China's 21 cities have entered
    the top 100' (in a text about the cluster ranking)."""
    if not TOP100.search(sentence.text) or not _top100_context(ctx, sentence):
        return
    countries = _typed(ctx, ctx.mentions_in(sentence), ("country",))
    for q in ctx.quantities_in(sentence):
        if q.kind != "cardinal" or q.value > 100 or q.value != int(q.value):
            continue
        if _is_target(ctx, sentence, q):
            continue  # "aims to have 30 cities in the top 100 by 2030": a goal
        subject, end = None, None
        inside = PLACES_IN_COUNTRY.match(ctx.folded, q.end, sentence.end)
        if inside:
            country = next((c for c in countries if c.start == inside.end()), None)
            among = AMONG_TOP100.match(ctx.folded, country.end, sentence.end) if country else None
            if among:
                subject, end = country, among.end()
        else:
            entered = PLACES_ENTERED.match(ctx.folded, q.end, sentence.end)
            owner = OWNER_BEFORE.search(ctx.folded, max(sentence.start, q.start - 20), q.start)
            if entered and owner:
                subject = next((c for c in countries if c.end == owner.start()), None)
                end = entered.end()
        if subject is None:
            continue
        yield draft(
            sentence,
            "top100_places",
            subject.entity_id,
            "clusters_in_top100",
            value=_value(q),
            value_text=q.text,
            unit="count",
            comparator=q.comparator,
            as_of=ctx.edition_year(sentence),
            focus=(min(q.start, subject.start), end),
        )
