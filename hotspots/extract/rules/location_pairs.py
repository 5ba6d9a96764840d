"""located_in read from two names side by side in a sentence (the gap between them says how
they relate): "Shenzhen's Nanshan district", "Jinan, the capital of Shandong", "Hangzhou,
Zhejiang", "Nanjing, Wuxi and Suzhou in Jiangsu"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext
from hotspots.extract.mentions import Mention
from hotspots.extract.rules.common import NEGATION, ClaimDraft, _typed, draft
from hotspots.extract.rules.common_lists import LINE_OPENING, coordinated, possessive_groups
from hotspots.extract.rules.common_places import _innermost_possessive, _located, placed_elsewhere
from hotspots.extract.rules.common_subjects import owns_unknown_place
from hotspots.extract.rules.location_checks import (
    _fronted_capital,
    _gapped_clause,
    _inside_longer_name,
    _namesake_of_other_city,
    _own_place_members,
    _park_in_city,
    _park_may_lie_in,
)
from hotspots.extract.rules.location_pair_ends import (
    _city_list_goes_on,
    _list_goes_on,
    _named_province_ends,
    _province_of_pair,
    _unknown_county_of_city,
)
from hotspots.extract.rules.location_patterns import (
    CAPITAL_AFTER_POSSESSIVE,
    CAPITAL_BEFORE,
    CAPITAL_GAP,
    CITY_THEN_PROVINCE,
    COMMA_GAP,
    IN_GAP,
    IS_CAPITAL,
    NEAR_LANDMARK,
    OWNED_PROVINCE,
    PART_OF_GAP,
    PART_OF_NAME,
    PART_OF_PLACE,
    POSSESSIVE_CAPITAL,
    PROVINCE_ENDS,
    REGION_OF_COUNTRY,
)
from hotspots.extract.rules.location_references import Emit
from hotspots.extract.segment import Sentence
from hotspots.extract.types import (
    LOCATED_INNER,
    LOCATED_OUTER,
)

# the last item of a list, after "and" and perhaps a descriptor ("and tech giant")
LIST_TAIL_BEFORE = re.compile(
    r"\b(?:and|or)\s+(?:(?!(?:of|in|for|from|with|to|at|on|by|the)\s)[a-z][\w-]*\s+){0,3}$"
)


ORG_TYPES = ("company", "university", "research_institute")
# what a possessive place owns when it names a body's facility, branch or unit rather than the
# body: a noun (or a capitalised word that goes on with the name) right after the body's name
ORG_FACILITY_AFTER = re.compile(
    r"['’]s\b|\s*[(\[]|[ \t]+(?:(?-i:[A-Z])|(?:\w+[ \t]+){0,2}?(?:headquarters|hq|campus|plant|factory|"
    r"facility|facilities|branch|base|site|office|offices|centre|center|lab|laboratory|unit|"
    r"subsidiary|project|park|gigafactory|store|shop|workshop|affiliate)\b)",
    re.IGNORECASE,
)


def _neighbour_pairs(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], emit: Emit
) -> Iterable[ClaimDraft]:
    """Each name and the next one: possessives, capitals, parts of a place, and (below) a name
    and its place side by side or after "in"."""
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        gap = ctx.folded[m.end : nxt.start] if nxt else ""
        # "Beijing's Zhongguancun", "Shenzhen's Nanshan district"
        if nxt and re.fullmatch(r"'s\s+(?:own\s+)?", gap):
            inner = _typed(ctx, [nxt], ("park", "district"))
            if not inner and not ORG_FACILITY_AFTER.match(ctx.folded, nxt.end):
                # "Hefei's iFlytek", "Beijing's Tsinghua University": the place's own body (not
                # its facility: "Shanghai's Tesla Gigafactory", "Wuhan's Xiaomi campus")
                inner = _typed(ctx, [nxt], ORG_TYPES)
            outer = _typed(ctx, [m], ("city", "sar", "district", "province"))
            if inner and outer:
                yield from emit(_located(sentence, inner[0], outer[0], "possessive_location", ctx))
            elif outer and ctx.type_of(outer[0].entity_id) == "province":
                # "Zhejiang's Jiaxing, Hangzhou and Huzhou, Jiangsu's Suzhou": cities of a province
                for city, province in possessive_groups(ctx, mentions, i):
                    yield from emit(_located(sentence, city, province, "possessive_location", ctx))
        elif (
            nxt and re.fullmatch(r"'s\s+[A-Z][\w'-]+,\s+", gap) and _typed(ctx, [m], ("province",))
        ):
            # "Anhui's Xuancheng, Wuhu and Hefei": the group's first city unknown to the gazetteer
            for city, province in possessive_groups(ctx, mentions, i):
                yield from emit(_located(sentence, city, province, "possessive_location", ctx))
        if nxt is None:
            continue
        # "the capital city of Shandong province Jinan": the city named after its province
        if (
            re.fullmatch(r"(?:\s+province)?\s+", gap, re.IGNORECASE)
            and CAPITAL_BEFORE.search(ctx.folded, max(sentence.start, m.start - 50), m.start)
            and not NEGATION.search(ctx.folded, max(sentence.start, m.start - 50), m.start)
        ):
            inner = _typed(ctx, [nxt], ("city",))
            outer = _typed(ctx, [m], ("province",))
            if inner and outer:
                yield from emit(_located(sentence, inner[0], outer[0], "capital_of", ctx))
        if _fronted_capital(ctx, sentence, m, nxt, gap):
            # "The capital city of Guangdong Province, Guangzhou, is ...": the apposition opens
            # the sentence and the city is its subject
            inner = _typed(ctx, [nxt], ("city",))
            outer = _typed(ctx, [m], ("province",))
            if inner and outer:
                yield from emit(_located(sentence, inner[0], outer[0], "capital_of", ctx))
        if CITY_THEN_PROVINCE.fullmatch(gap) and CAPITAL_AFTER_POSSESSIVE.match(
            ctx.folded, nxt.end
        ):
            # "Haikou, Hainan's capital, is ...": the city, then its province's possessive
            inner = _typed(ctx, [m], ("city",))
            outer = _typed(ctx, [nxt], ("province",))
            if inner and outer:
                yield from emit(_located(sentence, inner[0], outer[0], "capital_of", ctx))
        if POSSESSIVE_CAPITAL.fullmatch(gap):
            inner = _typed(ctx, [nxt], ("city",))
            outer = _typed(ctx, [m], ("province",))
            if inner and outer:
                yield from emit(_located(sentence, inner[0], outer[0], "capital_of", ctx))
            continue
        if PART_OF_GAP.fullmatch(gap):
            inner = _typed(ctx, [m], ("city", "district"))
            outer = _typed(ctx, [nxt], ("city", "province"))
            parent = ctx.parent_of(inner[0].entity_id) if inner else None
            # ("the Zhoushan Islands New Area of Zhejiang Province": the province of its city)
            if outer and outer[0].entity_id in (parent, ctx.parent_of(parent or "")):
                yield from emit(_located(sentence, inner[0], outer[0], "part_of_place", ctx))
        # "Zhongguancun Science Park is part of Beijing's Haidian district": a park or district
        # part of a place (not of a policy region: that is membership)
        if PART_OF_PLACE.fullmatch(gap) and not NEGATION.search(gap):
            inner = _typed(ctx, [m], ("park", "district"))
            outer = _innermost_possessive(
                ctx, mentions, i + 1, ("city", "sar", "district", "province", "park")
            )
            if inner and outer and not _inside_longer_name(ctx, mentions, outer):
                yield from emit(_located(sentence, inner[0], outer, "part_of_place", ctx))
        # "Hefei, the capital of Anhui province"; "Hefei, capital of eastern China's Anhui province"
        if CAPITAL_GAP.match(gap) and _typed(ctx, [m], ("city",)):
            inner = _typed(ctx, [m], ("city",))
            outer = _typed(ctx, [nxt], ("province", "country"))
            after = mentions[i + 2] if i + 2 < len(mentions) else None
            if outer and after and OWNED_PROVINCE.fullmatch(ctx.folded, nxt.end, after.start):
                # "the capital city of China's central Hubei province": the country owns the
                # province the city is the capital of
                outer = _typed(ctx, [after], ("province",)) or outer
            if inner and outer:
                yield from emit(_located(sentence, inner[0], outer[0], "capital_of", ctx))
            continue
        # "Changsha, located in the central part of China, is the capital city of Hunan province"
        capital = (
            IS_CAPITAL.search(ctx.folded[max(sentence.start, nxt.start - 90) : nxt.start])
            if "capital" in gap.lower()
            else None
        )
        if capital and not NEGATION.search(ctx.folded[sentence.start : nxt.start]):
            verb = nxt.start - len(capital.group(0))
            city = ctx.subject(sentence, ("city",), before=verb)
            outer = _typed(ctx, [nxt], ("province",))
            if (
                city is not None
                and outer
                and not re.search(r"[;:]|\bwhile\b|\bbut\b", ctx.folded[city.end : verb])
            ):
                yield from emit(_located(sentence, city, outer[0], "capital_of", ctx))
            continue
        yield from _side_by_side(ctx, sentence, mentions, i, emit)
        yield from _apposed_place(ctx, sentence, mentions, i, emit)
        yield from _in_place(ctx, sentence, mentions, i, emit)


# "Pudong, the Shanghai district east of the Huangpu River", "Qingdao, a Shandong port city":
# an apposition whose noun is qualified by the place the name lies in
APPOSED_ARTICLE = re.compile(r",\s+(?:a|an|the)\s+", re.IGNORECASE)
APPOSED_NOUN = re.compile(
    r"\s+(?:[a-z-]+\s+){0,2}?(?P<noun>district|county|city|town|suburb|new\s+area|zone|park)\b"
)
# what the noun may say of the name, by the kinds of the name and of the place
APPOSED_KINDS = {
    "district": (("district", "park"), ("city",)),
    "county": (("district",), ("city",)),
    "suburb": (("district",), ("city",)),
    "new area": (("district",), ("city", "province")),
    "city": (("city",), ("province",)),
    "town": (("city",), ("province",)),
    "zone": (("park",), ("city", "province")),
    "park": (("park",), ("city", "province")),
}


def _apposed_place(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], i: int, emit: Emit
) -> Iterable[ClaimDraft]:
    """'Pudong, the Shanghai district east of the river': the name lies in the place that
    qualifies its apposition's noun."""
    m, nxt = mentions[i], mentions[i + 1]
    if not APPOSED_ARTICLE.fullmatch(ctx.folded, m.end, nxt.start):
        return
    noun = APPOSED_NOUN.match(ctx.folded, nxt.end, sentence.end)
    if noun is None or re.match(r"['’]s\b", ctx.folded[nxt.end : nxt.end + 2]):
        return
    inner_kinds, outer_kinds = APPOSED_KINDS[re.sub(r"\s+", " ", noun["noun"].lower())]
    inner, outer = _typed(ctx, [m], inner_kinds), _typed(ctx, [nxt], outer_kinds)
    if inner and outer and not NEGATION.search(ctx.folded, m.end, noun.end()):
        yield from emit(_located(sentence, inner[0], outer[0], "apposed_place", ctx))


