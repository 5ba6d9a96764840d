"""Where a discovered name starts and ends, and the other names a document gives it: an
ampersand inside a word, "and" between two trades, a kept "The", a company's short name. Invented
names only (hotspots.extract.discover)."""

from __future__ import annotations

import pytest

from hotspots.extract.discover import discover
from hotspots.extract.mentions import MentionFinder
from hotspots.reference import load_gazetteer


@pytest.fixture(scope="module")
def found_in():
    gazetteer = load_gazetteer()
    finder = MentionFinder(gazetteer)

    def run(text: str) -> list[tuple[str, str]]:
        """(name, id) of every discovered span, repeated names included."""
        mentions = finder.find(text)
        found = discover(
            text, [(m.start, m.end) for m in mentions], lambda n: bool(gazetteer.lookup(n))
        )
        for d in found:
            assert text[d.start : d.end] == d.name
        return [(d.name, d.entity_id) for d in found]

    return run


def test_an_ampersand_between_capitals_stays_inside_a_name(found_in):
    found = found_in("Engineers moved into the Qinmo Aircraft R&D Institute last spring.")
    assert found == [("Qinmo Aircraft R&D Institute", "org/qinmo-aircraft-r-d-institute")]


def test_r_and_d_alone_before_a_legal_suffix_names_nothing(found_in):
    found = found_in("Tashi Climate Technology (Suzhou) R&D Co., Ltd. opened a second lab.")
    assert all(name != "R&D" for name, _ in found)


def test_and_between_two_trades_after_a_place_stays_in_one_name(found_in):
    found = found_in("Orders went to Nanjing Copper and Brass Company (NCBC) last year.")
    assert ("Nanjing Copper and Brass", "org/nanjing-copper-and-brass") in found
    assert all(name != "Brass" for name, _ in found)


def test_and_before_a_longer_name_still_joins_two_names(found_in):
    found = found_in(
        "The plant is run by Hefei Construction Investment and Holding and Tashi Qinmo "
        "Technology Co., Ltd. since 2015."
    )
    names = [name for name, _ in found]
    assert "Tashi Qinmo Technology" in names
    assert not any("Holding and Tashi" in name for name in names)


def test_a_kept_article_is_the_same_company_as_the_name_without_it(found_in):
    found = found_in(
        "The Qinmo Group opened a lab in Shanghai. Asia is a key region for The Qinmo Group, "
        "its chairman said."
    )
    assert set(found) == {
        ("Qinmo Group", "org/qinmo-group"),
        ("The Qinmo Group", "org/qinmo-group"),
    }


def test_a_company_named_again_by_its_first_words(found_in):
    found = found_in(
        "Chip startup Tashi Qinmo Microelectronics raised 2 billion yuan. "
        "Set up in 2020, Tashi Qinmo is based in Hefei."
    )
    assert ("Tashi Qinmo", "org/tashi-qinmo-microelectronics") in found
    found = found_in(
        "The startup Qinmo Technology raised funds. The investment in Qinmo came late."
    )
    assert ("Qinmo", "org/qinmo-technology") in found


def test_no_short_name_that_is_one_word_before_a_name_word_or_shared(found_in):
    # one word before a word of the name's own ("Microelectronics" is no trade word)
    found = found_in("Chip startup Tashi Qinmo Microelectronics raised funds. Tashi grew fast.")
    assert all(name != "Tashi" for name, _ in found)
    # two companies of the document share the first words: neither is named by them
    found = found_in(
        "The startup Tashi Qinmo Robotics and the firm Tashi Qinmo Foods merged. "
        "Tashi Qinmo is now one company."
    )
    assert all(name != "Tashi Qinmo" for name, _ in found)


def test_no_short_name_that_opens_with_a_generic_word(found_in):
    found = found_in("The lender China Qinmo Bank grew. China Qinmo said profits rose.")
    assert all(name != "China Qinmo" for name, _ in found)


def test_a_known_place_inside_a_name_keeps_the_gazetteers_spelling_in_the_id(found_in):
    found = found_in("Trains leave the Xi'an Qinmo Logistics Park for Hamburg every week.")
    assert found == [("Xi'an Qinmo Logistics Park", "park/xian-qinmo-logistics-park")]
    # an unknown name keeps the naming rule's hyphen
    found = found_in("Firms moved to the Tashi Chang'qin Science Park in 2019.")
    assert found == [("Tashi Chang'qin Science Park", "park/tashi-chang-qin-science-park")]


def test_a_based_phrase_with_a_function_word_introduces_no_company(found_in):
    found = found_in("It relies on Wuxi-based strengths in the Internet of Things.")
    assert all(name != "Internet" for name, _ in found)
    found = found_in("The Wuxi-based chip designer Qinmo Micro raised funds.")
    assert ("Qinmo Micro", "org/qinmo-micro") in found


def test_a_time_adverb_opening_a_sentence_is_no_part_of_a_name(found_in):
    found = found_in("Presently Qinmo Higher Education Zone has 14 colleges.")
    assert [name for name, _ in found] == ["Qinmo Higher Education Zone"]


def test_a_dateline_before_the_sentences_article_is_no_part_of_a_name(found_in):
    found = found_in("Chongqing—The Qinmo Lake Laboratory was inaugurated on July 16.")
    assert [name for name, _ in found] == ["Qinmo Lake Laboratory"]


