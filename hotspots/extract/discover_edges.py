"""Where a discovered name starts and ends, and the id its words give (hotspots.extract.discover):
sentence and clause openers, owners and bases in front, a typed name's lead-in words, headlines,
datelines, kinds after "a", and the id form of a gazetteer place inside a new name."""

from __future__ import annotations

import re
from collections.abc import Callable

from hotspots.extract.discover_cues import CAMEL, GAP, WORD, Cues
from hotspots.text import slugify


def discovered_slug(name: str) -> str:
    """The id part of a discovered name, as the guidelines write ids: every run of
    non-alphanumerics is one hyphen, an apostrophe inside a romanised name included
    ("Chang’an" -> "chang-an", "Xi'an" -> "xi-an"); `slugify` drops it, as the gazetteer's older
    ids do ("city/xian"), but a new id follows the naming rule. A "The" that `trim_name` kept is part
    of the name ("The Paper" -> "the-paper"), although name comparison ignores it."""
    # "&" is a run of non-alphanumerics like any other ("R&D" -> "r-d"); `slugify` spells it "and"
    slug = slugify(re.sub(r"(?<=[A-Za-z])['’](?=[A-Za-z])", "-", name).replace("&", " "))
    return f"the-{slug}" if name.startswith("The ") and slug else slug


# "X's", "X-based", and a plural owner "Sciences' " (also run on: "Sciences'Shanghai ...")
_POSSESSIVE_OR_BASED = re.compile(r"^.*(?:(?:['’]s|-based)[ \t]+|s['’](?:[ \t]+|(?=[A-Z])))")


# capitalised words, then "of"/"and" or a parenthesis, right before a typed name's first word
_LEAD_IN = re.compile(
    rf"(?<![\w'’-])(?P<lead>{WORD}(?:{GAP}{WORD}){{0,2}})"
    rf"(?:{GAP}+(?:of|and|&){GAP}+|{GAP}*\([^()\n]{{1,40}}\){GAP}+)$"
)


def lead_in(
    text: str,
    start: int,
    known: list[tuple[int, int]],
    is_known_name: Callable[[str], bool],
    cues: Cues,
    heads: frozenset[str],
) -> int:
    """Where a typed name really starts when the cue's capitalised run began inside it: "Internet
    of Things Industrial Park", "Life and Health Industrial Park", "Dalian DD (Digital and DNA)
    Port Industrial Park" name one park each, not "Things/Health/Port Industrial Park". Not when
    the words before end another typed name ("Jiao Tong University and East China Normal
    University": two names) or are a gazetteer name's ("Shanghai and ..."), nor when the name
    starts with a gazetteer place, as a whole name does ("... Street and Qingdao Software Park"),
    nor after a title ("Director of Mingyue Lake Laboratory": a leading word)."""
    m = _LEAD_IN.search(text, max(0, start - 80), start)
    if m is None or any(k_start == start for k_start, _ in known):
        return start
    words = m["lead"].split()
    while words and words[0] in cues.leading_words:
        words = words[1:]
    if not words or words[-1] in heads or words[-1] in cues.legal_suffixes:
        return start
    if is_known_name(" ".join(words)):
        return start
    return m.end("lead") - len(" ".join(words))


DATELINE = re.compile(r"^[A-Z][\w'’]*-The[ \t]+(?=[A-Z])")
UNIT_WORD = re.compile(r"(?:[Dd]istrict|[Cc]ounty|[Cc]ity)")
AFTER_PLACE_IN_PARENTHESES = re.compile(r"[\w-][ \t]*\([ \t]*[A-Z][\w'’]*[ \t]*\)[ \t]+$")
# "Shell (Shanghai) Technology Co", "iFlytek (Suzhou) Technology, a listed company": a company's
# name, the place of its unit in parentheses, then the rest of the name
NAME_BEFORE_PLACE = re.compile(
    rf"(?<![\w'’-])(?P<lead>(?:{WORD}|{CAMEL})(?:{GAP}{WORD}){{0,2}})[ \t]*\([ \t]*"
    rf"(?P<place>[A-Z][\w'’]*)[ \t]*\)[ \t]+$"
)
DECIMAL_BEFORE = re.compile(rf"(?<![\w'’-]){WORD}(?:{GAP}+{WORD}){{0,2}}{GAP}+\d+\.\d+{GAP}+$")

_MID_SENTENCE = re.compile(r"[a-z][\w-]*[ \t]+$")


