"""DocContext's reading of time and place in a document: whether a sentence is in a WIPO cluster
ranking's context, the heading and list intro above it, the ranking edition, year or period it
speaks of, and the clause around a position (the span a year dates)."""

from __future__ import annotations

import bisect
import re

from hotspots.extract.cues import lower_for_cues
from hotspots.extract.numbers import find_periods, find_years
from hotspots.extract.scan import scan
from hotspots.extract.segment import Sentence

# an industry's or a city's cluster ("the third-largest construction machinery industry cluster
# in the world", "the Yangtze River Delta city cluster") is an economic grouping, not a WIPO
# science and technology cluster: it does not make a passage about the cluster ranking
_NOT_AN_INDEX_CLUSTER = "".join(
    rf"(?<!\b{word}\s)"
    for word in ("industry", "industrial", "manufacturing", "city", "urban", "business", "port")
)
RANKING_CONTEXT = re.compile(
    rf"\b(?:{_NOT_AN_INDEX_CLUSTER}clusters?|WIPO|GII|Global Innovation Index)\b", re.IGNORECASE
)
EDITION_YEAR = re.compile(
    r"(?:\b(?:GII|Global Innovation Index|WIPO|edition|rankings?|clusters?)\b[^.;:\n]{0,50}?\b(?P<a>20\d{2})\b)"
    r"|(?:\b(?P<b>20\d{2})\b[^.;:\n]{0,30}?\b(?:GII|Global Innovation Index|edition|rankings?|cluster ranking)\b)",
    re.IGNORECASE,
)
BACK_REFERENCE = re.compile(
    r"\b(?:from|since|than|previous|earlier|last|compared (?:with|to))\b[^.;]{0,30}$", re.IGNORECASE
)
# "Founded in 1985, the company now has more than 3,000 employees": an opening participle of
# founding dates the founding only, not what the main clause says of today
FOUNDING_OPENING = re.compile(
    r"^\W*(?:(?:first|officially|formally|originally|jointly)\s+)?"
    r"(?:founded|established|set\s+up|created|launched|inaugurated)\b[^,;]{0,80},",
    re.IGNORECASE,
)
# "an early release from the 2023 edition": the edition a text comes from, not an earlier one
SOURCE_OF_RELEASE = re.compile(
    r"\b(?:release|report|data|results|findings|excerpt|chapter|figures)\s+from\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "rose from 55th to 50th place in the 2023 ranking": the year dates the new value
FROM_TO = re.compile(r"\bfrom\b[^.;]*?\bto\b[^.;]*$", re.IGNORECASE)
YEAR_CLAUSE_BREAK = re.compile(
    r";|,\s+(?:and|but|while|whereas|which|where|when)\s+|\s+while\s+|\s+-\s+|\s+and\s+(?:(?:currently|now|still|also|today)\s+)?(?=(?:covers|covered|has|had|hosts|hosted|counts|counted|is|was|includes|included|accounts|accounted|employs|employed|ranks|ranked|became|becomes|remains|remained|plans|planned|aims|grew|fell|rose|spent|invested|reached)\b)",
    re.IGNORECASE,
)
LIST_BREAK = re.compile(r";|,\s+|\s+and\s+|\s+while\s+|\s+-\s+", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r";|,\s+(?:and|while|but|whereas)\s+|\s+while\s+|\s+-\s+", re.IGNORECASE)


def find_edition_mentions(folded: str, lowered: str | None = None) -> list[tuple[int, str]]:
    """(position, year) of each ranking edition the document names ("the 2023 GII", "2024
    edition"), leaving out earlier editions a figure is compared with and asides in brackets.
    `lowered` is `cues.lower_for_cues(folded)` when the caller has it already."""
    found = []
    lowered = lower_for_cues(folded) if lowered is None else lowered
    for m in scan(EDITION_YEAR).finditer(folded, lowered):
        year = m.group("a") or m.group("b")
        year_pos = m.start("a") if m.group("a") else m.start("b")
        if BACK_REFERENCE.search(folded[max(0, year_pos - 40) : year_pos]) and not (
            SOURCE_OF_RELEASE.search(folded[max(0, year_pos - 40) : year_pos])
            or FROM_TO.search(folded[max(0, year_pos - 40) : year_pos])
        ):
            continue  # "up from 21 in the 2022 edition" speaks of an earlier edition
        line_start = folded.rfind("\n", 0, year_pos) + 1
        if folded.rfind("(", line_start, year_pos) > folded.rfind(")", line_start, year_pos):
            continue  # "Beijing: 4th (3rd in GII 2022)": an aside, not the edition of what follows
        found.append((m.start(), year))
    return found


class DatesInContext:
    """DocContext's methods about ranking context, headings, years and clauses (a mixin: it reads
    the document's `folded` text, `sentences` and the positions DocContext indexes)."""

    def ranking_context(self, sentence: Sentence) -> bool:
        """The sentence, its paragraph, or (for a list item or table row) the lines that introduce
        the list talk about WIPO clusters."""
        if RANKING_CONTEXT.search(sentence.text):
            return True
        if (
            sentence.paragraph in self._ranking_paragraphs
            or sentence.paragraph - 1 in self._ranking_paragraphs
        ):
            return True
        heading = self.heading_of(sentence)
        if heading is not None and RANKING_CONTEXT.search(heading.text):
            return True
        return sentence.is_list_item and any(
            RANKING_CONTEXT.search(s.text) for s in self.list_intro(sentence)
        )

    def heading_of(self, sentence: Sentence) -> Sentence | None:
        """The nearest heading above the sentence (a short line without a final full stop), or the title."""
        i = bisect.bisect_left(self._heading_positions, self.position(sentence)) - 1
        return self.sentences[self._heading_positions[i]] if i >= 0 else None

    def list_intro(self, sentence: Sentence, n: int = 3) -> list[Sentence]:
        """The last `n` non-item sentences before the list or table that `sentence` belongs to."""
        index = self.position(sentence)
        intro: list[Sentence] = []
        for s in reversed(self.sentences[:index]):
            if s.is_list_item or "|" in s.text:
                if intro:
                    break
                continue
            intro.append(s)
            if len(intro) == n:
                break
        return intro

    def edition_year(self, sentence: Sentence) -> str | None:
        """Year of the ranking edition a sentence speaks of: its own, the nearest before, or the document's."""
        own = [y for pos, y in self.edition_mentions if sentence.start <= pos < sentence.end]
        if own:
            return own[0]
        years_in_sentence = [
            y
            for y in find_years(sentence.text)
            if not BACK_REFERENCE.search(sentence.text[max(0, y[1] - 40) : y[1]])
        ]
        if len(years_in_sentence) == 1 and RANKING_CONTEXT.search(sentence.text):
            return str(years_in_sentence[0][0])
        before = [y for pos, y in self.edition_mentions if pos < sentence.start]
        if before:
            return before[-1]
        distinct = {y for _, y in self.edition_mentions}
        return distinct.pop() if len(distinct) == 1 else None

    def sentence_year(self, sentence: Sentence, at: int | None = None) -> str | None:
        """The year a sentence dates its statement with: the only year in it, or, when it has
        several, the one in the clause around position `at`."""
        opening = FOUNDING_OPENING.match(sentence.text) if at is not None else None
        founding_end = opening.end() if opening and at >= sentence.start + opening.end() else 0
        years = [
            y
            for y in find_years(sentence.text)
            if not BACK_REFERENCE.search(sentence.text[max(0, y[1] - 40) : y[1]])
            and y[1] >= founding_end
        ]
        if at is not None and years:
            lo, hi = self._year_clause(sentence, at)
            own = [y for y in years if lo <= sentence.start + y[1] < hi]
            earlier = [y for y in years if sentence.start + y[1] < lo]
            if own:
                years = own
            elif earlier and re.search(
                r"\b(?:was|were|had|counted|\w+ed)\b", self.folded[lo:hi], re.IGNORECASE
            ):
                # "... 60 universities at the end of 2022, and it was home to about 230 ...": a
                # later clause in the past tense continues the enumeration the year dates
                years = earlier[-1:]
            else:
                # "In 2023, the city had ...": an opening adverbial dates the whole sentence
                opening = re.match(
                    r"^\W*(?:In|By|At the end of|As of|Since|During|Through)\s+(?:\w+\s+){0,2}?(?P<y>1[89]\d{2}|20\d{2})\b",
                    sentence.text,
                    re.IGNORECASE,
                )
                years = [(int(opening.group("y")), 0, 0)] if opening else []
        return str(years[0][0]) if len(years) == 1 else None

    def sentence_period(self, sentence: Sentence, at: int | None = None) -> str | None:
        """`sentence_year`, made as precise as the sentence states it: when the year is written
        inside one period shorter than a year ("in the first half of 2018", "in April 2016",
        "Q3 2021") and nowhere else in the sentence, that period (2018-H1, 2016-04, 2021-Q3)."""
        year = self.sentence_year(sentence, at)
        if year is None:
            return None
        periods = [p for p in find_periods(sentence.text) if p[0][:4] == year]
        if len({p[0] for p in periods}) != 1:
            return year
        bare = [y for y in find_years(sentence.text) if str(y[0]) == year]
        inside = [y for y in bare if any(p[1] <= y[1] < p[2] for p in periods)]
        return periods[0][0] if len(inside) == len(bare) else year

    def _year_clause(self, sentence: Sentence, at: int) -> tuple[int, int]:
        """The clause a year dates: split where a new verb phrase starts ("..., and at the end of
        2022 it counted", "... in January 2020 and covers"), not inside a list of figures."""
        return self._between_breaks(YEAR_CLAUSE_BREAK, sentence, at)

    def clause(self, sentence: Sentence, at: int, commas: bool = False) -> tuple[int, int]:
        """Bounds of the clause of `sentence` containing position `at` (split at ';', ', and',
        ', while', ', but'; with `commas`, at every comma and ' and ' too)."""
        return self._between_breaks(LIST_BREAK if commas else CLAUSE_BREAK, sentence, at)

    def _between_breaks(self, breaks: re.Pattern, sentence: Sentence, at: int) -> tuple[int, int]:
        """The span of `sentence` around position `at` between the nearest `breaks` matches."""
        lo, hi = sentence.start, sentence.end
        for m in breaks.finditer(self.folded, sentence.start, sentence.end):
            if m.end() <= at:
                lo = m.end()
            elif m.start() >= at:
                hi = m.start()
                break
        return lo, hi
