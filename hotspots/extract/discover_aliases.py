"""Names a document gives a discovered entity besides the one a cue showed: the same name again,
its short name, an abbreviation, a known place written in front of it (hotspots.extract.discover).
Each is a mention of the same entity, with the same id."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from hotspots.extract.mentions import SPELLINGS, in_order

if TYPE_CHECKING:
    from hotspots.extract.discover import Cues, Discovered


def is_generic(name: str, designator: str, cues: Cues) -> bool:
    """Only designator, generic and sentence-opening words ("National High-Tech Zone", "In"): a
    kind of thing, no name."""
    # compared without case: "High-tech Development Zone" is as generic as "High-Tech ..."
    words = [w.casefold() for w in re.split(r"[ \t-]+", name) if w]
    known = {w.casefold() for w in (*cues.generic_words, *cues.leading_words)}
    known |= {w.casefold() for w in re.split(r"[ \t-]+", designator)}
    return all(w in known for w in words)


def unit_free(name: str) -> str:
    """A district's or city's name without its unit word, as the gazetteer writes their ids
    ("Beibei District" -> "Beibei", "Heyuan city" -> "Heyuan"); "New Area", "New District" and
    "New City" are part of a name, not a unit."""
    if re.search(r"[ \t]+New[ \t]+(?:District|Area|City)$", name):
        return name
    return (
        re.sub(r"[ \t]+(?:[Dd]istrict|[Cc]ounty|[Cc]ity|[Ss]ub-?district|[Tt]ownship)$", "", name)
        or name
    )


UNITS = ("district", "city")  # types whose ids leave the unit word out


def repeated(
    text: str,
    kept: list[Discovered],
    known: list[tuple[int, int]],
    cues: Cues,
    is_known_name: Callable[[str], bool] | None = None,
) -> list[Discovered]:
    """Every other place the document writes a discovered name is a mention of it too: a cue
    shows once that "Tinno Mobile" is a company, and "Tinno Mobile expects ..." later names the
    same company. A district or city is also named without its unit word ("the Qingpu district
    of Shanghai" ... "make Qingpu the new highland"). Never inside a known name or another
    discovered one."""
    taken = [(d.start, d.end) for d in kept] + list(known)
    names: dict[str, Discovered] = {}
    for d in kept:
        for name in {d.name, unit_free(d.name) if d.type in UNITS else d.name}:
            if len(name) >= 3 and not is_generic(name, "", cues):
                names.setdefault(name, d)
    if is_known_name is not None:
        for name, d in short_company_names(kept, cues, is_known_name, text).items():
            names.setdefault(name, d)
    out = list(kept)
    for name, d in sorted(names.items(), key=lambda kv: -len(kv[0])):
        # not where the name goes on ("Changxing County Office" is an office, not the county)
        for m in re.finditer(
            rf"(?<![\w'’-])(?<![A-Z][\w'’-][ \t]){re.escape(name)}(?![\w-])(?![ \t]+[A-Z])", text
        ):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            front = re.search(
                r"(?<![\w'’-])([A-Z][\w'’-]*)[ \t]+$", text[max(0, m.start() - 40) : m.start()]
            )
            if (
                d.cue.startswith("abbreviation of")
                and front is not None
                and front[1] not in cues.leading_words
            ):
                continue  # "the Nanning ETDZ": a name in front makes the acronym another's
            taken.append(m.span())
            out.append(replace(d, start=m.start(), end=m.end(), name=name, cue=f"{d.cue}; again"))
    return sorted(out, key=lambda d: d.start)


def _trade_words(words: list[str], cues: Cues) -> bool:
    """Only generic words and legal words ("Technology", "Technologies", "Group")."""
    trade = {w.casefold() for w in (*cues.generic_words, *cues.legal_suffixes)}
    return all(
        w.casefold() in trade or w.casefold().removesuffix("ies") + "y" in trade for w in words
    )


def short_company_names(
    kept: list[Discovered], cues: Cues, is_known_name: Callable[[str], bool], text: str = ""
) -> dict[str, Discovered]:
    """ "Changxin Xinqiao raised ..." after "semiconductor company Changxin Xinqiao Memory
    Technologies", "Pingxin comes ..." after "startup Pingxin Technology": a discovered company is
    named again by the first words of its name, two or more of them, or its first word when only
    trade and legal words follow it. Not a short name two companies of the document share, a
    gazetteer name, nor one that opens with a sentence's leading word or a generic word ("China
    Merchants" is no short name of "China Merchants Bank"). With `text`, no one-word short name
    the document also writes in lowercase ("Future" of "Future Technology" beside "the future"):
    an ordinary word, capitalised where a sentence starts."""
    out: dict[str, Discovered] = {}
    shared: set[str] = set()
    for d in kept:
        if d.type != "company" or not d.cue.startswith(("legal_suffix:", "company:")):
            continue
        words = d.name.split()
        for n in range(len(words) - 1, 0, -1):
            if n == 1 and not _trade_words(words[1:], cues):
                continue
            short = " ".join(words[:n])
            if (
                len(short) < 4
                or words[0] in cues.leading_words
                or words[0] in cues.generic_words
                or is_generic(short, "", cues)
                or is_known_name(short)
                or (
                    n == 1
                    and text
                    and re.search(rf"(?<![\w-]){re.escape(short.lower())}(?![\w-])", text)
                )
            ):
                continue
            if short in out and out[short].entity_id != d.entity_id:
                shared.add(short)
            out.setdefault(short, d)
    return {name: d for name, d in out.items() if name not in shared}


def company_short_names(
    kept: list[Discovered], cues: Cues, is_known_name: Callable[[str], bool]
) -> list[Discovered]:
    """ "Set up in 2021, Changxin Xinqiao is based ..." beside "company Changxin Xinqiao Memory
    Technologies": a company discovered under a name that is another discovered company's short
    name (`short_company_names`) is that company."""
    short = short_company_names(kept, cues, is_known_name)
    out = []
    for d in kept:
        longer = short.get(d.name)
        if d.type == "company" and longer is not None and longer.entity_id != d.entity_id:
            d = replace(d, entity_id=longer.entity_id, cue=f"{d.cue}; short name of {longer.name}")
        out.append(d)
    return out


def same_zone_short_names(kept: list[Discovered], cues: Cues) -> list[Discovered]:
    """ "the Hongqi Canal Development Zone" after "the Hongqi Canal Economic and Technological
    Development Zone": a shorter name of a park or district in the same document whose words,
    in order, are all words of exactly one longer entity's name there, with the same first word
    and a designator of two or more words that ends the longer name, is that entity (one id). A
    one-word designator ("Shenzhen Park" and "Shenzhen Software Park") says too little."""
    resolved: dict[str, str] = {}  # name -> entity id, longest names first
    for d in sorted(kept, key=lambda d: -len(d.name)):
        if d.name in resolved:
            continue
        words = d.name.split()
        designator = next(
            (w for w, t, _ in cues.designators if t == d.type and d.name.endswith(" " + w)), None
        )
        longer: set[str] = set()
        if designator is not None and len(designator.split()) >= 2:
            for other, other_id in resolved.items():
                o_words = other.split()
                if (
                    len(o_words) > len(words)
                    and o_words[0] == words[0]
                    and other.endswith(" " + designator)
                    and in_order(words, o_words)
                    and any(k.name == other and k.type == d.type for k in kept)
                ):
                    longer.add(other_id)
        resolved[d.name] = longer.pop() if len(longer) == 1 else d.entity_id
    return [
        d
        if resolved[d.name] == d.entity_id
        else replace(d, entity_id=resolved[d.name], cue=f"{d.cue}; short name")
        for d in kept
    ]


def place_in_front(
    text: str,
    kept: list[Discovered],
    known: list[tuple[int, int]],
    provinces: frozenset[tuple[int, int]] = frozenset(),
) -> list[Discovered]:
    """ "Jiangsu Moyuan Economic Development Zone" beside "Moyuan Economic Development Zone" in
    the same document: a known place in front of another discovered name of the same type names
    the same entity. A province in front is where it lies, not part of its name: the name without
    it gives the id. A city or district in front is part of the name ("Lanxi Bay Science and
    Technology Town" is "Moyuan Lanxi Bay Science and Technology Town" written short, as
    "Suzhou Industrial Park" is the park's name): the longer name gives the id.
    `provinces` are the spans of known province mentions."""
    by_name = {d.name: d for d in kept}
    merged: dict[str, tuple[str, str]] = {}  # entity id -> (entity id, cue)
    for d in kept:
        head = next((k for k in known if k[0] == d.start and k[1] < d.end), None)
        rest = text[head[1] : d.end].strip() if head is not None else ""
        other = by_name.get(rest)
        if other is None or other.type != d.type or other.entity_id == d.entity_id:
            continue
        if head in provinces:
            merged.setdefault(d.entity_id, (other.entity_id, "place in front"))
        else:
            merged.setdefault(other.entity_id, (d.entity_id, "place dropped"))
    out = []
    for d in kept:
        if d.entity_id in merged:
            entity_id, how = merged[d.entity_id]
            d = replace(d, entity_id=entity_id, cue=f"{d.cue}; {how}")
        out.append(d)
    return out


def article_dropped(kept: list[Discovered]) -> list[Discovered]:
    """ "for The Linde Group" beside "The Linde Group has ..." (a sentence's "The", dropped): a
    name kept with its "The" (a lowercase word before it, the shape of "news portal The Paper")
    is the same entity as the document's name without it, when that name is discovered too."""
    by_name = {d.name: d for d in kept if not d.name.startswith("The ")}
    out = []
    for d in kept:
        other = by_name.get(d.name[4:]) if d.name.startswith("The ") else None
        if other is not None and other.type == d.type and other.entity_id != d.entity_id:
            d = replace(d, entity_id=other.entity_id, cue=f"{d.cue}; article")
        out.append(d)
    return out


def _spelling_key(name: str) -> str:
    key = name.casefold()
    for a, b in SPELLINGS:
        key = key.replace(b.casefold(), a.casefold())
    return key


def spelling_variants_merged(kept: list[Discovered]) -> list[Discovered]:
    """ "Tianjin Binhai Hi-Tech Industrial Development Area" ... "Tianjin Binhai High-Tech
    Industrial Development Area": names of one type that differ only in a spelling the gazetteer
    also treats as one (hotspots.extract.mentions.SPELLINGS: Hi-tech/High-tech, Centre/Center,
    ...) or in case are one entity; the document's first spelling gives the id."""
    first: dict[tuple[str, str], str] = {}
    out = []
    for d in sorted(kept, key=lambda d: d.start):
        entity_id = first.setdefault((d.type, _spelling_key(d.name)), d.entity_id)
        if entity_id != d.entity_id:
            d = replace(d, entity_id=entity_id, cue=f"{d.cue}; spelling")
        out.append(d)
    return out


_ABBREVIATION_GAP = re.compile(r"[ \t,.]*\([ \t]*$")


def abbreviations(text: str, kept: list[Discovered], cues: Cues) -> list[Discovered]:
    """ "Anhui Jianghuai Automobile Group Corp. Ltd. (JAC Group)": a name in parentheses right
    after a discovered name (past its legal suffix) is that entity's short name, not a second
    entity: it takes the first name's id."""
    out: list[Discovered] = []
    short: dict[str, Discovered] = {}
    for d in kept:
        before = text[max(0, d.start - 40) : d.start]
        if _ABBREVIATION_GAP.search(before) and text[d.end : d.end + 1] == ")":
            gap_start = d.start - len(_ABBREVIATION_GAP.search(before).group(0))
            for p in reversed(out):
                gap = text[p.end : gap_start]
                rest = gap.strip(" \t,.")
                while rest:
                    suffix = next((x for x in cues.legal_suffixes if rest.startswith(x)), None)
                    if suffix is None:
                        break
                    rest = rest[len(suffix) :].strip(" \t,.")
                if not rest:
                    short[d.name] = p
                break
        out.append(d)
    # the short name names the same entity wherever the document uses it
    return [
        replace(
            d,
            entity_id=short[d.name].entity_id,
            type=short[d.name].type,
            cue=f"abbreviation of {short[d.name].name}",
        )
        if d.name in short
        else d
        for d in out
    ]


# "Hefei High-tech Zone (HHZ)", "The Wuxi National Hi-tech District, also known as the WND,":
# an acronym right after a name, in parentheses or after "also known as" / "hereafter"
_ACRONYM_AFTER = re.compile(
    r"[ \t]*(?:\([ \t]*|,?[ \t]+(?:also[ \t]+)?(?:known|referred[ \t]+to)[ \t]+as[ \t]+(?:the[ \t]+)?)"
    r"(?P<acronym>[A-Z][A-Z&]{1,7})(?![\w'’-])(?=[ \t]*[),;.])"
)


def _initials(name: str) -> str:
    return "".join(w[0].upper() for w in re.split(r"[ \t-]+", name) if w and w[0].isalpha())


def _tail_initials(d: Discovered, acronym: str) -> bool:
    """ "Guangxi-Lanxi Economic and Technological Development Zone (ETDZ)": a zone's or an
    institution's acronym may spell the last capitalised words of its name only, its kind (three
    words at least: "Qiaoxu Science Park (SP)" may be anything); a company's may not."""
    if d.type == "company":
        return False
    capitals = "".join(w[0] for w in re.split(r"[ \t-]+", d.name) if w[:1].isupper())
    return len(acronym) >= 3 and len(acronym) < len(capitals) and capitals.endswith(acronym)


def acronyms(
    text: str, kept: list[Discovered], known: list[tuple[int, int]], is_known_name: Callable
) -> list[Discovered]:
    """An acronym a document introduces right after a discovered name is the same entity's
    short name ("Hefei High-tech Zone (HHZ)" ... "HHZ has ..."), when its letters are the name's
    initials in order and start with the first ("WND" for "Wuxi National Hi-tech District"); a
    gazetteer name or one the gazetteer's mentions cover stays the gazetteer's. The acronym's
    other mentions are found with the name's (`repeated`)."""
    out = list(kept)
    taken = [(d.start, d.end) for d in kept] + list(known)
    for d in kept:
        m = _ACRONYM_AFTER.match(text, d.end)
        if m is None:
            continue
        acronym, (a_start, a_end) = m["acronym"], m.span("acronym")
        initials = _initials(d.name)
        if (
            len(acronym.replace("&", "")) < 2
            or (
                (
                    acronym[0] != initials[:1]
                    or not in_order(list(acronym.replace("&", "")), list(initials))
                )
                and not _tail_initials(d, acronym)
            )
            or is_known_name(acronym)
            or any(s < a_end and a_start < e for s, e in taken)
        ):
            continue
        taken.append((a_start, a_end))
        out.append(
            replace(d, start=a_start, end=a_end, name=acronym, cue=f"abbreviation of {d.name}")
        )
    return sorted(out, key=lambda d: d.start)
