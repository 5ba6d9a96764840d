from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotspots.extract.numbers import find_quantities, parse_number_word


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit", "comparator"),
    [
        ("more than 90 universities", "cardinal", 90, None, "gt"),
        ("over 20,000 enterprises", "cardinal", 20000, None, "gt"),
        ("nearly 20% of", "percent", 20, "percent", "approx"),
        ("$60 billion", "money", 60e9, "USD", None),
        ("280 million US dollars", "money", 280e6, "USD", None),
        ("RMB 50 billion", "money", 50e9, "CNY", None),
        ("RMB 43.2 billions", "money", 43.2e9, "CNY", None),
        ("2 millions US dollars", "money", 2e6, "USD", None),
        ("twenty-six clusters", "cardinal", 26, None, None),
        ("three hubs", "cardinal", 3, None, None),
        ("at least seven unicorns", "cardinal", 7, None, "gte"),
        ("the 3rd largest", "ordinal", 3, None, None),
        ("second place", "ordinal", 2, None, None),
        ("the top spot", "ordinal", 1, None, None),
        ("No. 4 — Seoul", "ordinal", 4, None, None),
        ("covers 4,801 square kilometers", "area", 4801, "km2", None),
        ("23 per cent", "percent", 23, "percent", None),
        ("by 2022", "year", 2022, None, None),
    ],
)
def test_quantities(text, kind, value, unit, comparator):
    q = find_quantities(text)[0]
    assert (q.kind, q.value, q.unit, q.comparator) == (kind, pytest.approx(value), unit, comparator)


def test_compound_words_are_not_counts():
    assert [q.kind for q in find_quantities("the 13th Five-Year Plan and ten-year visas")] == [
        "ordinal"
    ]


def test_parse_number_word():
    assert parse_number_word("twenty-six") == 26
    assert parse_number_word("1,200") == 1200
    assert parse_number_word("banana") is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_without_error_and_spans_hold(text):
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text


def test_candidate_scans_find_what_finditer_finds():
    """find_quantities searches only from candidate positions (digits, number words); on any text
    that must give exactly the matches a full `finditer` scan gives."""
    import random

    from hotspots.extract import numbers as n
    from hotspots.extract.cues import lower_for_cues

    tokens = [
        *n.COMPARATORS,
        *n.UNITS_WORDS,
        *n.TENS_WORDS,
        *n.ORDINAL_WORDS,
        "US$",
        "HK$",
        "$",
        "€",
        "RMB",
        "usd",
        "yuan",
        "per cent",
        "%",
        "km²",
        "square miles",
        "million",
        "bn",
        "top",
        "No.",
        "number",
        "place",
        "21st",
        "3rd",
        "1,000",
        "3.5",
        "2023",
        "7",
        "zone",
        "often",
        "stone",
        "Five-Year",
        "ſeven",
        "fıve",
        "\u212aM",
        "TEN",
        "٣",
        "x",
        "_",
        "in",
        "the",
    ]
    separators = [" ", " ", "", "-", ",", ".", "  ", "\u00a0", "\t", "(", ")", "\u1680"]
    rnd = random.Random(8)
    for _ in range(3000):
        text = "".join(
            rnd.choice(tokens) + rnd.choice(separators) for _ in range(rnd.randint(1, 10))
        )
        numbers, ordinals = n._candidates(text, lower_for_cues(text))
        assert [m.span() for m in n._quantity_matches(text, numbers)] == [
            m.span() for m in n._QUANTITY.finditer(text)
        ], text
        assert [m.span() for m in n._ordinal_matches(text, ordinals)] == [
            m.span() for m in n._ORDINAL.finditer(text)
        ], text


# re.IGNORECASE matches "ſ" (long s), "İ" (dotted capital I) and "K" (Kelvin sign) as the ASCII
# letters s, i, k; str.lower() does not map them back, and a look-up by .lower() used to raise.
_ODD_CASE = {"s": "ſ", "i": "İ", "k": "K"}


