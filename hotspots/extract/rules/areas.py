"""Areas of places: 'covers 1,200 square kilometres', 'a 130 sq km park'.

An area is the whole place's actual extent: the area of something planned or built inside it
('a plan to build a base with an area of 1.5 km2') is not the place's, and a figure stated for
its parts follows the first one. Whose area a figure is: `area_subjects`; the year it is for:
`area_years`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.rules.area_subjects import (
    AREA_TYPES,
    _area_subject,
    _area_topic,
    _labelled_under_name,
    _sized_reference,
    sizes_a_whole,
)
from hotspots.extract.rules.area_years import WHEN_OPENING, _area_year
from hotspots.extract.rules.common import ClaimDraft, _value, draft
from hotspots.extract.rules.common_subjects import _opening_reference, opening_group
from hotspots.extract.rules.common_years import changed_from
from hotspots.extract.rules.count_words import goal_year
from hotspots.extract.rules.designations import part_of_subject
from hotspots.extract.rules.rank_lists import _cells
from hotspots.extract.segment import Sentence
from hotspots.extract.types import ORGANISATIONS

# "... and expanded to 120.56 square kilometers": a later figure of the same place's whole area
# ("bringing its total area to 179 sq km")
AREA_GROWTH = re.compile(
    r"\b(?:(?:expanded|enlarged|extended|increased|grew|rose|doubled)\s+(?:\w+\s+)?to|"
    r"(?:bringing|brought|brings|bring)\s+(?:its|the(?:\s+\w+)?)\s+(?:total\s+)?(?:land\s+)?area\s+to)"
    r"\s+(?:about\s+|around\s+|nearly\s+)?$",
    re.IGNORECASE,
)
# "took a 51-sq-km piece of land into trust": the size of a portion, not of the place
AREA_PORTION = re.compile(
    r"\s+(?:piece|pieces|plot|plots|parcel|parcels|tract|tracts|patch|strip|swath|stretch)\s+of\b"
    # "Jiuquan has 50,000 km2 of arable land": a use of the land, a part of the place
    # ("covers 191,000 km2 of land" is the whole: a land use needs its word)
    r"|\s+of\s+(?:arable|cultivated|farm|forest|grass|pasture|agricultural|irrigated|built-up|"
    r"construction|industrial|usable|available)\s+land\b"
    r"|\s+of\s+(?:forests?|grasslands?|pasture(?:\s+land)?|farmland|wetlands?|cropland|desert)\b",
    re.IGNORECASE,
)
# "decided to build the first project ... on a land of 26 square kilometers designated in X": the
# site of something built, not the place
SITE_LAND_BEFORE = re.compile(
    r"\bon[ \t]+(?:a[ \t]+)?(?:(?:piece|plot|parcel|tract)[ \t]+of[ \t]+)?land[ \t]+(?:of|covering|"
    r"measuring)[ \t]+(?:(?:about|around|nearly|some|over)[ \t]+)?$",
    re.IGNORECASE,
)
# "offering 35 lots of land covering a total of 30 square kilometers": the figure measures the
# counted pieces named right before it, not the place that offers them
PORTION_BEFORE = re.compile(
    r"\b(?:pieces?|plots?|parcels?|tracts?|lots?|patch(?:es)?|strips?|swaths?|blocks?)\s+of\s+"
    r"(?:[\w-]+\s+){0,2}?(?:land|ground|sites?|space)\s+(?:\w+\s+){0,2}?(?:covering|spanning|"
    r"measuring|totall?ing|occupying|with\s+(?:a\s+)?(?:total\s+)?(?:area|size)\s+of)\s+"
    r"(?:(?:a\s+)?total\s+of\s+|some\s+|about\s+|around\s+|nearly\s+|over\s+|more\s+than\s+)?$",
    re.IGNORECASE,
)
# "being expanded by 24 square kilometers", "an expansion of 24 km2", "an extra 10 km2": the size
# of a change, not of the place
AREA_CHANGE = re.compile(
    r"\b(?:(?:expanded|expanding|expand|expands|enlarged|enlarging|extended|extending|increased|"
    r"grew|grown|shrank|shrunk|reduced|cut|added)\s+(?:\w+\s+)?by|expansion\s+of|extension\s+of|"
    r"(?:an\s+)?(?:additional|extra|another))\s+(?:about\s+|around\s+|nearly\s+|some\s+)?$",
    re.IGNORECASE,
)
# "announced a plan to build a headquarters base with an area of about 1.5 sqkm", "will develop
# a 10-square-kilometre park", "launched the development of a 120-square-kilometer new district":
# the area of a thing built or set up, not of the place building it
BUILT_THING = re.compile(
    r"\b(?:build|builds|building|built|construct|constructs|constructing|constructed|develop|"
    r"develops|developing|developed|set\s+up|sets\s+up|setting\s+up|create|creates|creating|"
    r"created|open|opens|opening|opened|(?:development|construction|creation|building)\s+of)\s+"
    r"(?:a|an)\s+(?:new\s+)?(?:(?:[\w-]+\s+){1,4}?(?:with|covering|spanning|occupying)\s+"
    r"[^,;]{0,40})?$",
    re.IGNORECASE,
)


# "It features the Nanshan Mountain Pasture area of 100 km2", "a wetland area of 12 km2": the
# figure measures a named locality or a kind of land inside the place, not the place
PART_AREA_BEFORE = re.compile(
    r"\b(?i:the|a|an)[ \t]+(?:(?:[A-Z][\w'’-]*[ \t]+)+|(?i:(?:pasture|grassland|forest|wetland|"
    r"water|sea|marine|lake|farmland|green|residential|ecological|scenic|reserve|mountain|"
    r"coastal|island)[ \t]+))area[ \t]+of[ \t]+(?:about[ \t]+|around[ \t]+|nearly[ \t]+|some[ \t]+"
    r"|over[ \t]+|more[ \t]+than[ \t]+)?$"
)


# "The zone has a 12-square-kilometer core area", "It will have two parts: a 106-sq-km ecological
# region": a figure sizing a thing the place has or is made of, not the place
HAS_SIZED_THING = re.compile(
    r"\b(?:has|have|had|having|includes?|including|contains?|containing|comprises?|comprising|"
    r"consists?[ \t]+of|parts?:)[ \t]+(?:(?:about|around|nearly|some)[ \t]+)?(?:a|an|one)[ \t]+$",
    re.IGNORECASE,
)


# "a 106-sq-km region": the figure written as a modifier, its unit hyphenated to the number
HYPHENATED_FIGURE = re.compile(r"[\d.,]*-")


@rule(emits={"area": "area_km2"}, kinds=("area",))
def area(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'covers 1,200 square kilometres'; 'the 4,801 square kilometers area'. Only a sentence's
    first area is the place's: later ones are its parts ('a developable area of 550 square
    kilometers', 'of which 80 square kilometers', 'including a lake of 8 square kilometers'),
    unless the place grew to them ('expanded to 120.56 square kilometers by 2021')."""
    quantities = ctx.quantities_in(sentence)
    areas = [q for q in quantities if q.kind == "area"]
    wholes = [q for q in areas if sizes_a_whole(ctx, sentence, q)]
    for q in wholes:
        # "X is a core area of the 120-square-kilometer zone": the whole's area, if the
        # reference finds the whole (not X itself); the first area left is X's
        whole = _sized_reference(ctx, sentence, q)
        subject = ctx.subject(sentence, AREA_TYPES, before=q.start)
        if whole and not (subject and subject.entity_id == whole.entity_id):
            yield _area_draft(sentence, whole, q, None, (q.start, q.end))
    areas = [q for q in areas if q not in wholes]
    for index, q in enumerate(areas):
        nxt = areas[index + 1] if index + 1 < len(areas) else None
        if nxt is not None and changed_from(ctx, sentence, q, nxt) == "undated":
            continue  # "grown from 4.5 km2 in the early 1950s to 265 km2": an undated earlier size
        if (
            index > 0
            and not AREA_GROWTH.search(ctx.folded, areas[index - 1].end, q.start)
            and changed_from(ctx, sentence, areas[index - 1], q) is None
        ):
            continue
        if goal_year(ctx, sentence, q):
            continue  # "plans to add 10 square kilometres of parks by 2030": a goal
        if AREA_PORTION.match(ctx.folded, q.end, sentence.end):
            continue
        if PORTION_BEFORE.search(ctx.folded, max(sentence.start, q.start - 100), q.start):
            continue
        if SITE_LAND_BEFORE.search(ctx.folded, max(sentence.start, q.start - 60), q.start):
            continue
        if HYPHENATED_FIGURE.match(ctx.folded, q.start, q.end) and HAS_SIZED_THING.search(
            ctx.folded, max(sentence.start, q.start - 60), q.comparator_start or q.start
        ):
            continue
        if PART_AREA_BEFORE.search(
            ctx.folded, max(sentence.start, q.start - 80), q.comparator_start or q.start
        ):
            continue
        if AREA_CHANGE.search(
            ctx.folded, max(sentence.start, q.start - 40), q.comparator_start or q.start
        ):
            continue
        lo, _ = ctx.clause(sentence, q.start)
        if BUILT_THING.search(ctx.folded, max(lo, q.start - 120), q.comparator_start or q.start):
            continue
        types = AREA_TYPES
        subject = _area_subject(ctx, sentence, q)
        others = [o for o in quantities if o is not q and o.kind not in {"year", "area"}]
        as_of = _area_year(ctx, sentence, q, others)
        if subject is None:
            subject = _opening_reference(ctx, sentence, types, q.start)
            if (
                subject
                and as_of
                and as_of[:4] not in ctx.folded[q.start : sentence.end]
                and not WHEN_OPENING.match(sentence.text)
            ):
                as_of = None  # "Founded in 1991, the zone covers ...": the opening's year dates the founding

        if subject is None and (group := opening_group(ctx, sentence, types)):
            # "The three cities cover an area of 28,000 square kilometers": the group's area
            (ref_start, _), members = group
            for member in members:
                yield _area_draft(sentence, member, q, as_of, (ref_start, q.end), combined=True)
            continue
        if subject is None:
            subject = _area_topic(ctx, sentence, q)
        if subject is None:
            subject = _labelled_under_name(ctx, sentence, q) or _sized_reference(ctx, sentence, q)
        if subject is None and sentence.is_list_item:
            subject = ctx.subject(
                sentence, types, before=q.start
            )  # "- Land area: 1,997 km²" under a heading
        if subject and ctx.type_of(subject.entity_id) not in types:
            subject = None
        owner = _owner_of_site(ctx, sentence, subject, q) if subject else None
        if owner is not None and ctx.type_of(owner.entity_id) not in types:
            continue  # "FAW is headquartered in the southwest of Changchun with an area of 13 km2"
        if owner is None and subject is not None and _site_of_unnamed(ctx, sentence, subject, q):
            continue  # "The South Campus is located in Haizhu District, Guangzhou, and covers ..."
        subject = owner or subject  # "The zone lies in the west of Hefei with an area of ..."
        if subject and part_of_subject(ctx, subject):
            continue  # "The core area of X covers 25 km2": the part's extent
        if subject and OWNS_SITE.match(ctx.folded, subject.end, q.start):
            continue  # "Shanghai's pilot free trade zone added a new area, occupying 119.5 km2"
        if subject:
            yield _area_draft(sentence, subject, q, as_of, (min(subject.start, q.start), q.end))


