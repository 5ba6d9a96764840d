"""Property-based tests (hypothesis): the number parser, name normalisation and span integrity
hold for any text, not only the examples we thought of. See docs/GUARANTEES.md."""

from __future__ import annotations

import csv
import io
import math
import re

import pyarrow as pa
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hotspots.extract.numbers import CURRENCY_SYMBOLS, find_quantities, parse_number_word
from hotspots.ingest import Document
from hotspots.release.write import CSV_ESCAPE_FIRST, csv_bytes, unescape_text
from hotspots.text import fold_for_matching, normalize_name, slugify
from schemas.tables import ENTITY_ID, MAX_QUOTE_CHARS

KINDS = {"cardinal", "ordinal", "percent", "money", "area", "year"}
UNITS = {"percent", "km2", *CURRENCY_SYMBOLS.values(), "JPY"}
COMPARATORS = {"eq", "gt", "gte", "lt", "lte", "approx"}
SLUG = re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$")

# Pieces of prose that the parser and the rules react to, mixed with arbitrary text.
WORDS = [
    "more than",
    "over",
    "at least",
    "nearly",
    "about",
    "up to",
    "fewer than",
    "some",
    "No.",
    "No. 3",
    "top",
    "first",
    "second",
    "third",
    "twenty-six",
    "ninety",
    "one",
    "hundred",
    "thousand",
    "million",
    "billion",
    "bn",
    "$",
    "US$",
    "HK$",
    "€",
    "¥",
    "RMB",
    "%",
    "per cent",
    "percent",
    "yuan",
    "dollars",
    "square kilometres",
    "sq km",
    "km²",
    "square miles",
    "2022",
    "2023",
    "1999",
    "2100",
    "by 2025",
    "in 2019",
    "1,234",
    "12.5",
    "0.5",
    "-",
    "–",
    "—",
    ",",
    ".",
    ". ",
    "\n",
    "\r\n",
    "\n\n",
    "\t",
    "\u00a0",
    "|",
    "(",
    ")",
    "'",
    "’",
    '"',
    "1.",
    "2)",
    "#4",
    "•",
    "clusters",
    "cluster",
    "WIPO",
    "Global Innovation Index",
    "GII 2023",
    "ranked",
    "place",
    "unicorns",
    "universities",
    "state key laboratories",
    "high-tech enterprises",
    "based in",
    "headquartered in",
    "home to",
    "the city",
    "here",
    "the region",
    "respectively",
    "and",
    "growth",
    "patent applications",
    "share",
    "target",
    "designated as",
    "area of",
    "covers",
]
NUMBER_TEXT = st.one_of(
    st.integers(0, 10**7).map(str),
    st.integers(1000, 10**9).map(lambda n: f"{n:,}"),
    st.decimals(0, 10**4, places=2, allow_nan=False).map(str),
    st.floats(0, 1e6, allow_nan=False, allow_infinity=False).map(repr),
)
JUNK = st.text(max_size=6)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def prose(names: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(names), NUMBER_TEXT, JUNK)
    sep = st.sampled_from([" ", " ", " ", "", "\n", ". ", ", "])
    return st.lists(st.tuples(piece, sep), max_size=40).map(
        lambda ps: "".join(p + s for p, s in ps)
    )


# --- the number parser ---------------------------------------------------------------------------
def _check_quantities(text: str) -> list:
    found = find_quantities(text)
    last_end = 0
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.start >= last_end  # sorted, never overlapping
        last_end = q.end
        assert q.kind in KINDS
        assert math.isfinite(q.value) and q.value >= 0
        assert q.unit is None or q.unit in UNITS
        assert (q.kind == "percent") == (q.unit == "percent")
        assert (q.kind == "area") == (q.unit == "km2")
        if q.kind == "year":
            assert 1800 <= q.value <= 2100 and q.value == int(q.value)
        if q.comparator is not None:
            from hotspots.extract.numbers import COMPARATORS as PHRASES

            assert q.comparator in set(PHRASES.values())
            assert q.comparator_start is not None and q.comparator_start < q.start
    return found


@FAST
@given(st.text())
def test_find_quantities_never_raises_and_spans_are_exact_on_any_text(text):
    _check_quantities(text)


@FAST
@given(st.lists(st.one_of(st.sampled_from(WORDS), NUMBER_TEXT, JUNK), max_size=30).map(" ".join))
def test_find_quantities_spans_are_exact_on_number_heavy_text(text):
    _check_quantities(text)


@FAST
@given(st.integers(0, 10**12), st.booleans())
def test_integers_read_back_with_or_without_thousands_separators(n, commas):
    written = f"{n:,}" if commas else str(n)
    (q,) = _check_quantities(f"The zone counts {written} firms today.")
    assert q.value == n and q.text == written
    year_like = not commas and 1800 <= n <= 2100
    assert q.kind == ("year" if year_like else "cardinal")


@FAST
@given(
    st.decimals(0, 10**6, places=2, allow_nan=False),
    st.sampled_from(["%", " per cent", " percent"]),
)
def test_percentages_read_back(x, sign):
    (q,) = _check_quantities(f"Growth was {x}{sign} last year.")
    assert q.kind == "percent" and q.value == float(x)


