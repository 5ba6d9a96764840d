"""Claim rules for how places and organizations relate: located_in, member_of, core_city_of.

They read the shapes such texts use — "Hefei, the capital of Anhui province", "Nanjing and Wuxi in
Jiangsu", "Beijing's Haidian district", "the YRD comprises Shanghai and the provinces of ...",
"The nine mainland cities are ...", "with Shanghai as its core city" — and check each pair
against the kinds of the two entities (a park lies in a district, a district in a city, a city in a
province), never against a particular document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, Resolved
from hotspots.extract.mentions import Mention
from hotspots.extract.rules import NEGATION, ClaimDraft, draft, rule
from hotspots.extract.segment import Sentence

# How big a place is: something lies in something of a higher level.
LEVEL = {
    "company": 0,
    "university": 0,
    "research_institute": 0,
    "park": 1,
    "district": 2,
    "city": 3,
    "sar": 3,
    "province": 4,
    "policy_region": 5,
    "country": 6,
}
INNER_TYPES = ("park", "district", "company", "university", "research_institute", "city", "sar")
OUTER_TYPES = ("district", "park", "city", "sar", "province", "policy_region", "country")
MEMBER_TYPES = ("city", "sar", "province")
REGION_TYPES = ("policy_region",)
LIST_GAP = re.compile(
    r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?:the\s+)?$", re.IGNORECASE
)


def _typed(
    ctx: DocContext, mentions: list[Mention], types: tuple[str, ...]
) -> list[tuple[Mention, str]]:
    out = []
    for m in mentions:
        entity_id = ctx.pick(m, types)
        if entity_id:
            out.append((m, entity_id))
    return out


def coordinated(
    ctx: DocContext, mentions: list[Mention], index: int, types: tuple[str, ...], backwards: bool
) -> list[tuple[Mention, str]]:
    """The list 'A, B and C' that mention `index` belongs to, walking back or forward."""
    out = []
    step = -1 if backwards else 1
    i = index
    while 0 <= i < len(mentions):
        entity_id = ctx.pick(mentions[i], types)
        if entity_id is None:
            break
        out.append((mentions[i], entity_id))
        j = i + step
        if not 0 <= j < len(mentions):
            break
        a, b = (mentions[j], mentions[i]) if backwards else (mentions[i], mentions[j])
        gap = ctx.folded[a.end : b.start]
        if not (
            LIST_GAP.match(gap)
            or re.fullmatch(
                r"\s*(?:,\s*)?(?:and\s+)?(?:the\s+)?(?:\w+\s+)?(?:municipality|municipalities|provinces?|cities|city|SARs?|special administrative regions?)\s+of\s+",
                gap,
                re.IGNORECASE,
            )
        ):
            break
        i = j
    return out[::-1] if backwards else out


def _most_specific(
    ctx: DocContext, mentions: list[Mention], index: int, types: tuple[str, ...]
) -> tuple[Mention, str] | None:
    """'Shenzhen's Nanshan district' names Nanshan: follow possessives to the innermost place."""
    found = None
    i = index
    while i < len(mentions):
        entity_id = ctx.pick(mentions[i], types)
        if entity_id is None:
            break
        found = (mentions[i], entity_id)
        if i + 1 < len(mentions) and re.fullmatch(
            r"'s\s+", ctx.folded[mentions[i].end : mentions[i + 1].start]
        ):
            i += 1
            continue
        break
    return found


def _located(
    sentence: Sentence,
    inner: tuple[Mention, str],
    outer: tuple[Mention, str] | Resolved,
    rule_name: str,
    ctx: DocContext,
) -> ClaimDraft | None:
    inner_m, inner_id = inner
    outer_id = outer.entity_id if isinstance(outer, Resolved) else outer[1]
    outer_start = outer.start if isinstance(outer, Resolved) else outer[0].start
    outer_end = outer.end if isinstance(outer, Resolved) else outer[0].end
    if inner_id == outer_id or LEVEL[ctx.type_of(inner_id)] >= LEVEL[ctx.type_of(outer_id)]:
        return None
    return draft(
        sentence,
        rule_name,
        inner_id,
        "located_in",
        object_id=outer if isinstance(outer, Resolved) else outer_id,
        focus=(min(inner_m.start, outer_start), max(inner_m.end, outer_end)),
    )


