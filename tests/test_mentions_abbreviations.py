"""Short forms a document defines for a name (hotspots.extract.mentions.abbreviations)."""

from __future__ import annotations

import pytest

from hotspots.extract.mentions import Mention, _initials_fit, abbreviations


@pytest.mark.parametrize(
    ("name", "initials", "lead", "fits"),
    [
        ("Peng Cheng Laboratory", "PCL", None, True),
        ("University of Science and Technology of China", "USTC", None, True),
        ("Guiyang National High-tech Industrial Development Zone", "HIDZ", "Guiyang", True),
        ("Guiyang National High-tech Industrial Development Zone", "NHIDZ", "Guiyang", True),
        ("Suzhou Industrial Park", "IP", "Suzhou", True),
        # the written-out word must be the name's first word, and every other initial is kept
        ("Guiyang National High-tech Industrial Development Zone", "HIDZ", "Hefei", False),
        ("Wuhan East Lake National High-tech Development Zone", "EHTZ", "Wuhan", False),
        # 'National' may be left out only after a written-out first word
        ("National High-tech Industrial Development Zone", "HIDZ", None, False),
        ("Suzhou Park", "P", "Suzhou", False),
        # a short form may leave an initial out: it starts with the first word's and keeps at
        # least half of them, in order
        ("Wuxi National Hi-tech District", "WND", None, True),
        ("Wuxi National Hi-tech District", "NHD", None, False),
        ("Wuxi National Hi-tech District", "WDN", None, False),
        ("Shenzhen Bay Science and Technology Innovation Park", "SP", None, False),
    ],
)
def test_initials_fit(name: str, initials: str, lead: str | None, fits: bool) -> None:
    assert _initials_fit(name, initials, lead) is fits


def test_a_short_form_with_a_written_out_word_replaces_the_mention_of_that_word() -> None:
    text = "Suzhou Industrial Park (Suzhou IP) grew. Suzhou IP and Suzhou both grew."
    park, city = ("park/sip",), ("city/suzhou",)
    mentions = [Mention(0, 22, "Suzhou Industrial Park", park)]
    # 'Suzhou' alone: in the brackets, in the short form, then on its own
    places = [text.find("Suzhou", 1), text.find("Suzhou IP", 30), text.rfind("Suzhou")]
    mentions += [Mention(at, at + 6, "Suzhou", city) for at in places]
    out = sorted(abbreviations(text, mentions), key=lambda m: m.start)
    assert [(m.start, m.text, m.candidates) for m in out] == [
        (0, "Suzhou Industrial Park", park),
        (places[0], "Suzhou IP", park),
        (places[1], "Suzhou IP", park),
        (places[2], "Suzhou", city),
    ]


def test_a_short_form_given_in_words_names_the_entity_again() -> None:
    """'The Wuxi National Hi-tech District, also known as the WND, ...': later "the WND" is the
    district; an epithet in words ("also known as the Sensor Capital") is no short form."""
    text = "The Wuxi National Hi-tech District, also known as the WND, grew. The WND hires."
    park = ("park/wnd",)
    out = abbreviations(text, [Mention(4, 34, "Wuxi National Hi-tech District", park)])
    assert [(m.text, m.candidates) for m in out] == [
        ("Wuxi National Hi-tech District", park),
        ("WND", park),
    ]
    epithet = "The Wuxi National Hi-tech District, also known as the Sensor Capital, grew."
    assert len(abbreviations(epithet, [Mention(4, 34, "x", park)])) == 1