@FAST
@given(
    st.integers(1, 999),
    st.sampled_from([("$", "USD"), ("€", "EUR"), ("RMB ", "CNY"), ("HK$", "HKD")]),
    st.sampled_from([("million", 1e6), ("billion", 1e9), ("", 1.0)]),
)
def test_money_reads_back_with_currency_and_scale(n, currency, scale):
    symbol, code = currency
    word, factor = scale
    written = f"{symbol}{n}" + (f" {word}" if word else "")
    (q,) = _check_quantities(f"It invested {written} in the park.")
    assert q.kind == "money" and q.unit == code and q.value == n * factor


@FAST
@given(
    st.sampled_from(["more than", "over", "at least", "nearly", "about", "up to", "fewer than"]),
    st.integers(2, 10**6),
)
def test_comparators_attach_to_the_number(phrase, n):
    text = f"There are {phrase} {n:,} companies."
    (q,) = _check_quantities(text)
    assert q.comparator is not None and text[q.comparator_start :].startswith(phrase)


@FAST
@given(st.integers(0, 99))
def test_number_words_read_back(n):
    units = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ]
    tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    word = units[n] if n < 20 else tens[n // 10] + ("-" + units[n % 10] if n % 10 else "")
    assert parse_number_word(word) == n
    found = _check_quantities(f"It has {word} laboratories.")
    if n != 1:  # "one" alone is almost never a count in prose, by design
        assert [q.value for q in found] == [n]


# --- names ----------------------------------------------------------------------------------------
NAMEISH = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "The",
                "the",
                "Shenzhen",
                "Hong Kong",
                "–",
                "-",
                " ",
                "'s",
                "’",
                "&",
                ".",
                "São",
                "Zürich",
                "ß",
                "İ",
                "ﬁ",
                "e\u0301",
                "\u00a0",
                "Ⅻ",
                "北京",
                "_",
            ]
        ),
        st.text(max_size=4),
    ),
    max_size=8,
).map("".join)


def test_fold_for_matching_puts_copied_typography_right_in_place():
    assert fold_for_matching("Zone , established in 1980") == "Zone,  established in 1980"
    assert fold_for_matching("East China\u2019 s Anhui") == "East China's  Anhui"
    assert fold_for_matching("a ,b and x' so") == "a ,b and x' so"  # no space after: left alone


@FAST
@given(st.text())
def test_fold_for_matching_keeps_length_and_is_idempotent(text):
    folded = fold_for_matching(text)
    assert len(folded) == len(text)
    assert fold_for_matching(folded) == folded
    assert all(
        a == b or not b.isalnum() or not a.isalnum() for a, b in zip(text, folded, strict=True)
    )


@FAST
@given(st.one_of(st.text(), NAMEISH))
def test_normalize_name_is_idempotent_and_clean(name):
    key = normalize_name(name)
    assert normalize_name(key) == key
    assert key == key.strip(" -") and "  " not in key and not key.startswith("the ")
    assert key == key.casefold()


@FAST
@given(st.one_of(st.text(), NAMEISH))
def test_normalize_name_ignores_case_dashes_and_spacing(name):
    variant = name.upper().replace("-", " – ").replace(" ", "  ")
    assume(name.upper().lower() == name.lower())  # "ß".upper() is "SS": a different spelling
    assert normalize_name(variant) == normalize_name(name.replace(" ", "  ").replace("-", " - "))


@FAST
@given(st.one_of(st.text(), NAMEISH))
def test_slugify_output_fits_the_entity_id_pattern(name):
    slug = slugify(name)
    assert SLUG.match(slug)
    if slug:
        assert re.match(ENTITY_ID, f"city/{slug}")
    assert slugify(slug) == slug


# --- span integrity through the whole extractor -----------------------------------------------------
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_extractor_spans_are_exact_for_any_text(extractor, data):
    names = sorted({a.alias for a in extractor.gazetteer.aliases})
    text = data.draw(prose(names), label="text")
    out = extractor.extract(Document("0" * 16, "generated", text, "0" * 64, {}))
    for c in out.claims:
        assert 0 <= c["char_start"] < c["char_end"] <= len(text)
        assert text[c["char_start"] : c["char_end"]] == c["quote"]
        assert len(c["quote"]) <= MAX_QUOTE_CHARS
        assert c["value"] is None or math.isfinite(c["value"])
        assert c["comparator"] is None or c["comparator"] in COMPARATORS
        assert re.match(ENTITY_ID, c["subject_id"])
    for m in out.mentions:
        assert text[m["char_start"] : m["char_end"]] == m["text"]
        assert re.match(ENTITY_ID, m["entity_id"])
    assert len({c["claim_id"] for c in out.claims}) == len(out.claims)


# --- CSV escaping ------------------------------------------------------------------------------------
@FAST
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(),
            st.sampled_from(CSV_ESCAPE_FIRST).flatmap(lambda c: st.text().map(lambda t: c + t)),
        ),
        max_size=8,
    )
)
def test_csv_cells_round_trip_and_never_start_a_formula(values):
    table = pa.table(
        {"text": pa.array(values, pa.string()), "n": pa.array(range(len(values)), pa.int64())}
    )
    rows = list(csv.reader(io.StringIO(csv_bytes(table).decode("utf-8"), newline="")))
    assert rows[0] == ["text", "n"]
    for value, (cell, _) in zip(values, rows[1:], strict=True):
        assert not cell.startswith(CSV_ESCAPE_FIRST[:-1])
        if value is not None:
            assert unescape_text(cell) == value
