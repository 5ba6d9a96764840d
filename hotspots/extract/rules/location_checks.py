"""The checks the location rule's claims share: the gazetteer's own parents (a park that may lie
in a province, a park in a city, a place put elsewhere), a list that mixes possessive groups or
leaves a verb out, a place's name going on into a longer name, 'China' as a province's
qualifier, alias glosses and abbreviations in brackets, a fronted capital, a verb's subject
(location, location_shapes, location_pairs, location_phrases and location_hosts read them)."""

from __future__ import annotations

import re
from itertools import pairwise

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.mentions import Mention
from hotspots.extract.rules.location_patterns import FRONTED_CAPITAL, IN_GAP
from hotspots.extract.segment import Sentence
from hotspots.extract.types import HQ_PLACES

QUALIFIED_CHINA = re.compile(
    r"\b(?:" + lexicon.alternation(lexicon.words("locations", "compass_words")) + r")\s+$",
    re.IGNORECASE,
)


def _park_may_lie_in(ctx: DocContext, park: EntitySpan, province_id: str) -> bool:
    """Whether nothing known puts the park outside the province: its gazetteer parents, or (for a
    discovered park) the city its name starts with ("Hefei ... Park" lies in Hefei's province)."""
    chain = ctx.ancestors(park.entity_id)
    if chain:
        return province_id in chain
    first = ctx.text[park.start : park.end].split(" ", 1)[0]
    cities = [a.entity_id for a in ctx.gazetteer.lookup(first) if a.entity_id.startswith("city/")]
    return not cities or any(ctx.parent_of(c) == province_id for c in cities)


def _park_in_city(ctx: DocContext, park: EntitySpan, city_id: str) -> bool:
    """Whether the gazetteer's parents of the park reach the city, or (a discovered park) its
    name starts with the city's name ("Hefei Binhu ... Park")."""
    chain = ctx.ancestors(park.entity_id)
    if chain:
        return city_id in chain
    first = ctx.text[park.start : park.end].split(" ", 1)[0]
    return any(a.entity_id == city_id for a in ctx.gazetteer.lookup(first))


def _china_qualifier(ctx: DocContext, m: Mention) -> bool:
    """'China' in "Central China's Henan Province": part of the province's description."""
    return (
        ctx.folded.startswith("'s ", m.end)
        and ctx.folded[m.start : m.end].lower() == "china"
        and QUALIFIED_CHINA.search(ctx.folded[max(0, m.start - 12) : m.start]) is not None
    )


def _listed(ctx: DocContext, mentions: list[Mention], k: int) -> bool:
    """The k-th name is one of a list going on after it: 'Shanghai and Zhejiang signed'."""
    return k + 1 < len(mentions) and bool(
        re.fullmatch(r"\s*(?:,|and|, and)\s*", ctx.folded[mentions[k].end : mentions[k + 1].start])
    )


# a place's name going on into the name of something the gazetteer does not know: "Xiamen
# Special Economic Zone", "Shenzhen Bay Super Headquarters Base", "Hefei Binhu Science City"
LONGER_NAME = re.compile(
    r"[ \t]+(?:(?:[A-Z][\w'&-]*[ \t]+){0,4}"
    r"(?:Zones?|Parks?|Valley|Base|Port|Hub|Corridor|Island|Bay|Harbou?r|Cent(?:er|re)|University|"
    r"Institute|Laborator(?:y|ies)|Lab|Town)"
    r"|(?:[A-Z][\w'&-]*[ \t]+){1,4}(?:City|Area|District))\b"
)


def _inside_longer_name(ctx: DocContext, mentions: list[Mention], place: EntitySpan) -> bool:
    """Whether the name read as `place` is only the first word(s) of a longer name that no known
    mention covers: "the Huli zone in Xiamen Special Economic Zone" does not say Huli is in the
    city of Xiamen (the zone named after it may be larger or smaller than the city)."""
    longer = LONGER_NAME.match(ctx.folded, place.end)
    if longer is None:
        return False
    return not any(place.end < m.start < longer.end() for m in mentions)


