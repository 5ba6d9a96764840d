"""Location shapes that read lists: the names a typed list of a place holds ("It governs nine
districts, including ..."), and districts listed under one head noun ("Yaohai, Luyang and Baohe
districts") under the city that owns them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.discover import typed_lists
from hotspots.extract.mentions import Mention
from hotspots.extract.rules.common import NEGATION, ClaimDraft, _typed, cued, draft
from hotspots.extract.rules.common_lists import coordinated
from hotspots.extract.rules.common_places import _located
from hotspots.extract.rules.location_references import Emit
from hotspots.extract.segment import Sentence

LIST_OWNER = re.compile(r"\b(?P<its>its|their)\s+(?:\w+\s+)?$", re.IGNORECASE)
# "assembly lines for the world's leading carmakers, including ...": members from everywhere, no
# place's own
WORLD_SCOPE = re.compile(
    r"\b(?:world['’]s|global|foreign|overseas|multinational|transnational|international)\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
# "shares R&D resources with companies such as IBM and SAP": partners, not members
PARTNERS_BEFORE = re.compile(
    r"\b(?:shares?|sharing|cooperates?|cooperating|partners?|partnering|works?|working|"
    r"collaborates?|collaborating|competes?|competing)\b[^.;]{0,60}\bwith\s+(?:[\w-]+\s+){0,4}$",
    re.IGNORECASE,
)
# ... unless the place has them: "It is home to some of the world's leading firms, including ..."
# nouns of units below a district ("Nanshan District has eight sub-district offices, namely ..."):
# they lie in the district, although their ids share its district/ prefix
SUB_DISTRICT_NOUNS = frozenset(
    {"sub-districts", "subdistricts", "sub-district offices", "townships"}
)
HAS_MEMBERS = re.compile(
    r"\b(?:home\s+to|has|have|houses|hosts|boasts|gathers|is\s+housed\s+with)\b", re.IGNORECASE
)


def _typed_list_members(ctx, sentence, mentions, emit) -> Iterable[ClaimDraft]:
    """Each listed name, located in the place that has the list: the owner a possessive in front
    of the noun names ("its districts include ..."), else the sentence's subject before the list
    ("It has jurisdiction over 11 districts, including ...", "Xi'an has two counties (...)")."""
    for typed in typed_lists(ctx.folded, sentence.start, sentence.end):
        before = ctx.folded[max(sentence.start, typed.head_start - 30) : typed.head_start]
        owner = LIST_OWNER.search(before)
        if (
            NEGATION.search(ctx.folded[sentence.start : typed.head_start])
            or PARTNERS_BEFORE.search(
                ctx.folded, max(sentence.start, typed.head_start - 120), typed.head_start
            )
        ) or (
            not owner
            and WORLD_SCOPE.search(before)
            and not HAS_MEMBERS.search(ctx.folded, sentence.start, typed.head_start)
        ):
            continue
        if typed.qualified:
            continue  # "four districts outside Xiamen Island (...)": not where they lie
        if typed.type == "city" and typed.place is None:
            # "15 cities (...) in Sichuan province": a list of cities lies only in the place its
            # own phrase names ("Zhejiang firms invested in three cities (A, B and C)": the
            # sentence's subject is no owner of cities)
            continue
        # a district's own units ("Nanshan District has eight sub-district offices, namely ...")
        # lie in a district; other names in a city or a province
        # a zone's parts ("its four sub-parks", "six functional areas") lie in the zone
        hosts = {
            "district": ("city", "province", "district"),
            "park": ("park", "district", "city", "province"),
        }.get(typed.type, ("city", "province"))
        host = _named_place(ctx, sentence, mentions, typed.place, typed.type)
        if host is None:
            host = (
                ctx.resolve_reference(sentence, owner["its"], typed.head_start)
                if owner
                else ctx.subject(sentence, hosts, before=typed.head_start)
            )
        if host is None or ctx.type_of(host.entity_id) not in (*hosts, "park"):
            continue
        below = typed.noun in SUB_DISTRICT_NOUNS and ctx.type_of(host.entity_id) == "district"
        for i_start, i_end, _ in typed.items:
            for m in mentions:
                if m.start == i_start and m.end >= i_end:
                    inner = _typed(ctx, [m], (typed.type,))
                    if inner and below and inner[0].entity_id != host.entity_id:
                        # a district's sub-districts: units below it, whatever their id prefix
                        yield from emit(
                            draft(
                                sentence,
                                "typed_list_members",
                                inner[0].entity_id,
                                "located_in",
                                object_id=host,
                                focus=(
                                    min(inner[0].start, host.start),
                                    max(inner[0].end, host.end),
                                ),
                            )
                        )
                    elif inner:
                        yield from emit(
                            _located(sentence, inner[0], host, "typed_list_members", ctx)
                        )


def _named_place(
    ctx: DocContext,
    sentence: Sentence,
    mentions: list[Mention],
    place: tuple[int, int] | None,
    listed: str,
) -> EntitySpan | None:
    """The place a typed list's own phrase names ("three counties in Hebei province — A, B and
    C", "60 enterprises in the zone, including ..."): a known place right after "in", or a
    reference to one ("the zone"); a zone holds companies and institutes, not districts."""
    if place is None:
        return None
    types = (
        ("city", "province", "district")
        if listed == "district"
        else ("city", "province", "district", "park")
    )
    for m in mentions:
        if m.start == place[0]:
            entity_id = ctx.pick(m, types)
            return EntitySpan.of(m, entity_id) if entity_id else None
    ref = re.match(
        r"the\s+(?:city|province|zone|park|district|area)\b",
        ctx.folded[place[0] : place[1]],
        re.IGNORECASE,
    )
    if ref is None:
        return None
    host = ctx.resolve_reference(sentence, ref.group(0), place[0])
    return host if host is not None and ctx.type_of(host.entity_id) in types else None


# "Yaohai, Luyang, Shushan and Baohe districts", "the six districts of Furong, Tianxin and Yuelu":
# districts listed under one head noun, the city they belong to named as the sentence's subject
# or by "the city" in it or the sentence before
HEAD_AFTER = re.compile(r"\s+(?:urban\s+|municipal\s+)?(?:districts|counties)\b", re.IGNORECASE)
HEAD_BEFORE = re.compile(
    r"\b(?:districts|counties)\s+(?:of\s+|(?:are|include|including|namely)\s*:?\s*|[:\u2014\u2013-]\s*)$",
    re.IGNORECASE,
)
DISTRICTS_CUE = re.compile(r"\b(?:districts|counties)\b")
CITY_REFERENCE = re.compile(r"\bthe\s+city\b", re.IGNORECASE)


def _list_owner(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], first: EntitySpan
) -> list[EntitySpan]:
    named = [
        EntitySpan.of(x, e)
        for x in mentions
        if x.end <= first.start and (e := ctx.pick(x, ("city",))) is not None
    ]
    owners = named[::-1]
    for s in [*ctx.before_in_paragraph(sentence, 1), sentence]:
        for ref in CITY_REFERENCE.finditer(ctx.folded, s.start, min(s.end, first.start)):
            place = ctx.resolve_reference(s, "the city", ref.start())
            if place is not None:
                owners.append(place)
    return owners


def district_lists(
    ctx: DocContext, sentence: Sentence, mentions: list[Mention], emit: Emit
) -> Iterable[ClaimDraft]:
    """Each listed district located in the city that owns the list, where the gazetteer agrees."""
    if not cued(ctx, sentence, DISTRICTS_CUE):
        return
    i = 0
    while i < len(mentions):
        members = coordinated(ctx, mentions, i, ("district",), backwards=False)
        if not members:
            i += 1
            continue
        i += len(members)
        head = HEAD_AFTER.match(ctx.folded, members[-1].end) or HEAD_BEFORE.search(
            ctx.folded, max(sentence.start, members[0].start - 40), members[0].start
        )
        if head is None or NEGATION.search(ctx.folded, sentence.start, members[-1].end):
            continue
        for owner in _list_owner(ctx, sentence, mentions, members[0]):
            own = [d for d in members if ctx.parent_of(d.entity_id) == owner.entity_id]
            for district in own:
                yield from emit(_located(sentence, district, owner, "district_list", ctx))
            if own:
                break