def test_a_unit_word_left_alone_names_no_district(found_in):
    found = found_in(
        "It administers three counties (Nanchang County, Tashi County and Qinmo County)."
    )
    assert all(name not in ("County", "District") for name, _ in found)


def test_a_legal_name_with_a_place_in_parentheses_gives_no_fragment(found_in):
    found = found_in("He chairs Qinmo-Tashi (Huizhou) Chemical Co Ltd, a joint venture.")
    assert all(name != "Chemical" for name, _ in found)


def test_a_decimal_number_inside_a_park_name(found_in):
    found = found_in("It opened a lab in Suzhou 2.5 Qinmo Park last year.")
    assert ("Suzhou 2.5 Qinmo Park", "park/suzhou-2-5-qinmo-park") in found


def test_a_plural_owner_is_no_part_of_a_name(found_in):
    found = found_in("Staff of the Qinmo Academy of Sciences' Tashi Materia Institute met.")
    assert [name for name, _ in found] == ["Tashi Materia Institute"]
    # the same with the space after the apostrophe lost
    found = found_in("It hosts the Qinmo Academy of Sciences'Tashi Materia Institute and others.")
    assert found == [("Tashi Materia Institute", "org/tashi-materia-institute")]


def test_a_founding_date_put_first_types_the_bare_name_after_it(found_in):
    found = found_in("Founded in 1999, QGX relocated to Shenzhen in 2007.")
    assert found == [("QGX", "org/qgx")]
    found = found_in("Set up in March 2016, Tashi Qinmo makes drones.")
    assert found == [("Tashi Qinmo", "org/tashi-qinmo")]


def test_a_founding_date_first_leaves_typed_and_lowercase_subjects_alone(found_in):
    # a designator types the name; a lowercase subject names nothing
    found = found_in("Founded in 1988, Qinmo Science Park covers 12 square kilometres.")
    assert found == [("Qinmo Science Park", "park/qinmo-science-park")]
    assert found_in("Founded in 1999, the company relocated to Shenzhen.") == []
    # not inside a sentence ("products founded in 1999, X" is no fronted date)
    assert found_in("It sells products founded in 1999, Tashi said.") == []


def test_a_name_found_by_itself_that_is_a_companys_short_name_takes_its_id(found_in):
    found = found_in(
        "The chipmaker Tashi Qinmo Memory Technologies raised funds. "
        "Set up in 2021, Tashi Qinmo is based in Hefei."
    )
    assert ("Tashi Qinmo", "org/tashi-qinmo-memory-technologies") in found


def test_a_listed_company_keeps_its_legal_word_out_of_its_name(found_in):
    found = found_in("It hosts companies such as Qinmo Corporation and Tashi Robotics.")
    assert ("Qinmo", "org/qinmo") in found
    assert ("Tashi Robotics", "org/tashi-robotics") in found


def test_a_camel_case_brand_typed_by_an_apposition(found_in):
    found = found_in("Data came from weQinmo, a high-tech firm located in Hangzhou, last week.")
    assert found == [("weQinmo", "org/weqinmo")]
    # an ordinary lowercase word before the same apposition names nothing
    assert found_in("Data came from analysts, a research firm located in Hangzhou.") == []


def test_a_sentences_subject_that_is_a_township_is_a_district_level_unit(found_in):
    found = found_in("Qinmo is a 40-square kilometer township near the river. It grew fast.")
    assert found == [("Qinmo", "district/qinmo")]
    found = found_in("Farms closed. Tashi is a rural county with 300,000 people.")
    assert found == [("Tashi", "district/tashi")]


def test_no_unit_from_a_pronoun_a_business_district_or_a_clause(found_in):
    assert found_in("It is a county-level city of 500,000 people.") == []
    assert found_in("Qinmo is a central business district with many towers.") == []
    # not a sentence's subject: the name may end a longer one
    assert found_in("Jobs moved to the Tashi Qinmo is a town, he said.") == []


def test_a_camel_case_brand_after_a_company_noun(found_in):
    found = found_in("The Hangzhou-based startup weTashi raised 20 million yuan.")
    assert found == [("weTashi", "org/wetashi")]
    # a lowercase word after the same noun is no name
    assert found_in("The Hangzhou-based startup recently raised 20 million yuan.") == []


def test_no_one_word_short_name_that_the_text_also_writes_as_an_ordinary_word(found_in):
    found = found_in(
        "The startup Future Technology raised funds. Future plans matter, and the future is near."
    )
    assert all(name != "Future" for name, _ in found)


def test_two_spellings_of_one_name_in_a_document_are_one_entity(found_in):
    found = found_in(
        "The Qinmo High-Tech Industrial Development Area was set up in 1988. "
        "Today the Qinmo Hi-Tech Industrial Development Area hosts 300 firms."
    )
    assert {entity_id for _, entity_id in found} == {
        "park/qinmo-high-tech-industrial-development-area"
    }
    # another name of the same shape stays apart
    found = found_in(
        "The Qinmo High-Tech Industrial Development Area was set up in 1988. "
        "Today the Tashi Hi-Tech Industrial Development Area hosts 300 firms."
    )
    assert len({entity_id for _, entity_id in found}) == 2
