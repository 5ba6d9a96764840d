"""Gazetteer mentions with spaCy: a blank English tokenizer and two PhraseMatchers.

Multi-word aliases match case-insensitively; single-word aliases match as written, so that a
company called "Apple" or an acronym like "GBA" is not found in ordinary lowercase prose.
Matching runs on the length-preserving folded text, so dash and quote variants match and every
span indexes the original text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import spacy
from spacy.matcher import PhraseMatcher

from hotspots.reference import AliasSpec, Gazetteer
from hotspots.text import fold_for_matching, normalize_name


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    candidates: tuple[AliasSpec, ...]

    @cached_property  # (the dataclass is frozen, but a cached_property writes to __dict__ directly)
    def entity_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.entity_id for a in self.candidates))

    def kind_of(self, entity_id: str) -> str:
        kinds = [a.kind for a in self.candidates if a.entity_id == entity_id]
        return kinds[0] if kinds else "variant"


# Words after a place name that still name the place or its own government ("Beijing Municipal
# Government", "Shenzhen City"), so the place stays the actor.
OWN_NAME_WORDS = frozenset(
    {
        "city",
        "municipal",
        "municipality",
        "government",
        "province",
        "provincial",
        "region",
        "prefecture",
        "county",
        "district",
        "people's",
        "people’s",
    }
)
# ("Wuhan • Optical Valley China": a middle dot or bullet joins the parts of one name)
NEXT_NAME_WORD = re.compile(r"(?:[ \t]*[•·][ \t]*|[ \t]+)(?P<w>[A-Z][\w'’&-]*)")


def name_word_after(text: str, end: int, limit: int) -> tuple[int, int] | None:
    """The span of a capitalised word right after a name ending at `end` that carries the name on
    ("Chengdu Branch of ...", "Suzhou HuaYiRunLiang"): the name is then the first word of a
    longer one. Acronyms ("Shenzhen R&D") and words naming the place itself ("Shenzhen City",
    "Beijing Municipal Government") carry nothing on. The caller checks that no mention of its
    own starts at the word."""
    m = NEXT_NAME_WORD.match(text, end, limit)
    if m is None or not re.search(r"[a-z]", m.group("w")):
        return None
    if m.group("w").lower() in OWN_NAME_WORDS:
        return None
    return m.start("w"), m.end("w")


# "the Nanopolis Suzhou will be built ...": after "the", a capitalised word that is no scope or
# direction word makes the place the last word of a longer name
PREVIOUS_NAME_WORD = re.compile(r"\b[Tt]he[ \t]+(?P<w>[A-Z][a-z][\w'’&-]*)[ \t]+$")
SCOPE_WORDS = frozenset(
    [
        "greater",
        "central",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "inner",
        "outer",
        "old",
        "new",
        "downtown",
        "metropolitan",
        "upper",
        "lower",
        "mainland",
        "whole",
        "entire",
        "same",
    ]
)


def name_word_before(text: str, start: int) -> tuple[int, int] | None:
    """The span of the capitalised word that, after "the", opens a longer name ending with the name
    at `start` ("the Nanopolis Suzhou"); None for scope and direction words ("the Greater Beijing",
    "the western Hefei"). The caller checks that no mention of its own starts at the word."""
    m = PREVIOUS_NAME_WORD.search(text, max(0, start - 40), start)
    if m is None or m.group("w").lower() in SCOPE_WORDS:
        return None
    return m.start("w"), m.end("w")


class MentionFinder:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.nlp = spacy.blank("en")
        self.nlp.max_length = 10_000_000
        self.by_key: dict[str, list[AliasSpec]] = defaultdict(list)
        self._lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        lower_patterns: dict[str, object] = {}
        exact_patterns: dict[str, object] = {}
        for alias in gazetteer.aliases:
            for written in spelling_variants(alias.alias):
                folded = fold_for_matching(written)
                self.by_key[normalize_name(written)].append(alias)
                doc = self.nlp.make_doc(folded)
                if len(doc) == 1:
                    exact_patterns.setdefault(folded, doc)
                else:
                    lower_patterns.setdefault(folded.lower(), doc)
        self.by_key = {k: list(dict.fromkeys(v)) for k, v in self.by_key.items()}
        self._by_text: dict[
            str, list[AliasSpec] | None
        ] = {}  # matched text -> by_key[normalize_name(text)]
        self._lower.add("ALIAS", list(lower_patterns.values()))
        self._exact.add("ALIAS", list(exact_patterns.values()))

    def make_doc(self, text: str):
        return self.nlp.make_doc(fold_for_matching(text))

    def find(self, text: str, doc=None, *, folded: str | None = None) -> list[Mention]:
        """Mentions in `text`. A caller that has them already passes `folded`
        (`fold_for_matching(text)`) and/or `doc` (`make_doc(text)`)."""
        folded = fold_for_matching(text) if folded is None else folded
        doc = doc if doc is not None else self.nlp.make_doc(folded)
        mentions = []
        for s, e in _longest_first(self._lower(doc) + self._exact(doc)):
            start = doc[s].idx
            last = doc[e - 1]
            end = last.idx + len(last)
            matched = folded[start:end]  # the span's text
            candidates = self._by_text.get(matched, False)
            if candidates is False:
                candidates = self._by_text[matched] = self.by_key.get(normalize_name(matched))
            if not candidates:
                continue
            if _inside_unknown_compound(text, start, end):
                continue  # "Beijing-Tianjin cluster": part of a longer name we do not know
            mentions.append(Mention(start, end, text[start:end], tuple(candidates)))
        return settle_namesakes(self.gazetteer, self._possessed_names(text, folded, mentions))

    def _possessed_names(self, text: str, folded: str, mentions: list[Mention]) -> list[Mention]:
        """ "Wuxi's National Hi-tech District": a place's possessive, then the rest of a name that
        begins with the place and lies in it (Wuxi National Hi-tech District), names that thing;
        the possessive stays the place's mention, so the thing is also said to lie there."""
        added: list[Mention] = []
        for m in mentions:
            tail = _POSSESSED_WORDS.match(folded, m.end)
            if tail is None:
                continue
            words = list(re.finditer(r"\S+", tail["words"]))
            for n in range(len(words), 1, -1):
                rest_end = tail.start("words") + words[n - 1].end()
                rest = folded[tail.start("words") : rest_end]
                owned = [
                    a
                    for a in self.by_key.get(normalize_name(f"{m.text} {rest}"), [])
                    if self.gazetteer.entities[a.entity_id].parent_id in m.entity_ids
                ]
                if owned:
                    start = tail.start("words")
                    added.append(Mention(start, rest_end, text[start:rest_end], tuple(owned)))
                    break
        if not added:
            return mentions
        kept = [m for m in mentions if not any(a.start <= m.start < a.end for a in added)]
        return sorted([*kept, *added], key=lambda m: m.start)