def _side_by_side(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], i: int, emit: Emit
) -> Iterable[ClaimDraft]:
    """`mentions[i]` and the next name after a comma: a city or district and its province or city,
    a park and its city or province."""
    m, nxt = mentions[i], mentions[i + 1]
    gap = ctx.folded[m.end : nxt.start]
    # "Hangzhou, Zhejiang." — a city and its own province side by side
    if COMMA_GAP.fullmatch(gap) and (
        PROVINCE_ENDS.match(ctx.folded[nxt.end : nxt.end + 24])
        or _named_province_ends(ctx, mentions, i + 1)
        or _province_of_pair(ctx, mentions, i + 1)
    ):
        inner = _typed(ctx, [m], ("city", "district"))
        outer = _typed(ctx, [nxt], ("province",))
        # ("Shunde, Guangdong Province": a district and its city's province, the city unsaid)
        if (
            inner
            and outer
            and outer[0].entity_id
            in ctx.ancestors(
                inner[0].entity_id, depth=2 if ctx.type_of(inner[0].entity_id) == "district" else 1
            )
            and not _city_list_goes_on(ctx, mentions, i + 1)
        ):
            yield from emit(_located(sentence, inner[0], outer[0], "city_comma_province", ctx))
        # a caption's "Zhangjiang Hi-Tech Park, Shanghai [Photo ...]": a park and its city, read
        # where the gazetteer puts the park in that city (or the park's name starts with it)
        city = _typed(ctx, [nxt], ("city",))
        park_in = _typed(ctx, [m], ("park",))
        if park_in and city and _park_in_city(ctx, park_in[0], city[0].entity_id):
            yield from emit(_located(sentence, park_in[0], city[0], "city_comma_province", ctx))
        # "a visit to Nanshan, Shenzhen, on Monday"; "in Yuhang district, Hangzhou": a
        # district and the city the gazetteer puts it in, side by side, the pair not going
        # on into a list ("Nanshan, Shenzhen, Guangzhou and ...")
        district = _typed(ctx, [m], ("district",))
        if (
            district
            and city
            and (
                ctx.parent_of(district[0].entity_id) == city[0].entity_id
                or _unknown_county_of_city(ctx, district[0], m, nxt)
            )
            and (not _list_goes_on(ctx, mentions, i + 1) or _province_of_pair(ctx, mentions, i + 1))
        ):
            yield from emit(_located(sentence, district[0], city[0], "city_comma_province", ctx))
        # a caption's "in Hefei Circular Economy Demonstration Park, Anhui province": a park
        # and the province it lies in, the province named as one
        park = _typed(ctx, [m], ("park",))
        if (
            park
            and outer
            and re.search(r"\bprovince\b", ctx.folded[nxt.start : nxt.end + 10], re.IGNORECASE)
            and _park_may_lie_in(ctx, park[0], outer[0].entity_id)
        ):
            yield from emit(_located(sentence, park[0], outer[0], "city_comma_province", ctx))


