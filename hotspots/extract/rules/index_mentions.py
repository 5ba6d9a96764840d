"""Which index a sentence speaks of and which edition: every naming of an index in the document
(a known one, another 'X Index' or its acronym), the one a sentence names or the last named
before it, a sentence that ranks economies, and the edition year named with it (an edition the
text looks back to dates no later sentence). The index rules (indexes, index_leaders) and the
rank rules (ranks, rank_orders) read them."""

from __future__ import annotations

import re

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext
from hotspots.extract.numbers import find_years
from hotspots.extract.scan import scan
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

# an index with no predicate: a listed name, any other capitalised "... Index" ("the Global
# Innovation Hubs Index"), and an acronym the text defines for one ("Index (GIHI)")
OTHER_INDEX_RE = re.compile(
    rf"\b{lexicon.phrase_pattern(lexicon.words('indexes', 'other_index_names'))}\b",
    re.IGNORECASE,
)
NAMED_INDEX_RE = re.compile(
    r"\b(?:[A-Z][\w&'-]*\s+){1,6}Index\b(?:\s*\((?P<acronym>[A-Z][A-Za-z]{1,7})\))?"
)

SUBJECTS = {NATURE: CITIES, GII: ("country", "sar")}
PREDICATES = {NATURE: "nature_index_city_rank", GII: "gii_economy_rank"}


def _index_mentions(ctx: DocContext) -> list[tuple[int, str]]:
    """Every naming of an index in the document, as (position, kind)."""
    found = ctx.memo.get(("index_mentions",))
    if found is None:
        known = [
            (m.start(), m.end(), m.lastgroup)
            for m in scan(INDEX_RE).finditer(ctx.folded, ctx.lowered)
        ]
        found = [(start, kind) for start, _, kind in known]
        others = [
            (m.start(), m.end()) for m in scan(OTHER_INDEX_RE).finditer(ctx.folded, ctx.lowered)
        ]
        acronyms = set()
        for m in scan(NAMED_INDEX_RE).finditer(ctx.folded, ctx.lowered):
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
        for m in scan(EDITION_RE).finditer(ctx.folded, ctx.lowered):
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