# a place's possessive before a site it owns that no name covers: the area is that site's
OWNS_SITE = re.compile(
    r"['’]s\s+(?:[a-z][\w-]*\s+){0,4}(?:zone|park|campus|port|airport|base|plant|factory|"
    r"site|district|centre|center|lab|laboratory|town)\b"
)


# a place named after a preposition: where something else is
LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|of|near)\s+(?:the\s+)?$", re.IGNORECASE)
# what joins that place and the figure: "... of Changchun with an area of", "..., covering";
# "..., adjacent to A and B and with a planning area of", "..., and covers a total area of"
SITE_AREA_BETWEEN = re.compile(
    r"(?:\s+(?:city|province|district|municipality))?"
    r"(?:,\s+(?:adjacent|next|close)\s+to\s+[^,;]{1,100}?(?=\s+and\s+with\b))?"
    r",?\s+(?:and\s+)?(?:with\s+(?:a|an)\s+(?:total\s+)?(?:land\s+|planned\s+|planning\s+)?"
    r"area\s+of|covering(?:\s+(?:a\s+total\s+area\s+of|an\s+area\s+of))?|spanning|occupying|"
    r"(?<=and\s)covers(?:\s+(?:a\s+total\s+area\s+of|an\s+area\s+of))?)\s+",
    re.IGNORECASE,
)
# the verb that places the sentence's subject at the place: "X is located in the west of"
LOCATED_VERB_BEFORE = re.compile(
    r"\b(?:is|are|was|were|lies|sits)\s+(?:located\s+|situated\s+)?(?:in|at)\s+"
    r"(?:the\s+[\w-]+\s+(?:part\s+)?of\s+)?(?:(?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*){0,2},\s+)?$",
    re.IGNORECASE,
)