# a label's colon, then its value ("Shenzhen Hi-Tech Industrial Park: in Nanshan")
LABEL_IN = re.compile(r":(?=[ \t]+in[ \t])")


def _in_place(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], i: int, emit: Emit
) -> Iterable[ClaimDraft]:
    """`mentions[i]` (and the list it ends) in the place named after "in": each member located in
    it, or a company of a "based in" list headquartered in it."""
    m, nxt = mentions[i], mentions[i + 1]
    gap = ctx.folded[m.end : nxt.start]
    # "Nanjing, Wuxi and Suzhou in Jiangsu"; "Hengqin island in Zhuhai"; "X lies in Beijing's Haidian district"
    in_gap = IN_GAP.match(gap)
    label = LABEL_IN.match(gap)
    if in_gap is None and label and LINE_OPENING.fullmatch(ctx.folded, sentence.start, m.start):
        # a fact sheet's "- Guangming Science City: in the city's Guangming district": the label
        # names the thing, the value where it is
        in_gap = IN_GAP.match(gap[label.end() :])
    if (
        in_gap
        and not NEGATION.search(gap)
        and not re.search(r"\bas (?:is|are|was|were)\b", ctx.folded[m.end : m.end + 12])
    ):
        target = _innermost_possessive(ctx, mentions, i + 1, LOCATED_OUTER)
        if target and ctx.type_of(target.entity_id) == "country" and REGION_OF_COUNTRY.search(gap):
            # "in east China", "in the central part of China": a region of the country, which
            # the text names no further
            target = None
        if target and ctx.type_of(target.entity_id) == "country" and in_gap["noun"]:
            # "Suzhou is the largest industrial city in China": the scope of a comparison
            target = None
        if target and owns_unknown_place(ctx, target, sentence.end):
            # "settled in X in Guangzhou's Development District": the place is the district
            # the gazetteer lacks, not the city that owns it
            target = None
        if target and _inside_longer_name(ctx, mentions, target):
            # "Huli zone in Xiamen Special Economic Zone": the place is in the zone, whose
            # name only begins with the city's
            target = None
        if target and _namesake_of_other_city(ctx, mentions, target):
            # "located in Tongzhou district of Nantong": not the gazetteer's Tongzhou (Beijing's)
            target = None
        if target:
            based = re.search(
                r"\bbased\b|\bheadquarter",
                ctx.folded[max(sentence.start, m.start - 60) : target.start],
                re.IGNORECASE,
            ) or re.match(
                # "Companies based in the delta's cities include A and B in Hangzhou and C in
                # Shanghai": the subject heads every pair of the list, however long
                r"\W*(?:the\s+)?(?:companies|firms|enterprises|groups)\s+(?:(?:that\s+are|which\s+are)\s+)?"
                r"(?:based|headquartered)\s+in\b[^.;:]*?\binclude\b[^.;:]*$",
                ctx.folded[sentence.start : target.start],
                re.IGNORECASE,
            )
            members = coordinated(ctx, mentions, i, LOCATED_INNER, backwards=True)
            if (
                members
                and gap.lstrip().startswith(",")
                and LIST_TAIL_BEFORE.search(
                    ctx.folded, max(sentence.start, members[0].start - 40), members[0].start
                )
            ):
                # "jointly invested in by the province, Zhejiang University and tech giant
                # Alibaba Group, in Yuhang district": the place set off by a comma after the
                # last item of a longer list belongs to the clause, not to that item
                members = []
            if _gapped_clause(ctx, mentions, members):
                members = []  # "held its summit in Hangzhou and BYD in Shenzhen"
            if members and PART_OF_NAME.search(
                ctx.folded, max(sentence.start, members[0].start - 40), members[0].start
            ):
                # "Shares of BYD in Hong Kong", "a branch of Tsinghua University in Shenzhen":
                # the place is the shares' or the branch's, not the organisation's (a park or
                # a district is itself a place: "the exhibition centre of X Park in Suzhou")
                members = [
                    x
                    for x in members
                    if ctx.type_of(x.entity_id)
                    not in ("company", "university", "research_institute")
                ]
            for inner in _own_place_members(ctx, mentions, members):
                if in_gap["founded"] and ctx.type_of(inner.entity_id) not in (
                    "park",
                    "district",
                ):
                    continue
                if based and ctx.type_of(inner.entity_id) in (
                    "company",
                    "university",
                    "research_institute",
                ):
                    # "Companies based in the delta include Alibaba and NetEase in Hangzhou"
                    yield draft(
                        sentence,
                        "based_in_list",
                        inner.entity_id,
                        "headquartered_in",
                        object_id=target.entity_id,
                        focus=(inner.start, target.end),
                    )
                    continue
                if "/" in (
                    ctx.folded[inner.start - 1 : inner.start]
                    + ctx.folded[inner.end : inner.end + 1]
                ):
                    continue  # "Tokyo/Yokohama in Japan": one part of a cluster's name
                if NEAR_LANDMARK.search(
                    ctx.folded, max(sentence.start, inner.start - 30), inner.start
                ):
                    # "Adjacent to Shanghai in East China's Jiangsu province, Kunshan is": the
                    # place locates the sentence's subject, not the landmark it is next to
                    continue
                if inner.start != m.start and placed_elsewhere(
                    ctx, inner.entity_id, target.entity_id
                ):
                    # "Songjiang District, Jiaxing, ... and Huzhou in Zhejiang Province": the
                    # list's place does not reach a member the gazetteer puts elsewhere
                    continue
                yield from emit(_located(sentence, inner, target, "in_place", ctx))
