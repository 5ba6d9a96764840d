"""Membership of policy regions and their core cities."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_references import PLURAL_REFERENCE_RE
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import NEGATION, ClaimDraft, _typed, cued, draft
from hotspots.extract.rules.common_lists import coordinated, possessive_groups
from hotspots.extract.rules.membership_subjects import (
    closed_list_tail,
    not_a_fronted_list,
    referenced_member,
)
from hotspots.extract.segment import Sentence
from hotspots.extract.types import CITIES, MEMBER_PLACES, REGIONS

MEMBER_BEFORE = re.compile(
    r"\b(?:is|are|was|were|as)\s+(?:also\s+|both\s+|all\s+|now\s+)?(?:a\s+|an\s+)?(?:(?:important|integral|key|core|vital|major|founding)\s+)?(?:part|member|members)\s+of\s+(?:the\s+)?(?:China's\s+)?$|\bbelongs?\s+to\s+(?:the\s+)?(?:China's\s+)?$|\bjoined\s+(?:the\s+)?$",
    re.IGNORECASE,
)
MEMBER_LEAD = re.compile(r"^\W*(?:As\s+)?(?:a\s+)?(?:Part|Member)\s+of\s+", re.IGNORECASE)
INCLUDES = re.compile(
    r"^\s*(?:[,-]\s*)?(?:which\s+)?(?:comprises|comprising|includes|including|consists of|consisting of|covers|covering|spans|spanning|brings together|bringing together|unites|uniting|encompasses|encompassing|is made up of|made up of|groups|(?:connects|connecting|links|linking|joins|joining)(?!\s+(?:with|to|up)\b))\b",
    re.IGNORECASE,
)
MEMBER_LIST_LEAD = re.compile(
    r"(?:^\W*|[,;-]\s*)(?:Among them(?: (?:are|were))?|They (?:include|are)|The (?:\w+\s+){0,3}(?:member\s+)?(?:cities|members) (?:are|include)|Its (?:member\s+)?(?:cities|members) (?:are|include))\b"
    r"|\b(?:including|includes|include) (?:the )?(?:\w+\s+)?cities (?:such as|like|of)\b"
    r"|\b(?:member cities|members|cities) of (?:the )?[^.;:]{3,80}? (?:include|includes|are|comprise)\b",
    re.IGNORECASE,
)
UNITES = re.compile(
    r"\b(?:unite|unites|uniting|link|links|linking|bring together|brings together|bringing together|integrate|integrates|integrating)\s+(?:the\s+)?(?:strengths|economies|cities|resources|markets)\s+of\s+",
    re.IGNORECASE,
)
NOT_MEMBER_BEFORE = re.compile(
    r"\b(?:cities|parts?|areas?|regions?) of\s+(?:the\s+)?$|\bin\s+(?:the\s+)?$", re.IGNORECASE
)
# "In the southern province of Sichuan, Chengdu is part of ...": Sichuan sets the scene, it is not the subject
SCENE_SETTING = re.compile(
    r"\b(?:in|from|across|within)\s+(?:the\s+)?(?:\w+\s+)?(?:province|region|municipality)\s+of\s+$|\bin\s+(?:the\s+)?$",
    re.IGNORECASE,
)
CORE_CUE = re.compile(
    r"\bwith\s+(?P<a>.{1,60}?)\s+(?:as|at)\s+(?:its|the)\s+(?:core|centre|center|heart|hub)(?:\s+cit(?:y|ies))?\b"
    r"|\b(?:anchored|centred|centered|led)\s+(?:by|on)\s+(?P<b>[^.;]{1,120}?)(?:,\s+(?:the|this|its)\s+(?:region|area|circle|zone|cluster|delta|bay area|economic)\b|[.;]|$)"
    r"|\b(?P<c>[A-Z][^,.;]{0,40}?)\s+(?:is|are|remains|remain)\s+(?:(?:one|two|three|four|five)\s+of\s+)?the\s+(?:\w+\s+)?core\s+(?:city|cities)\b"
    r"|\bnames\s+(?P<d>.{1,80}?)\s+as\s+(?:the\s+)?(?:\w+'s\s+)?(?:\w+\s+)?core\s+cities\b"
    r"|\bcore\s+cities\s+(?:anchor|of|lead|drive)\s+[^:.;]{3,80}:\s*(?P<e>[^.;]+)",
    re.IGNORECASE,
)


# "Dongguan, one of the main cities in the Greater Bay Area"; "Hefei is one of the cities of the
# Yangtze River Delta": the name right before the apposition or the copula is a member
ONE_OF_CITIES = re.compile(
    r"^(?:\s*,\s*|\s+(?:is|was|remains)\s+)(?:also\s+)?one\s+of\s+the\s+(?:[\w-]+\s+){0,3}?"
    r"(?:cities|members)\s+(?:in|of)\s+(?:the\s+)?(?:proposed\s+|China's\s+)?$",
    re.IGNORECASE,
)
# "Guangzhou is at the core of the Pearl River Delta" (also after a fronted apposition: "The capital
# of Guangdong, Guangzhou, is at the core of"): the name right before the verb is a core city
# ("at the heart of" may be geography only: not read)
AT_CORE = re.compile(
    r"^,?\s+(?:is|lies|sits|remains|stands)\s+at\s+the\s+core\s+of\s+(?:the\s+)?(?:proposed\s+)?$",
    re.IGNORECASE,
)
# "Shenzhen and Hong Kong form the core of the cluster"; "Together the two cities form the core
# of": every city of the list or of the group the plural phrase points back to
FORM_CORE = re.compile(
    r"\s+(?:together\s+)?(?:form|formed|constitute|make\s+up)\s+the\s+(?:twin\s+)?core\s+of\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


# "outside the Greater Bay Area, including ...": what follows lies outside the region
OUTSIDE_GROUP = re.compile(
    r"\b(?:outside|beyond|except|apart\s+from|away\s+from|near|around|neighbou?ring|bordering|"
    r"not\s+(?:in|part\s+of))\s+(?:of\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
# "Spread across Shanghai and its neighboring provinces of Jiangsu, Zhejiang and Anhui, the
# Yangtze River Delta covers ...": an opening phrase naming the members of the clause's subject
MEMBERS_OPENING = re.compile(
    r"^\W*(?:Spread|Stretching|Spanning|Sprawling)\s+(?:across|over|through)\s+"
    r"|^\W*(?:Spanning|Covering|Comprising|Encompassing|Uniting|Linking|Made up of|Consisting of|Composed of)\s+",
    re.IGNORECASE,
)
# "Shanghai and its three neighboring provinces, which make up the region"
MAKE_UP = re.compile(
    r",?\s*(?:which|that|who)\s+(?:together\s+)?(?:make|makes|made|form|forms|formed|constitute|constitutes)(?:\s+up)?\s+(?:the\s+)?$",
    re.IGNORECASE,
)

PLACE_THEN_LIST = re.compile(
    r"(?:\s+province)?\s*(?:[-\u2014\u2013:(]|,\s*namely)\s*", re.IGNORECASE
)
LIST_RESUMES = re.compile(
    r"\s*[-\u2014\u2013)]\s*(?:,\s*)?and\s+(?:the\s+)?(?:\w+\s+)?(?:SARs?|special administrative regions?|cities|municipalit(?:y|ies)|provinces?)\s+of\s+",
    re.IGNORECASE,
)
MAKE_UP_CUE = re.compile(r"\b(?:make|makes|made|form|forms|formed|constitute|constitutes)\b")
MAKE_UP_REGION = re.compile(
    r",?\s*(?:which|that)\s+(?:together\s+)?(?:make|makes|made|form|forms|formed|constitute|constitutes)(?:\s+up)?\s+the\s+(?:region|area|delta)\b",
    re.IGNORECASE,
)


def _region_context(
    ctx: DocContext,
    sentence: Sentence,
    exclude: tuple[int, int] | None = None,
    implied: bool = False,
) -> EntitySpan | None:
    """The region a sentence speaks of: one it names (outside `exclude`), else what 'it', 'the
    region' or 'the area' points back to."""
    for m in ctx.mentions_in(sentence):
        if exclude and exclude[0] <= m.start < exclude[1]:
            continue
        region = ctx.pick(m, REGIONS)
        if region:
            return EntitySpan.of(m, region)
    for phrase in ("the region", "the area"):
        if re.search(rf"\b{phrase}(?:'s)?\b|\bits\b|^\W*It\b", sentence.text, re.IGNORECASE):
            resolved = ctx.resolve_reference(sentence, phrase, sentence.start)
            if resolved and ctx.type_of(resolved.entity_id) in REGIONS:
                return resolved
    if (
        implied
    ):  # "The nine mainland cities are ...": the region under discussion, named just before
        resolved = ctx.resolve_reference(sentence, "the region", sentence.start)
        if resolved and ctx.type_of(resolved.entity_id) in REGIONS:
            return resolved
    return None