def _owner_of_site(ctx: DocContext, sentence: Sentence, place: EntitySpan, q) -> EntitySpan | None:
    """The sentence's subject, when `place` only says where that subject is ("X lies in the west
    of Hefei with an area of ..."): the area is the subject's (an organisation's site has no
    predicate), not the place's."""
    owner = ctx.subject(sentence, (*ORGANISATIONS, *AREA_TYPES), before=q.start)
    if (
        owner is None
        or place.via != "mention"
        or owner.start >= place.start
        or owner.entity_id == place.entity_id
        # (a line's label may open it: "Geography: Wuhan, ...")
        or not re.fullmatch(
            r"\W*(?:[A-Z][a-z]+\s*:\s*)?(?i:the\s+)?", ctx.folded[sentence.start : owner.start]
        )
        or LOCATIVE_BEFORE.search(ctx.folded, max(sentence.start, place.start - 30), place.start)
        is None
        or not SITE_AREA_BETWEEN.fullmatch(
            ctx.folded, place.end, q.comparator_start if q.comparator_start is not None else q.start
        )
    ):
        return None
    return owner


def _site_of_unnamed(ctx: DocContext, sentence: Sentence, place: EntitySpan, q) -> bool:
    """`place` only says where the sentence's subject lies ("The campus is located in Haizhu
    District, Guangzhou, and covers ..."), and that subject is no name of a kind with an area:
    the figure is the subject's, not the place's."""
    if place.via != "mention":
        return False
    end = q.comparator_start if q.comparator_start is not None else q.start
    return bool(
        LOCATED_VERB_BEFORE.search(ctx.folded, max(sentence.start, place.start - 60), place.start)
        and SITE_AREA_BETWEEN.fullmatch(ctx.folded, place.end, end)
    )