IN_GAP = re.compile(
    r"^(?:\s+(?:island|district|area|zone|park|campus|headquarters|new area|science park))?\s*[,-]?\s+"
    r"(?:(?:is|are|was|were)\s+)?(?:(?:located|situated|sits|lies)\s+)?in\s+(?:the\s+)?(?:city of\s+|province of\s+|heart of\s+|centre of\s+|center of\s+)?$",
    re.IGNORECASE,
)
CAPITAL_GAP = re.compile(
    r"^,?\s+(?:the\s+)?(?:provincial\s+)?capital\s+(?:city\s+)?of\s+(?:the\s+)?$", re.IGNORECASE
)
PROVINCE_OF_LEAD = re.compile(r"\b(?:province|region|municipality|district) of\s+$", re.IGNORECASE)
HOME_TO = re.compile(
    r"\b(?:is|are|was|remains|also)?\s*(?:home|host)\s+to\s+(?:the\s+likes\s+of\s+|such\s+|some\s+of\s+)?",
    re.IGNORECASE,
)
OWNED_EXAMPLES = re.compile(
    r"(?P<owner>\b(?i:its|their|the city's)|\b[A-Z][\w-]+(?:\s[A-Z][\w-]+)?'s)\s+(?:[\w-]+\s+){0,5}?"
    r"(?:firms|companies|employers|giants|champions|start-ups|startups|enterprises|universities|institutes)\s*"
    r"(?:\(\s*e\.g\.,?|\(\s*such as|like|such as|including|notably)\s+",
)
# Literals OWNED_EXAMPLES cannot match without (its nouns), tested before running it.
OWNED_NOUNS = (
    "firms",
    "companies",
    "employers",
    "giants",
    "champions",
    "start-ups",
    "startups",
    "enterprises",
    "universities",
    "institutes",
)
WHERE_LOCATED = re.compile(r",?\s+where\s+$", re.IGNORECASE)
COMPASS = re.compile(
    r"\bin the (?:north|south|east|west|centre|center|heart|middle)(?:[- ](?:east|west))?(?:ern part)? of (?P<ref>the city|the district|the province|the region)\b",
    re.IGNORECASE,
)


