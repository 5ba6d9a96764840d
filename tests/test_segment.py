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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sentence opening with a name written in lower case with a capital inside
        (
            "The lab opened in 2019. iFlytek runs it.",
            ["The lab opened in 2019.", "iFlytek runs it."],
        ),
        # an abbreviation that ends a sentence, then a word that opens one
        (
            "It was set up by Tencent Holdings Ltd. The company is in Shenzhen.",
            ["It was set up by Tencent Holdings Ltd.", "The company is in Shenzhen."],
        ),
        (
            "The zone makes chips, drones, etc. It grew fast.",
            ["The zone makes chips, drones, etc.", "It grew fast."],
        ),
        # a stop after a closing bracket
        (
            "The zone makes many things (chips, drones, etc.). Hefei is next.",
            ["The zone makes many things (chips, drones, etc.).", "Hefei is next."],
        ),
    ],
)
def test_a_sentence_ends_before_lower_case_names_and_after_closing_abbreviations(
    text: str, expected: list[str]
) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The park hosts firms, e.g. iFlytek and ZTE.",  # "e.g." before a lower-case name
        "The plant is at No. 8 Road in Hefei.",  # "No." before a number
        "Its office is on St. Paul Road in Shenzhen.",  # "St." before a name
        "Firms such as BYD Co. Ltd. and Huawei grew.",  # "Co." before another abbreviation
        "The firm opened in Jan. 2020 in Hefei.",  # a month before a year
    ],
)
def test_abbreviations_inside_a_sentence_do_not_end_it(text: str) -> None:
    assert len(_texts(text)) == 1


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("BEIJING, May 22 (Xinhua) -- China has 24 clusters.", "BEIJING, May 22 (Xinhua) --"),
        ("Jul.7 (China Daily) -- Since 1991, the zone grew.", "Jul.7 (China Daily) --"),
        ("SHENZHEN — The city is big.", "SHENZHEN —"),
        ("(Bloomberg) -- Tencent said so.", "(Bloomberg) --"),
        (
            "BEIJING, April 12, 2024 /PRNewswire/ -- Zhengzhou grew.",
            "BEIJING, April 12, 2024 /PRNewswire/ --",
        ),
        ("NINGBO, July 29 – The zone opened.", "NINGBO, July 29 –"),
    ],
)
def test_a_news_dateline_is_a_sentence_of_its_own(text: str, dateline: str) -> None:
    # the sentence after it opens where its own words open ("Since its establishment in ...")
    texts = _texts(text)
    assert texts[0] == dateline
    assert texts[1] == text[len(dateline) :].strip()


@pytest.mark.parametrize(
    "text",
    [
        "Suzhou – the city of gardens – grew.",  # a name, not a dateline in capitals
        "SIP — Suzhou Industrial Park grew.",  # three capitals: a short form, not a city
        "It is composed of six areas -- A, B and C.",
    ],
)
def test_a_dash_after_other_openings_is_no_dateline(text: str) -> None:
    assert _texts(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Taiyuan is an inland city in central China.Five of the top cities are Chinese.",
            ["Taiyuan is an inland city in central China.", "Five of the top cities are Chinese."],
        ),
        (
            "Beijing leads the list.Shanghai follows, then Boston.",
            ["Beijing leads the list.", "Shanghai follows, then Boston."],
        ),
    ],
)
def test_a_stop_without_its_space_between_words_ends_the_sentence(
    text: str, expected: list[str]
) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Shoppers use Alibaba.com and JD.com every day.",  # a domain: lower case after the stop
        "The Ph.D programme of Tsinghua University is large.",  # an abbreviation's short word
        "Its site is www.hefei.gov.cn for news.",
    ],
)
def test_a_stop_inside_a_word_is_no_sentence_end(text: str) -> None:
    assert _texts(text) == [text]
