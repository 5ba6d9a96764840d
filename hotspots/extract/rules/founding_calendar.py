"""Founding dates as written and the claim they make: a year, a month written out or shortened
('Dec.', 'Sept.') with its year, a day with both ('September 18, 1992'), read as precisely as
stated ('1996-12'), and the stricter date the `established` rules read; the one date a sentence gives; the `established` draft every founding rule
makes (founding, founding_clauses)."""

from __future__ import annotations

import re

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.rules.common import ClaimDraft, draft
from hotspots.extract.segment import Sentence

MONTHS = lexicon.words("calendar", "months")
# a month written out or shortened ("Dec.", "Sept."): each name's first three letters
MONTH = (
    r"(?:"
    + "|".join(
        sorted({*MONTHS, *(m[:3] + r"\." for m in MONTHS), r"sept\."}, key=len, reverse=True)
    )
    + "|"
    + "|".join(m[:3] for m in MONTHS)
    + r")"
)
YEAR = r"(?:1[89]\d{2}|20\d{2})"
DATE = (
    r"(?:(?P<d1>\d{1,2})\s+(?P<m1>" + MONTH + r")\s+(?P<y1>" + YEAR + r")"
    r"|(?P<m2>" + MONTH + r")\s+(?:(?P<d2>\d{1,2}),?\s+)?(?P<y2>" + YEAR + r")"
    r"|(?P<y3>" + YEAR + r"))\b"
)
DATE_RE = re.compile(DATE, re.IGNORECASE)
# the date the `established` rules (founding_dates) read, in a group `date`: full month names only
# (DATE above also takes "Dec.", "Sept."); `founding_date` reads a match of either
FOUNDING_DATE = (
    r"(?P<date>"
    r"(?P<d1>\d{1,2})\s+(?P<m1>" + lexicon.alternation(MONTHS) + r")\s+(?P<y1>1[89]\d{2}|20\d{2})"
    r"|(?P<m2>"
    + lexicon.alternation(MONTHS)
    # "May 8, 1902", and "May 8,1902" with the space after the comma left out
    + r")\s+(?:(?P<d2>\d{1,2})(?:,\s*|\s+))?(?P<y2>1[89]\d{2}|20\d{2})"
    r"|(?P<y3>1[89]\d{2}|20\d{2}))\b"
)


def founding_date(m: re.Match) -> str:
    """'Dec. 1996' -> '1996-12'; 'September 18, 1992' -> '1992-09-18'; '1987' -> '1987'."""
    year = m.group("y1") or m.group("y2") or m.group("y3")
    month = m.group("m1") or m.group("m2")
    if not month:
        return year
    index = next(i for i, name in enumerate(MONTHS) if name.startswith(month.lower()[:3]))
    day = m.group("d1") or m.group("d2")
    out = f"{year}-{index + 1:02d}"
    return f"{out}-{int(day):02d}" if day else out


def established_draft(
    sentence: Sentence, rule_name: str, subject: EntitySpan, date: str, at: tuple[int, int]
) -> ClaimDraft:
    """The `established` claim of every founding rule: the date is both the value and the year,
    and the quote's focus spans the subject and the words at `at` that date it."""
    return draft(
        sentence,
        rule_name,
        subject,
        "established",
        value_text=date,
        as_of=date,
        focus=(min(subject.start, at[0]), max(subject.end, at[1])),
    )


def _only_date(ctx: DocContext, sentence: Sentence) -> re.Match | None:
    """The one date the sentence gives (a month or a day with its year, or a bare year)."""
    dates = list(DATE_RE.finditer(ctx.folded, sentence.start, sentence.end))
    return dates[0] if len({founding_date(d) for d in dates}) == 1 else None
