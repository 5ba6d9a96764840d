"""Numbers as written in prose: digits, words, ordinals, percentages, money, areas, years.

`find_quantities(text)` returns every quantity with its character span, so a claim can quote
exactly what it read. The parser never raises: text it cannot read yields nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from hotspots.extract import lexicon
from hotspots.extract.cues import lower_for_cues, prefix_cover

# The words are reviewed data: reference/lexicons/numbers.yaml.
UNITS_WORDS: dict[str, int] = lexicon.mapping("numbers", "units")
TENS_WORDS: dict[str, int] = lexicon.mapping("numbers", "tens")
ORDINAL_WORDS: dict[str, int] = lexicon.mapping("numbers", "ordinals")
SCALES: dict[str, float] = {k: float(v) for k, v in lexicon.mapping("numbers", "scales").items()}
CURRENCY_SYMBOLS: dict[str, str] = lexicon.mapping("numbers", "currency_symbols")
CURRENCY_WORDS: dict[str, str] = lexicon.mapping("numbers", "currency_words")
COMPARATORS: dict[str, str] = lexicon.mapping("numbers", "comparators")


@dataclass(frozen=True)
class Quantity:
    value: float
    kind: str  # cardinal | ordinal | percent | money | area | year
    start: int
    end: int
    text: str
    unit: str | None = None  # percent | km2 | ISO 4217 code | None
    comparator: str | None = None
    comparator_start: int | None = None


def _alternation(words) -> str:
    """A regex group matching any of `words` as written (longest first)."""
    return "(?:" + "|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w)))) + ")"


_word_number = "|".join(sorted([*UNITS_WORDS, *TENS_WORDS], key=len, reverse=True))
WORD_NUMBER = rf"(?:(?:{'|'.join(TENS_WORDS)})[- ](?:{'|'.join(k for k in UNITS_WORDS if UNITS_WORDS[k] < 10 and k != 'zero')})|{_word_number})"
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# ("43.2 billions": some sources put the scale after a number in the plural)
SCALE = r"(?:hundred|thousand|(?:m|b|tr)illions?|mn|bn|tn)"
CURRENCY_PREFIX = _alternation(CURRENCY_SYMBOLS)
CURRENCY_SUFFIX = _alternation(CURRENCY_WORDS)
# "square kilometres", "sq kilometers", "sq. km", "square km", "km2", "km²", "km^2"; miles likewise
AREA_SUFFIX = (
    r"(?:(?:square|sq\.?)[ -]?(?:kilomet(?:er|re)s?|kms?)|km2|km²|km\^2"
    r"|(?:square|sq\.?)[ -]?(?:miles?|mi)|mi2|mi²)"
)
# an area unit may touch its number ("328km2", "35 km²"): only a unit that cannot be a length
AREA_TOUCHING = r"(?:km2|km²|km\^2|sq\.?[ -]?km|sqkm)"
COMPARATOR = "|".join(sorted(COMPARATORS, key=len, reverse=True))

# "$22bn", "RMB7.76bn": an abbreviated scale may follow the digits without a space
_NUMBER = (
    rf"(?P<num>{DIGITS}|{WORD_NUMBER})(?:(?:[ -](?P<scale>{SCALE})|(?<=\d)(?P<abbr>bn|mn|tn))\b)?"
)
_QUANTITY = re.compile(
    rf"(?:(?P<cmp>\b(?:{COMPARATOR}))\s+)?"
    # "RMB932.1bn": a currency code may touch its number (the code then starts the word)
    rf"(?:(?<![A-Za-z])(?P<cur1>{CURRENCY_PREFIX})(?:\s|(?=\d))|(?<![\w.,]))"
    rf"(?:{_NUMBER})(?:(?![\w]|,\d|\.\d)|(?=(?:{AREA_TOUCHING})(?!\w)))"
    rf"(?:\s?(?P<pct>%|per ?cent\b|percent\b)"
    rf"|\s(?P<cur2>{CURRENCY_SUFFIX})\b"
    rf"|(?:[ -]|(?<=\d))(?P<area>{AREA_SUFFIX})(?!\w))?",
    re.IGNORECASE,
)
_ORDINAL = re.compile(
    rf"\b(?:(?P<digits>\d{{1,3}})(?:st|nd|rd|th)|(?:(?P<tens>{'|'.join(TENS_WORDS)})[- ])?(?P<word>{'|'.join(sorted(ORDINAL_WORDS, key=len, reverse=True))}))\b"
    r"|\b(?P<top>top)(?=[ -](?:spot|place|position|rank)\b)"
    # "keeps the lead" (rank 1 by the guidelines): only after a verb of holding, never "took the lead in";
    # the ordinal is "the", and "lead" is a rank noun after it (reference/lexicons/ranks.yaml)
    r"|\b(?:keeps?|kept|keeping|retains?|retained|retaining|maintains?|maintained|holds?|held|holding)\s+(?P<lead>the)(?=\s+lead\b)"
    r"|\bNo\.\s?(?P<no>\d{1,3})\b"
    r"|\bnumber (?P<numword>one|two|three|four|five|\d{1,3})\b",
    re.IGNORECASE,
)
# Where a match can start. Every _QUANTITY match holds a number (digits, or a number word after no
# word character, '.' or ','), preceded by at most a comparator, whitespace and a currency; every
# _ORDINAL match starts, after a word boundary, with a digit or one of the words it knows. So both
# only ever match near an occurrence of a digit or of one of these words' beginnings (found in the
# lowercased text), and the scans below start there instead of trying every position.
_QUANTITY_WORDS = [*UNITS_WORDS, *TENS_WORDS]
_ORDINAL_STARTS = [*TENS_WORDS, *ORDINAL_WORDS, "top", "no.", "number"]
_ORDINAL_STARTS += ["keep", "kept", "retain", "maintain", "hold", "held"]
_CUE_WORDS = prefix_cover(_QUANTITY_WORDS + _ORDINAL_STARTS)
_QUANTITY_CUES = frozenset(w for w in _CUE_WORDS if any(x.startswith(w) for x in _QUANTITY_WORDS))
_ORDINAL_CUES = frozenset(w for w in _CUE_WORDS if any(x.startswith(w) for x in _ORDINAL_STARTS))
_CUE = re.compile(r"\d|" + "|".join(map(re.escape, _CUE_WORDS)))
# How far before its number a _QUANTITY match can start: the comparator, then (after whitespace)
# a currency symbol and a space.
_LONGEST_COMPARATOR = max(map(len, COMPARATORS))
_CURRENCY_AND_SPACE = max(map(len, CURRENCY_SYMBOLS)) + 1

# _earliest_start relies on this: no word of a comparator or currency begins with a number cue.
assert not any(
    word.startswith(cue)
    for phrase in [*COMPARATORS, *CURRENCY_SYMBOLS, *CURRENCY_WORDS]
    for word in re.split(r"[^a-z0-9$]+|(?<=\$)", phrase)
    for cue in _QUANTITY_CUES
), "a comparator or currency word starts like a number"
_YEAR_DIGITS = re.compile(r"(?:1[89]\d{2}|20\d{2}|2100)")
_COMPOUND_AFTER = re.compile(r"-[A-Za-z]")
# (not a count's approximation: "home to over 2000 high tech enterprises")
_YEAR = re.compile(
    r"(?<![\w$€£¥.,])(?<!(?i:over) )(?<!(?i:more than) )(?<!(?i:nearly) )(?<!(?i:almost) )"
    r"(?<!(?i:roughly) )(?<!(?i:approximately) )"
    r"(?P<year>1[89]\d{2}|20\d{2}|2100)(?![\w%]|,\d|\.\d)"
)


def parse_number_word(text: str) -> float | None:
    """'twenty-six' -> 26, '20,000' -> 20000, '1.2' -> 1.2; None when not a number."""
    t = lower_for_cues(text).replace(",", "").strip()
    try:
        return float(t)
    except ValueError:
        pass
    parts = re.split(r"[- ]", t)
    if len(parts) == 1:
        return (
            float(UNITS_WORDS.get(t, TENS_WORDS.get(t, -1)))
            if t in UNITS_WORDS or t in TENS_WORDS
            else None
        )
    if len(parts) == 2 and parts[0] in TENS_WORDS and parts[1] in UNITS_WORDS:
        return float(TENS_WORDS[parts[0]] + UNITS_WORDS[parts[1]])
    return None


def _is_year(m: re.Match) -> bool:
    num = m.group("num")
    return (
        _YEAR_DIGITS.fullmatch(num) is not None
        and not m.group("pct")
        and not m.group("cur1")
        and not m.group("cur2")
        and not m.group("area")
        and not m.group("scale")
        and not m.group("abbr")
    )


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what `\w` matches


_GLUED_CURRENCY = re.compile(
    r"(?<![a-z])(?:"
    + "|".join(re.escape(c) for c in sorted(CURRENCY_SYMBOLS, key=len, reverse=True) if c.isalpha())
    + r")$"
)


def _candidates(text: str, lowered: str) -> tuple[list[int], list[int]]:
    """Positions where a _QUANTITY number / an _ORDINAL match may start (a superset of them)."""
    numbers: list[int] = []
    ordinals: list[int] = []
    for m in _CUE.finditer(lowered):
        q = m.start()
        before = text[q - 1] if q else " "
        if _is_word_char(before):
            if (
                before.isalpha()
                and m.group()[0].isdigit()
                and _GLUED_CURRENCY.search(lowered, max(0, q - 4), q)
            ):
                numbers.append(q)  # "RMB932.1bn"
            continue  # neither "(?<![\w.,])" nor "\b" holds here
        cue = m.group()
        digit = len(cue) == 1
        if (digit or cue in _QUANTITY_CUES) and before not in ".,":
            numbers.append(q)
        if digit or cue in _ORDINAL_CUES:
            ordinals.append(q)
    return numbers, ordinals


def _earliest_start(text: str, q: int) -> int:
    """A position no _QUANTITY match whose number starts at `q` (or later) can start before."""
    k = max(0, q - _CURRENCY_AND_SPACE)
    while k > 0 and text[k - 1].isspace():  # `\s` is exactly str.isspace
        k -= 1
    return max(0, k - _LONGEST_COMPARATOR)


def _quantity_matches(text: str, starts: list[int]):
    """The matches of `_QUANTITY.finditer(text)`, searched for only from the candidate numbers:
    no match can start between the end of the previous one and `_earliest_start` of the next
    candidate (a comparator or currency holds no digit and no number word)."""
    pos = 0
    for q in starts:
        if q < pos:
            continue
        m = _QUANTITY.search(text, max(pos, _earliest_start(text, q)))
        if m is None:
            return
        yield m
        pos = m.end()


def _ordinal_matches(text: str, starts: list[int]):
    """The matches of `_ORDINAL.finditer(text)`: every one starts at a candidate."""
    pos = 0
    for q in starts:
        if q < pos:
            continue
        m = _ORDINAL.match(text, q)
        if m is not None:
            yield m
            pos = m.end()


def find_quantities(text: str, lowered: str | None = None) -> list[Quantity]:
    """Every cardinal, percentage, money amount, area, year and ordinal in `text`, by position.
    `lowered` is `lower_for_cues(text)` when the caller has it already."""
    found: list[Quantity] = []
    numbers, ordinals = _candidates(text, lower_for_cues(text) if lowered is None else lowered)
    if not numbers and not ordinals:
        return found
    for m in _quantity_matches(text, numbers):
        base = parse_number_word(m.group("num"))
        if base is None:
            continue
        cmp_text = m.group("cmp")
        comparator = COMPARATORS[lower_for_cues(cmp_text)] if cmp_text else None
        scale_word = lower_for_cues(m.group("scale") or m.group("abbr") or "")
        scale = SCALES.get(
            scale_word.removesuffix("s") if "illion" in scale_word else scale_word, 1.0
        )
        # in decimal: 16.17 x 10^9 in binary floating point is 16170000000.000002
        value = base if scale == 1.0 else float(Decimal(repr(base)) * Decimal(repr(scale)))
        start = m.start("cur1") if m.group("cur1") else m.start("num")
        end = m.end()
        if _is_year(m) and not comparator:
            found.append(Quantity(value, "year", m.start("num"), m.end("num"), m.group("num")))
            continue
        if m.group("pct"):
            kind, unit = "percent", "percent"
        elif m.group("cur1") or m.group("cur2"):
            symbol = lower_for_cues(m.group("cur1") or "")
            unit = CURRENCY_SYMBOLS.get(symbol) or CURRENCY_WORDS.get(
                lower_for_cues(m.group("cur2") or ""), "USD"
            )
            kind = "money"
        elif m.group("area"):
            kind, unit = "area", "km2"
            if re.search(r"(?<![a-z])mi", lower_for_cues(m.group("area"))):
                value *= 2.589988110336
        else:
            kind, unit = "cardinal", None
            end = (
                m.end("scale")
                if m.group("scale")
                else m.end("abbr")
                if m.group("abbr")
                else m.end("num")
            )
            if _COMPOUND_AFTER.match(text[end : end + 2]):
                continue  # "Five-Year Plan", "ten-year visas": part of a compound word, not a count
            if lower_for_cues(m.group("num")) == "one" and not scale_word:
                continue  # "one of the ...", "one simple goal": almost never a count in prose
        found.append(
            Quantity(
                value=value,
                kind=kind,
                start=start,
                end=end,
                text=text[start:end],
                unit=unit,
                comparator=comparator,
                comparator_start=m.start("cmp") if cmp_text else None,
            )
        )
    for m in _ordinal_matches(text, ordinals):
        if m.group("digits"):
            value = float(m.group("digits"))
        elif m.group("word"):
            value = float(ORDINAL_WORDS[lower_for_cues(m.group("word"))])
            if m.group("tens"):
                if value >= 10:
                    continue  # "twenty-tenth" is not a number
                value += TENS_WORDS[lower_for_cues(m.group("tens"))]
        elif m.group("top") or m.group("lead"):
            value = 1.0
        elif m.group("no"):
            value = float(m.group("no"))
        else:
            value = parse_number_word(m.group("numword")) or 0.0
        if value <= 0:
            continue
        start = m.start("lead") if m.group("lead") else m.start()
        found.append(Quantity(value, "ordinal", start, m.end(), text[start : m.end()]))
    found.sort(key=lambda q: (q.start, -q.end))
    # An ordinal inside a cardinal match ("No. 3" vs "3") wins; drop overlapped cardinals.
    result: list[Quantity] = []
    for q in found:
        if result and q.start < result[-1].end:
            prev = result[-1]
            if q.kind == "ordinal" and prev.kind in {"cardinal", "year"}:
                result[-1] = q
            continue
        if result and _is_conversion(text, result[-1], q):
            continue
        result.append(q)
    return result


# "4.26 billion yuan (about 602 million U.S. dollars)", "1,200 km2 (463 square miles)": the same
# figure restated in another unit, not a second figure
_CONVERSION_GAP = re.compile(
    r"\s*[(\[]\s*(?:(?:or|about|around|roughly|approximately|approx\.?|some|nearly|equal to|"
    r"equivalent to|i\.e\.)\s*)*$",
    re.IGNORECASE,
)


def _is_conversion(text: str, prev: Quantity, q: Quantity) -> bool:
    """`q` restates `prev` in another unit inside parentheses right after it."""
    if q.kind != prev.kind or q.kind not in {"money", "area"}:
        return False
    start = q.comparator_start if q.comparator_start is not None else q.start
    return bool(_CONVERSION_GAP.fullmatch(text, prev.end, start)) and (
        q.unit != prev.unit or "mile" in text[q.start : q.end].lower()
    )


# "2016-20", "2016–2020": a period of years, which ends with its second
_YEAR_RANGE = re.compile(
    r"(?<![\w$€£¥.,])(?P<first>1[89]\d{2}|20\d{2})[ \t]*[-–][ \t]*(?P<end>\d{2}|1[89]\d{2}|20\d{2})(?![\w%]|,\d|\.\d)"
)


def find_years(text: str) -> list[tuple[int, int, int]]:
    """(year, start, end) for every plausible year; a period of years ("2016-20") gives its last
    year, at the position of its end, not its first."""
    years = [(int(m.group("year")), m.start(), m.end()) for m in _YEAR.finditer(text)]
    if "-" not in text and "–" not in text:
        return years
    for r in _YEAR_RANGE.finditer(text):
        first, end = int(r["first"]), r["end"]
        last = int(end) if len(end) == 4 else first // 100 * 100 + int(end)
        if last <= first:
            continue  # "2019-08" is a month, not a period
        years = [y for y in years if y[1] != r.start("first") and y[1] != r.start("end")]
        years.append((last, r.start("end"), r.end("end")))
    return sorted(years, key=lambda y: y[1])


_MONTHS = lexicon.words("calendar", "months")
_MONTH = lexicon.alternation(_MONTHS)
_ORDINALS = lexicon.mapping("numbers", "ordinals")
_YEAR_RE = r"(?P<year>1[89]\d{2}|20\d{2})"
_PERIOD = re.compile(
    "|".join(
        [
            # "the first half of 2018", "second-half 2018", "H1 2018", "2018 H1"
            rf"\b(?P<half>first|second)[\s-]+half\s+(?:of\s+)?{_YEAR_RE}\b",
            r"\bH(?P<h>[12])\s+(?P<hy>1[89]\d{2}|20\d{2})\b",
            r"\b(?P<hy2>1[89]\d{2}|20\d{2})\s*H(?P<h2>[12])\b",
            # "the third quarter of 2021", "Q3 2021", "2021 Q3"
            r"\b(?P<quarter>first|second|third|fourth)[\s-]+quarter\s+(?:of\s+)?(?P<qy>1[89]\d{2}|20\d{2})\b",
            r"\bQ(?P<q>[1-4])\s+(?P<qy2>1[89]\d{2}|20\d{2})\b",
            r"\b(?P<qy3>1[89]\d{2}|20\d{2})\s*Q(?P<q3>[1-4])\b",
            # "17 April 2016", "April 17, 2016", "April 2016"
            rf"\b(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH})\s+(?P<dy1>1[89]\d{{2}}|20\d{{2}})\b",
            rf"\b(?P<m2>{_MONTH})\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<dy2>1[89]\d{{2}}|20\d{{2}})\b",
            rf"\b(?P<m3>{_MONTH})\s+(?:of\s+)?(?P<my>1[89]\d{{2}}|20\d{{2}})\b",
        ]
    ),
    re.IGNORECASE,
)


def find_periods(text: str) -> list[tuple[str, int, int]]:
    """(period, start, end) for every period shorter than a year that `text` states, written as
    `as_of` writes it: "the first half of 2018" -> 2018-H1, "Q3 2021" -> 2021-Q3, "April 2016" ->
    2016-04, "17 April 2016" -> 2016-04-17 (month names: reference/lexicons/calendar.yaml)."""
    out = []
    for m in _PERIOD.finditer(text):
        g = m.groupdict()
        if g["half"]:
            period = f"{g['year']}-H{_ORDINALS[g['half'].lower()]:.0f}"
        elif g["h"] or g["h2"]:
            period = f"{g['hy'] or g['hy2']}-H{g['h'] or g['h2']}"
        elif g["quarter"]:
            period = f"{g['qy']}-Q{_ORDINALS[g['quarter'].lower()]:.0f}"
        elif g["q"] or g["q3"]:
            period = f"{g['qy2'] or g['qy3']}-Q{g['q'] or g['q3']}"
        else:
            month = g["m1"] or g["m2"] or g["m3"]
            day = g["d1"] or g["d2"]
            year = g["dy1"] or g["dy2"] or g["my"]
            period = f"{year}-{_MONTHS.index(month.lower()) + 1:02d}"
            if day:
                if not 1 <= int(day) <= 31:
                    continue
                period += f"-{int(day):02d}"
        out.append((period, m.start(), m.end()))
    return out