def settle_namesakes(gazetteer: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """A name two entities share, one the better-known (an entity's `namesake_of`), names the
    lesser one only where the document names a place the lesser one lies in (its city or its
    province) and none the other lies in: "Fuzhou" is Fujian's capital, but Jiangxi's Fuzhou in
    a page that names Jiangxi and not Fujian; "Huangpu District" is Shanghai's, but Guangzhou's
    in a page that names Guangzhou (or Guangdong) and not Shanghai. Decided once a document, so
    every mention of the name agrees."""
    entities = gazetteer.entities
    shared = [
        m for m in mentions if any(entities[e].namesake_of in m.entity_ids for e in m.entity_ids)
    ]
    if not shared:
        return mentions
    # ("Beijing" names the city and the cluster: either way the municipality is named)
    shared_starts = {m.start for m in shared}
    named = {e for m in mentions if m.start not in shared_starts for e in m.entity_ids}

    def named_region(entity_id: str) -> bool:
        return any(place in named for place in _places_of(gazetteer, entity_id))

    settled = {}
    for m in shared:
        keep = set(m.entity_ids)
        for e in m.entity_ids:
            major = entities[e].namesake_of
            if major not in m.entity_ids:
                continue
            if named_region(e) and not named_region(major):
                keep.discard(major)
            else:
                keep.discard(e)
        settled[m.start] = Mention(
            m.start, m.end, m.text, tuple(a for a in m.candidates if a.entity_id in keep)
        )
    return [settled.get(m.start, m) for m in mentions]


def _places_of(gazetteer: Gazetteer, entity_id: str) -> list[str]:
    """The places an entity lies in below its country (its city, its province); a province, or
    a municipality, is its own place."""
    entities = gazetteer.entities
    places = []
    parent = entities[entity_id].parent_id
    while parent is not None and entities[parent].type != "country":
        places.append(parent)
        parent = entities[parent].parent_id
    return places or [entity_id]


# a possessive, then up to six capitalised words (a name's rest: "National Hi-tech District")
# (or a designator written in lower case: "Chengdu's high-tech zone" is its Chengdu High-tech Zone)
_POSSESSED_WORDS = re.compile(
    r"['’]s[ \t]+(?P<words>(?:[A-Z][\w&-]*(?:[ \t]+(?:[A-Z][\w&-]*|and|of)){1,5}"
    r"|(?:hi|high)-tech[ \t]+(?:industrial[ \t]+)?(?:development[ \t]+)?zone))"
)


def _longest_first(matches: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """`spacy.util.filter_spans` on (match_id, start, end) token ranges: overlapping matches are
    dropped in favour of the (first) longest; the rest come back in document order."""
    ranges = sorted(
        ((s, e) for _, s, e in matches), key=lambda se: (se[1] - se[0], -se[0]), reverse=True
    )
    kept = []
    seen: set[int] = set()
    for s, e in ranges:
        if s not in seen and e - 1 not in seen:  # (filter_spans tests the two ends only)
            kept.append((s, e))
            seen.update(range(s, e))
    kept.sort(key=lambda se: se[0])
    return kept


# Spellings that name the same thing in English-language sources; each alias matches in every one.
SPELLINGS = [
    # (before the hi-tech/high-tech pair, so that each of these comes in both spellings)
    ("Hi-tech Industrial Development Zone", "Hi-tech Industrial Zone"),
    # 国家级: "national" and "state" (or "state-level") high-tech zones are the same rank
    ("National Hi-tech", "State Hi-tech"),
    ("National Hi-tech", "State-level Hi-tech"),
    ("High-tech Industrial Development Zone", "High-tech Industrial Zone"),
    ("National High-tech", "State High-tech"),
    ("National High-tech", "State-level High-tech"),
    ("Hi-tech", "High-tech"),
    ("Hi-Tech", "High-Tech"),
    ("hi-tech", "high-tech"),
    ("Centre", "Center"),
    ("Programme", "Program"),
    ("Macau", "Macao"),
    ("Technology Park", "Tech Park"),
    # translations of the same designator (产业开发区, 经济技术开发区) that official pages and the press mix
    ("Industrial Development", "Industries Development"),
    ("Industrial Development", "Industry Development"),
    ("Economic and Technological Development", "Economic and Technical Development"),
    ("Economic and Technological Development", "Economic and Technology Development"),
    # 新区, a state-level or city new area, is translated "New Area" and "New District" alike
    ("New Area", "New District"),
    # 高新区: the short and the full designator of a national high-tech zone
    ("Hi-tech Zone", "Hi-tech Industrial Development Zone"),
]


# a city's high-tech zone named with its rank or without ("Hefei High-tech Industrial Development
# Zone" = "Hefei National High-tech Industrial Development Zone"): a zone of that name has one rank
_UNRANKED_HIGH_TECH_ZONE = re.compile(r"^(?P<place>[A-Z][\w'’-]*) (?=Hi(?:gh)?-tech Industrial)")


def spelling_variants(name: str) -> list[str]:
    """The name and its variants under SPELLINGS (both directions)."""
    out = [name, _UNRANKED_HIGH_TECH_ZONE.sub(r"\g<place> National ", name)]
    for a, b in SPELLINGS:
        for x, y in ((a, b), (b, a)):
            out += [v.replace(x, y) for v in out if x in v]
    return list(dict.fromkeys(out))


COMPOUND_JOINERS = (
    "-\u2010\u2011\u2013"  # hyphens and the en dash; an em dash sets off a phrase instead
)


def _inside_unknown_compound(text: str, start: int, end: int) -> bool:
    """True when the match is glued by a hyphen to another capitalised name ("Beijing-Tianjin")."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    glued_before = len(before) == 2 and before[1] in COMPOUND_JOINERS and before[0].isalpha()
    glued_after = len(after) == 2 and after[0] in COMPOUND_JOINERS and after[1].isupper()
    return glued_before or glued_after


# "(PCL)"; "(Guiyang HIDZ)": the name's first word written out, then the initials of the rest
_ABBREVIATION_DEFINED = re.compile(
    r"\s*\((?P<abbr>(?:(?P<lead>[A-Z][a-z]+)\s)?(?P<initials>[A-Z][A-Za-z&]{1,7}))\)"
    # "The Wuxi National Hi-tech District, also known as the WND, in Jiangsu": a short form
    # given in words (all capitals: "also known as the Sensor Capital" is an epithet)
    r"|,\s+(?:also\s+)?(?:known\s+as|called|abbreviated\s+(?:as|to))\s+(?:the\s+)?"
    r"(?P<said>(?P<caps>[A-Z][A-Z&]{1,7}))(?=\s*[,.;)])"
)
_MINOR_WORDS = frozenset({"of", "and", "the", "for", "in", "&"})
# words a short form of a zone's name often leaves out ("Guiyang HIDZ" for "Guiyang National
# High-tech Industrial Development Zone"); their initial may also be kept
_SKIPPABLE_WORDS = frozenset({"national", "state-level"})


def _initials_fit(name: str, abbr: str, lead: str | None = None) -> bool:
    """'Peng Cheng Laboratory' -> PCL, 'University of Science and Technology of China' -> USTC,
    'Hefei High-tech Zone' -> HHZ: the abbreviation's capitals are the initials of the name's
    words, in order, with the initials of its minor words ("of", "and") optional. With `lead`
    ('Guiyang' of "Guiyang HIDZ"), the name's first word is `lead` and the capitals are the
    initials of the words after it ('National' may be left out)."""
    words = [w for w in re.split(r"[\s]+", name) if w]
    if lead is not None:
        if len(words) < 3 or words[0] != lead:
            return False
        words = words[1:]
    capitals = [c for c in abbr if c.isupper()]
    if len(capitals) < 2:
        return False
    i = 0
    strict = True
    for w in words:
        optional = w.lower() in _MINOR_WORDS or (lead is not None and w.lower() in _SKIPPABLE_WORDS)
        if i < len(capitals) and w[0].upper() == capitals[i]:
            i += 1
        elif not optional:
            strict = False
            break
    if strict and i == len(capitals):
        return True
    # "Wuxi National Hi-tech District (WND)": a short form may leave a word's initial out, when
    # it starts with the first word's and keeps at least half of the words' initials, in order
    initials = [w[0].upper() for w in words if w.lower() not in _MINOR_WORDS]
    return (
        lead is None
        and bool(initials)
        and capitals[0] == initials[0]
        and 2 * len(capitals) >= len(initials)
        and in_order(capitals, initials)
    )


def in_order(part: list[str], whole: list[str]) -> bool:
    """`part` is `whole` with some items left out, in the same order."""
    rest = iter(whole)
    return all(any(c == w for w in rest) for c in part)


def abbreviations(folded: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions with those of the short forms the document defines for a name: "Peng Cheng
    Laboratory (PCL) ... PCL is headquartered in Shenzhen" names the laboratory twice. Only after
    the definition, only as a whole word written as defined, and only where no other mention is:
    the short form is the document's, not a gazetteer alias. A short form that writes out the
    name's first word ("Guiyang HIDZ") replaces the mention of that word alone ('Guiyang', the
    city), in the definition's brackets and after them."""
    out: list[Mention] = []
    replaced: set[tuple[int, int]] = set()
    taken = [(m.start, m.end) for m in mentions]
    for m in mentions:
        d = _ABBREVIATION_DEFINED.match(folded, m.end)
        if d is None:
            continue
        abbr, initials = (d["abbr"], d["initials"]) if d["abbr"] else (d["said"], d["caps"])
        if not _initials_fit(folded[m.start : m.end], initials, d["lead"]):
            continue
        occurrences = [(d.start("abbr"), d.end("abbr"))] if d["lead"] else []
        occurrences += [
            (d.end() + later.start(), d.end() + later.end())
            for later in re.finditer(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", folded[d.end() :])
        ]
        for start, end in occurrences:
            inside = {(s, e) for s, e in taken if start <= s and e <= end} if d["lead"] else set()
            if any(s < end and start < e for s, e in taken if (s, e) not in inside):
                continue
            replaced |= inside
            taken = [t for t in taken if t not in inside] + [(start, end)]
            out.append(Mention(start, end, folded[start:end], m.candidates))
    return [m for m in mentions if (m.start, m.end) not in replaced] + out
