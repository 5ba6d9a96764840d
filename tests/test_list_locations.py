"""A place after a list ("A, B and C in Zhejiang Province") locates the list's members, but not a
member the gazetteer puts under another city or province (audit i12, issue #18)."""

from __future__ import annotations

from hotspots.ingest import Document


def _located(extractor, text: str) -> set[tuple[str, str]]:
    doc = Document(document_id="0" * 16, name="case", text=text, sha256="0" * 64, meta={})
    return {
        (c["subject_id"], c["object_id"])
        for c in extractor.extract(doc).claims
        if c["predicate"] == "located_in"
    }


def test_list_place_skips_a_member_the_gazetteer_puts_elsewhere(extractor):
    located = _located(
        extractor, "Teams from Songjiang District and Hangzhou in Zhejiang Province met in May."
    )
    assert ("city/hangzhou", "province/zhejiang") in located
    assert ("district/songjiang", "province/zhejiang") not in located


def test_the_member_next_to_the_place_is_still_located(extractor):
    # the place right after a name is read as written, whatever the gazetteer says elsewhere
    located = _located(extractor, "Delegates from Hangzhou and Suzhou in Jiangsu met in May.")
    assert ("city/suzhou", "province/jiangsu") in located
    assert ("city/hangzhou", "province/jiangsu") not in located


def test_sub_districts_a_district_lists_lie_in_it(extractor):
    # a district's own units (invented names) lie in the district, although both are district/
    located = _located(
        extractor,
        "Under the jurisdiction of Haidian District, there are three sub-district offices, "
        "namely, Qinmolu, Lanxiqiao and Tashiying, and 40 communities.",
    )
    assert {
        ("district/qinmolu", "district/haidian"),
        ("district/lanxiqiao", "district/haidian"),
        ("district/tashiying", "district/haidian"),
    } <= located


def test_a_place_phrase_between_the_noun_and_the_list_names_where_they_lie(extractor):
    located = _located(
        extractor,
        "The plan turns three rural counties in Anhui province — Qinmoxian, Lanxiyuan and "
        "Tashiping — into a hub.",
    )
    assert ("district/qinmoxian", "province/anhui") in located
    # outside a place: where the names are not; no owner from the sentence
    located = _located(
        extractor,
        "Hefei grew again to include two districts outside Qinmo Island (Lanxiyuan and Tashiping).",
    )
    assert not any(s in ("district/lanxiyuan", "district/tashiping") for s, _ in located)


def test_a_township_or_subdistrict_of_a_place(extractor):
    # invented townships: a township of a city, a subdistrict of a district
    located = _located(extractor, "Exports grew in Qinmoqiao, a township of Kunshan, last year.")
    assert ("district/qinmoqiao", "city/kunshan") in located
    located = _located(extractor, "But it is the tiny Lanximen subdistrict of Nanshan that leads.")
    assert ("district/lanximen", "district/nanshan") in located
    # "the Lanximen subdistrict, of all places": no place after "of"
    located = _located(extractor, "It is the Lanximen subdistrict of all places that leads.")
    assert not any(s == "district/lanximen" for s, _ in located)


def test_a_known_place_s_district_is_discovered_and_located(extractor):
    located = _located(extractor, "Visitors praised Shenzhen's Lanximen district last year.")
    assert ("district/lanximen", "city/shenzhen") in located
    # an unknown owner ("Qinmo's") makes no district of the name after it
    located = _located(extractor, "Visitors praised Qinmo's Lanximen district last year.")
    assert not any(s == "district/lanximen" for s, _ in located)


def test_a_district_named_with_its_unit_word_of_its_city(extractor):
    # an invented district (the gazetteer's own are read by part_of_place)
    located = _located(
        extractor, "Founded in 2004 north of the Qinmoxiang District of Nanning, the zone grew."
    )
    assert ("district/qinmoxiang", "city/nanning") in located
    located = _located(extractor, "Officials compared the Qinmoxiang District of old with today.")
    assert not any(s == "district/qinmoxiang" for s, _ in located)
