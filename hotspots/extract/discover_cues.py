"""The reviewed cue words of discovery (`reference/lexicons/discovery.yaml`) and the patterns built
from them: designators, legal suffixes, company nouns, generic and leading words, list nouns
(hotspots.extract.discover finds names with them; rules read typed lists through here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hotspots.extract import lexicon
from hotspots.extract.cues import lower_for_cues
from hotspots.extract.discover_aliases import is_generic
from hotspots.extract.lexicon import LEXICON_DIR, LexiconError
from hotspots.extract.numbers import WORD_NUMBER, parse_number_word
from hotspots.extract.scan import literal_gate
from hotspots.text import normalize_name

DISCOVERY_FILE = LEXICON_DIR / "discovery.yaml"
# Entity type -> id prefix (the gazetteer's convention, tests/gold/GUIDELINES.md).
PREFIX = {
    "company": "org",
    "university": "org",
    "research_institute": "org",
    "park": "park",
    "district": "district",
    "policy_region": "region",
    "city": "city",
}


class DiscoveryFileError(LexiconError):
    """The cue file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Cues:
    designators: tuple[tuple[str, str, bool], ...]  # (words, type, may take "of <Name>")
    legal_suffixes: tuple[str, ...]
    company_nouns: tuple[str, ...]
    generic_words: frozenset[str]
    leading_words: frozenset[str]
    list_nouns: tuple[tuple[str, str], ...] = ()  # (plural noun, type of the names listed after it)
    named_suffixes: frozenset[str] = frozenset()  # legal suffixes kept in the name ("BGI Group")


def load_cues(path: Path = DISCOVERY_FILE) -> Cues:
    """The cue file, read and checked by the lexicon loader (known entries, shapes, nothing listed
    twice), and here: only entity types discovery can give an id to."""
    try:
        data = lexicon.read(path, "discovery")
    except LexiconError as e:
        raise DiscoveryFileError(str(e)) from None
    list_nouns: list[tuple[str, str]] = []
    for type_, entries in data.get("list_nouns", {}).items():
        if type_ not in PREFIX:
            raise DiscoveryFileError(f"{path}: list_nouns: unknown entity type {type_!r}")
        list_nouns += [(e if isinstance(e, str) else e["word"], type_) for e in entries]
    designators: list[tuple[str, str, bool]] = []
    for type_, entries in data["designators"].items():
        if type_ not in PREFIX:
            raise DiscoveryFileError(f"{path}: designators: unknown entity type {type_!r}")
        for entry in entries:
            entry = {"word": entry} if isinstance(entry, str) else entry
            designators.append((entry["word"], type_, bool(entry.get("of", False))))
    # longest designator first, so "Science Park" is tried before "Park"
    designators.sort(key=lambda d: (-len(d[0]), d[0]))
    return Cues(
        tuple(designators),
        tuple(sorted(data["legal_suffixes"], key=len, reverse=True)),
        tuple(data["company_nouns"]),
        frozenset(data["generic_words"]),
        frozenset(data["leading_words"]),
        tuple(sorted(list_nouns, key=lambda n: (-len(n[0]), n[0]))),
        frozenset(data.get("named_suffixes", ())),
    )


# One capitalised word (letters, digits, apostrophes, inner hyphens: "Hi-Tech", "Xi'an"), or an
# all-capitals acronym ("BOE", "iFlytek" starts lowercase and is left to the gazetteer); an
# ampersand between capitals keeps one word ("R&D": "Commercial Aircraft R&D Institute" is one
# name, not "D Institute").
WORD = r"[A-Z][\w'’]*(?:&[A-Z][\w'’]*)?(?:-[A-Za-z][\w'’]*)*"
GAP = r"[ \t]"
# a brand written in camel case from a lowercase letter ("weLian", "iFlytek"): a name only where
# a company cue types it (an apposition), never as an ordinary word
CAMEL = r"[a-z]{1,3}[A-Z][A-Za-z0-9]*"
_NAME_RUN = rf"{WORD}(?:{GAP}+(?:&{GAP}+)?{WORD}){{0,6}}?"
_OF_TAIL = rf"{GAP}(?:of|for)(?:{GAP}(?:the|and|for|in){GAP}?)?(?:{GAP}?{WORD}){{1,5}}(?:{GAP}(?:and|for|in|of|&){GAP}(?:the{GAP})?{WORD}(?:{GAP}{WORD}){{0,3}})*"


