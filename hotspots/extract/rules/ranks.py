"""WIPO cluster ranks and cities' ranks by international patent applications."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.mentions import Mention
from hotspots.extract.rules.common import (
    ClaimDraft,
    _after,
    _before,
    _cluster_capable,
    _value,
    draft,
)
from hotspots.extract.rules.common_subjects import _nearest_before
from hotspots.extract.rules.index_mentions import economy_passage, names_other_index
from hotspots.extract.rules.rank_ordinals import _rank_ordinals, _runs
from hotspots.extract.segment import Sentence
from hotspots.extract.types import CITIES

# ---------------------------------------------------------------------------------------------
# WIPO cluster ranks
RANK_COLUMNS = frozenset(lexicon.words("ranks", "rank_columns"))  # a table's rank column
RANK_PREDICATES = ("wipo_cluster_rank", "intl_patent_applications_city_rank")
RANK_VERB_BEFORE = re.compile(
    r"\b(?:ranked|ranks|ranking|rank|placed|came|finished|is|was|at)\s+(?:at\s+|in\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
LIST_RANK = re.compile(r"^\s*(?:No\.\s?|#)?(?P<rank>\d{1,3})\s*(?:[.):|]|\s[-—–|])?\s+")


COORDINATED = re.compile(r"(?:\s+clusters?)?\s*(?:,|and|, and)\s+(?:the\s+)?", re.IGNORECASE)
PREVIOUS_RANK = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
NOT_THE_SUBJECT = re.compile(
    r"\b(?:(?<!followed )(?<!trailed )by|overtaking|overtook|overtakes|ahead of|behind|than|passing|passed|displacing|displaced|replacing|replaced"
    r"|surpass(?:ed|es|ing)?|outperform(?:ed|s|ing)?|outpac(?:ed|es|ing)|edg(?:ed|ing) out|push(?:ed|ing)"
    r"|beat(?:s|ing)?|defeat(?:ed|s|ing)?|outrank(?:ed|s|ing)?)"
    r"\s+(?:the\s+)?(?:[A-Z][\w-]*'s\s+)?[\"“]?$",
    re.IGNORECASE,
)
# "which had held second place for five years": a place held before the one the text reports
PAST_PLACE = re.compile(
    r"\bhad\s+(?:long\s+|previously\s+|once\s+)?(?:been|held|ranked|placed|taken|occupied|kept|come|"
    r"finished|stayed|remained)\b[^.;,]{0,20}$",
    re.IGNORECASE,
)


# "held the second position for five years before it overtook ...": a place the text says
# ended, not the one it reports ("for the 14th consecutive year" alone is the current one)
PAST_STREAK = re.compile(
    r"(?:[- ](?:place|position|spot|ranking))?\s+(?:globally\s+)?for\s+(?:the\s+)?(?:[\w-]+\s+){1,3}?"
    r"(?:years?|editions?)\s+(?:before|until|prior\s+to)\b",
    re.IGNORECASE,
)


# "ranking 8th in China's clusters", "fifth among Chinese clusters", "third nationally": a place
# among one country's clusters, not in the world ranking
NATIONAL_PLACE_AFTER = re.compile(
    r"(?:[- ](?:place|position|spot))?\s+(?:(?:in|among|within)\s+(?:the\s+)?"
    r"(?:China|Chinese|country|nation|mainland|domestic)\b|(?:nationally|domestically|nationwide)\b)",
    re.IGNORECASE,
)
# "Seoul was third, overtaking Beijing, which fell to fourth": the name right before ', which'
# is the one the relative clause ranks
WHICH_RANKED = re.compile(r"\s*,\s*which\s+(?:[a-z]+\s+){1,4}(?:the\s+)?$")


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


# "in the past five years", "over the last decade": a rank said of a span of years belongs to no
# one edition (and is most often a climb, not a place)
SPAN_OF_YEARS = re.compile(
    r"\b(?:in|over|during|within|for)\s+the\s+(?:past|last|previous)\s+"
    r"(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|few|several)\s+years|decade)\b",
    re.IGNORECASE,
)


@rule(
    emits={
        "rank_in_sentence": RANK_PREDICATES,
        "rank_respectively": RANK_PREDICATES,
        "previous_rank": RANK_PREDICATES,
    },
    kinds=("ordinal",),
)
def rank_in_sentence(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'X and Y took second and third places, respectively'; 'X keeps its second-place ranking'."""
    if LIST_RANK.match(sentence.text) and sentence.is_list_item:
        return
    if names_other_index(ctx, sentence):
        return  # "Beijing ranks first in the Nature Index": another index's place (issue #18)
    ranks = _rank_ordinals(ctx, ctx.quantities_in(sentence))
    if not ranks:
        return
    if SPAN_OF_YEARS.search(sentence.text) and not re.search(r"\b(?:19|20)\d{2}\b", sentence.text):
        return  # "In the past five years, X's ranking has reached 27th": no one edition's place
    city_ranking = _city_patent_context(ctx, sentence)
    if not (city_ranking or ctx.ranking_context(sentence)):
        return
    predicate = "intl_patent_applications_city_rank" if city_ranking else "wipo_cluster_rank"

    economies = not city_ranking and economy_passage(ctx, sentence)

    def ranked(mention: Mention) -> str | None:
        if city_ranking:
            return ctx.pick(mention, CITIES)
        if economies and ctx.pick(mention, ("country", "sar")):
            return None  # "Singapore (ranked No. 7)" among GII economies: not the cluster's place
        return _cluster_capable(ctx, mention)

    if re.search(r"\b(?:largest|biggest)\b", sentence.text, re.IGNORECASE) and re.search(
        r"patent", sentence.text, re.IGNORECASE
    ):
        return  # a city's patent-filing rank, handled by city_patent_rank
    mentions = ctx.mentions_in(sentence)
    as_of = _heading_year(ctx, sentence) if city_ranking else ctx.edition_year(sentence)
    paired: set[int] = set()

    def pair(subjects: list[EntitySpan], run: list) -> Iterable[ClaimDraft]:
        """Each subject with the rank in the same position of `run`."""
        for mention, q in zip(subjects, run, strict=True):
            paired.add(q.start)
            yield draft(
                sentence,
                "rank_respectively",
                mention.entity_id,
                predicate,
                value=_value(q),
                value_text=q.text,
                unit="rank",
                as_of=as_of,
                focus=(mention.start, q.end),
            )

    if re.search(r"\brespectively\b", sentence.text, re.IGNORECASE):
        respectively = (
            sentence.start + re.search(r"\brespectively\b", sentence.text, re.IGNORECASE).start()
        )
        runs = [r for r in _runs(ctx, ranks) if r[-1].end <= respectively] or _runs(ctx, ranks)
        run = runs[-1]
        subjects = [
            EntitySpan.of(m, c) for m in mentions if m.end <= run[0].start and (c := ranked(m))
        ][-len(run) :]
        if len(subjects) == len(run):
            yield from pair(subjects, run)
        else:
            paired.update(q.start for q in run)  # cannot pair them safely: say nothing
    for run in _runs(ctx, ranks):
        if len(run) < 2 or any(q.start in paired for q in run):
            continue
        # "Shanghai-Suzhou and Nanjing ranked fifth and ninth": respectively without the word
        clause_start, _ = ctx.clause(sentence, run[0].start)
        subjects = [
            EntitySpan.of(m, c)
            for m in mentions
            if clause_start <= m.start and m.end <= run[0].start and (c := ranked(m))
        ][-len(run) :]
        if len(subjects) != len(run) or not all(
            COORDINATED.fullmatch(ctx.folded[a.end : b.start])
            for a, b in itertools.pairwise(subjects)
        ):
            continue
        yield from pair(subjects, run)
    for q in ranks:
        if q.start in paired or PAST_PLACE.search(_before(ctx, q.start, 40)):
            continue
        if PAST_STREAK.match(ctx.folded, q.end, sentence.end):
            continue  # "held the second position for five years before it overtook ...": past
        if NATIONAL_PLACE_AFTER.match(ctx.folded, q.end, sentence.end):
            continue  # "ranking 8th in China's clusters": a national place, not the world's
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
        # "the Tokyo-Yokohama cluster in Japan ranks first": a place named after 'in' locates
        # the cluster before it and is not what is ranked
        while (
            len(preceding) > 1
            and re.search(r"\bin\s+(?:the\s+)?$", _before(ctx, preceding[-1].start, 8))
            and ranked(preceding[-1]) is None
            and ranked(preceding[-2]) is not None
            and not re.search(r"[,;]", ctx.folded[preceding[-2].end : preceding[-1].start])
        ):
            preceding.pop()
        relative = [
            m
            for m in mentions
            if m.end <= q.start and WHICH_RANKED.fullmatch(ctx.folded, m.end, q.start)
        ]
        if relative:
            preceding = relative  # "..., overtaking Beijing, which fell to fourth": Beijing's
        if not preceding:
            continue
        nearest = preceding[-1]
        if PREVIOUS_RANK.search(_before(ctx, q.start, 12)):
            # "rose from ninth to seventh": the rank of the edition before, stated by the text
            dated = re.match(r"^\s+in\s+(?P<y>(?:19|20)\d{2})\b", _after(ctx, q.end, 12))
            if dated and ranked(nearest):
                # "from the 85th in 2017 to the 14th": the text dates the earlier rank itself
                yield draft(
                    sentence,
                    "previous_rank",
                    ranked(nearest),
                    predicate,
                    value=_value(q),
                    value_text=q.text,
                    unit="rank",
                    as_of=dated.group("y"),
                    focus=(nearest.start, q.end),
                )
            elif as_of and as_of.isdigit() and ranked(nearest):
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
        participle = PARTICIPLE_RANK.search(ctx.folded, max(clause_start, q.start - 40), q.start)
        if cluster is None and participle:
            # "Chengdu, capital of Sichuan Province, ..., climbing to No. 24"; "the San Jose
            # cluster is the leading U.S. hub, ranked sixth": the participle's subject is the
            # clause's first rankable name, the only one before the rank; a name right before
            # the comma ("praised Hubei Province, ranked first") may be what it qualifies
            rankable = [m for m in preceding if ranked(m)]
            if (
                len(rankable) == 1
                and rankable[0] is preceding[0]
                and ctx.folded[nearest.end : participle.start()].strip()
            ):
                nearest = rankable[0]
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