def trim_name(
    name: str,
    start: int,
    cues: Cues,
    text: str = "",
    is_known_name: Callable[[str], bool] | None = None,
) -> tuple[str, int]:
    """Drop leading words that are capitalised only because a sentence or clause starts there,
    and an owner or base in front of the name ("Shanghai's Pudong New Area", "Hefei-based ...").
    A capitalised "The" right after a lowercase word ("news portal The Paper") is no sentence
    start: it belongs to the name. With `is_known_name`, an unknown word with "'s" before a single
    word is part of the name ("Han's Laser", a company, not Han's laser); before a longer name it
    is an owner ("SFS's UNISTEEL Technology"). A plural owner ("the Academy of Sciences' Qinmo
    Institute") is always one."""
    owner = _POSSESSIVE_OR_BASED.match(name)
    if owner and is_known_name is not None and re.search(r"['’]s[ \t]+$", owner.group(0)):
        words = re.sub(r"['’]s[ \t]+$", "", owner.group(0)).split()
        while words and words[0] in cues.leading_words:
            words = words[1:]
        if words and not is_known_name(" ".join(words)) and " " not in name[owner.end() :]:
            owner = None
    if owner:
        start += owner.end()
        name = name[owner.end() :]
    while True:
        first, _, rest = name.partition(" ")
        if (
            first == "The"
            and rest
            and text
            and _MID_SENTENCE.search(text, max(0, start - 30), start)
        ):
            return name, start
        if rest and first in cues.leading_words:
            start += len(first) + 1
            name = rest.lstrip()
            continue
        return name, start


def title_case_line(text: str, pos: int) -> bool:
    """A headline ("Shanghai Unveils New Science Park Plan") capitalises every word, so its
    capitals say nothing about names: nothing is discovered there (the body names them again)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : end if end != -1 else None].strip()
    # a photo credit after a caption ("... Development Zone. [Photo/gxq.hefei.gov.cn]") is no
    # part of its sentence
    line = re.sub(r"[ \t]*[\[(][^\])]*[\])]$", "", line)
    if line.endswith((".", "!", "?", ";", ":", ",")):
        return False  # a sentence, however many names it holds
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    long_words = [w for w in words if len(w) >= 4]
    if len(words) < 4 or not long_words:
        return False
    return sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words) and not any(
        w in {"said", "says", "is", "are", "was", "were", "has", "have"} for w in words
    )


# a capitalised word or a name's connector right before: the name began earlier
NAME_GOES_ON_BEFORE = re.compile(r"(?:[A-Z][\w'’-]*|\bof|\band|\bfor|&)[ \t]+$")

# "the giant State-owned power company": a capitalised compound adjective before a noun, no name
ADJECTIVE_COMPOUND = re.compile(
    r"-(?:owned|run|backed|funded|controlled|invested|listed|led|oriented|focused)$", re.IGNORECASE
)

_INDEFINITE_BEFORE = re.compile(r"(?:^|[^\w])(?:[Aa]n?)[ \t]+$")
_CLAUSE_END_AFTER = re.compile(r"[ \t]*(?:[.,;:!?)]|$)")


def a_kind_of_thing(text: str, start: int, end: int) -> bool:
    """ "named it a National Model Science Park.": after "a"/"an" and ending the clause, the
    capitalised words name a title or a kind, not one place ("a Lakeside University team" keeps
    its name: the article belongs to "team")."""
    return bool(
        _INDEFINITE_BEFORE.search(text, max(0, start - 4), start)
        and _CLAUSE_END_AFTER.match(text, end)
    )


def known_places_as_ids(name: str, start: int, known: list[tuple[int, int]]) -> str:
    """The name with a gazetteer name inside it spelt as the gazetteer's ids spell it: without
    its apostrophe ("Xi'an International Port Zone" -> park/xian-international-port-zone, as
    city/xian), so that the zones of a place share its id form; an unknown name keeps the
    naming rule's hyphen ("Chang'an" -> district/chang-an)."""
    out = name
    for k_start, k_end in known:
        if start <= k_start and k_end <= start + len(name):
            a, b = k_start - start, k_end - start
            out = out[:a] + re.sub(r"['’]", "\x00", out[a:b]) + out[b:]
    return out.replace("\x00", "")


# words that make "a ... district" a kind of zone, not an administrative unit
ZONE_KIND_WORDS = frozenset(
    {
        "business",
        "industrial",
        "economic",
        "development",
        "commercial",
        "financial",
        "trade",
        "technology",
        "tech",
        "high-tech",
        "hi-tech",
        "science",
        "innovation",
        "special",
        "free",
        "pilot",
        "of",
        "and",
    }
)