def _gapped_clause(ctx: DocContext, mentions: list[Mention], members: list[EntitySpan]) -> bool:
    """Whether the list that ends in "in Y" continues a clause whose verb it leaves out: in
    "Alibaba held its summit in Hangzhou and BYD in Shenzhen" BYD's "in Shenzhen" is where it
    held its summit (an event), not where BYD is. Read so when an organisation of the list follows
    "and" after a place that is itself the place of an earlier "in" after a verb phrase, not
    after a name ("Huawei in Shenzhen and iFlytek in Hefei" lists located names)."""
    starts = [m.start for m in mentions]
    for a, b in pairwise(members):
        if ctx.type_of(b.entity_id) not in ("company", "university", "research_institute"):
            continue
        k = starts.index(a.start) if a.start in starts else 0
        if k < 1 or not re.fullmatch(r",?\s+and\s+", ctx.folded[a.end : b.start]):
            continue
        earlier = ctx.folded[mentions[k - 1].end : a.start]
        if re.search(r"\s+in\s+(?:the\s+)?$", earlier) and not IN_GAP.match(earlier):
            return True
    return False


def _elsewhere(ctx: DocContext, inner_id: str, outer_id: str) -> bool:
    """Whether the gazetteer's chain of parents of `inner_id` holds a place of the outer's kind
    other than `outer_id` ("Hangzhou ... in Jiangsu": Hangzhou's province is Zhejiang). A place
    the gazetteer knows nothing of, or a chain without that kind, says nothing."""
    kind = ctx.type_of(outer_id)
    parent = ctx.parent_of(inner_id)
    if (
        kind == "province"
        and parent is not None
        and ctx.type_of(inner_id) == "city"
        and ctx.type_of(parent) == "country"
    ):
        # "Beijing, Shanghai and Hefei in Anhui": a city the gazetteer puts straight under its
        # country (a municipality) lies in no province
        return True
    entity_id, seen = inner_id, 0
    while (entity_id := ctx.parent_of(entity_id)) is not None and seen < 6:
        seen += 1
        if entity_id == outer_id:
            return False
        if ctx.type_of(entity_id) == kind:
            return True
    return False


def _own_place_members(
    ctx: DocContext, mentions: list[Mention], members: list[EntitySpan]
) -> list[EntitySpan]:
    """The members of a list before "in Y" that lie in Y: all of them, unless one is headed by a
    possessive place ("Zhejiang's A, B and C, D in Jiangsu", "Shanghai's Pudong, Tianjin's Binhai
    and E in Zhejiang"): the list then mixes groups whose ends the text does not mark, and only
    the member next to "in" is read."""
    starts = {m.start: k for k, m in enumerate(mentions)}
    for member in members[:-1]:
        k = starts.get(member.start)
        if k and re.fullmatch(
            r"(?:\s+province)?'s\s+", ctx.folded[mentions[k - 1].end : member.start], re.IGNORECASE
        ):
            return members[-1:]
    return members


VERB_SUBJECT_REFERENCE = re.compile(
    r"\b(?P<ref>it|the (?:city|district|zone|park|province|region))\s+(?:also\s+|now\s+)?$",
    re.IGNORECASE,
)


def _verb_subject(
    ctx: DocContext,
    sentence: Sentence,
    verb: int,
    types: tuple[str, ...] = HQ_PLACES,
    clause_end: int | None = None,
) -> EntitySpan | None:
    """The subject of the verb at `verb`: a reference right before it ("Widely considered as
    China's Silicon Valley, the city is home to"), else the sentence's subject."""
    ref = VERB_SUBJECT_REFERENCE.search(ctx.folded, sentence.start, verb)
    if ref is not None:
        place = ctx.resolve_reference(sentence, ref["ref"], ref.start())
        if place is not None and ctx.type_of(place.entity_id) in types:
            return place
    # (the sentence's subject, or a reference up to the clause's end: "the city's universities")
    subject = ctx.subject(sentence, types, before=clause_end or verb)
    if (
        subject is not None
        and subject.via == "mention"
        and re.search(r"\band\s+(?:also\s+)?$", ctx.folded[sentence.start : verb])
        and not re.fullmatch(
            r"\W*(?:the\s+)?(?:city\s+of\s+)?", ctx.folded[sentence.start : subject.start], re.I
        )
    ):
        # "hhz is the core area of X, and is home to ...": the shared subject of the two verbs
        # opens the sentence; a name further on is not it
        return None
    return subject


