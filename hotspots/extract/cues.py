"""Cheap necessary conditions for regexes: lowercase substring tests run before a costly scan.

A regex with `re.IGNORECASE` can match a literal only where `lower_for_cues(text)` holds that
literal in lowercase, so `cue not in lower_for_cues(text)` proves the regex cannot match there.
Besides the usual case pairs, `re.IGNORECASE` lets "s" match "ſ", "k" the Kelvin sign and "i"
both Turkish i's; those are mapped first, which also keeps every character one character long,
so offsets in the lowered text are offsets in the original.
"""

from __future__ import annotations

import re
from re import _constants, _parser  # the compiled form of a pattern, to read its literals

_CASE_TABLE = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0130": "i", "\u212a": "k"})


def lower_for_cues(text: str) -> str:
    """Same-length lowercase copy of `text` (see the module docstring)."""
    if text.isascii():
        return text.lower()
    text = text.translate(_CASE_TABLE)
    lowered = text.lower()
    if len(lowered) != len(
        text
    ):  # no such character in today's Unicode tables; keep offsets anyway
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered


def substring_cover(words: set[str] | list[str]) -> tuple[str, ...]:
    """The words that hold none of the others: a text holding one of `words` holds one of these."""
    return tuple(
        sorted(
            {w for w in words if not any(v != w and v in w for v in words)},
            key=lambda w: (-len(w), w),
        )
    )


def prefix_cover(words: list[str]) -> list[str]:
    """The words none of the others starts with: every word starts with one of them."""
    return sorted(
        {w for w in words if not any(v != w and w.startswith(v) for v in words)},
        key=lambda w: (-len(w), w),
    )


# ---------------------------------------------------------------------------------------------
# Cue words derived from a compiled pattern: the literals one of which every match contains.
_MAX_STRINGS = 256  # a finite set of spellings larger than this is not worth enumerating


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lowercase strings one of which occurs in every match of `pattern`, or None when the
    pattern can match without any literal (then it cannot be pre-checked). Derived from the
    compiled pattern, so a word added to an alternation is a cue at once: the rule's cue list
    can never fall behind its regex."""
    found = _need(_parser.parse(pattern.pattern, pattern.flags))
    if found is None or "" in found:
        return None
    return substring_cover({s.lower() for s in found})


def required_literal_sets(pattern: re.Pattern[str], most: int = 2) -> tuple[tuple[str, ...], ...]:
    """Up to `most` sets of lowercase strings, the most selective first, such that every match
    of `pattern` holds one string of each set ("unite|link ... strengths|cities of": a verb and
    a noun). Testing them all rules out more sentences than `required_literals` alone; () when
    the pattern needs no literal."""
    tree = _parser.parse(pattern.pattern, pattern.flags)
    found = sorted(_candidates(tree), key=_merit, reverse=True)
    out: list[tuple[str, ...]] = []
    for one in found:
        cover = substring_cover({s.lower() for s in one})
        if len(cover) <= _FEW and _merit(set(cover))[1] > 0 and cover not in out:
            out.append(cover)
    return tuple(out[:most])


_FEW = 16  # a cue set larger than this costs more to test than it saves
_LONG = 6  # a literal this long is rare enough; a longer one is not worth more members


def _informative_length(literal: str) -> int:
    """The literal's length, or 0 when it is made only of words in nearly every sentence
    (reference/lexicons/cues.yaml): "with" or "in the" is a poor cue, however long."""
    from hotspots.extract import lexicon  # (lexicon -> types -> schemas: not at import time)

    common = frozenset(lexicon.words("cues", "common_words"))
    words = re.findall(r"[a-z]+", literal.lower())
    return 0 if all(w in common for w in words) else len(literal)


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """The more useful of two cue sets: a small one, then the longer shortest member (up to
    _LONG), then the fewer members."""
    if a is None or "" in a:
        return b
    if b is None or "" in b:
        return a

    return a if _merit(a) >= _merit(b) else b


def _merit(s: set[str]) -> tuple:
    return (len(s) <= _FEW, min(_LONG, min(map(_informative_length, s))), -len(s))


def _exact(items: list) -> set[str] | None:
    """Every string a sequence of nodes can match, when that is a small finite set."""
    out = {""}
    for op, av in items:
        one = _exact_node(op, av)
        if one is None:
            return None
        out = {a + b for a in out for b in one}
        if len(out) > _MAX_STRINGS:
            return None
    return out


def _exact_node(op, av) -> set[str] | None:
    c = _constants
    if op is c.LITERAL:
        return {chr(av)}
    if op is c.IN:
        chars = set()
        for iop, iav in av:
            if iop is not c.LITERAL:
                return None
            chars.add(chr(iav))
        return chars
    if op is c.SUBPATTERN:
        return _exact(list(av[-1]))
    if op is c.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            one = _exact(list(alt))
            if one is None:
                return None
            out |= one
        return out if len(out) <= _MAX_STRINGS else None
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
        one = _exact(list(av[2]))
        return None if one is None else one | {""}
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return {""}  # zero width
    return None


def _need(items) -> set[str] | None:
    """A set of strings one of which every match of the sequence `items` contains."""
    best: set[str] | None = None
    for found in _candidates(items):
        best = _better(best, found)
    return best


def _candidates(items) -> list[set[str]]:
    """Sets of strings each of which every match of the sequence `items` meets (one of its
    strings occurs): one per stretch of exact nodes and one per other node that has one."""
    out: list[set[str]] = []
    run: set[str] | None = None  # every string the current stretch of exact nodes can match
    for op, av in [*items, (None, None)]:
        one = _exact_node(op, av) if op is not None else None
        if one is not None:
            joined = {a + b for a in run for b in one} if run is not None else one
            if len(joined) <= _MAX_STRINGS:
                run = joined
                continue
            out.append(run)  # too many spellings: close the stretch, start anew
            run = one
            continue
        if run is not None:
            out.append(run)
            run = None
        if op is not None:
            found = _need_node(op, av)
            if found is not None:
                out.append(found)
    return [found for found in out if "" not in found]


def _need_node(op, av) -> set[str] | None:
    c = _constants
    if op is c.SUBPATTERN:
        return _need(av[-1])
    if op is c.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            one = _need(alt)
            if one is None or "" in one:
                return None
            out |= one
        return out
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _need(av[2])
    if op is c.ATOMIC_GROUP:
        return _need(av)
    return None
