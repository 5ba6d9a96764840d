"""Names their own words type, for hotspots.extract.discover: a designator at a name's end
("Binhu Science City", "Research Institute of Tsinghua University", "Western (Chengdu) Science
City", "the Qingpu district"), and districts and cities an apposition, a copula, a plural unit
or a province after them types ("Xiaoshan (a district in Hangzhou city)", "Zhangjiagang,
Jiangsu province", "Futian and Yantian districts"). Each is handed to `add`, discover's one
gate for a found name."""

from __future__ import annotations

import re
from collections.abc import Callable

from hotspots.extract.cues import lower_for_cues
from hotspots.extract.discover_aliases import is_generic
from hotspots.extract.discover_cues import WORD, Cues, _Patterns
from hotspots.extract.discover_edges import NAME_GOES_ON_BEFORE, ZONE_KIND_WORDS, trim_name
from hotspots.extract.scan import scan
from hotspots.text import normalize_name


def designated_names(
    text: str,
    known: list[tuple[int, int]],
    known_spans: set[tuple[int, int]],
    found: dict,
    is_known_name: Callable[[str], bool],
    known_org_starts: frozenset[int],
    cues: Cues,
    pats: _Patterns,
    add: Callable[..., None],
) -> None:
    """Hand every name a designator, a unit word or a province types to `add`, in text order
    per shape (the shapes in discover's order; `found` holds what was added so far)."""
    lowered = lower_for_cues(text)  # where each pattern's literals may be (hotspots.extract.scan)
    pos = 0
    while (m := scan(pats.of_designated).search(text, lowered, pos)) is not None:
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
    for m in scan(pats.designated).finditer(text, lowered):
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
    for m in scan(pats.paren_designated).finditer(text, lowered):
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
    for m in scan(pats.lower_designated).finditer(text, lowered):
        own_start, own_end = m.span("own")
        if is_generic(m["own"], "", cues) or any(
            k_start < own_end and own_start < k_end for k_start, k_end in known
        ):
            continue  # "the Shenzhen science park": a known place's park, no name of its own
        type_, words = pats.by_words[normalize_name(m["designator"])]
        add(m.start("name"), m.end("name"), m["name"], type_, f"designator:{words.lower()}")
    # "the scenic Dapeng district", "in the Qingpu district of Shanghai"
    for m in scan(pats.lower_unit).finditer(text, lowered):
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
    for m in scan(pats.city_province).finditer(text, lowered):
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
    for m in scan(pats.unit_apposition).finditer(text, lowered):
        if is_generic(m["name"], "", cues) or re.search(
            r"[A-Z][\w'’-]*[ \t]+$", text[max(0, m.start() - 30) : m.start()]
        ):
            continue
        add(m.start("name"), m.end("name"), m["name"], "district", "apposition:district")
    for m in scan(pats.unit_copula).finditer(text, lowered):
        if (
            len(m["name"]) < 3
            or m["name"] in cues.leading_words
            or is_generic(m["name"], "", cues)
            or any(w.casefold() in ZONE_KIND_WORDS for w in m["modifiers"].split())
        ):
            continue  # "It is a ...", "X is a central business district": no unit's own name
        add(m.start("name"), m.end("name"), m["name"], "district", "copula:district")
    # "with the exceptions of Futian and Yantian districts"
    for m in scan(pats.plural_units).finditer(text, lowered):
        items = list(re.finditer(WORD, m["list"]))
        if any(is_generic(i.group(0), "", cues) for i in items):
            continue
        for i in items:
            at = m.start("list") + i.start()
            add(at, at + len(i.group(0)), i.group(0), "district", "list:district")
