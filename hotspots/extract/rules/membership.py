"""Membership of policy regions and their core cities.

The one rule's shapes are in membership_words, the region a sentence speaks of in
membership_regions, a subject the statement does not name in membership_subjects."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_references import PLURAL_REFERENCE_RE
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import NEGATION, ClaimDraft, _typed, cued, draft
from hotspots.extract.rules.common_lists import GROUP_GAP, coordinated, possessive_groups
from hotspots.extract.rules.membership_regions import (
    _cities_of_province,
    _region_context,
    _them_are_others,
)
from hotspots.extract.rules.membership_subjects import (
    closed_list_tail,
    not_a_fronted_list,
    referenced_member,
)
from hotspots.extract.rules.membership_words import (
    AT_CORE,
    CORE_CUE,
    FORM_CORE,
    INCLUDES,
    LIST_RESUMES,
    MAKE_UP,
    MAKE_UP_CUE,
    MAKE_UP_REGION,
    MEMBER_BEFORE,
    MEMBER_LEAD,
    MEMBER_LIST_LEAD,
    MEMBERS_OPENING,
    NOT_MEMBER_BEFORE,
    ONE_OF_CITIES,
    OUTSIDE_GROUP,
    PLACE_THEN_LIST,
    REGION_AS_SUBJECT,
    REGION_BEFORE_LIST,
    SCENE_SETTING,
    UNITES,
)
from hotspots.extract.segment import Sentence
from hotspots.extract.types import CITIES, MEMBER_PLACES, REGIONS

# a figure of area between "covers" and a place: the place says where, it is no member
AREA_IN_GAP = re.compile(r"\b(?:square|sq|km2|km²|hectares?)\b", re.IGNORECASE)


@rule(
    emits={
        **{
            name: "member_of"
            for name in (
                "part_of",
                "forms_region",
                "region_includes",
                "unites_members",
                "it_includes",
                "member_list",
                "members_opening",
                "which_make_up",
            )
        },
        "member_list_province": "located_in",
        "core_city": "core_city_of",
    }
)
def membership(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    mentions = ctx.mentions_in(sentence)
    if not mentions:
        # every shape below takes its member, its group or both from `mentions` (a group read
        # from context or a plural reference is only ever the other end): nothing to read here
        return
    emitted: set[tuple[str, str, str]] = set()

    def emit(
        subject: str, predicate: str, group: str | EntitySpan, focus: tuple[int, int], name: str
    ) -> Iterable[ClaimDraft]:
        group_id = group.entity_id if isinstance(group, EntitySpan) else group
        if subject != group_id and (subject, predicate, group_id) not in emitted:
            emitted.add((subject, predicate, group_id))
            yield draft(sentence, name, subject, predicate, object_id=group, focus=focus)

    def members_from(index: int) -> list[EntitySpan]:
        return [
            m
            for m in coordinated(ctx, mentions, index, MEMBER_PLACES, backwards=False)
            if not NOT_MEMBER_BEFORE.search(ctx.folded[max(sentence.start, m.start - 20) : m.start])
            # "Jiangsu's riverside towns": a possessive names an owner, not a member
            and not re.match(r"['’]s\s", ctx.folded[m.end : m.end + 3])
        ]

    for gm in mentions:
        group = ctx.pick(gm, REGIONS)
        if group is None:
            continue
        before = ctx.folded[max(sentence.start, gm.start - 40) : gm.start]
        # "X is part of Y" / "X belongs to Y" / "Part of Y, X is ..."
        if NEGATION.search(before):
            continue  # "Beijing does not belong to the Yangtze River Delta"
        if MEMBER_BEFORE.search(before) or MEMBER_LEAD.match(ctx.folded[sentence.start : gm.start]):
            if MEMBER_LEAD.match(ctx.folded[sentence.start : gm.start]):
                after = [k for k, x in enumerate(mentions) if x.start > gm.end]
                subjects = (
                    coordinated(ctx, mentions, after[0], MEMBER_PLACES, backwards=False)
                    if after
                    else []
                )
            else:
                prior = [
                    k
                    for k, x in enumerate(mentions)
                    if x.end <= gm.start and ctx.pick(x, MEMBER_PLACES)
                ]
                subjects = (
                    closed_list_tail(
                        ctx, coordinated(ctx, mentions, prior[-1], MEMBER_PLACES, backwards=True)
                    )
                    if prior
                    else []
                )
            subjects = [
                m
                for m in subjects
                if not SCENE_SETTING.search(ctx.folded[max(sentence.start, m.start - 35) : m.start])
            ]
            subjects = not_a_fronted_list(
                ctx, subjects, MEMBER_BEFORE.search(before), gm.start - len(before)
            )
            if not subjects:
                subjects = referenced_member(ctx, sentence, gm.start)
            if not subjects and cued(ctx, sentence, PLURAL_REFERENCE_RE):
                # "Shenzhen and Hong Kong ... The two cities are part of the Greater Bay Area"
                plural = list(
                    PLURAL_REFERENCE_RE.finditer(
                        ctx.folded, ctx.clause(sentence, gm.start)[0], gm.start
                    )
                )
                if plural:
                    subjects = [
                        x
                        for x in ctx.plural_reference(sentence, plural[-1])
                        if ctx.type_of(x.entity_id) in MEMBER_PLACES
                    ]
            for m in subjects:
                yield from emit(
                    m.entity_id,
                    "member_of",
                    group,
                    (min(m.start, gm.start), max(m.end, gm.end)),
                    "part_of",
                )
        prior_place = [x for x in mentions if x.end <= gm.start]
        if prior_place and not NEGATION.search(ctx.folded, prior_place[-1].end, gm.start):
            near = prior_place[-1]
            member = ctx.pick(near, MEMBER_PLACES)
            if member and ONE_OF_CITIES.match(ctx.folded[near.end : gm.start]):
                yield from emit(member, "member_of", group, (near.start, gm.end), "part_of")
        # "Together with Shanghai, Hangzhou forms the Economic Zone of the Yangtze River Delta"
        # (not "form the core of" (a core city, read below), nor "the region's economy": the
        # region owns what is formed)
        if re.search(
            r"\bforms?\b(?![^,.;]*\b(?:with|a|an|partnerships?|alliances?|links?|ties|bridges?|core|heart)\b)[^,.;]{0,50}$",
            ctx.folded[sentence.start : gm.start],
        ) and not re.match(r"['’]s\b", ctx.folded[gm.end : gm.end + 3]):
            for m in _typed(ctx, [x for x in mentions if x.end <= gm.start], MEMBER_PLACES):
                yield from emit(m.entity_id, "member_of", group, (m.start, gm.end), "forms_region")
        # "the YRD comprises the municipality of Shanghai and the provinces of Jiangsu, Zhejiang and Anhui"
        tail = ctx.folded[gm.end : sentence.end]
        inc = INCLUDES.match(tail)
        bridge = None if inc else REGION_BEFORE_LIST.match(tail)
        if bridge and (
            bridge.group("scheme")
            or REGION_AS_SUBJECT.search(ctx.folded[sentence.start : gm.start])
        ):
            tail = tail[bridge.end() :]
            inc = INCLUDES.match(tail)
            gm_end = gm.end + bridge.end()
        else:
            gm_end = gm.end
        if inc and OUTSIDE_GROUP.search(before):
            inc = None  # "Cities outside the Greater Bay Area, including Changsha and Wuhan"
        if inc:
            after = [k for k, x in enumerate(mentions) if x.start >= gm_end + inc.end()]
            gap = ctx.folded[gm_end + inc.end() : mentions[after[0]].start] if after else ""
            if (
                after
                # "consists of 15 cities: A, B", "consists of 15 cities (A, B, ...)"
                and re.fullmatch(r"[\w\s,'-]{0,90}[:(]?\s*", gap)
                # "covers 298 square kilometers on the east coast of Haikou": an area, then where
                and not AREA_IN_GAP.search(gap)
            ):
                k = after[0]
                # "covers nine cities, including Zhejiang's Jiaxing and Hangzhou, Jiangsu's Suzhou"
                grouped = possessive_groups(ctx, mentions, k)
                members = [city for city, _ in grouped] or members_from(k)
                if members and not grouped:
                    # "nine cities – Shanghai, Zhejiang Province's Jiaxing, Hangzhou, ...": plain
                    # members, then the groups a province's possessive heads
                    j = 1 + next(j for j, x in enumerate(mentions) if x.start == members[-1].start)
                    if j < len(mentions) and GROUP_GAP.fullmatch(
                        ctx.folded[mentions[j - 1].end : mentions[j].start]
                    ):
                        members += [city for city, _ in possessive_groups(ctx, mentions, j)]
                if not members and k + 1 < len(mentions):
                    # "nine cities in Guangdong province - Guangzhou, Shenzhen, ... - and the two
                    # SARs of Hong Kong and Macao": the members listed after the place they lie in
                    lead = PLACE_THEN_LIST.fullmatch(
                        ctx.folded[mentions[k].end : mentions[k + 1].start]
                    )
                    if lead:
                        members = members_from(k + 1)
                        while members:
                            last = next(
                                j for j, x in enumerate(mentions) if x.start == members[-1].start
                            )
                            if last + 1 >= len(mentions) or not LIST_RESUMES.fullmatch(
                                ctx.folded[mentions[last].end : mentions[last + 1].start]
                            ):
                                break
                            more = members_from(last + 1)
                            if not more:
                                break
                            members += more
                for m in members:
                    yield from emit(
                        m.entity_id, "member_of", group, (gm.start, m.end), "region_includes"
                    )
    opening = MEMBERS_OPENING.match(sentence.text)
    if opening:
        start = sentence.start + opening.end()
        for k, gm in enumerate(mentions):
            group = ctx.pick(gm, REGIONS) if gm.start >= start else None
            if group is None:
                continue
            if re.search(r",\s+(?:the\s+)?$", ctx.folded[start : gm.start]) and not re.search(
                r"[;.]", ctx.folded[start : gm.start]
            ):
                for m in _typed(ctx, [x for x in mentions[:k] if x.start >= start], MEMBER_PLACES):
                    yield from emit(
                        m.entity_id, "member_of", group, (m.start, gm.end), "members_opening"
                    )
            break
    for k, x in enumerate(mentions if cued(ctx, sentence, MAKE_UP_CUE) else ()):
        if k == 0:
            continue
        before = ctx.folded[mentions[k - 1].end : x.start]
        group = ctx.pick(x, REGIONS)
        m = MAKE_UP.search(before)
        if group is None or m is None or NEGATION.search(before):
            continue
        for member in coordinated(ctx, mentions, k - 1, MEMBER_PLACES, backwards=True):
            yield from emit(
                member.entity_id, "member_of", group, (member.start, x.end), "which_make_up"
            )
    up = MAKE_UP_REGION.search(sentence.text) if cued(ctx, sentence, MAKE_UP_CUE) else None
    if up:
        pos = sentence.start + up.start()
        group = ctx.resolve_reference(sentence, "the region", pos)
        prior = [k for k, x in enumerate(mentions) if x.end <= pos]
        if group and ctx.type_of(group.entity_id) in REGIONS and prior:
            for member in coordinated(ctx, mentions, prior[-1], MEMBER_PLACES, backwards=True):
                yield from emit(
                    member.entity_id,
                    "member_of",
                    group,
                    (member.start, sentence.start + up.end()),
                    "which_make_up",
                )
    # "the GBA leverages ... to unite the strengths of Hong Kong, Shenzhen, Guangzhou and Macao"
    for u in (
        UNITES.finditer(ctx.folded, sentence.start, sentence.end)
        if cued(ctx, sentence, UNITES)
        else ()
    ):
        group = None
        for gm in ctx.mentions_between(sentence.start, u.start()):
            group = ctx.pick(gm, REGIONS) or group
        if group is None:
            resolved = _region_context(ctx, sentence, exclude=(u.start(), sentence.end))
            group = resolved.entity_id if resolved else None
        after = [k for k, x in enumerate(mentions) if x.start >= u.end()]
        if group and after and mentions[after[0]].start - u.end() <= 3:
            for m in coordinated(ctx, mentions, after[0], CITIES, backwards=False):
                yield from emit(
                    m.entity_id, "member_of", group, (u.start(), m.end), "unites_members"
                )
    # "It consists of the municipalities of Beijing and Tianjin and Hebei province"
    lead = re.match(r"^\W*(?:It|The region|The area|This region)\s+", sentence.text)
    if (
        lead
        and INCLUDES.match(sentence.text[lead.end() :])
        and not re.match(
            r"^\s*\w+\s+(?:about|roughly|some|nearly|more than|over)?\s*\d",
            sentence.text[lead.end() :],
        )
    ):
        group = _region_context(ctx, sentence)
        after = [k for k, x in enumerate(mentions) if x.start >= sentence.start + lead.end()]
        if group and after:
            for m in members_from(after[0]):
                yield from emit(
                    m.entity_id, "member_of", group, (sentence.start, m.end), "it_includes"
                )
    # "Among them are Nanjing, Wuxi ... in Jiangsu; Hangzhou ... in Zhejiang"; "The nine mainland cities are ..."
    lead = MEMBER_LIST_LEAD.search(sentence.text) if cued(ctx, sentence, MEMBER_LIST_LEAD) else None
    if lead and _them_are_others(ctx, sentence, lead):
        lead = None
    if lead:
        start = sentence.start + lead.end()
        group = _region_context(ctx, sentence, exclude=(start, sentence.end), implied=True)
        if group:
            for x in mentions:
                if x.start < start:
                    continue
                member = ctx.pick(x, CITIES)
                if member and not NOT_MEMBER_BEFORE.search(
                    ctx.folded[max(sentence.start, x.start - 20) : x.start]
                ):
                    yield from emit(
                        member,
                        "member_of",
                        group,
                        (sentence.start + lead.start(), x.end),
                        "member_list",
                    )
                    province = _cities_of_province(ctx, sentence)
                    if province and ctx.type_of(member) == "city":
                        yield draft(
                            sentence,
                            "member_list_province",
                            member,
                            "located_in",
                            object_id=province,
                            focus=(sentence.start + lead.start(), x.end),
                        )
    # "Guangzhou is at the core of the Pearl River Delta"; "the two cities form the core of"
    for k, gm in enumerate(mentions):
        group = ctx.pick(gm, (*REGIONS, "cluster"))
        if group is None or re.match(r"['’]s\b", ctx.folded[gm.end : gm.end + 3]):
            continue  # "the core of the region's economy": what the region owns
        near = mentions[k - 1] if k else None
        left = near.end if near else sentence.start
        if NEGATION.search(ctx.folded, left, gm.start):
            continue
        cores: list[EntitySpan] = []
        if near and AT_CORE.match(ctx.folded[near.end : gm.start]):
            cores = _typed(ctx, [near], CITIES)
        elif form := FORM_CORE.search(ctx.folded, left, gm.start):
            plural = [
                p
                for p in PLURAL_REFERENCE_RE.finditer(ctx.folded, left, form.start())
                if not ctx.folded[p.end() : form.start()].strip()
            ]
            if plural:
                cores = [
                    x
                    for x in ctx.plural_reference(sentence, plural[-1])
                    if ctx.type_of(x.entity_id) in CITIES
                ]
            elif near and near.end == form.start():
                cores = coordinated(ctx, mentions, k - 1, CITIES, backwards=True)
        for m in cores:
            yield from emit(
                m.entity_id, "core_city_of", group, (min(m.start, gm.start), gm.end), "core_city"
            )
    # core cities
    for c in (
        CORE_CUE.finditer(ctx.folded, sentence.start, sentence.end)
        if cued(ctx, sentence, CORE_CUE)
        else ()
    ):
        name = next(g for g in ("a", "b", "c", "d", "e") if c.group(g) is not None)
        span = (c.start(name), c.end(name))
        group = _region_context(ctx, sentence, exclude=span)
        if group is None:
            continue
        for m in _typed(
            ctx, [x for x in mentions if span[0] <= x.start and x.end <= span[1]], CITIES
        ):
            yield from emit(
                m.entity_id, "core_city_of", group, (c.start(), max(c.end(), m.end)), "core_city"
            )
