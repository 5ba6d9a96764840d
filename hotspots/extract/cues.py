"""Cheap necessary conditions for regexes: lowercase substring tests run before a costly scan.

A regex with `re.IGNORECASE` can match a literal only where `lower_for_cues(text)` holds that
literal in lowercase, so `cue not in lower_for_cues(text)` proves the regex cannot match there.
Besides the usual case pairs, `re.IGNORECASE` lets "s" match "ſ", "k" the Kelvin sign and "i"
both Turkish i's; those are mapped first, which also keeps every character one character long,
so offsets in the lowered text are offsets in the original.
"""

from __future__ import annotations

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


def prefix_cover(words: list[str]) -> list[str]:
    """The words none of the others starts with: every word starts with one of them."""
    return sorted(
        {w for w in words if not any(v != w and w.startswith(v) for v in words)},
        key=lambda w: (-len(w), w),
    )
