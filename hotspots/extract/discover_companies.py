"""Companies and typed lists, for hotspots.extract.discover: a legal suffix ("Horizon Robotics
Co., Ltd."), a company cue around a name ("the company X", "X, a drone maker,", "X, which is
based in ..."), a known company's China unit ("NIO China"), names a plural noun types ("eight
sub-district offices, namely, ...", "Toutiao and other unicorn enterprises"), and the other
names of a closed list of companies ("like Intel, Dell, Texas Instruments and Foxconn"). Each is
handed to `add`, discover's one gate for a found name."""

from __future__ import annotations

import re
from collections.abc import Callable

from hotspots.extract.cues import lower_for_cues
from hotspots.extract.discover_aliases import is_generic
from hotspots.extract.discover_cues import Cues, _Patterns, typed_lists
from hotspots.extract.discover_edges import (
    ADJECTIVE_COMPOUND,
    AFTER_PLACE_IN_PARENTHESES,
    trim_name,
)
from hotspots.extract.scan import scan
from hotspots.text import normalize_name


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
# what may follow a unit's place: not more of a name ("Tencent Chengdu R&D Center"), a
# possessive, a hyphenated word ("Chengdu-based") or a list's comma ("Tencent, Chengdu, ...")
_UNIT_ENDS = re.compile(r"(?![\w'’-])(?![ \t]+[A-Z&])(?!['’]s)(?![ \t]*,)")


def company_and_list_names(
    text: str,
    known: list[tuple[int, int]],
    known_spans: set[tuple[int, int]],
    found: dict,
    inside_known: Callable[[int, int], bool],
    known_org_starts: frozenset[int],
    known_company_starts: frozenset[int],
    cues: Cues,
    pats: _Patterns,
    add: Callable[..., None],
    known_city_spans: frozenset[tuple[int, int]] = frozenset(),
) -> None:
    """Hand every company and every typed list member to `add` (the shapes in discover's order,
    after designated_names; `found` holds what was added so far)."""
    lowered = lower_for_cues(text)  # where each pattern's literals may be (hotspots.extract.scan)
    for m in scan(pats.suffixed).finditer(text, lowered):
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
        (pats.named_company, "company:named"),
    ):
        for m in scan(pattern).finditer(text, lowered):
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
    # "Tencent Chengdu employs 2,300": a known company's name, then a known city's, names its unit
    # in that city (what it has is the unit's, not the whole company's)
    city_after = {start: end for start, end in known_city_spans}
    for k_start, k_end in known:
        if k_start not in known_company_starts or not re.match(r"[ \t]", text[k_end : k_end + 1]):
            continue
        city_end = city_after.get(k_end + 1)
        if city_end is not None and _UNIT_ENDS.match(text, city_end):
            add(k_start, city_end, text[k_start:city_end], "company", "company:city_unit")
    for typed in typed_lists(text):
        if typed.type == "city":
            # the gazetteer holds every prefecture-level city: a listed name it lacks ("Yibing")
            # is a misspelling or something else, not a city to discover
            continue
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
    for m in scan(pats.and_other).finditer(text, lowered) if pats.and_other is not None else ():
        type_ = dict((w.lower(), t) for w, t in cues.list_nouns)[
            re.sub(r"[ \t]+", " ", m["noun"]).lower()
        ]
        if type_ == "city":
            continue  # (as above: cities come from the gazetteer)
        for i in re.finditer(pats.item, m["list"]):
            at = m.start("list") + i.start()
            name = i.group(0)
            if not is_generic(trim_name(name, 0, cues)[0], "", cues):
                add(at, at + len(name), name, type_, "list:" + type_)
    # "Shenzhen City Commercial Bank, Ping An Insurance and Wal-Mart China", "big names like
    # Intel, Dell, Texas Instruments and Foxconn": in a closed list of three or more names whose
    # typed members are all companies (a gazetteer company, one a cue showed), the other names are
    # companies too; with one typed member only, a cue word before the list must say it lists
    for m in scan(pats.coordinated).finditer(text, lowered):
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
