"""Shapes the location rule (`location.location`) reads beyond a name's neighbours: names in
parentheses, places that set up parks, typed lists, sentence-opening participles, a landmark
between a name and its place. The checks its claims share (the gazetteer's own parents, lists
that mix possessive groups, a verb's subject) are in location_checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext
from hotspots.extract.discover import typed_list_pattern
from hotspots.extract.rules.common import NEGATION, ClaimDraft, _typed
from hotspots.extract.rules.common_lists import coordinated
from hotspots.extract.rules.common_places import _innermost_possessive, _located
from hotspots.extract.rules.location_checks import _own_place_members
from hotspots.extract.rules.location_patterns import KIND_NOUNS
from hotspots.extract.segment import Sentence
from hotspots.extract.types import LOCATED_INNER, LOCATED_OUTER

TYPED_LIST = typed_list_pattern()
CLUSTER_WORD = re.compile(r"\bclusters?\b", re.IGNORECASE)
PLACE_IN_PARENTHESES = re.compile(r"\s*\(\s*$")
PARENTHESES_CLOSE = re.compile(r"\s*(?:,\s*[^()]{1,30})?\)")
SETS_UP = re.compile(
    r"\b(?:also\s+)?(?:set\s+up|established|launched|built|founded|opened)\s+(?:its|their|the|a)\s+",
    re.IGNORECASE,
)


def _parenthesised_place(ctx, sentence, mentions, emit) -> Iterable[ClaimDraft]:
    """ "1. Zhangjiang Hi-Tech Park (Shanghai): chips": a park, district or organisation, then
    the place it lies in, alone in parentheses (a province after it may follow: "(Hefei,
    Anhui)"), or a city then its country ("Wuhan (China)"); not inside a legal name that goes on
    after them ("NIO (Anhui) Holdings"), and not after a university, whose campus the parentheses
    name ("Peking University (Shenzhen)")."""
    for i in range(len(mentions) - 1):
        m, nxt = mentions[i], mentions[i + 1]
        if not PLACE_IN_PARENTHESES.fullmatch(ctx.folded[m.end : nxt.start]):
            continue
        close = PARENTHESES_CLOSE.match(ctx.folded, nxt.end)
        if close is None or re.match(r"[ \t]*[A-Z]", ctx.folded[close.end() : close.end() + 3]):
            continue  # "NIO (Anhui) Holdings Co., Ltd.": the place is part of a legal name
        inner = _typed(ctx, [m], ("park", "district", "company", "research_institute"))
        outer = _typed(ctx, [nxt], ("city", "province"))
        if not inner and not outer and not _about_clusters(ctx, sentence):
            # "Guangzhou (China)", "Boston metropolitan area (U.S.)": a city of a list of cities
            # (a list of clusters, "4. Beijing (China)", names clusters, which lie nowhere)
            inner = _typed(ctx, [m], ("city",))
            outer = _typed(ctx, [nxt], ("country",))
        if inner and outer:
            yield from emit(_located(sentence, inner[0], outer[0], "parenthesised_place", ctx))


def _place_sets_up(ctx, sentence, mentions, emit) -> Iterable[ClaimDraft]:
    """ "Suzhou, Jiangsu province, set up its Suzhou Hi-tech Park": a place that sets up a park
    of its own, named right after the verb; the place is the verb's subject (the nearest place
    before it, past a province in apposition), in the same clause."""
    for v in SETS_UP.finditer(ctx.folded, sentence.start, sentence.end):
        after = [x for x in mentions if x.start >= v.end()]
        if not after or after[0].start != v.end():
            continue
        park = _typed(ctx, after[:1], ("park",))
        before = [x for x in mentions if x.end <= v.start()]
        if not park or not before:
            continue
        k = len(before) - 1
        gap = ctx.folded[before[k].end : v.start()]
        if (
            k > 0
            and re.fullmatch(r",\s*", ctx.folded[before[k - 1].end : before[k].start])
            and re.fullmatch(r"(?:\s+province)?,\s*", gap, re.IGNORECASE)
            and _typed(ctx, [before[k]], ("province",))
        ):
            k -= 1  # "Suzhou, Jiangsu province, set up": the city is the subject
            gap = ctx.folded[before[k].end : v.start()]
        if not re.fullmatch(r"(?:,\s*[^,;]*,)?\s*", gap) or NEGATION.search(gap):
            continue
        place = _typed(ctx, [before[k]], ("city", "province", "district"))
        if place:
            yield from emit(_located(sentence, park[0], place[0], "place_sets_up", ctx))


# "Located in the heart of the Yangtze River Delta, ...": a participle opening the sentence
# "As an important industrial town in Jiangsu, Nanjing is ...": a place noun in apposition to
# the subject, fronted with "as"
OPENING_LOCATED = re.compile(
    r"\W*(?:(?:Located|Situated|Lying|Nestled)\s+(?:in|at|on)\s+(?:the\s+)?"
    r"(?:(?:[\w-]+\s+){0,2}?(?:heart|centre|center|middle|core|part|edge|coast|bank|shore|side|"
    r"outskirts|suburbs)\s+of\s+(?:the\s+)?"
    # ("on the west coast of the thriving metropolis of Shenzhen": the place's own noun and 'of')
    # (not "the capital city of Shandong province Jinan": OPENING_CAPITAL's shape)
    r"(?:(?:(?!capital\b)[\w-]+\s+){0,2}?(?:metropolis|city|province|municipality)\s+of\s+)?"
    # "Situated in the south of Zhuhai City, Hengqin ..."
    r"|(?:north|south|east|west)(?:-?(?:east|west))?\s+of\s+(?:the\s+)?)?"
    # "Founded in January 1990 in southwest Shenzhen, Nanshan District covers ...": a place set
    # up in a place (a district or park; a firm founded somewhere may have moved since)
    r"|(?P<founded>(?:Founded|Established|Set\s+up)\s+in\s+(?:[A-Z][a-z]+\s+)?(?:19|20)\d{2}\s+"
    r"in\s+(?:the\s+)?)"
    r"|(?P<as>As\s+(?:a|an|the|one\s+of\s+the)\s+(?:[\w-]+\s+){0,5}?"
    r"(?:city|cities|town|hub|centre|center|base|district|zone|park|port|metropolis)\s+in\s+(?:the\s+)?))"
    r"(?P<compass>(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?",
    re.IGNORECASE,
)
OPENING_CAPITAL = re.compile(r"(?:the\s+)?(?:provincial\s+)?capital\s+(?:city\s+)?of\s+$", re.I)
# what the participle qualifies: a place or a reference to one that a verb follows ("..., Wuxi
# is", "..., the city's history dates back", "..., it has")
OPENING_SUBJECT = re.compile(
    r",\s+(?:(?P<ref>it|the (?:city|district|zone|park|province|region))(?:'s\b|\s+(?:\w+\s+)?"
    r"(?:is|was|has|had|boasts|became|remains|covers|lies|sits|enjoys|hosts|serves|acts|stands)\b))?",
    re.IGNORECASE,
)
# ("..., Yichang, which was called Yiling in ancient time, has": past a relative clause)
SUBJECT_VERB = re.compile(
    r"(?:\s+(?:city|district|province|zone|park))?(?:'s\b|(?:,\s+which\s+[^,;]{1,80},)?"
    r"\s+(?:is|was|has|had|boasts|became|remains|covers|lies|sits|enjoys|hosts|serves|acts|stands)\b)",
    re.IGNORECASE,
)
OPENING_INNER = ("park", "district", "city", "company", "university", "research_institute")
FOUNDED_INNER = ("park", "district")
ISLAND_OF = re.compile(r"the\s+(?:island|town|district|county|area)\s+of\s+", re.IGNORECASE)
AS_PLACE_ENDS = re.compile(r"(?:\s+(?:province|city|municipality))?,\s+", re.IGNORECASE)
AS_INNER = ("park", "district", "city")
CHINAS = re.compile(r"China['’]s\s+")
AS_OUTER = ("district", "city", "province")


def _opening_participle(ctx, sentence, mentions, emit) -> Iterable[ClaimDraft]:
    """ "Located in the heart of the Yangtze River Delta, within easy reach of Shanghai, Wuxi is
    ...": the place the participle names holds the sentence's subject, the first place (or
    reference to one) after a comma that a verb follows; a region of the country ("Located in
    central China") names no place."""
    opening = OPENING_LOCATED.match(ctx.folded, sentence.start, sentence.end)
    if opening is None or not mentions:
        return
    capital = OPENING_CAPITAL.match(ctx.folded, opening.end(), mentions[0].start)
    if capital and len(mentions) > 1 and _typed(ctx, mentions[:1], ("province",)):
        # "Situated in the east part of the capital city of Shandong province Jinan, the zone":
        # the place is the capital named after its province
        if not re.fullmatch(
            r"(?:\s+province)?,?\s+", ctx.folded[mentions[0].end : mentions[1].start], re.I
        ):
            return
        mentions = mentions[1:]
    elif mentions[0].start != opening.end() and not CHINAS.fullmatch(
        ctx.folded, opening.end(), mentions[0].start
    ):
        # ("Located in east China's Jiangsu province, Changzhou ...": the country owns the place)
        return
    if (
        len(mentions) > 1
        and ctx.pick(mentions[0], ("country",))
        and CHINAS.fullmatch(ctx.folded, mentions[0].start, mentions[1].start)
    ):
        mentions = mentions[1:]  # "Located in China's Jiangsu province, ..."
    outer = _typed(ctx, mentions[:1], ("park", "district", "city", "province", "policy_region"))
    if not outer or (opening["compass"] and ctx.type_of(outer[0].entity_id) == "country"):
        return
    if opening["as"] and (
        not AS_PLACE_ENDS.match(ctx.folded, outer[0].end)
        or ctx.type_of(outer[0].entity_id) not in AS_OUTER
    ):
        # "As a hub in Shanghai's orbit, Suzhou ...": the place names only part of the phrase;
        # "As a city in the Yangtze River Delta": a region's cities are its members (membership)
        return
    for comma in re.finditer(r",\s+", ctx.folded[outer[0].end : sentence.end]):
        pos = outer[0].end + comma.start()
        subject = OPENING_SUBJECT.match(ctx.folded, pos)
        inner = None
        if subject is not None and subject["ref"]:
            inner = ctx.resolve_reference(sentence, subject["ref"], sentence.start)
        else:
            # "..., Wuxi is"; "..., the Jinan High-tech Zone enjoys"
            at = pos + len(comma.group(0))
            # ("..., the island of Hengqin is": the name after a place noun and "of")
            lead = ISLAND_OF.match(ctx.folded, at)
            named = [
                m
                for m in mentions
                if m.start == at
                or (m.start == at + 4 and ctx.folded[at : at + 4].lower() == "the ")
                or (lead is not None and m.start == lead.end())
            ]
            verb = SUBJECT_VERB.match(ctx.folded, named[0].end) if named else None
            if verb:
                kinds = AS_INNER if opening["as"] else OPENING_INNER
                found = _typed(ctx, named, FOUNDED_INNER if opening["founded"] else kinds)
                inner = found[0] if found else None
                if (
                    inner is not None
                    and "'s" in verb.group(0)
                    and ctx.type_of(inner.entity_id) not in ("park", "district", "city")
                ):
                    # "Located in Shenzhen, Huawei's rival ZTE grew": a firm's possessive names
                    # the owner of the subject (its rival, its lab), not the subject; a place's
                    # ("Wuxi's economy") still stands for the place
                    return
        if inner is not None:
            if not NEGATION.search(ctx.folded, sentence.start, inner.start):
                yield from emit(_located(sentence, inner, outer[0], "opening_participle", ctx))
            return


def _about_clusters(ctx: DocContext, sentence: Sentence) -> bool:
    """Whether the sentence, or the lines that introduce its list, speak of clusters."""
    lines = [sentence]
    if sentence.is_list_item:
        lines += ctx.list_intro(sentence, 1)
    return any(CLUSTER_WORD.search(line.text) for line in lines)


# "located in the north of the Yangtze River and east of Jialing River in the main urban area of
# Chongqing", "located in Qinwangchuan Basin in the north of the provincial capital Lanzhou",
# "located on the west bank of Xiangjiang River in Zhuzhou": a landmark the gazetteer does not
# know, then (after "in" or "of") the place that holds it
LOCATED_PAST_LANDMARK = re.compile(
    r"^(?:\s*\([^()]{1,40}\))?\s*,?\s+(?:which\s+)?(?:(?:is|are|was|were)\s+)?(?:(?:also|now)\s+)?"
    r"(?:located|situated)\s+(?:in|on|at)\s+(?P<landmark>[^,;:()\d\n]{3,90}?)\s+(?:in|of)\s+"
    r"(?:the\s+)?(?:(?:[\w-]+\s+){0,2}?(?:heart|centre|center|middle|core|urban\s+area)\s+of\s+"
    r"(?:the\s+)?|(?:(?:provincial|prefectural)\s+)?capital\s+(?:city\s+)?(?:of\s+)?|city\s+of\s+)?$",
    re.IGNORECASE,
)
# a landmark that is beside, across from or compared with a place: the place does not hold it
LANDMARK_NOT_INSIDE = re.compile(
    r"\b(?:between|near|nearby|next|from|outside|beyond|away|opposite|close|adjacent|borders?|"
    r"bordering|across|than|as|not|neighbou?r\w*|same|like|instead|rather|former|formerly)\b",
    re.IGNORECASE,
)


def _located_past_landmark(ctx, sentence, mentions, emit) -> Iterable[ClaimDraft]:
    """ "The new area is located in the north of the Yangtze River ... in the main urban area of
    Chongqing": between the name and the place only a landmark no name the gazetteer knows, and
    the landmark lies inside the place (no "near", "between", "across from")."""
    for i, m in enumerate(mentions[:-1]):
        gap = LOCATED_PAST_LANDMARK.match(ctx.folded[m.end : mentions[i + 1].start])
        if gap is None or LANDMARK_NOT_INSIDE.search(gap["landmark"]) or NEGATION.search(gap[0]):
            continue
        outer = _innermost_possessive(ctx, mentions, i + 1, LOCATED_OUTER)
        if outer is None or ctx.type_of(outer.entity_id) == "country":
            # "located in the central part of China": a region of the country the text names no
            # further (the location rule's own reading)
            continue
        for inner in _own_place_members(
            ctx, mentions, coordinated(ctx, mentions, i, LOCATED_INNER, backwards=True)
        ):
            yield from emit(_located(sentence, inner, outer, "located_past_landmark", ctx))


# "brands such as HuiYuan of Beijing, Haier and Aucma of Qingdao": a company, then "of" and the
# city or province it comes from, the name ending there
ORG_OF_PLACE_END = re.compile(r"\s*(?:[,.;:)]|(?:and|or)\s|$)")


def _org_of_place(
    ctx: DocContext, sentence: Sentence, mentions: list, emit
) -> Iterable[ClaimDraft]:
    """'Haier and Aucma of Qingdao': each company of the list lies in the place after 'of'."""
    for i, m in enumerate(mentions[:-1]):
        nxt = mentions[i + 1]
        if ctx.folded[m.end : nxt.start] != " of " or not _typed(ctx, [m], ("company",)):
            continue
        place = _typed(ctx, [nxt], ("city", "province"))
        if not place or not ORG_OF_PLACE_END.match(ctx.folded, nxt.end, sentence.end):
            continue
        for org in coordinated(ctx, mentions, i, ("company",), backwards=True):
            yield from emit(_located(sentence, org, place[0], "org_of_place", ctx))


# "BOE, one of Hefei's leading companies, makes ...", "Fudan, Shanghai's oldest university,": an
# apposition whose noun the place owns says the name is the place's
OWNED_APPOSITION_GAP = re.compile(r",\s+(?:one\s+of\s+)?")
OWNED_APPOSITION_NOUN = re.compile(
    r"['’]s\s+(?:[a-z][\w-]*\s+){0,3}?(?:" + KIND_NOUNS + r"|companies|firms|universities|"
    r"institutes|enterprises|manufacturers|makers|producers|brands|groups)(?=\s*[,.;]|\s+and\s)"
)
OWNED_INNER = ("company", "university", "research_institute", "park")
OWNED_OUTER = ("city", "district", "province", "sar")


def _owned_apposition(
    ctx: DocContext, sentence: Sentence, mentions: list, emit
) -> Iterable[ClaimDraft]:
    """'BOE, one of Hefei's leading companies,': the name lies in the place whose noun it is."""
    for i, m in enumerate(mentions[:-1]):
        nxt = mentions[i + 1]
        if not OWNED_APPOSITION_GAP.fullmatch(
            ctx.folded, m.end, nxt.start
        ) or not OWNED_APPOSITION_NOUN.match(ctx.folded, nxt.end, sentence.end):
            continue
        inner, outer = _typed(ctx, [m], OWNED_INNER), _typed(ctx, [nxt], OWNED_OUTER)
        if inner and outer and not NEGATION.search(ctx.folded, m.end, sentence.end):
            yield from emit(_located(sentence, inner[0], outer[0], "owned_apposition", ctx))