@rule
def location(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    mentions = ctx.mentions_in(sentence)
    emitted: set[tuple[str, str]] = set()

    def emit(d: ClaimDraft | None) -> Iterable[ClaimDraft]:
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
        if nxt is None:
            continue
        # "Hefei, the capital of Anhui province"
        if CAPITAL_GAP.match(gap):
            inner = _typed(ctx, [m], ("city",))
            outer = _typed(ctx, [nxt], ("province", "country"))
            if inner and outer:
                yield from emit(_located(sentence, inner[0], outer[0], "capital_of", ctx))
            continue
        # "Hangzhou, Zhejiang." — a city and its own province side by side
        if re.fullmatch(r",\s+", gap) and re.match(
            r"^\s*(?:[.;,)]|\s+province\b|$)", ctx.folded[nxt.end : nxt.end + 10]
        ):
            inner = _typed(ctx, [m], ("city", "district"))
            outer = _typed(ctx, [nxt], ("province",))
            if inner and outer and ctx.gazetteer.entities[inner[0][1]].parent_id == outer[0][1]:
                yield from emit(_located(sentence, inner[0], outer[0], "city_comma_province", ctx))
        # "Nanjing, Wuxi and Suzhou in Jiangsu"; "Hengqin island in Zhuhai"; "X lies in Beijing's Haidian district"
        if (
            IN_GAP.match(gap)
            and not NEGATION.search(gap)
            and not re.search(r"\bas (?:is|are|was|were)\b", ctx.folded[m.end : m.end + 12])
        ):
            target = _most_specific(ctx, mentions, i + 1, OUTER_TYPES)
            if target:
                based = re.search(
                    r"\bbased\b|\bheadquarter",
                    ctx.folded[max(sentence.start, m.start - 60) : target[0].start],
                    re.IGNORECASE,
                )
                for inner in coordinated(ctx, mentions, i, INNER_TYPES, backwards=True):
                    if based and ctx.type_of(inner[1]) in (
                        "company",
                        "university",
                        "research_institute",
                    ):
                        # "Companies based in the delta include Alibaba and NetEase in Hangzhou"
                        yield draft(
                            sentence,
                            "based_in_list",
                            inner[1],
                            "headquartered_in",
                            object_id=target[1],
                            focus=(inner[0].start, target[0].end),
                        )
                        continue
                    yield from emit(_located(sentence, inner, target, "in_place", ctx))
    # "In the Southern province of Sichuan, Chengdu is ..."
    for i, m in enumerate(mentions[:-1]):
        if PROVINCE_OF_LEAD.search(
            ctx.folded[max(sentence.start, m.start - 30) : m.start]
        ) and re.fullmatch(r",\s+", ctx.folded[m.end : mentions[i + 1].start]):
            inner = _typed(ctx, [mentions[i + 1]], ("city", "district", "park"))
            outer = _typed(ctx, [m], ("province", "city"))
            if inner and outer:
                yield from emit(_located(sentence, inner[0], outer[0], "province_of_lead", ctx))
    # "The northern district of the city, Haidian"; "the city's Haidian district"
    for m in mentions:
        district = ctx.pick(m, ("district", "park"))
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
                    _located(sentence, (m, district), city, "district_of_the_city", ctx)
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
                    inner = _typed(
                        ctx,
                        [nxt],
                        ("park", "district", "company", "university", "research_institute"),
                    )
                    if inner:
                        yield from emit(
                            _located(sentence, inner[0], outer[0], "inside_there_is", ctx)
                        )
                    break
    # "Hebei, including cities such as Shijiazhuang and Baoding"; "Wuhan has 83 universities, including Wuhan University and ..."
    for inc in (
        ()
        if not ctx.has(sentence, "including", "such as", "like", "notably", "among them")
        else re.finditer(
            r"\b(?:including|such as|like|notably|among them)\s+(?:the\s+)?(?:cities\s+(?:such as|like|of)\s+)?",
            ctx.folded[sentence.start : sentence.end],
            re.IGNORECASE,
        )
    ):
        pos = sentence.start + inc.end()
        after = [k for k, x in enumerate(mentions) if x.start >= pos]
        if not after or mentions[after[0]].start - pos > 5:
            continue
        head = [x for x in mentions if x.end <= sentence.start + inc.start()]
        host = None
        if head and re.fullmatch(
            r"(?:\s+province)?,\s+", ctx.folded[head[-1].end : sentence.start + inc.start()]
        ):
            host = _typed(ctx, head[-1:], ("province", "city", "policy_region"))
            host = host[0] if host else None
        if host is None and re.search(
            r"\b(?:universities|colleges|institutes|companies|firms|enterprises|parks|laboratories)\b[^.;]{0,30}$",
            ctx.folded[sentence.start : sentence.start + inc.start()],
            re.IGNORECASE,
        ):
            resolved = ctx.subject(
                sentence,
                ("city", "sar", "district", "park", "province"),
                before=sentence.start + inc.start(),
            )
            host = resolved
        if host is None:
            continue
        for inner in coordinated(
            ctx,
            mentions,
            after[0],
            ("city", "district", "park", "company", "university", "research_institute"),
            backwards=False,
        ):
            yield from emit(_located(sentence, inner, host, "including_members", ctx))
    # "its well-established private firms (e.g. Huawei, ZTE)"; "the city's employers like Huawei and Tencent"
    for o in (
        OWNED_EXAMPLES.finditer(ctx.folded, sentence.start, sentence.end)
        if ctx.has(sentence, *OWNED_NOUNS)
        else ()
    ):
        after = [k for k, x in enumerate(mentions) if x.start >= o.end()]
        if not after or mentions[after[0]].start - o.end() > 3:
            continue
        owner_phrase = o.group("owner").lower()
        if owner_phrase in {"its", "the city's", "their"}:
            host = ctx.resolve_reference(
                sentence, "the city" if owner_phrase == "the city's" else "it", o.start()
            )
        else:
            owner_mentions = [
                x
                for x in mentions
                if x.end <= o.start() + len(o.group("owner")) and x.start >= o.start()
            ]
            host = _typed(ctx, owner_mentions[-1:], ("city", "sar", "district", "park", "province"))
            host = host[0] if host else None
        if host is None:
            continue
        host_id = host.entity_id if isinstance(host, Resolved) else host[1]
        if ctx.type_of(host_id) not in (
            "city",
            "sar",
            "district",
            "park",
            "province",
            "policy_region",
        ):
            continue
        for inner in coordinated(
            ctx,
            mentions,
            after[0],
            ("company", "university", "research_institute"),
            backwards=False,
        ):
            yield from emit(_located(sentence, inner, host, "owned_examples", ctx))
    # "X is home to A and B": A and B are located in X
    for h in (
        HOME_TO.finditer(ctx.folded, sentence.start, sentence.end)
        if ctx.has(sentence, "home", "host")
        else ()
    ):
        if re.match(
            r"(?:the\s+)?(?:headquarters|head offices?)\b",
            ctx.folded[h.end() : h.end() + 20],
            re.IGNORECASE,
        ):
            continue  # "home to the headquarters of ...": a headquarters claim, made by its own rule
        host = ctx.subject(
            sentence,
            ("city", "sar", "district", "park", "province", "policy_region"),
            before=h.start(),
        )
        if host is None:
            continue
        after = [k for k, x in enumerate(mentions) if x.start >= h.end()]
        if not after:
            continue
        first = after[0]
        if not re.fullmatch(r"[\w\s,'-]{0,60}", ctx.folded[h.end() : mentions[first].start]):
            continue
        for inner in coordinated(
            ctx,
            mentions,
            first,
            ("company", "university", "research_institute", "park"),
            backwards=False,
        ):
            yield from emit(_located(sentence, inner, host, "home_to", ctx))
    # "..., Haidian district, where Tsinghua University and Peking University are located"
    for m in (
        re.finditer(r"\bwhere\b", ctx.folded[sentence.start : sentence.end])
        if ctx.has(sentence, "where")
        else ()
    ):
        pos = sentence.start + m.start()
        before = [(k, x) for k, x in enumerate(mentions) if x.end <= pos]
        after = [k for k, x in enumerate(mentions) if x.start > pos]
        if (
            not before
            or not after
            or not re.search(r"\b(?:located|based|situated)\b", ctx.folded[pos : sentence.end])
        ):
            continue
        place = _typed(ctx, [before[-1][1]], ("district", "park", "city", "sar"))
        if place:
            for inner in coordinated(
                ctx,
                mentions,
                after[0],
                ("company", "university", "research_institute", "park"),
                backwards=False,
            ):
                yield from emit(_located(sentence, inner, place[0], "where_located", ctx))
    # "... which covers 518 square kilometres in the south-east of the city"
    for c in (
        COMPASS.finditer(ctx.folded, sentence.start, sentence.end)
        if ctx.has(sentence, "in the")
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


MEMBER_BEFORE = re.compile(
    r"\b(?:is|are|was|were|as)\s+(?:also\s+|both\s+|all\s+|now\s+)?(?:a\s+|an\s+)?(?:part|member|members)\s+of\s+(?:the\s+)?(?:China's\s+)?$|\bbelongs?\s+to\s+(?:the\s+)?(?:China's\s+)?$|\bjoined\s+(?:the\s+)?$",
    re.IGNORECASE,
)
MEMBER_LEAD = re.compile(r"^\W*(?:As\s+)?(?:a\s+)?(?:Part|Member)\s+of\s+", re.IGNORECASE)
INCLUDES = re.compile(
    r"^\s*(?:[,-]\s*)?(?:which\s+)?(?:comprises|comprising|includes|including|consists of|consisting of|covers|covering|spans|spanning|brings together|bringing together|unites|uniting|encompasses|is made up of|groups)\b",
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

# CORE_CUE cannot match without one of these ("centred" holds "centre", "centered" "center").
CORE_CUES = ("core", "centre", "center", "heart", "hub", "led", "anchored")


def _region_context(
    ctx: DocContext,
    sentence: Sentence,
    exclude: tuple[int, int] | None = None,
    implied: bool = False,
) -> Resolved | None:
    """The region a sentence speaks of: one it names (outside `exclude`), else what 'it', 'the
    region' or 'the area' points back to."""
    for m in ctx.mentions_in(sentence):
        if exclude and exclude[0] <= m.start < exclude[1]:
            continue
        region = ctx.pick(m, REGION_TYPES)
        if region:
            return Resolved(region, m.start, m.end, "mention")
    for phrase in ("the region", "the area"):
        if re.search(rf"\b{phrase}(?:'s)?\b|\bits\b|^\W*It\b", sentence.text, re.IGNORECASE):
            resolved = ctx.resolve_reference(sentence, phrase, sentence.start)
            if resolved and ctx.type_of(resolved.entity_id) in REGION_TYPES:
                return resolved
    if (
        implied
    ):  # "The nine mainland cities are ...": the region under discussion, named just before
        resolved = ctx.resolve_reference(sentence, "the region", sentence.start)
        if resolved and ctx.type_of(resolved.entity_id) in REGION_TYPES:
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


@rule
def membership(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    mentions = ctx.mentions_in(sentence)
    emitted: set[tuple[str, str, str]] = set()

    def emit(
        subject: str, predicate: str, group: str | Resolved, focus: tuple[int, int], name: str
    ) -> Iterable[ClaimDraft]:
        group_id = group.entity_id if isinstance(group, Resolved) else group
        if subject != group_id and (subject, predicate, group_id) not in emitted:
            emitted.add((subject, predicate, group_id))
            yield draft(sentence, name, subject, predicate, object_id=group, focus=focus)

    def members_from(index: int) -> list[tuple[Mention, str]]:
        out = []
        for m, member in coordinated(ctx, mentions, index, MEMBER_TYPES, backwards=False):
            if not NOT_MEMBER_BEFORE.search(
                ctx.folded[max(sentence.start, m.start - 20) : m.start]
            ):
                out.append((m, member))
        return out

    for gm in mentions:
        group = ctx.pick(gm, REGION_TYPES)
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
                    coordinated(ctx, mentions, after[0], MEMBER_TYPES, backwards=False)
                    if after
                    else []
                )
            else:
                prior = [
                    k
                    for k, x in enumerate(mentions)
                    if x.end <= gm.start and ctx.pick(x, MEMBER_TYPES)
                ]
                subjects = (
                    coordinated(ctx, mentions, prior[-1], MEMBER_TYPES, backwards=True)
                    if prior
                    else []
                )
            subjects = [
                (m, x)
                for m, x in subjects
                if not SCENE_SETTING.search(ctx.folded[max(sentence.start, m.start - 35) : m.start])
            ]
            for m, member in subjects:
                yield from emit(
                    member,
                    "member_of",
                    group,
                    (min(m.start, gm.start), max(m.end, gm.end)),
                    "part_of",
                )
        # "Together with Shanghai, Hangzhou forms the Economic Zone of the Yangtze River Delta"
        if re.search(r"\bforms?\b[^,.;]{0,50}$", ctx.folded[sentence.start : gm.start]):
            for m, member in _typed(ctx, [x for x in mentions if x.end <= gm.start], MEMBER_TYPES):
                yield from emit(member, "member_of", group, (m.start, gm.end), "forms_region")
        # "the YRD comprises the municipality of Shanghai and the provinces of Jiangsu, Zhejiang and Anhui"
        tail = ctx.folded[gm.end : sentence.end]
        inc = INCLUDES.match(tail)
        if inc:
            after = [k for k, x in enumerate(mentions) if x.start >= gm.end + inc.end()]
            if after and re.fullmatch(
                r"[\w\s,'-]{0,60}", ctx.folded[gm.end + inc.end() : mentions[after[0]].start]
            ):
                for m, member in members_from(after[0]):
                    yield from emit(
                        member, "member_of", group, (gm.start, m.end), "region_includes"
                    )
    # "the GBA leverages ... to unite the strengths of Hong Kong, Shenzhen, Guangzhou and Macao"
    for u in (
        UNITES.finditer(ctx.folded, sentence.start, sentence.end)
        if ctx.has(sentence, "unit", "link", "bring", "integrat")
        else ()
    ):
        group = None
        for gm in ctx.mentions_between(sentence.start, u.start()):
            group = ctx.pick(gm, REGION_TYPES) or group
        if group is None:
            resolved = _region_context(ctx, sentence, exclude=(u.start(), sentence.end))
            group = resolved.entity_id if resolved else None
        after = [k for k, x in enumerate(mentions) if x.start >= u.end()]
        if group and after and mentions[after[0]].start - u.end() <= 3:
            for m, member in coordinated(ctx, mentions, after[0], ("city", "sar"), backwards=False):
                yield from emit(member, "member_of", group, (u.start(), m.end), "unites_members")
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
            for m, member in members_from(after[0]):
                yield from emit(member, "member_of", group, (sentence.start, m.end), "it_includes")
    # "Among them are Nanjing, Wuxi ... in Jiangsu; Hangzhou ... in Zhejiang"; "The nine mainland cities are ..."
    lead = (
        MEMBER_LIST_LEAD.search(sentence.text)
        if ctx.has(sentence, "among them", "they", "cities", "members")
        else None
    )
    if lead:
        start = sentence.start + lead.end()
        group = _region_context(ctx, sentence, exclude=(start, sentence.end), implied=True)
        if group:
            for x in mentions:
                if x.start < start:
                    continue
                member = ctx.pick(x, ("city", "sar"))
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
    # core cities
    for c in (
        CORE_CUE.finditer(ctx.folded, sentence.start, sentence.end)
        if ctx.has(sentence, *CORE_CUES)
        else ()
    ):
        name = next(g for g in ("a", "b", "c", "d", "e") if c.group(g) is not None)
        span = (c.start(name), c.end(name))
        group = _region_context(ctx, sentence, exclude=span)
        if group is None:
            continue
        for m, city in _typed(
            ctx, [x for x in mentions if span[0] <= x.start and x.end <= span[1]], ("city", "sar")
        ):
            yield from emit(
                city, "core_city_of", group, (c.start(), max(c.end(), m.end)), "core_city"
            )
