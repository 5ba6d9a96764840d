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
from hotspots.extract.discover_edges import (
    ADJECTIVE_COMPOUND,
    AFTER_PLACE_IN_PARENTHESES,
    DATELINE,
    DECIMAL_BEFORE,
    NAME_BEFORE_PLACE,
    NAME_GOES_ON_BEFORE,
    UNIT_WORD,
    ZONE_KIND_WORDS,
    a_kind_of_thing,
    discovered_slug,
    known_places_as_ids,
    lead_in,
    title_case_line,
    trim_name,
)
from hotspots.text import normalize_name, slugify

DISCOVERED = "discovered"


def _names_a_zone(name: str, cues: Cues) -> bool:
    """A name that its own last words type as a park or zone ("Dalian Software Park"), by a
    designator of two words or more (a bare "Park" may be a trade's: "Qinglan Steel Park
    Company" is org/qinglan-steel-park)."""
    key = normalize_name(name)
    return any(
        t == "park" and not of and " " in w and key.endswith(" " + normalize_name(w))
        for w, t, of in cues.designators
    )


# a word that says a list follows ("like Intel, Dell and Foxconn")
_LIST_CUE = re.compile(r"(?:like|such[ \t]+as|including|include|includes|namely)[ \t]*:?[ \t]*$")
_CHINA_UNIT = re.compile(r"[ \t]+China(?![\w'’-])(?![ \t]+[A-Z])(?!['’]s)")


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


