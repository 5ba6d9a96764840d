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
    assert [q.kind for q in find_quantities("the 13th Five-Year Plan and ten-year visas")] == ["ordinal"]


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