def _cities_of_province(ctx: DocContext, sentence: Sentence) -> str | None:
    """'... brings together nine cities of Guangdong province ... The nine mainland cities are ...':
    the province the previous sentence says the listed cities belong to."""
    previous = ctx.before_in_paragraph(sentence, 1)
    for s in [sentence, *previous]:
        for m in ctx.mentions_in(s):
            if re.search(
                r"\bcities\s+(?:of|in)\s+(?:the\s+)?(?:\w+\s+)?$",
                ctx.folded[max(s.start, m.start - 25) : m.start],
                re.IGNORECASE,
            ):
                province = ctx.pick(m, ("province",))
                if province:
                    return province
    return None


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
        if inc and OUTSIDE_GROUP.search(before):
            inc = None  # "Cities outside the Greater Bay Area, including Changsha and Wuhan"
        if inc:
            after = [k for k, x in enumerate(mentions) if x.start >= gm.end + inc.end()]
            if after and re.fullmatch(
                # "consists of 15 cities: A, B", "consists of 15 cities (A, B, ...)"
                r"[\w\s,'-]{0,90}[:(]?\s*",
                ctx.folded[gm.end + inc.end() : mentions[after[0]].start],
            ):
                k = after[0]
                # "covers nine cities, including Zhejiang's Jiaxing and Hangzhou, Jiangsu's Suzhou"
                grouped = possessive_groups(ctx, mentions, k)
                members = [city for city, _ in grouped] or members_from(k)
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


OTHERS = re.compile(
    r"\b(?:other|outside|beyond|neighbou?ring|nearby|surrounding|non-member)\s+(?:\w+\s+)?(?:cities|provinces|places|regions|areas)\b[^.;]*[.;]?\s*$",
    re.IGNORECASE,
)


def _them_are_others(ctx: DocContext, sentence: Sentence, lead: re.Match) -> bool:
    """'... draws talent from other cities. Among them are Wuhan and Xi'an': 'them' are the
    other cities the sentence before ends on, not the region's members."""
    if not re.match(r"\W*(?:Among them|They)\b", lead.group(0), re.IGNORECASE):
        return False
    previous = ctx.before_in_paragraph(sentence, 1)
    return bool(previous) and OTHERS.search(previous[0].text) is not None