def _without_alias_glosses(ctx: DocContext, mentions: list[Mention]) -> list[Mention]:
    """The mentions less an alias in brackets right after its own name ("East Lake High-tech Zone
    (Optics Valley of China) in Wuhan"): the place after the gloss locates the name before it."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and set(m.entity_ids) & set(prev.entity_ids)
            and (
                (
                    re.fullmatch(r"\s*\(\s*", ctx.folded[prev.end : m.start])
                    and ctx.folded.startswith(")", m.end)
                )
                # "Southern University of Science and Technology (SUSTech, simplified Chinese:
                # ...)", "Suzhou New District (also known as ..., SND)": the name again, among
                # other glosses
                or _in_gloss(ctx, prev, m)
            )
        ):
            continue
        if prev is not None and _inside_abbreviation(ctx, prev, m):
            continue
        out.append(m)
    return out


def _in_gloss(ctx: DocContext, prev: Mention, m: Mention) -> bool:
    """`m` lies inside the brackets that open right after `prev`'s name."""
    bracket = re.match(r"\s*\(", ctx.folded[prev.end : prev.end + 3])
    if bracket is None:
        return False
    close = ctx.folded.find(")", prev.end + bracket.end())
    return prev.end + bracket.end() <= m.start and close != -1 and m.end <= close


# "Zhuzhou High-Tech Park (Zhuzhou HTP) is located ...": a short form in brackets that ends in an
# acronym; the place in it is part of the short name, not a place of its own
ABBREVIATION_GLOSS = re.compile(r"\s*\((?P<body>(?:[\w'-]+\s+){0,3}[A-Z]{2,6})\)")


def _inside_abbreviation(ctx: DocContext, prev: Mention, m: Mention) -> bool:
    gloss = ABBREVIATION_GLOSS.match(ctx.folded, prev.end)
    return gloss is not None and gloss.start("body") <= m.start and m.end < gloss.end()


def _fronted_capital(ctx: DocContext, sentence: Sentence, province, city, gap: str) -> bool:
    """ "The capital city of Guangdong Province, Guangzhou, is ...": the apposition opens the
    sentence and the city is its subject (not a list: "..., Guangzhou and Shenzhen")."""
    if not re.fullmatch(r"(?:\s+province)?,\s+", gap, re.IGNORECASE):
        return False
    if not FRONTED_CAPITAL.match(ctx.folded[sentence.start : province.start]):
        return False
    after = ctx.folded[city.end : city.end + 12]
    return not re.match(r"\s*(?:,\s*[A-Z]|(?:,\s*)?(?:and|or)\b)", after)


# "Tongzhou district of Nantong", "Tongzhou District, Nantong": a district and the city named
# right after it
DISTRICT_THEN_CITY = re.compile(r"(?:\s+district)?(?:\s+of\s+|,\s+)(?:the\s+city\s+of\s+)?", re.I)


def _namesake_of_other_city(ctx: DocContext, mentions: list[Mention], place) -> bool:
    """`place` is a district the gazetteer puts in one city, and the text names another city as
    its own right after it: a namesake the gazetteer lacks, not its district."""
    parent = ctx.parent_of(place.entity_id)
    if ctx.type_of(place.entity_id) != "district" or parent is None:
        return False
    after = next((m for m in mentions if m.start >= place.end), None)
    if after is None or not DISTRICT_THEN_CITY.fullmatch(ctx.folded, place.end, after.start):
        return False
    city = ctx.pick(after, ("city",))
    return city is not None and city != parent and ctx.parent_of(city) != parent
