"""Open-world entities: names the gazetteer does not know, found from typed cues in the text.

A company, university, lab, park or new area that no reviewed file lists yields nothing in a
closed-world extractor. Here such a name is *discovered* when its own words say what it is: a
designator at its end ("Binhu Science City", "Zhijiang Laboratory", "Westlake University",
"University of Nottingham Ningbo"), a legal suffix ("Horizon Robotics Co., Ltd."), or a company
cue around it ("Hangzhou-based chipmaker X", "the company X", "X, a drone maker,", "X, which is
based in ..."); a known company's unit ("NIO China", "Shell (Shanghai) Technology Co.") is a
company of its own, and so is an institution's unit in a place ("National University of Singapore
(Suzhou) Research Institute"). Lists type their names: a plural noun before them ("eight
sub-district offices, namely, ...", "three counties in Hebei province — A, B and C"), "and other"
with a plural noun after them ("Toutiao and other unicorn enterprises"), or companies among them
("like Intel, Dell, Texas Instruments and Foxconn"). The cue words are reviewed data (`reference/lexicons/discovery.yaml`,
checked by the lexicon loader).

A discovered entity gets a stable id derived from its name (`org/`, `park/` or `district/` plus
the slug), its type, `source = discovered` and the text that showed it. It never takes the place
of a gazetteer entity: a name whose normalised form is a gazetteer alias is the gazetteer's, and
a span a gazetteer mention covers is not looked at; curated judgements accept, reject or merge
discovered entities later (hotspots.curation).

`discover` gates every find (`add`) and settles overlaps and aliases; the shapes that find names
are read in discover_designated (designators, unit words) and discover_companies (legal suffixes,
company cues, typed lists), with the cue words in discover_cues and the name edges in
discover_edges.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hotspots.extract.discover_aliases import (
    UNITS,
    abbreviations,
    acronyms,
    article_dropped,
    company_short_names,
    is_generic,
    place_in_front,
    repeated,
    same_zone_short_names,
    spelling_variants_merged,
    unit_free,
)
from hotspots.extract.discover_companies import company_and_list_names

# also read from here by rules and tests (load_cues, DiscoveryFileError, typed_list_pattern)
from hotspots.extract.discover_cues import (  # noqa: F401
    DISCOVERY_FILE,
    GAP,
    PREFIX,
    WORD,
    Cues,
    DiscoveryFileError,
    load_cues,
    patterns,
    typed_list_pattern,
    typed_lists,
)
from hotspots.extract.discover_designated import designated_names
from hotspots.extract.discover_edges import (
    AFTER_PLACE_IN_PARENTHESES,
    DATELINE,
    DECIMAL_BEFORE,
    NAME_BEFORE_PLACE,
    UNIT_WORD,
    a_kind_of_thing,
    discovered_slug,
    known_places_as_ids,
    lead_in,
    title_case_line,
    trim_name,
)
from hotspots.text import slugify

DISCOVERED = "discovered"


@dataclass(frozen=True)
class Discovered:
    """A name the text shows to be an entity of `type`, at text[start:end]."""

    start: int
    end: int
    name: str
    entity_id: str
    type: str
    cue: (
        str  # what showed the type: "designator:Science City", "legal_suffix:Inc.", "company:based"
    )


NAME_TWICE = re.compile(r"(?P<first>[A-Z][^\n]*?)[ \t]+(?P<second>(?P=first))")


def discover(
    text: str,
    known: list[tuple[int, int]],
    is_known_name: Callable[[str], bool],
    known_org_starts: frozenset[int] = frozenset(),
    path: Path = DISCOVERY_FILE,
    known_park_starts: frozenset[int] = frozenset(),
    known_provinces: frozenset[tuple[int, int]] = frozenset(),
    known_company_starts: frozenset[int] = frozenset(),
    known_cities: frozenset[tuple[int, int]] = frozenset(),
) -> list[Discovered]:
    """Names in `text` that cues show to be entities the gazetteer does not list.

    `known` are the spans of gazetteer mentions: a discovered name never lies inside one, and a
    name that only repeats one ("Shanghai", "Peking University") is not discovered; a longer name
    that contains a place ("Hefei Binhu Science City") is, but not a known place in front of a
    known name ("Shanghai Pudong New Area"), nor a name whose designator belongs to a known name
    ("Chinese Academy of Sciences Bai Chunli"). `is_known_name(name)` tells whether a name is a
    gazetteer alias (then it is the gazetteer's, whatever the cue says).
    `known_org_starts` are the starts of gazetteer organisation mentions: a company name that
    begins with one ("Xiaomi Corp", "DJI Technology Co., Ltd.") is that organisation's legal
    name, not a new company. `known_park_starts` are the starts of gazetteer park mentions: a
    bare park name followed by designator and generic words only ("Zhongguancun Science and
    Technology Park") is that park written out, not a second one. `known_provinces` are the
    spans of gazetteer province mentions: a province in front of a zone's name is where the zone
    lies, a city in front part of its name (hotspots.extract.discover_aliases.place_in_front).
    `known_company_starts` are the starts of gazetteer company mentions: a closed list of names
    whose typed members are all companies ("like Intel, Dell and Foxconn") types the others.
    `known_cities` are the spans of gazetteer city mentions: a known company's name followed by
    one ("Tencent Chengdu") names the company's unit in that city."""
    cues, pats = patterns(path)
    found: dict[tuple[int, int], Discovered] = {}
    known_spans = set(known)  # looked up, not scanned: one long line can hold thousands of mentions
    inside_known = _containment(known)

    def add(
        start: int, end: int, name: str, type_: str, cue: str, designator_at: int | None = None
    ) -> None:
        if title_case_line(text, start):
            return
        name, start = trim_name(name, start, cues, text, is_known_name)
        dateline = DATELINE.match(name)
        if dateline:
            # "Chongqing—The Mingyue Lake Laboratory, ...": a dateline, then the sentence's "The"
            name, start = name[dateline.end() :], start + dateline.end()
        unit_in_place = cue in ("company:china_unit", "company:city_unit")
        if type_ == "company" and AFTER_PLACE_IN_PARENTHESES.search(
            text, max(0, start - 40), start
        ):
            # "Exxon-Mobil (Huizhou) Chemical Co Ltd": the name began before the parenthesis; with
            # a known place there, the whole is the name of the company's unit in that place
            # (org/exxon-mobil-huizhou-chemical), no name of the company itself
            lead = NAME_BEFORE_PLACE.search(text, max(0, start - 80), start)
            if lead is None or lead.span("place") not in known_spans:
                return
            lead_name, lead_start = trim_name(lead["lead"], lead.start("lead"), cues)
            if not lead_name or is_generic(lead_name, "", cues):
                return
            name, start, unit_in_place = text[lead_start : start + len(name)], lead_start, True
        number = DECIMAL_BEFORE.search(text, max(0, start - 60), start)
        if number and type_ in ("park", "research_institute") and cue.startswith("designator:"):
            # "Suzhou 2.5 Industry Park": a number inside a park's name, the words before it too
            name, start = text[number.start() : start + len(name)], number.start()
        name = re.sub(r"['’]s$", "", name)  # "National University of Singapore's (NUS)"
        if type_ != "company" and name.startswith("The "):
            # "and The University of Queensland": the article of a typed name is no part of it
            name, start = name[4:], start + 4
        national = re.match(r"National[ \t]+", name)
        if type_ == "park" and national and any(k[0] == start + national.end() for k in known):
            # "National Hefei Economic and Technological Development Zone": the zone's rank in
            # front of its place; the zone is the "Hefei ..." one the text also names bare
            name, start = name[national.end() :], start + national.end()
        end = start + len(name)
        if type_ in ("park", "research_institute") and cue.startswith("designator:"):
            # not a district ("Beilin and Yanta districts" are two) nor a listed name
            start = lead_in(text, start, known, is_known_name, cues, pats.heads)
            name = text[start:end]
        if designator_at is not None and any(
            k_start <= designator_at < k_end and k_start >= start for k_start, k_end in known
        ):
            return  # the designator is a known name's ("Chinese Academy of Sciences Bai Chunli")
        head = next((k for k in known if k[0] == start and k[1] < end), None)
        if head is not None:
            rest = text[head[1] : end].strip()
            if is_known_name(rest) and not unit_in_place:
                return  # "Shanghai Pudong New Area": a known place, then a known name
            if (
                type_ == "district"
                and unit_free(name) != name
                and re.match(r"[ \t]+[A-Z]", text[head[1] : end])
                and not is_generic(rest, "", cues)
            ):
                # "Chongqing Beibei District": the city in front is no part of a district's name
                tail = text[head[1] : end]
                start = head[1] + len(tail) - len(tail.lstrip())
                name = text[start:end]
        twice = NAME_TWICE.fullmatch(name)
        if twice:
            # "General Information about Changxing Development Zone Changxing Development Zone
            # (CXDZ) was ...": a heading that ran into its first sentence names the thing once
            name, start = twice["second"], start + twice.start("second")
            end = start + len(name)
        if inside_known(start, end):
            return
        if any(
            k_start < end and start < k_end and not (start <= k_start and k_end <= end)
            for k_start, k_end in known
        ):
            return  # a gazetteer name crosses its edge ("Hefeibased University of Science and Technology" | "University of Science and Technology of China"): the cue read the wrong words
        if is_known_name(name) or len(slugify(name)) < 2:
            return
        if type_ in UNITS and is_known_name(unit_free(name)):
            return  # "Haidian district", "Hefei city": the gazetteer's place in other words
        if type_ == "company" and start in known_org_starts and not unit_in_place:
            return
        if type_ == "park" and start in known_park_starts and cue.startswith("designator:"):
            # a bare park name ("Zhongguancun"), not one with a designator of its own: "Suzhou
            # Industrial Park Export Processing Zone" is a zone inside the park
            head_end = next(k_end for k_start, k_end in known if k_start == start)
            designator = cue.split(":", 1)[1].removesuffix(" of")
            head_words = re.split(r"[ \t-]+", text[start:head_end])
            if head_words[-1] not in pats.heads and is_generic(
                text[head_end:end].strip(), designator, cues
            ):
                return
        if type_ != "company" and a_kind_of_thing(text, start, end):
            return
        if UNIT_WORD.fullmatch(name):
            return  # "Nanchang County" less the known city: a unit word alone names nothing
        slug = discovered_slug(
            known_places_as_ids(unit_free(name) if type_ in UNITS else name, start, known)
        )
        if not slug:
            return
        entity_id = f"{PREFIX[type_]}/{slug}"
        found.setdefault((start, end), Discovered(start, end, name, entity_id, type_, cue))

    # the shapes, in this order (a later one reads what `found` holds): names their own words
    # type (discover_designated), then companies and typed lists (discover_companies)
    designated_names(
        text, known, known_spans, found, is_known_name, known_org_starts, cues, pats, add
    )
    company_and_list_names(
        text,
        known,
        known_spans,
        found,
        inside_known,
        known_org_starts,
        known_company_starts,
        cues,
        pats,
        add,
        known_cities,
    )
    # overlapping finds: the longest wins, then the earliest
    kept: list[Discovered] = []
    for d in sorted(found.values(), key=lambda d: (-(d.end - d.start), d.start)):
        if all(d.end <= k.start or d.start >= k.end for k in kept):
            kept.append(d)
    kept.sort(key=lambda d: d.start)
    kept = place_in_front(
        text,
        same_zone_short_names(abbreviations(text, kept, cues), cues),
        known,
        known_provinces,
    )
    kept = company_short_names(article_dropped(kept), cues, is_known_name)
    kept = spelling_variants_merged(kept)
    kept = acronyms(text, kept, known, is_known_name)
    return repeated(text, kept, known, cues, is_known_name)


def _containment(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """Whether (start, end) lies inside one of `spans`, in time that does not grow with the
    number of spans (a page of one long line holds thousands of mentions)."""
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    longest = max((e - s for s, e in ordered), default=0)

    def inside(start: int, end: int) -> bool:
        i = bisect_right(starts, start)
        while i > 0:
            i -= 1
            k_start, k_end = ordered[i]
            if k_start < start - longest:
                return False
            if end <= k_end:
                return True
        return False

    return inside
