"""Sentence splitting: where a sentence ends, and where it does not."""

from __future__ import annotations

import pytest

from hotspots.extract.segment import split_sentences


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The park lies in Pudong, Shanghai, China.[1] It covers 25 km2.",
            ["The park lies in Pudong, Shanghai, China.[1]", "It covers 25 km2."],
        ),
        (
            "The zone was founded in 1991.[3][14] Its area grew later.",
            ["The zone was founded in 1991.[3][14]", "Its area grew later."],
        ),
        (
            'He said "the city grows."[2] The mayor agreed.',
            ['He said "the city grows."[2]', "The mayor agreed."],
        ),
        ("The zone is large [5]. It grew.", ["The zone is large [5].", "It grew."]),
    ],
)
def test_a_stop_with_citation_marks_ends_the_sentence(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The zone is large.[5] and keeps growing.",  # no capital after the mark
        "The park hosts firms, e.g.[2] Huawei and others.",  # an abbreviation before the mark
        "It ranks No. 3 in the list.",
        "The index [2024] Edition ranks it third.",  # a bracketed year is no stop
    ],
)
def test_no_sentence_end(text: str) -> None:
    assert _texts(text) == [text]
