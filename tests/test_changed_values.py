"""A value stated as changed 'from X to Y' (hotspots.extract.rules.common_years.changed_from): the
value it changed to is a fact; the earlier one only when the text dates it (issue #18, item 4)."""

from __future__ import annotations

import pytest

from hotspots.ingest import Document


def _values(extractor, text: str, predicate: str) -> set[tuple[float, str | None]]:
    doc = Document(document_id="0" * 16, name="t", text=text, sha256="0" * 64, meta={})
    return {
        (c["value"], c["as_of"])
        for c in extractor.extract(doc).claims
        if c["predicate"] == predicate
    }


@pytest.mark.parametrize(
    ("text", "predicate", "expected"),
    [
        (
            "Shenzhen's GDP grew from 1 trillion yuan to 3 trillion yuan in 2021.",
            "gdp",
            {(3e12, "2021")},
        ),
        (
            "Shenzhen's GDP grew from 1 trillion yuan in 2010 to 3 trillion yuan in 2021.",
            "gdp",
            {(1e12, "2010"), (3e12, "2021")},
        ),
        (
            "Over five years, the R&D intensity of Shenzhen increased from 3 percent to 6 percent.",
            "rd_intensity_pct",
            {(6.0, None)},
        ),
        (
            "From 2013 to 2023, the R&D intensity of Shenzhen increased from 3.22% to 4.27%.",
            "rd_intensity_pct",
            {(3.22, "2013"), (4.27, "2023")},
        ),
        (
            "Beijing E-Town has grown from a small industrial park that covered 3.83 square "
            "kilometers some 30 years ago to a 225-square kilometer development area.",
            "area_km2",
            {(225.0, None)},
        ),
    ],
)
def test_an_undated_earlier_value_is_no_fact(extractor, text, predicate, expected):
    assert _values(extractor, text, predicate) == expected