# a list item: one to six capitalised words ("Xincheng", "Chang'an", "China Railway Construction
# Heavy Industry"), with an "and" inside only before a generic word ("Zoomlion Heavy Industry
# Science and Technology"); any other "and" closes the list
def _item(cues: Cues) -> str:
    generic = "|".join(re.escape(w) for w in sorted(cues.generic_words, key=len, reverse=True))
    # a brand may begin with a digit ("3M") or join two words with a spaced ampersand
    # ("Johnson & Johnson")
    first = rf"(?:{WORD}|\d[A-Z][\w'’]*)"
    return rf"{first}(?:{GAP}(?:and{GAP}(?=(?:{generic})(?![\w'’-]))|&{GAP})?{WORD}){{0,5}}"


_FUNCTION_WORDS = r"(?:in|of|the|to|for|on|at|with|and|or|from|by|as|into|than|that|which)"
_COUNTWORD = rf"\d{{1,3}}|{WORD_NUMBER}"
# the place phrase between a list noun and its list: a name ("in Hebei province", "outside Xiamen
# Island") or a place noun after "the" ("in the zone"); not a lowercase phrase ("companies in
# areas such as AI and IoT": fields, no place)
_PP_PLACE = (
    r"(?:the[ \t]+(?:city|province|zone|park|district|area|region|county)"
    r"|[A-Z][\w'’-]*(?:[ \t]+[A-Za-z][\w'’-]*){0,2}?)"
)
# the end of a list that names only some ("A, B and others", "A, B, etc.")
_OPEN_END = re.compile(r",?[ \t]+(?:(?:and|among)[ \t]+others|etc\b|and[ \t]+so[ \t]+on)(?![\w-])")
# a unit word after a listed name stays out of it ("Futian District" -> "Futian")
_UNIT_TAIL = re.compile(r"[ \t]+(?:District|County)$")