@settings(max_examples=200, deadline=None)
@given(
    phrase=st.sampled_from(
        [
            "first place",
            "twenty-first",
            "sixth",
            "six percent",
            "more than six",
            "36 sq km",
            "sixty billion dollars",
            "ranked second",
            "the top spot",
            "No. 4",
        ]
    ),
    data=st.data(),
)
def test_odd_case_letters_parse_like_their_ascii_letters(phrase, data):
    odd = "".join(
        _ODD_CASE[ch] if ch in _ODD_CASE and data.draw(st.booleans()) else ch for ch in phrase
    )
    assert [(q.value, q.kind, q.start, q.end) for q in find_quantities(odd)] == [
        (q.value, q.kind, q.start, q.end) for q in find_quantities(phrase)
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("invested 4.26 billion yuan (about 602 million U.S. dollars) in", [4.26e9]),
        ("reached 47 billion yuan ($6.42 billion) last year", [47e9]),
        ("covers 1,200 km2 (463 square miles)", [1200.0]),
        # not a restatement: the same unit, or a figure of another year
        ("earned $5 billion ($3 billion in 2020)", [5e9, 3e9]),
        ("grew by 8 billion yuan (20 percent)", [8e9]),
    ],
)
def test_a_conversion_in_parentheses_is_not_a_second_figure(text, expected):
    assert [q.value for q in find_quantities(text) if q.kind in {"money", "area"}] == expected


def test_a_hyphenated_area_is_an_area():
    (q,) = [
        q for q in find_quantities("across its 185,000-square-kilometer area") if q.kind == "area"
    ]
    assert q.value == 185000 and q.text == "185,000-square-kilometer"


@pytest.mark.parametrize(
    "text, value, unit",
    [("a GDP of RMB932.1bn in 2019", 932.1e9, "CNY"), ("to invest RMB7.76 billion", 7.76e9, "CNY")],
)
def test_a_currency_code_may_touch_its_number(text, value, unit):
    (q,) = [q for q in find_quantities(text) if q.kind == "money"]
    assert (q.value, q.unit) == (pytest.approx(value), unit)


def test_a_currency_code_inside_a_word_is_not_money():
    assert [q.kind for q in find_quantities("the EURO5 standard")] == []


@pytest.mark.parametrize(
    "text, value, area_text",
    [
        ("a park of 46 sq kilometres", 46, "46 sq kilometres"),
        ("a park of 5 sq. kilometers", 5, "5 sq. kilometers"),
        ("spans 800 square km in all", 800, "800 square km"),
        ("the 12 sq. km core zone", 12, "12 sq. km"),
        ("covers an area of 328km2.", 328, "328km2"),
        ("covers 35km² today", 35, "35km²"),
        ("a 9-sq-km campus", 9, "9-sq-km"),
        ("about 10 km^2 of land", 10, "10 km^2"),
        ("about 2 sq mi of wetland", 2 * 2.589988110336, "2 sq mi"),
    ],
)
def test_every_spelling_of_square_kilometres_is_an_area(text, value, area_text):
    (q,) = [q for q in find_quantities(text) if q.kind == "area"]
    assert (q.value, q.unit, q.text) == (pytest.approx(value), "km2", area_text)


@pytest.mark.parametrize("text", ["a 3km road", "runs 30 km to the port", "328km away"])
def test_a_length_is_no_area(text):
    assert not [q for q in find_quantities(text) if q.kind == "area"]


@given(
    st.integers(min_value=1, max_value=9999),
    st.integers(min_value=0, max_value=3),
    st.sampled_from([("million", 10**6), ("billion", 10**9), ("trillion", 10**12)]),
)
def test_a_scaled_figure_is_the_decimal_value_exactly(whole, decimals, scale):
    """'16.17 billion yuan' is 16170000000, not the binary product 16170000000.000002."""
    digits = f"{whole / 10**decimals:.{decimals}f}"
    word, factor = scale
    (q,) = find_quantities(f"{digits} {word} yuan")
    assert q.value == float(int(digits.replace(".", "")) * factor // 10**decimals)