def discover(
    text: str,
    known: list[tuple[int, int]],
    is_known_name: Callable[[str], bool],
    known_org_starts: frozenset[int] = frozenset(),
    path: Path = DISCOVERY_FILE,
    known_park_starts: frozenset[int] = frozenset(),
    known_provinces: frozenset[tuple[int, int]] = frozenset(),
    known_company_starts: frozenset[int] = frozenset(),
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
    whose typed members are all companies ("like Intel, Dell and Foxconn") types the others."""
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
        unit_in_place = cue == "company:china_unit"
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

    pos = 0
    while (m := pats.of_designated.search(text, pos)) is not None:
        pos = m.end()
        type_, words = pats.by_words[normalize_name(m["designator"])]
        name, n_start = m["name"], m.start("name")
        # "The University of Queensland and Innovation College": "and" before another typed name
        # ends the first one; so does a connector before a known name ("... Quantum Physics in
        # the Hefei High-tech Zone", "... and Shanghai Municipal Government")
        for a in re.finditer(r"[ \t]+(and|in|of|for)[ \t]+(?:the[ \t]+)?", name):
            at = n_start + a.end()
            if a.start() <= m.end("designator") - n_start:
                continue  # the designator's own "of"/"for" ("Research Institute of Tsinghua University")
            following = re.split(r"[ \t]+(?:and|for|in|of)[ \t]+", name[a.end() :])[0]
            if (a[1] == "and" and any(w in pats.heads for w in following.split())) or any(
                k[0] == at for k in known
            ):
                name = name[: a.start()]
                if a[1] == "and":
                    pos = at  # the typed name after "and" is read next, as a match of its own
                break
        if is_generic(trim_name(name, 0, cues)[0], m["designator"], cues):
            continue  # "University of Science and Technology": a kind, no name
        if normalize_name(words) in ("center", "centre") and re.match(
            r"[ \t]+of\b", text[m.end("designator") :]
        ):
            continue  # "Center for X" names an institute; "Promotion Center of X County" an office
        # "Shenzhen University of Advanced Technology": a known name that ends with the
        # designator, then "of" and words of its own, is the head of another institution's name
        # ("Zhejiang University of Technology" is not Zhejiang University)
        tail = re.sub(
            r"^[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?", "", name[m.end("designator") - n_start :]
        )
        head_known = (
            any(n_start <= k_start and k_end == m.end("designator") for k_start, k_end in known)
            and bool(tail)
            and not is_known_name(tail)  # "Peking University of China": where it is, no new name
        )
        add(
            n_start,
            n_start + len(name),
            name,
            type_,
            f"designator:{words} of",
            None if head_known else m.start("designator"),
        )
    for m in pats.designated.finditer(text):
        name, _ = trim_name(m["name"], m.start("name"), cues)
        # the longest designator the name ends with types it ("Export Processing Zone", not
        # "Zone" after "Export Processing"), and tells a kind from a name
        designator = next(
            (
                name[len(name) - len(w) :]
                for w, _, of in cues.designators
                if not of and normalize_name(name[len(name) - len(w) :]) == normalize_name(w)
            ),
            m["designator"],
        )
        type_, words = pats.by_words[normalize_name(designator)]
        if is_generic(name, designator, cues):
            continue
        if normalize_name(words) == "zone":
            before = name[: -len(designator)].split()
            if not before or before[-1] in cues.generic_words:
                continue  # "Shenzhen Special Economic Zone": a designation, not a park's name
        add(
            m.start("name"),
            m.end("name"),
            m["name"],
            type_,
            f"designator:{words}",
            m.end("name") - len(designator),
        )
    # "Western (Chengdu) Science City": a gazetteer place in parentheses inside a typed name is
    # the name's, with the words before it (at least one of its own, not a sentence's "The")
    for m in pats.paren_designated.finditer(text):
        if m.span("place") not in known_spans:
            continue
        # "National University of Singapore (Suzhou) Research Institute": a known organisation's
        # name, its unit's place in parentheses, then a designator: the unit is an institution
        # of its own, named with the whole (as a company's unit in a place is)
        orgs = [k for k in known if k[0] in known_org_starts] + [
            k for k, d in found.items() if d.type in ("company", "university", "research_institute")
        ]
        owner = next(
            (
                k
                for k in orgs
                if k[0] < m.start("name") < k[1]
                and re.fullmatch(r"[ \t]*\([ \t]*", text[k[1] : m.start("place")])
            ),
            None,
        )
        type_, words = pats.by_words[normalize_name(m["designator"])]
        if owner is not None and type_ in ("research_institute", "university"):
            name_end = m.end("name")
            add(owner[0], name_end, text[owner[0] : name_end], type_, f"designator:{words}")
            continue
        if NAME_GOES_ON_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue  # the name began before, with words that are not a known name
        lead = text[m.start("name") : m.start("place")].rstrip(" \t(")
        if not trim_name(lead, 0, cues)[0] or lead in cues.leading_words:
            continue
        add(m.start("name"), m.end("name"), m["name"], type_, f"designator:{words}")
    for m in pats.lower_designated.finditer(text):
        own_start, own_end = m.span("own")
        if is_generic(m["own"], "", cues) or any(
            k_start < own_end and own_start < k_end for k_start, k_end in known
        ):
            continue  # "the Shenzhen science park": a known place's park, no name of its own
        type_, words = pats.by_words[normalize_name(m["designator"])]
        add(m.start("name"), m.end("name"), m["name"], type_, f"designator:{words.lower()}")
    # "the scenic Dapeng district", "in the Qingpu district of Shanghai"
    for m in pats.lower_unit.finditer(text):
        own_start, own_end = m.span("own")
        if is_generic(m["own"], "", cues) or any(
            k_start < own_end and own_start < k_end for k_start, k_end in known
        ):
            continue
        if m["owner"] and m.span("owner") not in known_spans:
            continue  # "Lanxi's Moyuan district": the owner must be a place the gazetteer knows
        add(m.start("name"), m.end("name"), m["name"], "district", "designator:district")
    # no city from "in Linzhou City" alone: measured on the audit pages, a city mention next to a
    # zone ("located in the north-east of Linzhou City, with a planned area of ...") drew the
    # zone's area and designation to the city, and the development set gained nothing
    # "Zhangjiagang, Jiangsu province": one word, not the end of a longer capitalised name
    # ("Lanxi Motors, Zhejiang province"), before a province the gazetteer knows
    for m in pats.city_province.finditer(text):
        if (
            is_generic(m["name"], "", cues)
            or m["name"] in cues.leading_words
            or re.search(r"[A-Z][\w'’-]*[ \t]+$", text[max(0, m.start() - 30) : m.start()])
            or not any(k[0] == m.start("province") for k in known)
            or any(k_start < m.end("name") and m.start("name") < k_end for k_start, k_end in known)
        ):
            continue
        add(m.start("name"), m.end("name"), m["name"], "city", "city:province")
    # "Xiaoshan (a district in Hangzhou city)", "Rongqiao, a county of Fuqing,": the apposition
    # says what the name is
    for m in pats.unit_apposition.finditer(text):
        if is_generic(m["name"], "", cues) or re.search(
            r"[A-Z][\w'’-]*[ \t]+$", text[max(0, m.start() - 30) : m.start()]
        ):
            continue
        add(m.start("name"), m.end("name"), m["name"], "district", "apposition:district")
    for m in pats.unit_copula.finditer(text):
        if (
            len(m["name"]) < 3
            or m["name"] in cues.leading_words
            or is_generic(m["name"], "", cues)
            or any(w.casefold() in ZONE_KIND_WORDS for w in m["modifiers"].split())
        ):
            continue  # "It is a ...", "X is a central business district": no unit's own name
        add(m.start("name"), m.end("name"), m["name"], "district", "copula:district")
    # "with the exceptions of Futian and Yantian districts"
    for m in pats.plural_units.finditer(text):
        items = list(re.finditer(WORD, m["list"]))
        if any(is_generic(i.group(0), "", cues) for i in items):
            continue
        for i in items:
            at = m.start("list") + i.start()
            add(at, at + len(i.group(0)), i.group(0), "district", "list:district")
    for m in pats.suffixed.finditer(text):
        name, n_start = m["name"], m.start("name")
        # "and" stays inside a legal name before a generic word ("Trust and Investment
        # Corporation", "Science and Technology Co., Ltd."); before any other word it joins two
        # names ("Lanxi and Moyuan Holdings"): the name starts after it
        own_start = trim_name(name, n_start, cues)[1]
        place = next((k for k in known if k[0] == own_start), None)
        for a in reversed(list(re.finditer(r"[ \t]and[ \t]+(\S+)", name))):
            if (
                place is not None
                and len(text[place[1] : n_start + a.start()].split()) == 1
                and len(name[a.end(1) - len(a.group(1)) :].split()) == 1
            ):
                # "Nanjing Iron and Steel Company": a place, then two one-word trades joined by
                # "and", is one name ("Lanxi and Moyuan Holdings": a bare place joins two)
                break
            if a.group(1) not in cues.generic_words:
                n_start += a.end(1) - len(a.group(1))
                name = name[a.end(1) - len(a.group(1)) :]
                break
        # "X Technologies Corporation Limited": every legal word stays out of the name, but a
        # group's ("BGI Group": the group is the company) stays in it
        while (
            cut := next(
                (
                    x
                    for x in cues.legal_suffixes
                    if x not in cues.named_suffixes and name.endswith(" " + x)
                ),
                None,
            )
        ) is not None:
            name = name[: -len(cut) - 1].rstrip(" ,")
        if m["suffix"] in cues.named_suffixes or _names_a_zone(name, cues):
            # "Dalian Software Park Co Ltd": without its legal words the name is the park's that
            # the company runs; the company keeps them (org/dalian-software-park-co-ltd)
            name = text[n_start : m.end("suffix")]
        if (
            is_generic(trim_name(name, 0, cues)[0], "", cues) or name in cues.legal_suffixes
        ) and not AFTER_PLACE_IN_PARENTHESES.search(text, max(0, n_start - 40), n_start):
            # legal or trade words alone name nothing, unless a company's name and its unit's
            # place in parentheses come before them ("Shell (Shanghai) Technology Co")
            continue
        add(n_start, n_start + len(name), name, "company", f"legal_suffix:{m['suffix']}")
    for pattern, cue in (
        (pats.company_cue, "company:cue"),
        (pats.apposition, "company:apposition"),
        (pats.founded_first, "company:founded"),
        (pats.based_relative, "company:based"),
        (pats.headquarters_of, "company:headquarters"),
    ):
        for m in pattern.finditer(text):
            name, n_start = trim_name(m["name"], m.start("name"), cues)
            if ADJECTIVE_COMPOUND.search(name) or (
                is_generic(name, "", cues)
                and not AFTER_PLACE_IN_PARENTHESES.search(text, max(0, n_start - 40), n_start)
            ):
                continue
            if (
                pattern is pats.based_relative
                and " " not in name
                and re.search(r"(?<![\w-])(?:The|An?)[ \t]+$", text[max(0, n_start - 5) : n_start])
            ):
                continue  # "The Project, which is based in X": one word after "The" is a kind
            add(m.start("name"), m.end("name"), m["name"], "company", cue)
    # "NIO China", "Lanxi Motors China": a known company's name, then "China", names its China
    # unit, a company of its own (the gazetteer's company stays the parent's name)
    for k_start, k_end in known:
        china = _CHINA_UNIT.match(text, k_end) if k_start in known_org_starts else None
        if china is not None:
            add(k_start, china.end(), text[k_start : china.end()], "company", "company:china_unit")
    for typed in typed_lists(text):
        for i_start, i_end, name in typed.items:
            legal = next(
                (
                    x
                    for x in cues.legal_suffixes
                    if x not in cues.named_suffixes and name.endswith(" " + x)
                ),
                None,
            )
            if typed.type == "company" and legal is not None:
                # "firms like Chi Mei Corporation and BASF": the legal word stays out of the name
                name = name[: -len(legal) - 1]
                i_end = i_start + len(name)
            add(i_start, i_end, name, typed.type, "list:" + typed.type)
    # "Toutiao and other unicorn enterprises": the names before "and other" are of the noun's type
    for m in pats.and_other.finditer(text) if pats.and_other is not None else ():
        type_ = dict((w.lower(), t) for w, t in cues.list_nouns)[
            re.sub(r"[ \t]+", " ", m["noun"]).lower()
        ]
        for i in re.finditer(pats.item, m["list"]):
            at = m.start("list") + i.start()
            name = i.group(0)
            if not is_generic(trim_name(name, 0, cues)[0], "", cues):
                add(at, at + len(name), name, type_, "list:" + type_)
    # "Shenzhen City Commercial Bank, Ping An Insurance and Wal-Mart China", "big names like
    # Intel, Dell, Texas Instruments and Foxconn": in a closed list of three or more names whose
    # typed members are all companies (a gazetteer company, one a cue showed), the other names are
    # companies too; with one typed member only, a cue word before the list must say it lists
    for m in pats.coordinated.finditer(text):
        items = [
            (m.start("list") + i.start(), m.start("list") + i.end())
            for i in re.finditer(pats.item, m["list"])
        ]
        typed, untyped, mixed = 0, [], False
        for i_start, i_end in items:
            name, own_start = trim_name(text[i_start:i_end], i_start, cues)
            company = own_start in known_company_starts and (own_start, i_end) in known_spans
            mine = found.get((own_start, i_end))
            if company or (mine is not None and mine.type == "company"):
                typed += 1
            elif mine is not None or inside_known(own_start, i_end):
                # a place, a university, a park: no list of companies ("Wal-Mart China" holds a
                # place, but is more than it)
                mixed = True
            elif not is_generic(name, "", cues):
                untyped.append((own_start, i_end, name))
        cue = _LIST_CUE.search(text, max(0, m.start() - 12), m.start())
        if mixed or not typed or not untyped or (typed < 2 and cue is None) or len(items) < 3:
            continue
        for i_start, i_end, name in untyped:
            add(i_start, i_end, name, "company", "list:companies beside")
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
