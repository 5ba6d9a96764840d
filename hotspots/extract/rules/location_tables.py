"""Tables whose last column gives each row's place, for the location rule
(`location.location`): the name opening a row lies in the place ending it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext
from hotspots.extract.rules.common import ClaimDraft, _typed
from hotspots.extract.rules.common_places import _located

# a table header whose last column gives each row's place: "University Year Founded Location",
# "| Company | Sector | Location |"
LOCATION_HEADER = re.compile(r"(?:^|\s|\|)(?:Location|Locations)\s*\|?\s*$")
ROW_PLACES_GAP = re.compile(r"\s*[,;]\s*")
ROW_INNER = ("company", "university", "research_institute", "park")
ROW_PLACE = ("city", "district", "province", "sar", "country")


def _location_column(ctx, sentence, mentions, emit) -> Iterable[ClaimDraft]:
    """A table row under a header whose last column is "Location": the name opening the row lies
    in the place ending it, and in each place of a list there ("Harbin, Heilongjiang; Weihai,
    Shandong": one place a `;`, the first and most specific of each)."""
    text = ctx.folded
    for line_start, line_end in _lines(text, sentence.start, sentence.end):
        row = [m for m in mentions if line_start <= m.start and m.end <= line_end]
        if (
            len(row) < 2
            or row[0].start != line_start
            or not _under_location_header(ctx, line_start)
        ):
            continue
        if not re.fullmatch(r"[\s|]*", text[row[-1].end : line_end]):
            continue
        inner = _typed(ctx, row[:1], ROW_INNER)
        # the cell of places: the mentions at the row's end joined by ',' or ';'
        k = len(row) - 1
        while k > 1 and ROW_PLACES_GAP.fullmatch(text[row[k - 1].end : row[k].start]):
            k -= 1
        cell = row[k:]
        if not inner or not re.search(r"[\s|]$", text[row[k - 1].end : cell[0].start]):
            continue
        first_of_segment = [
            m for j, m in enumerate(cell) if j == 0 or ";" in text[cell[j - 1].end : m.start]
        ]
        for place in _typed(ctx, first_of_segment, ROW_PLACE):
            yield from emit(_located(sentence, inner[0], place, "location_column", ctx))


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) of each line of text[start:end]."""
    out, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        out.append((pos, stop))
        pos = stop + 1
    return out


def _under_location_header(ctx: DocContext, line_start: int) -> bool:
    """Whether the lines above (up to a blank line, 60 lines at most) start with a header whose
    last column is "Location"."""
    pos = line_start
    for _ in range(60):
        if pos <= 0:
            return False
        prev_start = ctx.folded.rfind("\n", 0, pos - 1) + 1
        line = ctx.folded[prev_start : pos - 1]
        if not line.strip():
            return False
        if LOCATION_HEADER.search(line):
            return True
        pos = prev_start
    return False
