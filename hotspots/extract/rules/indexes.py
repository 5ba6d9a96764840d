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
from hotspots.extract.numbers import Quantity, find_years
from hotspots.extract.rules.common import ClaimDraft, _negated, draft
from hotspots.extract.rules.common_lists import _subjects_before
from hotspots.extract.segment import Sentence
from hotspots.extract.types import CITIES

NATURE, GII, CLUSTERS, OTHER = "nature", "gii", "clusters", "other"
INDEX_NAMES = {
    NATURE: lexicon.words("indexes", "nature_index_names"),
    GII: lexicon.words("indexes", "gii_names"),
    CLUSTERS: lexicon.words("indexes", "cluster_ranking_names"),
}
INDEX_RE = re.compile(
    "|".join(
        rf"(?P<{kind}>\b{lexicon.phrase_pattern(names)}\b)" for kind, names in INDEX_NAMES.items()
    ),
    re.IGNORECASE,
)
# words of a ranking's title between its name and its year: "Nature Index global science city
# 2023 rankings", "its 2024 Global Research Cities Ranking"
EDITION_WORDS = r"(?:global|world|annual|science|research|city|cities)"
# "Nature Index 2018 Science Cities", "the 2024 Global Innovation Index", "the Global Innovation
# Index (GII) 2021", "for the year 2021"
EDITION_RE = re.compile(
    r"(?:"
    + INDEX_RE.pattern.replace("?P<", "?P<a_")
    + r")(?:\s*\([A-Z]{2,6}\))?(?:\s+"
    + EDITION_WORDS
    + r")*\s+(?P<y1>20\d{2})\b"
    r"|\b(?P<y2>20\d{2})\s+(?:"
    + EDITION_WORDS
    + r"\s+)*(?:"
    + INDEX_RE.pattern.replace("?P<", "?P<b_")
    + r")"
    r"|\bfor\s+the\s+year\s+(?P<y3>20\d{2})\b"
    # "securing half of the top 10 spots in the 2025 rankings", "on the 2023 list": an edition
    # the index is not named with; it dates the index the text is about
    r"|\bthe\s+(?P<y4>20\d{2})\s+(?:rankings?|edition|league\s+tables?|lists?)\b",
    re.IGNORECASE,
)
# a place within one subject area of an index ("In biological sciences, ... Beijing ranks
# third"; "Health sciences see ..., with Beijing securing sixth place") is not the city's
# overall place; "science city" is the overall table, so only the plural or a named field counts
SUBJECT_AREA = re.compile(
    r"\b(?:sciences|chemistry|physics|mathematics|categor(?:y|ies)|disciplines?|"
    r"subject\s+areas?|research\s+fields?)\b",
    re.IGNORECASE,
)
# an index with no predicate: a listed name, any other capitalised "... Index" ("the Global
# Innovation Hubs Index"), and an acronym the text defines for one ("Index (GIHI)")
OTHER_INDEX_RE = re.compile(
    rf"\b{lexicon.phrase_pattern(lexicon.words('indexes', 'other_index_names'))}\b",
    re.IGNORECASE,
)
NAMED_INDEX_RE = re.compile(
    r"\b(?:[A-Z][\w&'-]*\s+){1,6}Index\b(?:\s*\((?P<acronym>[A-Z][A-Za-z]{1,7})\))?"
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
SUBJECTS = {NATURE: CITIES, GII: ("country", "sar")}
PREDICATES = {NATURE: "nature_index_city_rank", GII: "gii_economy_rank"}


def _index_mentions(ctx: DocContext) -> list[tuple[int, str]]:
    """Every naming of an index in the document, as (position, kind)."""
    found = ctx.memo.get(("index_mentions",))
    if found is None:
        known = [(m.start(), m.end(), m.lastgroup) for m in INDEX_RE.finditer(ctx.folded)]
        found = [(start, kind) for start, _, kind in known]
        others = [(m.start(), m.end()) for m in OTHER_INDEX_RE.finditer(ctx.folded)]
        acronyms = set()
        for m in NAMED_INDEX_RE.finditer(ctx.folded):
            if any(s < m.end() and m.start() < e for s, e, _ in known):
                continue  # the Nature Index, the Global Innovation Index: an index we know
            others.append((m.start(), m.end()))
            if m.group("acronym"):
                acronyms.add(m.group("acronym"))
        for acronym in acronyms:
            others += [(m.start(), m.end()) for m in re.finditer(rf"\b{acronym}\b", ctx.folded)]
        found += [(start, OTHER) for start, _ in others]
        found.sort()
        ctx.memo[("index_mentions",)] = found
    return found


def _index_of(ctx: DocContext, sentence: Sentence) -> str | None:
    """The index a sentence speaks of: one it names (a cluster ranking wins, so a cluster's rank
    is never an index rank), else the last named before it, else the first named in the text."""
    mentions = _index_mentions(ctx)
    own = {kind for pos, kind in mentions if sentence.start <= pos < sentence.end}
    if own:
        if CLUSTERS in own or len(own - {CLUSTERS}) > 1:
            return None
        return own.pop()
    before = [kind for pos, kind in mentions if pos < sentence.start]
    if before:
        return before[-1]
    return mentions[0][1] if mentions else None


def ranks_economies(ctx: DocContext, sentence: Sentence) -> bool:
    """The sentence names no index and speaks of economies: two or more of its names are
    countries (or SARs) that are no cluster, and none is a cluster alone ('Sweden and the US
    maintaining 2nd and 3rd positions, and Singapore ...'), in a document that names the GII."""
    if not any(kind == GII for _, kind in _index_mentions(ctx)):
        return False
    if any(sentence.start <= pos < sentence.end for pos, _ in _index_mentions(ctx)):
        return False
    economies = clusters_only = 0
    for mention in ctx.mentions_in(sentence):
        economy = ctx.pick(mention, SUBJECTS[GII])
        cluster = ctx.pick(mention, ("cluster",))
        economies += bool(economy and not cluster)
        clusters_only += bool(cluster and not economy)
    return economies >= 2 and clusters_only == 0


def ranked_index(ctx: DocContext, sentence: Sentence) -> str | None:
    """The index whose places a sentence gives: the one it speaks of (`_index_of`), else the
    Global Innovation Index when the sentence ranks economies, else None."""
    kind = _index_of(ctx, sentence)
    if kind not in PREDICATES and ranks_economies(ctx, sentence):
        return GII
    return kind


def names_other_index(ctx: DocContext, sentence: Sentence) -> bool:
    """The sentence names an index other than WIPO's cluster ranking (the Nature Index, one with
    no predicate) and no cluster ranking, or names none in a passage about such an index (the
    last index named before it): a place in it is never a WIPO cluster rank (rules/ranks.py)."""
    own = {kind for pos, kind in _index_mentions(ctx) if sentence.start <= pos < sentence.end}
    if own:
        return bool(own & {NATURE, OTHER}) and CLUSTERS not in own
    return _index_of(ctx, sentence) in (NATURE, OTHER)


def economy_passage(ctx: DocContext, sentence: Sentence) -> bool:
    """The sentence speaks of the Global Innovation Index's ranking of economies (it names the
    GII and no cluster ranking, or names no index after a passage about the GII): a place of a
    name that is both an economy and a cluster ("Singapore (ranked No. 7)") is the economy's
    (rules/ranks.py)."""
    return _index_of(ctx, sentence) == GII or ranks_economies(ctx, sentence)


def _edition(ctx: DocContext, sentence: Sentence, kind: str) -> str | None:
    """The edition year: one named with the index in the sentence, the nearest before, or the
    only one in the document; else the only year the sentence states."""
    editions = ctx.memo.get(("index_editions",))
    if editions is None:
        editions = []
        for m in EDITION_RE.finditer(ctx.folded):
            year = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4")
            named = next((k for k in INDEX_NAMES if m.group(f"a_{k}") or m.group(f"b_{k}")), None)
            editions.append((m.start(), named, year, _earlier_edition(ctx, m.start(), year)))
        ctx.memo[("index_editions",)] = editions
    fitting = [(pos, year, past) for pos, named, year, past in editions if named in (kind, None)]
    own = [y for pos, y, _ in fitting if sentence.start <= pos < sentence.end]
    if own:
        return own[0]
    # "after entering the top 25 as per the 2016 GII, ... this year": an earlier edition the
    # text looks back to dates no sentence after it
    before = [y for pos, y, past in fitting if pos < sentence.start and not past]
    if before:
        return before[-1]
    if len({y for _, y, _ in fitting}) == 1:
        return fitting[0][1]
    return ctx.sentence_year(sentence)


# before an edition the text looks back to: "after entering ... as per the 2016 GII", "up from"
LOOKS_BACK = re.compile(
    r"\b(?:after|since|from|than|previous|earlier|last|compared\s+(?:with|to))\b[^.;]{0,80}$",
    re.IGNORECASE,
)


def _earlier_edition(ctx: DocContext, pos: int, year: str) -> bool:
    """The edition named at `pos` is one the text looks back to from a later one: its sentence
    also says "this year" or names a later year, and a look-back word precedes it there."""
    sentence = next((s for s in ctx.sentences if s.start <= pos < s.end), None)
    if sentence is None:
        return False
    later = re.search(r"\bthis\s+year\b", sentence.text, re.IGNORECASE) or any(
        y > int(year) for y, _, _ in find_years(sentence.text)
    )
    return bool(later and LOOKS_BACK.search(ctx.folded[sentence.start : pos]))


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
                r"(?:\s+(?:the\s+)?" + RANK_NOUN + r")?(?:\s+in\s+20\d{2})?\s+to\s+(?:the\s+)?",
                ctx.folded[q.end : nxt.start],
                re.IGNORECASE,
            ):
                pair = nxt
        subject = _subject_before(ctx, sentence, q.start, types)
        if subject is None or _negated(ctx, sentence, q.start):
            continue
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