def _area_draft(
    sentence: Sentence,
    subject: EntitySpan,
    q,
    as_of: str | None,
    focus: tuple[int, int],
    combined: bool = False,
) -> ClaimDraft:
    return draft(
        sentence,
        "area",
        subject,
        "area_km2",
        value=round(_value(q), 3),
        value_text=q.text,
        unit="km2",
        comparator=q.comparator,
        as_of=as_of,
        focus=focus,
        combined=combined,
    )


# an area column's header names the unit: "Area (km2)", "Area (km²)", "Land area, sq km",
# "Area (sq kilometres)"
AREA_COLUMN = re.compile(
    r"\barea\b[^|]{0,20}?(?:km2|km²|(?:sq\.?|square)\s*(?:km|kilomet(?:re|er)s))", re.IGNORECASE
)
AREA_CELL = re.compile(r"(?:about\s+|~\s*)?(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<d>\d+))?")


@rule(emits={"area_table_row": "area_km2"})
def area_table_row(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """A row of a '|' table whose header has an area column in square kilometres: the place
    named at the start of the row's first cell has that area ('| Pudong New Area | 1992 | 1,210
    |' under '| Division | Designated | Area (km2) |')."""
    if sentence.text.count("|") < 2:
        return
    header = None
    for s in reversed(ctx.sentences[: ctx.position(sentence)]):
        if s.text.count("|") < 2:
            break
        names = [s.text[a:b].strip() for a, b in _cells(s.text)]
        if any(AREA_COLUMN.search(n) for n in names):
            header = names
            break
    if header is None:
        return
    cells = _cells(sentence.text)
    column = next(i for i, n in enumerate(header) if AREA_COLUMN.search(n))
    if column == 0 or column >= len(cells) or len(cells) != len(header):
        return
    value = AREA_CELL.fullmatch(sentence.text[cells[column][0] : cells[column][1]])
    a, b = cells[0]
    named = [x for x in ctx.mentions_between(sentence.start + a, sentence.start + b)]
    if value is None or not named or named[0].start != sentence.start + a:
        return
    entity_id = ctx.pick(named[0], AREA_TYPES)
    if entity_id is None:
        return
    number = float(
        value.group("n").replace(",", "") + ("." + value.group("d") if value.group("d") else "")
    )
    yield draft(
        sentence,
        "area_table_row",
        entity_id,
        "area_km2",
        value=round(number, 3),
        value_text=value.group(0),
        unit="km2",
        as_of=None,
        focus=(sentence.start, sentence.end),
    )