# the place after a bracketed list, when the list is the whole of the brackets
_PLACE_AFTER_BRACKETS = re.compile(
    r"[ \t]*\)[ \t]+in[ \t]+(?:the[ \t]+)?(?P<place>(?-i:[A-Z])[\w'’-]*(?:[ \t]+[A-Za-z][\w'’-]*){0,2}?)"
    r"(?=[ \t]+(?:province|and|,)|[ \t]*[.,;]|[ \t]*$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TypedList:
    """ "11 districts, including Xincheng, Beilin and Huyi": the names a plural noun types."""

    head_start: int  # where the count or the noun starts
    type: str
    items: tuple[tuple[int, int, str], ...]  # (start, end, name)
    # the words after "in" between the noun and the list ("counties in Hebei province — ..."):
    # where the listed names lie, as the text says
    place: tuple[int, int] | None = None
    # any other preposition there ("four districts outside Xiamen Island (...)"), or "of" before
    # the list ("six districts of A, B and C"): no owner is read from the sentence's subject
    qualified: bool = False
    noun: str = ""  # the plural noun as written, lowercase ("sub-district offices")


def typed_list_pattern() -> re.Pattern[str] | None:
    """The pattern of a typed list (None without list nouns): a rule's cue test before
    `typed_lists` (hotspots.extract.rules.common.cued)."""
    return patterns()[1].typed_list


def typed_lists(text: str, start: int = 0, end: int | None = None) -> list[TypedList]:
    """The lists of bare names that a plural noun before them types, in text[start:end].

    Only a closed list counts: closed by "and" ("its districts include A, B and C"); with a count
    before the noun, exactly that many names ("two counties (Lantian and Zhouzhi)"), or at most
    that many after "including"/"such as" ("11 districts, including ..."). A count that does not
    fit says the list is something else, and so does a generic word as a name ("National")."""
    cues, pats = patterns()
    if pats.typed_list is None:
        return []
    end = len(text) if end is None else end
    gate = literal_gate(pats.typed_list)
    if gate is not None and gate.search(lower_for_cues(text[start:end])) is None:
        return []  # no list noun: rules ask this of every sentence with a name
    out: list[TypedList] = []
    for m in pats.typed_list.finditer(text, start, end):
        items = [
            (m.start("list") + i.start(), m.start("list") + i.end())
            for i in re.finditer(pats.item, m["list"])
        ]
        names = []
        for i_start, i_end in items:
            name = text[i_start:i_end]
            tail = _UNIT_TAIL.search(name)
            if tail:
                name = name[: tail.start()]
                i_end = i_start + len(name)
            names.append((i_start, i_end, name))
        count = m["count"]
        n = parse_number_word(count) if count else None
        # "companies including A, B, C and others", "A, B, C, etc.": the list says it stops
        closed = (
            re.search(r"[ \t]and[ \t]", m["list"]) is not None
            or _OPEN_END.match(text, m.end()) is not None
        )
        partial = re.search(r"including|such|like|among", m.group(0)[: m.start("list") - m.start()])
        if n is not None and (len(names) > n or (len(names) != n and not partial)):
            continue
        if n is None and not closed:
            continue
        if m["of"] and (n is None or len(names) != n or m["pp"]):
            continue  # "districts of Beijing and Tianjin": owners, not a list the noun types
        if len(names) < 2 or any(is_generic(nm, "", cues) for _, _, nm in names):
            continue
        type_ = dict((w.lower(), t) for w, t in cues.list_nouns)[
            re.sub(r"[ \t]+", " ", m["noun"]).lower()
        ]
        # ("fifteen cities of Sichuan — among them A, B and C —": the place that owns the
        # listed names, as "in" says where they lie)
        place = m.span("pp") if m["prep"] in ("in", "of") else None
        if place is not None:
            words = m["pp"][len(m["prep"]) :]
            place = (place[1] - len(words.lstrip()), place[1])
        elif m["open"] and (after := _PLACE_AFTER_BRACKETS.match(text, m.end(), end)):
            # "15 cities (Chengdu, Zigong, ... and Ziyang) in Sichuan province": the place after
            # the bracketed list
            place = after.span("place")
        # "six districts of A, B and C" reads its owner elsewhere in the sentence, as another
        # rule does (hotspots.extract.rules.location_lists.district_lists)
        qualified = (m["prep"] is not None and m["prep"] not in ("in", "of")) or m["of"] is not None
        noun = re.sub(r"[ \t]+", " ", m["noun"]).lower()
        out.append(TypedList(m.start(), type_, tuple(names), place, qualified, noun))
    return out


@dataclass(frozen=True)
class _Patterns:
    designated: re.Pattern[str]
    of_designated: re.Pattern[str]
    suffixed: re.Pattern[str]
    company_cue: re.Pattern[str]
    apposition: re.Pattern[str]
    lower_designated: re.Pattern[str]
    typed_list: re.Pattern[str] | None
    item: str  # one name of a typed list
    paren_designated: re.Pattern[str]  # "Western (Chengdu) Science City": a place in parentheses
    by_words: dict[str, tuple[str, str]]  # designator words (case-folded) -> (type, words)
    lower_unit: re.Pattern[str]  # "the scenic Dapeng district", "in the Qingpu district of"
    plural_units: re.Pattern[str]  # "Futian and Yantian districts"
    heads: frozenset[str]  # the last word of every designator ("University", "Zone")
    city_province: re.Pattern[str]  # "Zhangjiagang, Jiangsu province"
    unit_apposition: re.Pattern[str]  # "Xiaoshan (a district in Hangzhou city)"
    founded_first: re.Pattern[str]  # "Founded in 1999, X relocated": a fronted founding date
    based_relative: re.Pattern[str]  # "X, which is based in the zone": a seat in a relative clause
    headquarters_of: re.Pattern[str]  # "Nissan's headquarters are located in Yokohama"
    named_company: re.Pattern[str]  # "the Yutong company": a one-word name before its noun
    unit_copula: re.Pattern[str]  # "Shidanghu is a 44-square kilometer township ..."
    # "A, B and C": a closed list of three or more bare names (typed by its members)
    coordinated: re.Pattern[str] | None = None
    # "Toutiao and other unicorn enterprises": names, then "and other" and a list noun
    and_other: re.Pattern[str] | None = None


def _alternation(words: list[str]) -> str:
    """The words as regex alternatives, longest first; a space matches spaces, a hyphen a hyphen
    or a space, and a word after a hyphen may start in either case ("High-tech Zone")."""
    return "|".join(
        re.sub(
            r"\\-([A-Za-z])",
            lambda m: f"[- ][{m[1].upper()}{m[1].lower()}]",
            re.escape(w).replace(r"\ ", rf"{GAP}+"),
        ).replace(r"\-", "[- ]")
        for w in sorted(words, key=len, reverse=True)
    )


def _plural(noun: str) -> str:
    """A company noun's plural ("company" -> "companies", "maker" -> "makers")."""
    return noun[:-1] + "ies" if re.search(r"[^aeiou]y$", noun) else noun + "s"


@cache
def patterns(path: Path = DISCOVERY_FILE) -> tuple[Cues, _Patterns]:
    cues = load_cues(path)
    plain = [w for w, _, of in cues.designators if not of]
    of_words = [w for w, _, of in cues.designators if of]
    nouns = _alternation(list(cues.company_nouns))
    plural_nouns = _alternation([_plural(n) for n in cues.company_nouns])
    item = _item(cues)
    the = rf"(?:the{GAP}+)?"
    return cues, _Patterns(
        # not followed by another capitalised word: "QS World University Rankings" is no university
        designated=re.compile(
            rf"(?<![\w-])(?P<name>{_NAME_RUN}{GAP}+(?P<designator>{_alternation(plain)}))(?![\w-])(?!{GAP}+[A-Z])"
        ),
        of_designated=re.compile(
            rf"(?<![\w-])(?P<name>(?:{WORD}{GAP}+){{0,3}}(?P<designator>{_alternation(of_words)}){_OF_TAIL})(?![\w-])"
        ),
        suffixed=re.compile(
            rf"(?<![\w-])(?P<name>{WORD}(?:{GAP}(?:(?:&|and){GAP})?{WORD}){{0,7}}?)(?:,)?{GAP}+(?P<suffix>{_alternation(list(cues.legal_suffixes))})(?![\w-])"
        ),
        # "Hangzhou-based chipmaker X", "Shenzhen-based drone maker X", "the company X", "startup X",
        # "a company called X"
        company_cue=re.compile(
            # the words between "-based" and the name describe it ("Wuxi-based chip designer X"):
            # a function word among them means a phrase ("Wuxi-based advantages in the Internet")
            rf"(?:\b[A-Z][\w'’-]*(?:{GAP}[A-Z][\w'’-]*){{0,2}}-based(?:{GAP}+(?!{_FUNCTION_WORDS}\b)[a-z][\w-]*){{0,3}}?"
            rf"|\b(?:[a-z][\w-]*{GAP}+)?(?:{nouns})(?:{GAP}+(?:called|named))?)"
            rf"{GAP}+(?P<name>(?:{WORD}|{CAMEL})(?:{GAP}{WORD}){{0,3}})"
        ),
        # "Qinmo is a 40-square kilometer township ...": a sentence's bare subject, then what
        # unit it is (the modifiers are checked against the generic words by the caller)
        unit_copula=re.compile(
            rf"(?:^|(?<=[.!?][ \t])|(?<=\n))(?P<name>{WORD}){GAP}+is{GAP}+an?{GAP}+"
            rf"(?P<modifiers>(?:[\w-]+{GAP}+){{0,3}}?)(?:county|township|town|district)\b(?!-)"
        ),
        # "Founded in 1999, X relocated ...": a founding date put first, then a bare name and its
        # verb; a typed name there ("Founded in 1988, X Zone") keeps its designator's type
        founded_first=re.compile(
            rf"(?:^|(?<=[.!?\n][ \t])|(?<=\n))(?:Founded|Established|Set{GAP}+up|Incorporated)"
            rf"{GAP}+in{GAP}+(?:[A-Z][a-z]+{GAP}+)?(?:\d{{1,2}},?{GAP}+)?\d{{4}},{GAP}+"
            rf"(?P<name>{WORD}(?:{GAP}{WORD}){{0,3}})(?={GAP}+[a-z])"
        ),
        # "Qinmo Quantum, which is based in the zone", "X, which is headquartered in Hefei": what
        # has a seat is an organisation (a person is "who", a place is "located")
        # "Nissan's headquarters are located in Yokohama": what has headquarters somewhere is an
        # organisation ("Shenzhen's headquarters base" names a zone: a verb or "in" must follow)
        headquarters_of=re.compile(
            rf"(?<![\w'’-])(?P<name>{WORD}(?:{GAP}{WORD}){{0,2}})['’]s{GAP}+(?:global{GAP}+|new{GAP}+)?"
            rf"headquarters{GAP}+(?:is|are|was|were|has|have|lies|sits|moved|located|in){GAP}"
        ),
        # "the Yutong company", "the Geely carmaker": one capitalised word between "the" and a
        # company noun (a nationality's adjective is no name: "the German company")
        named_company=re.compile(
            # ("the Shenzhen-based group": a place's label, no name)
            rf"(?<![\w-])[Tt]he{GAP}+(?P<name>(?!(?-i:[A-Z][a-z]*(?:ese|ian|an|ish|ch|ss|ic))\b)(?![\w'’]*-[a-z])"
            rf"(?:{WORD}|{CAMEL})){GAP}+(?:{nouns}|group)\b(?![\w'’-])"
        ),
        based_relative=re.compile(
            rf"(?<![\w'’-])(?P<name>(?:{WORD}|{CAMEL})(?:{GAP}{WORD}){{0,3}}),{GAP}+(?:which|that)"
            rf"{GAP}+(?:is|was|has{GAP}+been){GAP}+(?:now{GAP}+|also{GAP}+)?"
            rf"(?:based|headquartered){GAP}+in\b"
        ),
        # "X, a drone maker,", "X, one of Hefei's leading companies,"; not a possessive noun
        # ("Wang Li, the company's founder": a person of the company)
        apposition=re.compile(
            rf"(?<![\w-])(?P<name>(?:{WORD}|{CAMEL})(?:{GAP}{WORD}){{0,3}}),{GAP}+"
            rf"(?:(?:a|an|the)(?:{GAP}+[\w-]+){{0,4}}?{GAP}+(?:{nouns})"
            rf"|one{GAP}+of(?:{GAP}+[\w'’-]+){{0,4}}?{GAP}+(?:{plural_nouns}))\b(?!['’])"
        ),
        # "the Liuxiandong headquarters base": a name, then a designator of two or more words
        # written in lowercase, after "the"
        lower_designated=re.compile(
            rf"(?:(?<![\w-])(?:[Tt]he|and){GAP}+|\([ \t]*|,[ \t]*)(?P<name>(?P<own>{WORD}(?:{GAP}{WORD}){{0,2}}){GAP}+"
            rf"(?P<designator>{_alternation([w.lower() for w in plain if ' ' in w])}))(?![\w-])"
        ),
        typed_list=(
            re.compile(
                rf"(?<![\w-])(?:(?P<count>{_COUNTWORD}){GAP}+)?(?P<noun>{_alternation([n for n, _ in cues.list_nouns])})"
                # "counties in Hebei province — A, B and C", "enterprises in the zone, including":
                # a short place phrase between the noun and its list (the place read by the rule)
                rf"(?:{GAP}+(?P<pp>(?P<prep>in|of|outside|within|under){GAP}+{_PP_PLACE}))?"
                rf"(?:[ \t]*,?[ \t]*(?:including|namely|such[ \t]+as|like|include|includes|are|:)[ \t]*,?[ \t]*|[ \t]*(?P<open>\()[ \t]*|[ \t]+[-–—][ \t]+(?:among[ \t]+them[ \t]+)?"
                # "three administrative districts of A, B and C": "of" opens a list only after a
                # count (checked by typed_lists), or it names an owner ("districts of Beijing")
                rf"|{GAP}+(?P<of>of){GAP}+)"
                # ("five functional areas: the Tianjin ... Area, the ... Zone and ..."): an item
                # may open with "the", which stays out of its name
                rf"(?P<list>{the}{item}(?:[ \t]*,[ \t]*{the}{item})*(?:[ \t]*,?[ \t]+and[ \t]+{the}{item})?)"
                rf"(?=[ \t]*[).,;:–—]|[ \t]+-[ \t]|[ \t]*$|{GAP}+[a-z])"
            )
            if cues.list_nouns
            else None
        ),
        item=item,
        paren_designated=re.compile(
            rf"(?<![\w'’-])(?P<name>{WORD}(?:{GAP}{WORD}){{0,2}}[ \t]*\([ \t]*(?P<place>{WORD}(?:{GAP}{WORD})?)[ \t]*\)"
            rf"(?:{GAP}+{WORD}){{0,3}}?{GAP}+(?P<designator>{_alternation(plain)}))(?![\w-])(?!{GAP}+[A-Z])"
        ),
        coordinated=re.compile(
            rf"(?<![\w'’-])(?P<list>{item}(?:[ \t]*,[ \t]*{item})+[ \t]*,?[ \t]+and[ \t]+{item})(?![\w'’-])"
        ),
        and_other=(
            re.compile(
                rf"(?<![\w'’-])(?P<list>{item}(?:[ \t]*,[ \t]*{item})*),?[ \t]+and[ \t]+other"
                rf"(?:[ \t]+[a-z][\w-]*){{0,2}}?[ \t]+(?P<noun>{_alternation([n for n, _ in cues.list_nouns])})(?![\w-])"
            )
            if cues.list_nouns
            else None
        ),
        by_words={normalize_name(w): (t, w) for w, t, _ in cues.designators},
        # "the tiny Yuehai subdistrict of X", "Shenzhen's Yuehai district": after "the", "in" or
        # a possessive (the caller checks that it is a known place's)
        lower_unit=re.compile(
            rf"(?:(?<![\w-])(?:[Tt]he|[Ii]n|(?P<owner>{WORD})['’]s)(?:{GAP}+[a-z][a-z-]*)?{GAP}+"
            # "Jizhou district is located in ...": a sentence that opens with the name
            rf"|(?:^|(?<=[.!?][ \t])|(?<=\n)))"
            rf"(?P<name>(?P<own>{WORD}(?:{GAP}{WORD})?){GAP}+(?:district|county|sub-?district|township))(?![\w-])"
        ),
        plural_units=re.compile(
            rf"(?<![\w-])(?P<list>{WORD}(?:{GAP}*,{GAP}*{WORD})*,?{GAP}+and{GAP}+{WORD})"
            rf"{GAP}+(?:districts|counties)(?![\w-])"
        ),
        heads=frozenset(re.split(r"[ \t-]+", w)[-1] for w, _, _ in cues.designators),
        unit_apposition=re.compile(
            rf"(?<![\w'’-])(?P<name>{WORD})(?:[ \t]*\([ \t]*|,[ \t]+)an?[ \t]+"
            rf"(?:[a-z]+[ \t]+)?(?:district|county|township|town)[ \t]+(?:in|of)[ \t]+(?:the[ \t]+)?[A-Z]"
        ),
        city_province=re.compile(
            rf"(?<![\w'’-])(?P<name>{WORD}),[ \t]+"
            rf"(?:(?:[A-Z][a-z]+[ \t]+)?China['’]s[ \t]+)?(?P<province>{WORD})[ \t]+[Pp]rovince\b"
        ),
    )
