"""Years found in a sentence: a count's approximation is none, a period gives its last year."""

import pytest

from hotspots.extract.numbers import find_years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("It opened in 2000.", [2000]),
        ("The park is home to over 2000 high tech enterprises.", []),
        ("More than 2000 firms and nearly 1999 workers", []),
        ("During 2016-20, GDP rose to 513 billion yuan.", [2020]),
        ("In 2016–2020 and 2021 it grew.", [2020, 2021]),
        ("the 14th Five-Year Plan (2021-25)", [2025]),
        ("Released 2019-08-01.", [2019]),  # a date, not a period
    ],
)
def test_years(text: str, years: list[int]) -> None:
    assert [y for y, _, _ in find_years(text)] == years


def test_a_period_is_found_where_its_last_year_is_written() -> None:
    text = "During 2016-20, GDP rose"
    ((year, start, end),) = find_years(text)
    assert (year, text[start:end]) == (2020, "20")
