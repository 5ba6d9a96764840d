"""Whole-text regex scans that skip the lines where a pattern cannot match, or try it only where
one of the strings its every match opens with is.

Discovery's patterns (hotspots.extract.discover_cues) run over a whole document, and most open
with a lookbehind and a capitalised word: `re` then tries a match at every position of the text,
which made them the costliest part of discovery. Most of them need literals (a designator, a
legal suffix, "province", "headquarters") and cannot match across a line break, so a match can
only lie in a line that holds one of those literals (found in the lowercased text by one cheap
scan). `Scan` searches those lines alone, with the same matches as the pattern's own
`search`/`finditer` over the whole text: it does so only when the pattern's compiled form proves
the two agree (`_one_line`), and otherwise it falls back to a test of the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from re import _constants as _c
from re import _parser

from hotspots.extract.cues import _candidates, _exact_node, _merit, substring_cover

# a longer alternation costs about as much to scan for as the pattern (measured); literals that
# all open with a capital, matched case by case, are tried only where a capital is (`re` skips
# to the characters that can open a literal), so more of them pay
_MOST_LITERALS = 20
_MOST_CASED_LITERALS = 128
# a pattern that may ignore case anywhere (its flags, or an inline group's)
_MAY_IGNORE_CASE = re.compile(r"\(\?[aiLmsux-]*i")


@dataclass(frozen=True)
class Scan:
    """`pattern` with the literal sets each of its matches meets (`gates`, one string of each
    set), whether they are matched case by case in the text (`cased`) or in lowercase in the
    lowered text, and whether every match lies inside one line (`one_line`)."""

    pattern: re.Pattern[str]
    gates: tuple[re.Pattern[str], ...]
    one_line: bool
    cased: bool = False
    starts: re.Pattern[str] | None = None  # the strings every match opens with, as `gates` are

    def search(self, text: str, lowered: str, pos: int = 0) -> re.Match[str] | None:
        """`pattern.search(text, pos)`; `lowered` is `cues.lower_for_cues(text)`."""
        if self.cased:
            lowered = text
        if self.starts is not None:
            while (start := self.starts.search(lowered, pos)) is not None:
                m = self.pattern.match(text, start.start())
                if m is not None:
                    return m
                pos = start.start() + 1
            return None
        if not self.gates:
            return self.pattern.search(text, pos)
        if not self.one_line:
            if all(g.search(lowered, pos) for g in self.gates):
                return self.pattern.search(text, pos)
            return None
        first, others = self.gates[0], self.gates[1:]
        n = len(text)
        while pos <= n:
            cue = first.search(lowered, pos)
            if cue is None:
                return None
            line_start = max(pos, text.rfind("\n", 0, cue.start()) + 1)
            line_end = text.find("\n", cue.end())
            if line_end == -1:
                line_end = n
            if all(g.search(lowered, line_start, line_end) for g in others):
                m = self.pattern.search(text, line_start, line_end)
                if m is not None:
                    return m
            pos = line_end + 1
        return None

    def finditer(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        """`pattern.finditer(text)` (no match of a gated pattern is empty: see `scan`)."""
        if not self.gates and self.starts is None:
            yield from self.pattern.finditer(text)
            return
        pos = 0
        while (m := self.search(text, lowered, pos)) is not None:
            yield m
            pos = m.end()


# keyed by the pattern's identity: hashing a compiled pattern hashes all of its code
_SCANS: dict[int, Scan] = {}


def scan(pattern: re.Pattern[str]) -> Scan:
    """The `Scan` of `pattern`: up to two literal sets (the most selective first), none when
    every match could do without an informative literal or could be empty."""
    found = _SCANS.get(id(pattern))
    if found is None or found.pattern is not pattern:
        found = _SCANS[id(pattern)] = _scan(pattern)
    return found


def _scan(pattern: re.Pattern[str]) -> Scan:
    tree = _parser.parse(pattern.pattern, pattern.flags)
    if tree.getwidth()[0] == 0:
        return Scan(pattern, (), False)
    cased = not pattern.flags & re.IGNORECASE and not _MAY_IGNORE_CASE.search(pattern.pattern)
    sets = []
    for found in sorted(_all_candidates(list(tree)), key=_merit, reverse=True):
        cover = substring_cover(found if cased else {s.lower() for s in found})
        capitals = cased and all(w[:1].isupper() for w in cover)
        most = _MOST_CASED_LITERALS if capitals else _MOST_LITERALS
        if len(cover) <= most and _merit(set(cover))[1] > 0 and cover not in sets:
            sets.append(cover)
    gates = tuple(re.compile("|".join(map(re.escape, s))) for s in sets[:2])
    opening = _starts(list(tree))
    if opening is not None:
        opening = {w if cased else w.lower() for w in opening}
    starts = None
    if opening and len(opening) <= _MOST_STARTS and all(len(w) >= 2 for w in opening):
        starts = re.compile("|".join(map(re.escape, sorted(opening, key=len, reverse=True))))
    return Scan(pattern, gates, _one_line(list(tree), pattern.flags), cased, starts)


_MOST_STARTS = 64  # more strings, or one-letter ones, are met so often that a scan costs less


def _starts(items: list) -> set[str] | None:
    """Strings one of which every match of the sequence `items` opens with (None: unknown)."""
    out = {""}
    for op, av in items:
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero width: the match tried at the place tests it
        one = _exact_node(op, av)
        if one is not None:
            out = {a + b for a in out for b in one}
            if len(out) > _MOST_STARTS:
                return None
            continue
        if op is _c.SUBPATTERN:
            inner = _starts(list(av[-1]))
        elif op is _c.BRANCH:
            parts = [_starts(list(alt)) for alt in av[1]]
            inner = None if any(p is None for p in parts) else set().union(*parts)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            inner = _starts(list(av[2]))
        else:
            inner = None
        if inner is not None:
            out = {a + b for a in out for b in inner}
        break  # the node's strings open what it matches, no more: nothing after it is known
    return None if "" in out or len(out) > _MOST_STARTS else out


def _all_candidates(items: list) -> list[set[str]]:
    """Every literal set `cues._candidates` finds in the sequence `items`, and those of the
    groups and repeats inside it (whose every match the sequence's match holds)."""
    out = list(_candidates(items))
    for op, av in items:
        if op is _c.SUBPATTERN:
            out += _all_candidates(list(av[-1]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            out += _all_candidates(list(av[2]))
        elif op is _c.ATOMIC_GROUP:
            out += _all_candidates(list(av))
    return [s for s in out if s and "" not in s]


_NEWLINE_CATEGORIES = {
    _c.CATEGORY_SPACE,
    _c.CATEGORY_NOT_WORD,
    _c.CATEGORY_NOT_DIGIT,
    _c.CATEGORY_LINEBREAK,
    _c.CATEGORY_UNI_SPACE,
    _c.CATEGORY_UNI_NOT_WORD,
    _c.CATEGORY_UNI_NOT_DIGIT,
    _c.CATEGORY_UNI_LINEBREAK,
}
_NEWLINE = ord("\n")


def _set_has_newline(items: list) -> bool | None:
    """Whether a character set (the items of IN) holds a line feed; None when unsure."""
    negate, has = False, False
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            has |= av == _NEWLINE
        elif op is _c.RANGE:
            has |= av[0] <= _NEWLINE <= av[1]
        elif op is _c.CATEGORY:
            has |= av in _NEWLINE_CATEGORIES
        else:
            return None
    return has != negate


def _one_line(items: list, flags: int) -> bool:
    """Whether no part of the sequence (lookbehinds aside, which see the text before a search's
    start) can match a line feed or needs the end of the text: then a match never crosses a
    line, and one found between a line's start and its end (as `endpos`) is the whole text's."""
    for op, av in items:
        if op is _c.LITERAL:
            ok = av != _NEWLINE
        elif op is _c.NOT_LITERAL:
            ok = av == _NEWLINE
        elif op is _c.IN:
            ok = _set_has_newline(av) is False
        elif op is _c.ANY:
            ok = not flags & re.DOTALL
        elif op is _c.AT:
            ok = av not in (_c.AT_END, _c.AT_END_STRING)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            ok = av[0] < 0 or _one_line(list(av[1]), flags)
        elif op is _c.SUBPATTERN:
            ok = _one_line(list(av[-1]), flags)
        elif op is _c.BRANCH:
            ok = all(_one_line(list(alt), flags) for alt in av[1])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            ok = _one_line(list(av[2]), flags)
        elif op is _c.ATOMIC_GROUP:
            ok = _one_line(list(av), flags)
        elif op is _c.GROUPREF:
            ok = True  # the text of a group, which holds no line feed
        else:
            ok = False
        if not ok:
            return False
    return True


_GATES: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}


def literal_gate(pattern: re.Pattern[str], most: int = 64) -> re.Pattern[str] | None:
    """One lowercase alternation of literals one of which every match of `pattern` holds (the
    most selective informative set of at most `most`, searched for in `cues.lower_for_cues` of
    the text), or None: a test before running a pattern over a sentence whose cue words the rule
    engine's sets leave out (too many, or inside a group)."""
    entry = _GATES.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        tree = _parser.parse(pattern.pattern, pattern.flags)
        gate = None
        for found in sorted(_all_candidates(list(tree)), key=_merit, reverse=True):
            cover = substring_cover({s.lower() for s in found})
            if len(cover) <= most and _merit(set(cover))[1] > 0:
                gate = re.compile("|".join(map(re.escape, cover)))
                break
        entry = _GATES[id(pattern)] = (pattern, gate)
    return entry[1]
