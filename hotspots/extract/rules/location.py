"""A place, park, district or organisation located in a larger place."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_references import PLURAL_REFERENCE_RE
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import NEGATION, ClaimDraft, _typed, cued, draft
from hotspots.extract.rules.common_lists import coordinated, possessive_groups
from hotspots.extract.rules.common_places import _innermost_possessive, _located, placed_elsewhere
from hotspots.extract.rules.common_subjects import owns_unknown_place
from hotspots.extract.rules.location_hosts import (
    _home_to,
    _including_members,
    _kind_in_place,
    _owned_examples,
    _where_located,
)
from hotspots.extract.rules.location_lists import _typed_list_members, district_lists
from hotspots.extract.rules.location_patterns import (
    CAPITAL_BEFORE,
    CAPITAL_GAP,
    COMMA_GAP,
    COMPASS,
    DIRECTION_FROM,
    DISTRICT_OF,
    IN_GAP,
    IN_REFERENCE,
    IS_CAPITAL,
    NEAR_LANDMARK,
    OUTSIDE,
    OWNED_PROVINCE,
    PART_OF_GAP,
    PART_OF_NAME,
    PART_OF_PLACE,
    PLURAL_IN_GAP,
    POSSESSIVE_CAPITAL,
    PROVINCE_ENDS,
    PROVINCE_OF_LEAD,
    REGION_OF_COUNTRY,
    SUB_UNIT_NAME,
    SUB_UNIT_OF,
    UNIT_NAME,
)
from hotspots.extract.rules.location_references import (
    reference_in_place,
    reference_opening,
    referenced_places,
)
from hotspots.extract.rules.location_shapes import (
    OPENING_LOCATED,
    SETS_UP,
    TYPED_LIST,
    _china_qualifier,
    _elsewhere,
    _fronted_capital,
    _gapped_clause,
    _inside_longer_name,
    _listed,
    _located_past_landmark,
    _opening_participle,
    _own_place_members,
    _parenthesised_place,
    _park_in_city,
    _park_may_lie_in,
    _place_sets_up,
    _without_alias_glosses,
)
from hotspots.extract.rules.location_tables import _location_column
from hotspots.extract.segment import Sentence
from hotspots.extract.types import (
    INNER_PLACES,
    LOCATED_INNER,
    LOCATED_OUTER,
)

# the last item of a list, after "and" and perhaps a descriptor ("and tech giant")
LIST_TAIL_BEFORE = re.compile(
    r"\b(?:and|or)\s+(?:(?!(?:of|in|for|from|with|to|at|on|by|the)\s)[a-z][\w-]*\s+){0,3}$"
)


@rule(
    emits={
        **{
            name: "located_in"
            for name in (
                "possessive_location",
                "capital_of",
                "city_comma_province",
                "in_place",
                "province_of_lead",
                "district_of_the_city",
                "inside_there_is",
                "including_members",
                "owned_examples",
                "home_to",
                "where_located",
                "compass_of_city",
                "part_of_place",
                "plural_in_place",
                "kind_in_place",
                "typed_list_members",
                "parenthesised_place",
                "place_sets_up",
                "district_of",
                "in_place_reference",
                "reference_place",
                "district_list",
                "reference_located",
                "opening_participle",
                "location_column",
                "located_past_landmark",
                "reference_in_place",
                "founded_in_place",
            )
        },
        "based_in_list": "headquartered_in",
        "including_headquarters": "headquartered_in",
        "where_based": "headquartered_in",
    }
)
def location(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    mentions = _without_alias_glosses(
        ctx, [m for m in ctx.mentions_in(sentence) if not _china_qualifier(ctx, m)]
    )
    emitted: set[tuple[str, str]] = set()

    def emit(d: ClaimDraft | None) -> Iterable[ClaimDraft]:
        if d is not None and _elsewhere(ctx, d.subject_id, d.object_id):
            return  # the gazetteer puts the inner place in another place of the outer's kind
        if d is not None and (d.subject_id, d.object_id) not in emitted:
            emitted.add((d.subject_id, d.object_id))
            yield d

    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        gap = ctx.folded[m.end : nxt.start] if nxt else ""
        # "Beijing's Zhongguancun", "Shenzhen's Nanshan district"
        if nxt and re.fullmatch(r"'s\s+(?:own\s+)?", gap):
            inner = _typed(ctx, [nxt], ("park", "district"))
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
        if POSSESSIVE_CAPITAL.fullmatch(gap):
            inner = _typed(ctx, [nxt], ("city",))
            outer = _typed(ctx, [m], ("province",))
            if inner and outer:
                yield from emit(_located(sentence, inner[0], outer[0], "capital_of", ctx))
            continue
        if PART_OF_GAP.fullmatch(gap):
            inner = _typed(ctx, [m], ("city", "district"))
            outer = _typed(ctx, [nxt], ("city", "province"))
            if inner and outer and ctx.parent_of(inner[0].entity_id) == outer[0].entity_id:
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
        # "Hangzhou, Zhejiang." — a city and its own province side by side
        if COMMA_GAP.fullmatch(gap) and (
            PROVINCE_ENDS.match(ctx.folded[nxt.end : nxt.end + 24])
            or _named_province_ends(ctx, mentions, i + 1)
        ):
            inner = _typed(ctx, [m], ("city", "district"))
            outer = _typed(ctx, [nxt], ("province",))
            if (
                inner
                and outer
                and ctx.parent_of(inner[0].entity_id) == outer[0].entity_id
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
                and ctx.parent_of(district[0].entity_id) == city[0].entity_id
                and not _list_goes_on(ctx, mentions, i + 1)
            ):
                yield from emit(
                    _located(sentence, district[0], city[0], "city_comma_province", ctx)
                )
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
        # "Nanjing, Wuxi and Suzhou in Jiangsu"; "Hengqin island in Zhuhai"; "X lies in Beijing's Haidian district"
        in_gap = IN_GAP.match(gap)
        if (
            in_gap
            and not NEGATION.search(gap)
            and not re.search(r"\bas (?:is|are|was|were)\b", ctx.folded[m.end : m.end + 12])
        ):
            target = _innermost_possessive(ctx, mentions, i + 1, LOCATED_OUTER)
            if (
                target
                and ctx.type_of(target.entity_id) == "country"
                and REGION_OF_COUNTRY.search(gap)
            ):
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
    # "Binjiang (滨江区) is one of ten urban districts of the city of Hangzhou"; "Qixia, a district
    # of Nanjing"; "Binjiang is a county-level district under the jurisdiction of Hangzhou"
    for i, m in enumerate(mentions[:-1]):
        nxt = mentions[i + 1]
        if not DISTRICT_OF.fullmatch(ctx.folded, m.end, nxt.start) or NEGATION.search(
            ctx.folded, m.end, nxt.start
        ):
            continue
        inner = _typed(ctx, [m], ("district",))
        outer = _innermost_possessive(ctx, mentions, i + 1, ("city", "sar", "province"))
        if inner and outer:
            yield from emit(_located(sentence, inner[0], outer, "district_of", ctx))
    # "the Yuehai subdistrict of Nanshan": a unit below a district, named with its unit word, of
    # the district it lies in (both have district/ ids: no level tells them apart)
    for i, m in enumerate(mentions[:-1]):
        nxt = mentions[i + 1]
        if not SUB_UNIT_OF.fullmatch(ctx.folded, m.end, nxt.start):
            continue
        if UNIT_NAME.search(m.text):
            # "Xingning District of Nanning": a district named with its unit word, of its city
            inner = _typed(ctx, [m], ("district",))
            outer = _innermost_possessive(ctx, mentions, i + 1, ("city", "sar", "province"))
            if inner and outer and not NEGATION.search(ctx.folded, sentence.start, m.start):
                yield from emit(_located(sentence, inner[0], outer, "district_of", ctx))
            continue
        if not SUB_UNIT_NAME.search(m.text):
            continue
        inner = _typed(ctx, [m], ("district",))
        outer = _typed(ctx, [nxt], ("district",))
        if inner and outer and inner[0].entity_id != outer[0].entity_id:
            yield from emit(
                draft(
                    sentence,
                    "district_of",
                    inner[0].entity_id,
                    "located_in",
                    object_id=outer[0],
                    focus=(m.start, nxt.end),
                )
            )
    # "Suzhou and Wuxi ... The two cities are both in Jiangsu": every member of the group
    for pr in (
        PLURAL_REFERENCE_RE.finditer(ctx.folded, sentence.start, sentence.end)
        if cued(ctx, sentence, PLURAL_REFERENCE_RE)
        else ()
    ):
        following = [x for x in mentions if x.start >= pr.end()]
        if not following or not PLURAL_IN_GAP.fullmatch(ctx.folded, pr.end(), following[0].start):
            continue
        outer = _innermost_possessive(ctx, mentions, mentions.index(following[0]), LOCATED_OUTER)
        if outer is None:
            continue
        for inner in ctx.plural_reference(sentence, pr):
            yield from emit(_located(sentence, inner, outer, "plural_in_place", ctx))
    # "In the Southern province of Sichuan, Chengdu is ..."
    for i, m in enumerate(mentions[:-1]):
        if (
            PROVINCE_OF_LEAD.search(ctx.folded[max(sentence.start, m.start - 30) : m.start])
            and re.fullmatch(r",\s+", ctx.folded[m.end : mentions[i + 1].start])
            and not OUTSIDE.search(ctx.folded[sentence.start : m.start])
            # "located 30 km north of the city proper of Xingning District of Nanning, the zone":
            # a distance or direction from the place puts the subject outside it
            and not DIRECTION_FROM.search(ctx.folded[sentence.start : m.start])
            and not _listed(ctx, mentions, i + 1)
        ):
            inner = _typed(ctx, [mentions[i + 1]], ("city", "district", "park"))
            outer = _typed(ctx, [m], ("province", "city"))
            if inner and outer:
                yield from emit(_located(sentence, inner[0], outer[0], "province_of_lead", ctx))
    # "The northern district of the city, Haidian"; "the city's Haidian district"
    for m in mentions:
        district = ctx.pick(m, INNER_PLACES)
        if district is None or not ctx.has_between(
            sentence.start, m.start, "the city", "the capital"
        ):
            continue
        lead = re.search(
            r"\b(?:district|part|area) of (?P<ref>the city|the capital),\s+$|\b(?P<ref2>the city|the capital)'s\s+$",
            ctx.folded[sentence.start : m.start],
            re.IGNORECASE,
        )
        if lead:
            city = ctx.resolve_reference(sentence, "the city", sentence.start + lead.start())
            if city:
                yield from emit(
                    _located(
                        sentence, EntitySpan.of(m, district), city, "district_of_the_city", ctx
                    )
                )
    # "Inside the Haidian district, there is the Zhongguancun Technology Hub"
    for i, m in enumerate(mentions):
        if m.start - sentence.start < 20 and re.search(
            r"(?:^|\b)(?:Inside|Within|In)\s+(?:the\s+)?$", ctx.folded[sentence.start : m.start]
        ):
            outer = _typed(ctx, [m], ("district", "city", "sar", "park"))
            for nxt in mentions[i + 1 :]:
                if outer and re.search(
                    r"\bthere (?:is|are|lies|sits)\b", ctx.folded[m.end : nxt.start]
                ):
                    if NEGATION.search(ctx.folded[m.end : nxt.start]) or re.search(
                        r"\bthere (?:is|are) no\b", ctx.folded[m.end : nxt.start]
                    ):
                        break  # "In Hefei there is no chip maker the size of SMIC"
                    for inner in coordinated(
                        ctx,
                        mentions,
                        mentions.index(nxt),
                        ("park", "district", "company", "university", "research_institute"),
                        backwards=False,
                    ):
                        yield from emit(_located(sentence, inner, outer[0], "inside_there_is", ctx))
                    break
    yield from _including_members(ctx, sentence, mentions, emit)
    # "1. Zhangjiang Hi-Tech Park (Shanghai): ..."; "Suzhou set up its Suzhou Hi-tech Park"
    if "(" in ctx.folded[sentence.start : sentence.end]:
        yield from _parenthesised_place(ctx, sentence, mentions, emit)
    if "location" in ctx.lowered:
        yield from _location_column(ctx, sentence, mentions, emit)
    if cued(ctx, sentence, OPENING_LOCATED):
        yield from _opening_participle(ctx, sentence, mentions, emit)
    if cued(ctx, sentence, SETS_UP):
        yield from _place_sets_up(ctx, sentence, mentions, emit)
    # "It has jurisdiction over 11 districts, including Xincheng, Beilin ... and Huyi": the names a
    # plural noun types (hotspots.extract.discover.typed_lists) lie in the sentence's subject
    if TYPED_LIST is not None and cued(ctx, sentence, TYPED_LIST):
        yield from _typed_list_members(ctx, sentence, mentions, emit)
    yield from _owned_examples(ctx, sentence, mentions, emit)
    yield from _kind_in_place(ctx, sentence, mentions, emit)
    yield from _home_to(ctx, sentence, mentions, emit)
    yield from _where_located(ctx, sentence, mentions, emit, emitted)
    if re.search(r"\b(?:located|situated)\b", ctx.lowered[sentence.start : sentence.end]):
        yield from _located_past_landmark(ctx, sentence, mentions, emit)
    if re.search(
        r"\b(?:established|founded|set up|opened)\s+(?:in|on)\b",
        ctx.lowered[sentence.start : sentence.end],
    ):
        yield from _founded_in_place(ctx, sentence, mentions, emit)
    # "... which covers 518 square kilometres in the south-east of the city"
    for c in (
        COMPASS.finditer(ctx.folded, sentence.start, sentence.end)
        if cued(ctx, sentence, COMPASS)
        else ()
    ):
        outer = (
            ctx.resolve_reference(sentence, "the city", sentence.start)
            if c.group("ref").lower() == "the city"
            else None
        )
        inner = [
            x
            for x in _typed(ctx, [x for x in mentions if x.end <= c.start()], ("park", "district"))
        ]
        if outer and inner:
            yield from emit(_located(sentence, inner[-1], outer, "compass_of_city", ctx))
    # "It is located in Suzhou Industrial Park"; "The park lies in Pudong"
    yield from reference_opening(ctx, sentence, mentions, emit)
    # "Optics Valley, a high-tech zone in the city"; "Tencent is located in the district" (after
    # the compass shapes, which state the same claims more precisely)
    for i, m in enumerate(mentions if cued(ctx, sentence, IN_REFERENCE) else ()):
        ref = IN_REFERENCE.match(ctx.folded, m.end, sentence.end)
        if (
            ref is None
            or (i + 1 < len(mentions) and mentions[i + 1].start < ref.end())
            or NEGATION.search(ref.group(0))
        ):
            continue
        place = ctx.resolve_reference(sentence, "the " + ref["ref"].lower(), m.start)
        for inner in coordinated(ctx, mentions, i, LOCATED_INNER, backwards=True):
            if place is not None:
                yield from emit(_located(sentence, inner, place, "in_place_reference", ctx))
    # "in the city's Guangming district"; "Binhu Science City, a new district of the city"
    yield from referenced_places(ctx, sentence, mentions, emit)
    yield from reference_in_place(ctx, sentence, mentions, emit)
    # "Yaohai, Luyang, Shushan and Baohe districts" under a city named in the sentence
    yield from district_lists(ctx, sentence, mentions, emit)


def _list_goes_on(ctx: DocContext, mentions: list, i: int) -> bool:
    """Whether the place `mentions[i]` is followed by another place after a comma or 'and' ("...,
    Shenzhen, Guangzhou and Hangzhou"): it is then an item of a list, not the place of the name
    before it."""
    if i + 1 >= len(mentions):
        return False
    gap = ctx.folded[mentions[i].end : mentions[i + 1].start]
    return re.fullmatch(r"\s*(?:,|,?\s+(?:and|or))\s+(?:the\s+)?", gap, re.IGNORECASE) is not None


# "X (XZ) was established in 1988 in Y", "X established in Y", "X was opened in Y on March 11":
# a founding verb between a zone, district or university and the place it was set up in
FOUNDED_IN_GAP = re.compile(
    r"\s*(?:\([^()]{1,20}\)\s*)?,?\s*(?:(?:was|were|has\s+been|have\s+been|had\s+been)\s+)?"
    r"(?:(?:officially|formally|first|jointly)\s+)?(?:established|founded|set\s+up|opened)\s+"
    r"(?:(?:in|on)\s+(?:(?:[A-Z][a-z]+\.?|\d{1,2})\s+){0,2}(?:\d{1,2},?\s+)?(?:1[89]|20)\d{2}\s+)?"
    r"in\s+(?:the\s+)?"
)
FOUNDED_INNER = ("park", "district", "university", "research_institute")
FOUNDED_OUTER = ("district", "park", "city", "sar", "province")


def _founded_in_place(ctx, sentence, mentions, emit) -> Iterable[ClaimDraft]:
    """ "Westlake University established in Hangzhou", "the zone's X was set up in 2009 in Y": a
    zone, district, university or institute and the place it was founded in (a company, which
    may have moved since, is left out)."""
    for i, m in enumerate(mentions[:-1]):
        nxt = mentions[i + 1]
        if not FOUNDED_IN_GAP.fullmatch(ctx.folded, m.end, nxt.start):
            continue
        if NEGATION.search(ctx.folded, max(sentence.start, m.start - 30), nxt.start):
            continue
        if re.match(r"['’]s\b", ctx.folded[nxt.end : nxt.end + 2]):
            continue  # "set up in Shenzhen's Nanshan district": the owned name is the place
        inner = _typed(ctx, [m], FOUNDED_INNER)
        outer = _typed(ctx, [nxt], FOUNDED_OUTER)
        if inner and outer:
            yield from emit(_located(sentence, inner[0], outer[0], "founded_in_place", ctx))


def _city_list_goes_on(ctx: DocContext, mentions: list, i: int) -> bool:
    """ "Changchun, Jilin, Siping and Liaoyuan": the name after the pair's second is another city
    of a list (a province name that is also a city's is then that city), not "Hangzhou, Zhejiang,
    China"."""
    nxt = mentions[i]
    if re.search(r"\bprovince\b", ctx.folded[nxt.start : nxt.end + 10], re.IGNORECASE):
        return (
            False  # "Zhengzhou, Central China's Henan Province, Qingdao in ...": named a province
        )
    after = mentions[i + 1] if i + 1 < len(mentions) else None
    if (
        after
        and re.fullmatch(r",\s+", ctx.folded[nxt.end : after.start])
        and _typed(ctx, [after], ("country",))
    ):
        return False  # "Hangzhou, Zhejiang, China and ...": the pair's country follows
    if CAPITALISED_LIST_GOES_ON.match(ctx.folded, nxt.end):
        return True  # "..., Jilin, Siping and Liaoyuan": names the gazetteer may lack go on
    return _list_goes_on(ctx, mentions, i) and bool(
        _typed(ctx, [mentions[i + 1]], ("city", "district"))
    )


# ", Siping and Liaoyuan", ", Siping, Liaoyuan": more capitalised names joined as a list
CAPITALISED_LIST_GOES_ON = re.compile(
    r",\s+(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?(?:,\s+(?:and\s+)?|\s+and\s+)(?-i:[A-Z])"
)


def _named_province_ends(ctx: DocContext, mentions: list, i: int) -> bool:
    """ "in Suzhou New District, Jiangsu province started operation": a name that says it is a
    province ends the pair whatever follows, unless a list goes on ("..., Jiangsu province and
    Anhui")."""
    nxt = mentions[i]
    if not re.search(r"\bprovince$", ctx.folded[nxt.start : nxt.end], re.IGNORECASE):
        return False
    if re.match(r"\s+(?:and|or|&)\s", ctx.folded[nxt.end : nxt.end + 6], re.IGNORECASE):
        return False
    return not _list_goes_on(ctx, mentions, i)