# ", climbing to No. 24", ", ranked sixth overall": a participle placing the clause's subject
PARTICIPLE_RANK = re.compile(
    r",\s+(?:(?:now|then|also)\s+)?(?:climbing|rising|moving|jumping|leaping|ranking|ranked|"
    r"placing|placed|coming|finishing|sitting|standing)\s+(?:up\s+)?(?:(?:to|at|in)\s+)?"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


CITY_PATENT_RANK = re.compile(
    r"^[- ](?:largest|biggest|leading|ranked|placed)?\s*(?:among\s+(?:the\s+)?(?:world's\s+|global\s+)?)?(?:city|cities)\b[^.]{0,40}?\b(?:international\s+patent|patent|PCT)",
    re.IGNORECASE,
)


MILESTONE = re.compile(
    r"^[- ](?:\w+\s+)?cit(?:y|ies)\b(?:\s+(?:in|of)\s+[^,.;]{1,25}?)?\s+to\s+(?!the\b)[a-z]+",
    re.IGNORECASE,
)


@rule(emits={"city_patent_rank": "intl_patent_applications_city_rank"}, kinds=("ordinal",))
def city_patent_rank(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Shenzhen is the world's third largest city for international patent applications';
    'Shenzhen ranked first among the world's cities for PCT filings'."""
    for q in ctx.quantities_in(sentence):
        if q.kind != "ordinal" or not CITY_PATENT_RANK.match(_after(ctx, q.end, 90)):
            continue
        if MILESTONE.match(_after(ctx, q.end, 60)):
            continue  # "the first city in China to pass 20,000 PCT applications": a milestone
        subject = _nearest_before(ctx, sentence, q.start, CITIES) or ctx.subject(
            sentence, CITIES, before=q.start
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
