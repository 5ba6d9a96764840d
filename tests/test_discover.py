"""Open-world entities found from typed cues (hotspots.extract.discover), on invented names."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotspots.extract.discover import DiscoveryFileError, discover, load_cues
from hotspots.extract.mentions import MentionFinder
from hotspots.reference import load_gazetteer

ORG_TYPES = {"company", "university", "research_institute"}


@pytest.fixture(scope="module")
def find():
    gazetteer = load_gazetteer()
    finder = MentionFinder(gazetteer)

    def run(text: str) -> dict[str, tuple[str, str]]:
        mentions = finder.find(text)
        orgs = frozenset(
            m.start
            for m in mentions
            if any(gazetteer.entities[e].type in ORG_TYPES for e in m.entity_ids)
        )
        parks = frozenset(
            m.start
            for m in mentions
            if any(gazetteer.entities[e].type == "park" for e in m.entity_ids)
        )
        found = discover(
            text,
            [(m.start, m.end) for m in mentions],
            lambda n: bool(gazetteer.lookup(n)),
            orgs,
            known_park_starts=parks,
            known_provinces=frozenset(
                (m.start, m.end)
                for m in mentions
                if any(gazetteer.entities[e].type == "province" for e in m.entity_ids)
            ),
        )
        for d in found:
            assert text[d.start : d.end] == d.name
        return {d.name: (d.entity_id, d.type) for d in found}

    return run


@pytest.fixture(scope="module")
def extractor_discover():
    """Discovery as the extractor runs it (with the gazetteer's company mentions)."""
    from hotspots.extract import Extractor
    from hotspots.text import fold_for_matching

    extractor = Extractor(load_gazetteer())

    def run(text: str) -> dict[str, tuple[str, str]]:
        folded = fold_for_matching(text)
        _, found = extractor.discover(text, folded, extractor.finder.find(text, folded=folded))
        return {d.name: (d.entity_id, d.type) for d in found}

    return run


@pytest.mark.parametrize(
    ("text", "name", "entity_id", "type_"),
    [
        (
            "The launch of Qinhuai Photonics Science City was announced in Nanjing.",
            "Qinhuai Photonics Science City",
            "park/qinhuai-photonics-science-city",
            "park",
        ),
        (
            "Researchers at Lakeside University joined the lab.",
            "Lakeside University",
            "org/lakeside-university",
            "university",
        ),
        (
            "She studied at the University of Taihu Studies in 2019.",
            "University of Taihu Studies",
            "org/university-of-taihu-studies",
            "university",
        ),
        (
            "Meanwhile Ganjiang Innovation Laboratory opened in Chengdu.",
            "Ganjiang Innovation Laboratory",
            "org/ganjiang-innovation-laboratory",
            "research_institute",
        ),
        (
            "Dongting Robotics Co., Ltd. raised funds.",
            "Dongting Robotics",
            "org/dongting-robotics",
            "company",
        ),
        (
            "Pearlwave Technologies Corporation Limited listed its shares.",
            "Pearlwave Technologies",
            "org/pearlwave-technologies",
            "company",
        ),
        (
            "Shenzhen-based drone maker Skyfold opened a lab.",
            "Skyfold",
            "org/skyfold",
            "company",
        ),
        ("Lumera, a self-driving startup, expanded.", "Lumera", "org/lumera", "company"),
        (
            "The Yuelu Hi-Tech Industrial Development Zone hosts 27,000 firms.",
            "Yuelu Hi-Tech Industrial Development Zone",
            "park/yuelu-hi-tech-industrial-development-zone",
            "park",
        ),
        (
            "Jinshi New Area was set up in 2017.",
            "Jinshi New Area",
            "district/jinshi-new-area",
            "district",
        ),
        (
            "Nanjing's Qixia Software Park grew fast.",
            "Qixia Software Park",
            "park/qixia-software-park",
            "park",
        ),
        (
            # a one-word name between "the" and a company noun
            "The bus depot is named after the Lanbao company, the largest bus maker in Henan.",
            "Lanbao",
            "org/lanbao",
            "company",
        ),
    ],
)
def test_a_typed_cue_makes_an_unknown_name_an_entity(find, text, name, entity_id, type_):
    assert find(text).get(name) == (entity_id, type_)


@pytest.mark.parametrize(
    "text",
    [
        "Shanghai Unveils New Orchid Science Park Plan",  # a headline: its capitals say nothing
        "The plan covers every National High-Tech Zone in the province.",  # a kind, no name
        "It rose in the QS World University Rankings.",  # the name goes on: not a university
        "Peking University opened a campus.",  # the gazetteer's
        "Xiaomi Corp reported results.",  # a known company's legal name
        "In 2019, a startup moved to Hefei.",  # no name after the cue
        "The ministry named it a National Green Model Science Park.",  # a title, not one park
        "In 2020 it became an Orchid Valley Innovation Zone, officials said.",  # a kind of zone
        "The German company opened a plant in the zone.",  # a nationality, no name
        "The Hefei-based group opened a plant in the zone.",  # a place's label, no name
    ],
)
def test_no_entity_without_a_name_the_gazetteer_lacks(find, text):
    assert find(text) == {}


def test_a_lowercase_designator_after_the_needs_a_name_of_its_own(find):
    found = find("The lab moved to the Xiyuan headquarters base last spring.")
    assert found["Xiyuan headquarters base"] == ("park/xiyuan-headquarters-base", "park")
    assert find("The firm moved to the Hefei science park last spring.") == {}  # a known city's
    assert find("The firm moved to the National science park last spring.") == {}  # generic


def test_an_article_that_belongs_to_a_later_noun_keeps_the_name(find):
    assert "Lakeside University" in find("A Lakeside University team built the robot.")


def test_ids_are_stable_and_derived_from_the_name(find):
    a = find("Lakeside University grew.")
    b = find("In 2020 the students of Lakeside University protested.")
    assert a["Lakeside University"] == b["Lakeside University"]


def test_an_export_processing_zone_is_a_park_of_its_own(find):
    found = find("The Qinglan Export Processing Zone opened in 2001.")
    assert found["Qinglan Export Processing Zone"] == (
        "park/qinglan-export-processing-zone",
        "park",
    )


def test_a_group_keeps_its_word_other_legal_suffixes_do_not(find):
    assert find("Lanxi Robotics Group Co., Ltd. opened a plant.")["Lanxi Robotics Group"] == (
        "org/lanxi-robotics-group",
        "company",
    )
    assert "Lanxi Robotics" in find("Lanxi Robotics Co., Ltd. opened a plant.")


def test_names_a_plural_noun_types_are_entities_of_that_type(find):
    found = find(
        "It has 4 districts, including Qinglan, Moyuan and Tashi District, and one county."
    )
    assert found["Qinglan"] == ("district/qinglan", "district")
    # "Tashi District" is a district by its own designator; the unit word stays out of the id
    assert found["Tashi District"] == ("district/tashi", "district")
    assert find("It governs two counties (Qinglan and Moyuan).")["Moyuan"][1] == "district"
    assert find("Its counties are Qinglan, Moyuan and Tashi.")["Tashi"][1] == "district"


def test_a_list_of_cities_gives_no_city_the_gazetteer_lacks(find):
    # "cities" types a list for the location rule, but the gazetteer holds every prefecture-level
    # city: an unknown name in the list ("Yibing", a misspelling) is no city to discover
    found = find("The cluster has three cities (Chengdu, Yibing and Zigong) in Sichuan province.")
    assert "Yibing" not in found


@pytest.mark.parametrize(
    "text",
    [
        "It governs three counties (Qinglan and Moyuan).",  # two names for three: something else
        "It has 2 districts, including Qinglan, Moyuan and Tashi.",  # more names than the count
        "Its counties include Qinglan, Moyuan.",  # no count and not closed by "and"
        "Officials from Qinglan met residents of the districts.",  # a single capitalised word
    ],
)
def test_a_list_that_does_not_fit_its_noun_gives_no_entity(find, text):
    assert find(text) == {}


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_gives_spans_that_are_the_names(text):
    for d in discover(text, [], lambda n: False):
        assert text[d.start : d.end] == d.name
        assert d.entity_id.split("/", 1)[1]


def test_the_cue_file_is_checked(tmp_path: Path):
    good = load_cues()
    assert good.designators and good.legal_suffixes
    bad = tmp_path / "discovery.yaml"
    bad.write_text("designators: {university: [World]}\n", encoding="utf-8")
    with pytest.raises(DiscoveryFileError, match="missing"):
        load_cues(bad)
    text = Path("reference/lexicons/discovery.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("  university:", "  planet:"), encoding="utf-8")
    with pytest.raises(DiscoveryFileError, match="unknown entity type 'planet'"):
        load_cues(bad)
    bad.write_text(text.replace("  - Inc.\n", "  - Inc.\n  - Inc.\n"), encoding="utf-8")
    with pytest.raises(DiscoveryFileError, match="listed twice"):
        load_cues(bad)


def test_a_short_form_the_document_defines_names_its_entity_again(extractor):
    """'Peng Cheng Laboratory (PCL) ... PCL is': later PCL is the laboratory; a short form whose
    capitals are not the name's initials, or written in another case, is nothing."""
    from hotspots.ingest import Document

    text = (
        "Peng Cheng Laboratory (PCL) opened in Shenzhen. PCL hires engineers; pcl and PCLX do not"
        " count, nor does Zhejiang University (ZJ) when written ZJ later."
    )
    doc = Document(document_id="0" * 16, name="case", text=text, sha256="0" * 64, meta={})
    spans = [
        (m["text"], m["entity_id"]) for m in extractor.extract(doc).mentions if m["text"] == "PCL"
    ]
    assert spans == [("PCL", "org/peng-cheng-laboratory")]
    assert not [m for m in extractor.extract(doc).mentions if m["text"] == "ZJ"]


def test_an_id_follows_the_naming_rule_apostrophes_included(find):
    # the guidelines: every run of non-alphanumerics is one hyphen ("Xi'an" -> "xi-an")
    found = find("It has 3 districts, including Qin’an, Moyuan and Tashi.")
    assert found["Qin’an"] == ("district/qin-an", "district")
    assert find("Lin'ao University opened.")["Lin'ao University"][0] == "org/lin-ao-university"


def test_a_the_after_a_lowercase_word_belongs_to_the_name(find):
    found = find("It was reported by Wuhan-based news portal The Lantern yesterday.")
    assert found["The Lantern"] == ("org/the-lantern", "company")
    # at a sentence start "The" is only capitalised there
    assert "Moyuan Science Park" in find("The Moyuan Science Park opened.")


def test_a_named_innovation_corridor_is_a_policy_region(find):
    found = find("The Qinglan-Moyuan Science and Technology Innovation Corridor links two towns.")
    assert found["Qinglan-Moyuan Science and Technology Innovation Corridor"] == (
        "region/qinglan-moyuan-science-and-technology-innovation-corridor",
        "policy_region",
    )
    assert find("Every Innovation Corridor in the plan gets funds.") == {}  # a kind, no name


def test_a_name_that_a_gazetteer_name_crosses_is_not_discovered(find):
    # "Lakeside University of Science and Technology" would end inside the gazetteer's
    # "University of Science and Technology of China": the cue read the wrong words
    assert find("He joined the Lakeside University of Science and Technology of China.") == {}


def test_a_bank_an_insurer_or_an_exchange_is_a_company(find):
    assert find("Qinglan Rural Commercial Bank opened a branch.")[
        "Qinglan Rural Commercial Bank"
    ] == ("org/qinglan-rural-commercial-bank", "company")
    assert find("He joined the Bank of Moyuan in 2001.")["Bank of Moyuan"][1] == "company"
    assert "Moyuan Mutual Insurance" in find("Moyuan Mutual Insurance grew.")
    assert find("The Qinglan Stock Exchange opened.")["Qinglan Stock Exchange"][1] == "company"
    assert find("The plan names every Commercial Bank in the province.") == {}  # a kind, no name


# --- stop 20 (names3): districts and counties, zones, "for" tails, short names, lists -------


@pytest.mark.parametrize(
    ("text", "name", "entity_id", "type_"),
    [
        # a district's unit word stays out of its id, as in the gazetteer
        (
            "It governs Qinglan District and more.",
            "Qinglan District",
            "district/qinglan",
            "district",
        ),
        ("The plant is in Moyuan County, Anhui.", "Moyuan County", "district/moyuan", "district"),
        # a known city in front is no part of a district's name
        ("Chongqing Tashi District grew.", "Tashi District", "district/tashi", "district"),
        ("It lies in the scenic Lanxi district.", "Lanxi district", "district/lanxi", "district"),
        # a sentence that opens with the name and its unit word in lower case
        (
            "Qinglan district is located in the middle of Jiangxi Province.",
            "Qinglan district",
            "district/qinglan",
            "district",
        ),
        (
            "Jinze, a town in the Tashi district of Shanghai.",
            "Tashi district",
            "district/tashi",
            "district",
        ),
        (
            "The Lanxi Ecological Zone covers 12 km2.",
            "Lanxi Ecological Zone",
            "park/lanxi-ecological-zone",
            "park",
        ),
        ("Moyuan New Zone opened.", "Moyuan New Zone", "park/moyuan-new-zone", "park"),
        (
            "It has the Moyuan Economic & Technological Development Area (MEDA).",
            "Moyuan Economic & Technological Development Area",
            "park/moyuan-economic-technological-development-area",  # "&" is one hyphen
            "park",
        ),
        (
            "Scientists at the Center for Taihu Lake Studies met.",
            "Center for Taihu Lake Studies",
            "org/center-for-taihu-lake-studies",
            "research_institute",
        ),
        ("Lanxi Motors Co was set up in July.", "Lanxi Motors", "org/lanxi-motors", "company"),
        # the trade a company's name ends with types it
        (
            "Qingdao boasts the Laoshan Brewery.",
            "Laoshan Brewery",
            "org/laoshan-brewery",
            "company",
        ),
        (
            "Qinmo Pharmaceutical spent more on R&D.",
            "Qinmo Pharmaceutical",
            "org/qinmo-pharmaceutical",
            "company",
        ),
        (
            "Qinglan Steel Park Company opened a mill.",
            "Qinglan Steel Park",
            "org/qinglan-steel-park",
            "company",
        ),
    ],
)
def test_districts_zones_centres_and_bare_suffixes(find, text, name, entity_id, type_):
    assert find(text).get(name) == (entity_id, type_)


@pytest.mark.parametrize(
    "text",
    [
        "Shenzhen Special Economic Zone was set up in 1980.",  # a designation, not a park's name
        "The zone has been awarded the National Model Zone five times.",  # an award
        "Goods leave through the Export Processing Zone.",  # a kind of zone, no name
        "It hosts the Central Business District of the city.",  # a kind of district
        "She studied at the University of Science and Technology there.",  # generic words only
        "Shanghai Pudong New Area grew fast.",  # a known place, then a known district
        "Chinese Academy of Sciences Wang Lin said the lab is ready.",  # a known name, then a person
        "Lanxi Co-founder Wang Lin spoke.",  # "Co-" is no legal suffix
        "It moved to the Haidian district last year.",  # the gazetteer's district
        "In the High-tech Development Zone are 40 labs.",  # generic words, whatever their case
        "Firms flock to the Economic and technological Development Zone.",  # as above
    ],
)
def test_no_district_zone_or_company_without_a_name_of_its_own(find, text):
    assert find(text) == {}


def test_a_name_before_generic_words_in_any_case_is_discovered(find):
    found = find("Firms flock to the Lakeside High-tech Development Zone.")
    assert found["Lakeside High-tech Development Zone"][1] == "park"


def test_legal_words_alone_name_no_company(find):
    assert "Holdings" not in find("Assets went into Lanxi (Anhui) Holdings Co., Ltd. in May.")


def test_and_before_another_typed_name_ends_the_first(find):
    found = find("Campuses of the University of Lakeside and Moyuan College opened.")
    assert found["University of Lakeside"] == ("org/university-of-lakeside", "university")
    assert found["Moyuan College"] == ("org/moyuan-college", "university")
    # "and" inside a name stays: no typed name after it
    assert "University of Lakeside Arts and Crafts" in find(
        "She taught at the University of Lakeside Arts and Crafts in 2019."
    )


def test_names_listed_before_a_plural_unit_are_districts(find):
    found = find("Apart from Qinglan and Moyuan districts, every district grew.")
    assert found["Qinglan"] == ("district/qinglan", "district")
    assert found["Moyuan"] == ("district/moyuan", "district")
    found = find("Three counties – Qinglan, Moyuan, and Tashi – in Lanxi ranked high.")
    assert {found[n] for n in ("Qinglan", "Moyuan", "Tashi")} == {
        ("district/qinglan", "district"),
        ("district/moyuan", "district"),
        ("district/tashi", "district"),
    }


def test_companies_in_a_closed_list_after_a_plural_noun(find):
    found = find("It drew top enterprises, such as Lanxi Motors and Qinglan Steel, to the zone.")
    assert found["Lanxi Motors"] == ("org/lanxi-motors", "company")
    assert found["Qinglan Steel"] == ("org/qinglan-steel", "company")
    assert find("It drew enterprises, such as Lanxi Motors, Qinglan Steel.") == {}  # not closed


def test_a_list_that_says_it_names_only_some_is_closed(find):
    found = find("The park hosts 900 companies including Lanxi Motors, Qinglan Steel and others.")
    assert found["Lanxi Motors"] == ("org/lanxi-motors", "company")
    assert found["Qinglan Steel"] == ("org/qinglan-steel", "company")
    found = find("It hosts firms like Moyuan Optics, Tashi Foods, etc. in its east.")
    assert found["Moyuan Optics"] == ("org/moyuan-optics", "company")
    # neither "and" nor an open end: no closed list
    assert find("It hosts firms like Moyuan Optics, Tashi Foods in its east.") == {}
    # "like" before a single name is a comparison, no list
    assert find("Firms like Moyuan Optics grow fast.") == {}


def test_a_place_phrase_or_of_between_a_list_noun_and_its_list(find):
    found = find(
        "There are 40 large enterprises in the zone, including Qinmo Steel and Lanxi Foods."
    )
    assert found["Qinmo Steel"] == ("org/qinmo-steel", "company")
    found = find("It holds three administrative districts of Tanmo, Lanxiqiao and Damoyuan.")
    assert found["Lanxiqiao"] == ("district/lanxiqiao", "district")
    found = find("It has four sub-district offices, namely, Tanmo, Lanxiqiao, Qinmo and Damoyuan.")
    assert found["Damoyuan"] == ("district/damoyuan", "district")
    # a lowercase phrase is no place: "companies in areas such as AI and IoT" lists fields
    assert find("It helped 900 companies in areas such as Qinmo and Lanxi grow.") == {}
    # "of" without a count names owners, not a list the noun types
    assert find("Officials of the districts of Tanmo and Lanxiqiao met.") == {}


def test_a_subdistrict_or_township_after_the_or_a_known_place_s(find):
    found = find("It is the tiny Lanximen subdistrict of Nanshan that leads.")
    assert found["Lanximen subdistrict"] == ("district/lanximen", "district")
    found = find("Take a closer look at Shenzhen's Qinmoqiao township, home to many firms.")
    assert found["Qinmoqiao township"] == ("district/qinmoqiao", "district")
    # an owner the gazetteer does not know: no district
    assert find("Take a closer look at Lanxi's Qinmoqiao township, home to many firms.") == {}


def test_names_before_and_other_and_a_list_noun(find):
    found = find("The zone has Qinmo Robotics and other unicorn enterprises.")
    assert found["Qinmo Robotics"] == ("org/qinmo-robotics", "company")
    found = find("Lanmoqiao, Tashiying and other townships grew.")
    assert found["Tashiying"] == ("district/tashiying", "district")
    # no list noun after "and other": nothing typed
    assert find("The zone has Qinmo Robotics and other attractions.") == {}


def test_a_list_beside_known_companies_names_companies(extractor_discover):
    found = extractor_discover("It hosts big names like Huawei, Qinmo Robotics and Lanxi Motors.")
    assert found["Qinmo Robotics"] == ("org/qinmo-robotics", "company")
    assert found["Lanxi Motors"] == ("org/lanxi-motors", "company")
    # two or more companies typed, no cue word needed
    found = extractor_discover("Huawei, Tencent and Qinmo Robotics are also based in the city.")
    assert found["Qinmo Robotics"] == ("org/qinmo-robotics", "company")
    # a known place inside a listed name does not make it a place ("Lanxi Motors China")
    found = extractor_discover("Huawei, Tencent and Lanxi Motors China are based in the city.")
    assert found["Lanxi Motors China"] == ("org/lanxi-motors-china", "company")
    # one typed company and no cue word: too little to say
    assert extractor_discover("Huawei, Qinmo Robotics and Lanxi Motors met.") == {}
    # a place in the list: no list of companies
    assert extractor_discover("Huawei, Shenzhen, Qinmo Robotics and Lanxi Motors met.") == {}


def test_a_known_university_then_of_and_words_of_its_own_is_another(extractor_discover):
    # "Shenzhen University" is known; "... of Qinmo Studies" is another institution's name
    found = extractor_discover("She joined Shenzhen University of Qinmo Studies in 2020.")
    assert found["Shenzhen University of Qinmo Studies"] == (
        "org/shenzhen-university-of-qinmo-studies",
        "university",
    )
    found = extractor_discover("She joined Shenzhen University of Finance & Qinmo in 2020.")
    assert "Shenzhen University of Finance & Qinmo" in found
    # "of" and a known place: where the known university is, no new name
    assert extractor_discover("She joined Peking University of China in 2020.") == {}


def test_a_company_named_after_the_park_it_runs_keeps_its_legal_words(find):
    found = find(
        "Qinmo Software Park opened in 2001. Qinmo Software Park Co., Ltd. runs its services."
    )
    assert found["Qinmo Software Park"] == ("park/qinmo-software-park", "park")
    assert found["Qinmo Software Park Co., Ltd."] == (
        "org/qinmo-software-park-co-ltd",
        "company",
    )
    # any other company leaves its legal words out
    assert find("Qinmo Robotics Co., Ltd. runs its services.")["Qinmo Robotics"] == (
        "org/qinmo-robotics",
        "company",
    )


def test_an_organisation_s_unit_in_a_place_is_an_institute_of_its_own(extractor_discover):
    # a known university, its unit's place in parentheses, then a designator
    found = extractor_discover("Tsinghua University (Shenzhen) Research Institute opened.")
    assert found["Tsinghua University (Shenzhen) Research Institute"] == (
        "org/tsinghua-university-shenzhen-research-institute",
        "research_institute",
    )
    # a discovered university in front works the same
    found = extractor_discover("The University of Qinmo (Suzhou) Research Institute grew.")
    assert found["University of Qinmo (Suzhou) Research Institute"] == (
        "org/university-of-qinmo-suzhou-research-institute",
        "research_institute",
    )


def test_what_has_headquarters_somewhere_is_an_organisation(find):
    found = find("Further south, Qinmo Motors’s headquarters are located in Yokohama.")
    assert found["Qinmo Motors"] == ("org/qinmo-motors", "company")
    found = find("Lanxi's headquarters moved to Hefei in 2019.")
    assert found["Lanxi"] == ("org/lanxi", "company")
    # a headquarters base or economy names a zone or a policy, not a seat
    assert find("Lanxi's headquarters base grew fast.") == {}
    assert find("Lanxi's headquarters economy grew fast.") == {}


def test_list_names_that_start_with_a_digit_or_join_words_with_an_ampersand(find):
    found = find("Its companies include 7Q, Lanxi & Moyuan, and Tashi Foods.")
    assert found["7Q"] == ("org/7q", "company")
    assert found["Lanxi & Moyuan"] == ("org/lanxi-moyuan", "company")
    assert found["Tashi Foods"] == ("org/tashi-foods", "company")


def test_a_company_unit_with_its_place_in_parentheses(find):
    # the company's name, its unit's known place in parentheses, then the rest of the name
    found = find("He runs Qinmo (Shanghai) Technology Co., Ltd. now.")
    assert found["Qinmo (Shanghai) Technology"] == ("org/qinmo-shanghai-technology", "company")
    found = find("Its star is Lanxi (Suzhou) Technology, a listed company making sensors.")
    assert found["Lanxi (Suzhou) Technology"] == ("org/lanxi-suzhou-technology", "company")
    # the unit of a known company is a company of its own, not the known one
    found = find("It set up Huawei (Hefei) Technology Co., Ltd. in 2019.")
    assert found["Huawei (Hefei) Technology"] == ("org/huawei-hefei-technology", "company")
    # no place the gazetteer knows in the parentheses, or no name before it: nothing
    assert find("He runs Qinmo (Moyuanshire) Technology Co., Ltd. now.") == {}
    assert find("It set up (Shanghai) Technology Co., Ltd. in 2019.") == {}


def test_an_organisation_with_a_seat_in_a_relative_clause(find):
    found = find("The advance came from Qinmo Quantum, which is based in the zone.")
    assert found["Qinmo Quantum"] == ("org/qinmo-quantum", "company")
    found = find("Meanwhile Lanxi, which was headquartered in Hefei, grew.")
    assert found["Lanxi"] == ("org/lanxi", "company")
    # a person is "who"; one word after an article is a kind; a place is located, not based
    assert find("Li Moyuan, who is based in Hefei, spoke.") == {}
    assert find("The Project, which is based in Hefei, grew.") == {}
    assert find("Qinmo Bay, which is located in Hefei, grew.") == {}


def test_sub_parks_in_a_closed_list_are_parks(find):
    found = find(
        "The zone consists of 3 sub-parks, including Southern Park, Qinmo Aerotropolis, etc. "
        "Southern Park covers 86 square kilometres."
    )
    assert found["Southern Park"] == ("park/southern-park", "park")
    assert found["Qinmo Aerotropolis"] == ("park/qinmo-aerotropolis", "park")
    # more names than the count says: no list of those sub-parks
    assert "Qinmo Aerotropolis" not in find(
        "It has two sub-parks: Southern Park, Qinmo Aerotropolis and Lanxi Port."
    )


def test_a_region_a_plan_draws_across_cities(find):
    found = find("It is an industrial hub in the Lanxi Qinmo Gulf Economic Rim.")
    assert found["Lanxi Qinmo Gulf Economic Rim"] == (
        "region/lanxi-qinmo-gulf-economic-rim",
        "policy_region",
    )
    # the gazetteer's region under an alias is its own, and a bare designator names nothing
    assert find("It lies in the Chengdu-Chongqing Economic Circle.") == {}
    assert find("An Urban Agglomeration plan came out.") == {}


def test_an_acronym_of_a_zone_s_kind_words_is_the_zone(find):
    text = (
        "Lanxi-Qinmo Economic and Technological Development Zone (ETDZ) is a hub. "
        "In 2013 the ETDZ was upgraded. The ETDZ grew. The Moyuan ETDZ is another zone."
    )
    found = discover_all(find, text)
    zone = "park/lanxi-qinmo-economic-and-technological-development-zone"
    assert [i for n, i in found if n == "ETDZ"] == [zone, zone, zone]  # not Moyuan's
    # a company's acronym must start with its name's first letter
    assert "MGC" not in find("Lanxi Motor Group Corp (MGC) grew. MGC sold cars.")


def test_a_known_company_then_china_names_its_china_unit(find):
    found = find("NIO China headquarters opened in Hefei. NIO will invest in NIO China.")
    assert found["NIO China"] == ("org/nio-china", "company")
    # the parent alone stays the gazetteer's; a possessive, a longer name or a place is no unit
    assert "NIO" not in found
    assert find("Huawei China's revenue rose.") == {}
    assert find("Tesla China Gigafactory opened.") == {}
    assert find("Shenzhen China is big.") == {}


def test_an_abbreviation_in_parentheses_is_the_same_company(find):
    found = find(
        "Makers include Lanxi Automobile Group Corp. Ltd. (LAG Group) and others. "
        "Later LAG Group opened a plant."
    )
    assert found["LAG Group"] == found["Lanxi Automobile Group"]


def test_a_zone_short_name_in_the_same_document_is_the_zone(find):
    text = (
        "The Moyuan Economic and Technological Development Zone opened in 1992. "
        "In 2006 the Moyuan Development Zone became a provincial zone."
    )
    found = find(text)
    assert (
        found["Moyuan Development Zone"]
        == found["Moyuan Economic and Technological Development Zone"]
    )
    # two zones of one city, each with its own designator, stay two
    found = find("Moyuan High-Tech Zone and Moyuan Economic and Technological Development Zone.")
    assert len({v for v in found.values()}) == 2
    # a one-word designator says too little
    found = find("The Lanxi Software Park opened. The Lanxi Park lies north.")
    assert found["Lanxi Park"] != found["Lanxi Software Park"]


def test_a_city_from_its_province(find):
    assert find("ZTE built a base in Qinglan city.") == {}  # a unit word alone: too little
    found = find("Firms in Moyuan, Jiangsu province, grew.")
    assert found["Moyuan"] == ("city/moyuan", "city")
    assert find("Lanxi Motors, Zhejiang province, grew.").get("Motors") is None  # a name's end
    assert find("Exports from Moyuan, Atlantis province, grew.") == {}  # an unknown province
    assert find("Firms in Hefei, Anhui province, grew.") == {}  # the gazetteer's city


def test_a_discovered_name_is_a_mention_wherever_the_document_repeats_it(find):
    text = (
        "Land went to enterprises, including Tinlan Mobile and Qoro Optics. "
        "Tinlan Mobile expects to move in 2025."
    )
    found = discover_all(find, text)
    assert [n for n, _ in found].count("Tinlan Mobile") == 2
    text = "It lies in the Qingmo district of Shanghai. Officials want Qingmo to grow."
    assert ("Qingmo", "district/qingmo") in discover_all(find, text)


def discover_all(find, text: str) -> list[tuple[str, str]]:
    """(name, id) of every discovered span, repeated names included."""
    gazetteer = load_gazetteer()
    mentions = MentionFinder(gazetteer).find(text)
    found = discover(
        text, [(m.start, m.end) for m in mentions], lambda n: bool(gazetteer.lookup(n))
    )
    return [(d.name, d.entity_id) for d in found]


def test_a_district_or_county_named_by_an_apposition(find):
    found = find("Zones opened in Wenzhou, Qinglan (a district in Hangzhou city) and Moyuan.")
    assert found["Qinglan"] == ("district/qinglan", "district")
    found = find("It set up in Tashi, a county of Fuqing, in 1993.")
    assert found["Tashi"] == ("district/tashi", "district")
    assert find("Lanxi Motors (a company in Hangzhou) grew.").get("Motors") is None


def test_and_inside_a_legal_name_before_a_generic_word(find):
    found = find("It was founded by Qinglan Trust and Investment Corporation in 1993.")
    assert found["Qinglan Trust and Investment"] == (
        "org/qinglan-trust-and-investment",
        "company",
    )
    found = find("Deals went to Lanxi and Moyuan Holdings last year.")
    assert "Lanxi and Moyuan Holdings" not in found and "Moyuan Holdings" in found


def test_a_possessive_is_no_part_of_a_name(find):
    found = find("The University of Lakeside’s new lab opened.")
    assert found["University of Lakeside"] == ("org/university-of-lakeside", "university")


def test_a_center_of_a_place_is_no_institute(find):
    assert (
        find("He directs the Investment Promotion Center of Moyuan County Office.").get(
            "Investment Promotion Center of Moyuan County Office"
        )
        is None
    )
    assert "Center for Lanxi Studies" in find("She joined the Center for Lanxi Studies in 2020.")


def test_a_known_place_in_front_of_a_zone_name_is_the_same_zone(find):
    found = find(
        "Jiangsu Moyuan Economic Development Zone has 101 square kilometres. "
        "In 2017 Moyuan Economic Development Zone joined a brand."
    )
    assert (
        found["Jiangsu Moyuan Economic Development Zone"]
        == found["Moyuan Economic Development Zone"]
    )


def test_a_province_in_front_gives_way_a_city_in_front_stays(find):
    # a province in front is where the zone lies: the name without it gives the id
    found = find(
        "Jiangsu Moyuan Economic Development Zone has 101 square kilometres. "
        "In 2017 Moyuan Economic Development Zone joined a brand."
    )
    assert found["Jiangsu Moyuan Economic Development Zone"][0] == (
        "park/moyuan-economic-development-zone"
    )
    # a city in front is part of the name: the short name later is the same park, the long id
    found = find(
        "Sanya Lanxi Bay Science and Technology Town covers 26 square kilometres. "
        "Lanxi Bay Science and Technology Town will host labs."
    )
    assert found["Lanxi Bay Science and Technology Town"] == (
        "park/sanya-lanxi-bay-science-and-technology-town",
        "park",
    )
    assert (
        found["Sanya Lanxi Bay Science and Technology Town"]
        == (found["Lanxi Bay Science and Technology Town"])
    )


def test_a_town_or_township_named_by_an_apposition(find):
    found = find("The plant opened in Qinmo, a town in Moyuan County, last year.")
    assert found["Qinmo"] == ("district/qinmo", "district")
    found = find("It takes 15 minutes from Lanqiao, a township of Kunshan, to the airport.")
    assert found["Lanqiao"] == ("district/lanqiao", "district")
    found = find("The lab sits in Lanze, a town in the Qingmo district of Moyuan.")
    assert found["Lanze"] == ("district/lanze", "district")
    # a town that is no apposition of a name is none
    assert "Qinmo" not in find("Qinmo, a town official said, will grow.")


@pytest.mark.parametrize(
    ("text", "name", "entity_id"),
    [
        (
            "Firms cluster in the Moyuan Bay Science and Technology Town near the port.",
            "Moyuan Bay Science and Technology Town",
            "park/moyuan-bay-science-and-technology-town",
        ),
        (
            "The Qinglan International Bio-Town hosts drug makers.",
            "Qinglan International Bio-Town",
            "park/qinglan-international-bio-town",
        ),
        (
            "It is based in the Lanxi Advanced Manufacturing Industrial District today.",
            "Lanxi Advanced Manufacturing Industrial District",
            "park/lanxi-advanced-manufacturing-industrial-district",
        ),
        (
            "A plant opened in Moyuan Industrial Zone in 2019.",
            "Moyuan Industrial Zone",
            "park/moyuan-industrial-zone",
        ),
        (
            "Sino-Lanxi Qinglan Knowledge City drew start-ups.",
            "Sino-Lanxi Qinglan Knowledge City",
            "park/sino-lanxi-qinglan-knowledge-city",
        ),
    ],
)
def test_towns_industrial_districts_and_knowledge_cities_are_parks(find, text, name, entity_id):
    assert find(text)[name] == (entity_id, "park")


@pytest.mark.parametrize(
    "text",
    [
        "The Industrial Zone was closed.",
        "It opened a Science and Technology Town office.",
        "Its National Industrial District rules changed.",
    ],
)
def test_generic_town_and_zone_words_name_nothing(find, text):
    assert not [n for n in find(text) if "Town" in n or "Industrial" in n]


def test_a_repeated_name_that_goes_on_is_another_name(find):
    text = "It lies in Qinglan County, Zhejiang. The Qinglan County Office is in Shanghai."
    names = [n for n, _ in discover_all(find, text)]
    assert names.count("Qinglan County") == 1


def test_a_connector_before_a_known_name_ends_a_name(find):
    found = find(
        "A view of the Center for Excellence in Taihu Studies in the Hefei High-tech Zone."
    )
    assert "Center for Excellence in Taihu Studies" in found
    # the designator's own "of" keeps a known name in the name
    assert "Research Institute of Tsinghua University" in find(
        "It set up the Research Institute of Tsinghua University in 2019."
    )


def test_a_caption_with_a_photo_credit_is_a_sentence(find):
    text = "A view of the Qinglan Quantum Laboratory in the Moyuan Valley. [Photo/example.gov.cn]"
    assert "Qinglan Quantum Laboratory" in find(text)


def test_lowercase_designators_in_a_list(find):
    found = find("Its parks (Qinglan high-tech industrial park, Moyuan high-tech industrial park).")
    assert found["Qinglan high-tech industrial park"] == (
        "park/qinglan-high-tech-industrial-park",
        "park",
    )
    assert "Moyuan high-tech industrial park" in found


def test_a_named_facility_is_a_research_institute(find):
    found = find("The Qinglan Synchrotron Radiation Facility opened in 2009.")
    assert found["Qinglan Synchrotron Radiation Facility"][1] == "research_institute"


@pytest.mark.parametrize(
    ("province", "city"),
    [
        ("East China's Zhejiang province", "city/taizhou-zhejiang"),
        ("Jiangsu province", "city/taizhou-jiangsu"),
    ],
)
def test_listed_counties_lie_in_the_city_of_the_named_province(province, city):
    """Counties listed between dashes are discovered; "Taizhou" is two gazetteer cities: the
    one whose province the document names is meant."""
    from hotspots.extract import Extractor
    from hotspots.ingest import Document

    text = f"Two counties – Qinglan and Moyuan – in Taizhou, {province}, grew fast."
    document = Document(document_id="0" * 16, name="d", text=text, sha256="0" * 64, meta={})
    claims = Extractor(load_gazetteer()).extract(document).claims
    located = {(c["subject_id"], c["object_id"]) for c in claims if c["predicate"] == "located_in"}
    assert ("district/qinglan", city) in located
    assert ("district/moyuan", city) in located


def test_a_graduate_or_business_school_is_a_university(find):
    found = find("The Lanxi-Moyuan Joint Graduate School opened in Suzhou.")
    assert found["Lanxi-Moyuan Joint Graduate School"] == (
        "org/lanxi-moyuan-joint-graduate-school",
        "university",
    )
    assert find("He went to graduate school in Suzhou.") == {}


@pytest.mark.parametrize(
    ("text", "name", "entity_id", "type_"),
    [
        (
            "The Qiaoxu National Hi-tech District grew fast last year.",
            "Qiaoxu National Hi-tech District",
            "park/qiaoxu-national-hi-tech-district",
            "park",
        ),
        (
            "Offices moved to Dunmei New City in the spring.",
            "Dunmei New City",
            "district/dunmei-new-city",
            "district",
        ),
    ],
)
def test_a_zone_named_a_district_is_a_park_and_a_new_city_keeps_its_words(
    find, text, name, entity_id, type_
):
    assert find(text)[name] == (entity_id, type_)


@pytest.mark.parametrize(
    ("text", "acronym"),
    [
        (
            "The Qiaoxu National Hi-tech District, also known as the QND, grew. The QND hired.",
            "QND",
        ),
        ("Qiaoxu Science Park (QSP) opened in May. Since then QSP has hired 300 people.", "QSP"),
    ],
)
def test_an_acronym_introduced_after_a_discovered_name_is_the_same_entity(find, text, acronym):
    found = find(text)
    full = next(n for n in found if n != acronym)
    assert found[acronym] == found[full]


@pytest.mark.parametrize(
    "text",
    [
        # letters that are not the name's initials: another thing in parentheses
        "Qiaoxu Science Park (ABC) opened in May.",
        # the first letter must be the name's first initial
        "Qiaoxu Science Park (SP) opened in May.",
    ],
)
def test_no_acronym_whose_letters_do_not_spell_the_name(find, text):
    found = find(text)
    assert not any(n in found for n in ("ABC", "SP"))


@pytest.mark.parametrize(
    ("text", "name", "entity_id"),
    [
        # the cue's capitalised run began inside the name: the words before "of"/"and" or a
        # parenthesis belong to it
        (
            "Firms moved to the Internet of Things Industrial Park last year.",
            "Internet of Things Industrial Park",
            "park/internet-of-things-industrial-park",
        ),
        (
            "It set up the Food and Wellness Industrial Park in March.",
            "Food and Wellness Industrial Park",
            "park/food-and-wellness-industrial-park",
        ),
        (
            "Kelmo Science and Technology Industrial Park opened in May.",
            "Kelmo Science and Technology Industrial Park",
            "park/kelmo-science-and-technology-industrial-park",
        ),
        (
            "Offices opened in Xiaohe International Business District this year.",
            "Xiaohe International Business District",
            "park/xiaohe-international-business-district",
        ),
        # an unknown word with "'s" before a single word is the name's own
        (
            "Dun's Optics, a laser maker, opened a plant.",
            "Dun's Optics",
            "org/dun-s-optics",
        ),
    ],
)
def test_a_name_keeps_the_words_that_begin_it(find, text, name, entity_id):
    assert find(text)[name][0] == entity_id


@pytest.mark.parametrize(
    ("text", "name", "not_name"),
    [
        # two names joined by "and": the first ends with a designator
        (
            "It hosts Qiaoxu University and Dunmei Normal University.",
            "Dunmei Normal University",
            "Qiaoxu University and Dunmei Normal University",
        ),
        # a title before "of" is no part of an institution's name
        (
            "said the Director of Kelmo Lake Laboratory on Monday.",
            "Kelmo Lake Laboratory",
            "Director of Kelmo Lake Laboratory",
        ),
        # a name that starts with a gazetteer place is whole already
        (
            "It includes Dunmei Street and Shenzhen Kelmo Software Park.",
            "Shenzhen Kelmo Software Park",
            "Dunmei Street and Shenzhen Kelmo Software Park",
        ),
        # a district list: "Lanmo and Kelmo districts" are two districts
        (
            "Lanmo and Kelmo District merged in 2016.",
            "Kelmo District",
            "Lanmo and Kelmo District",
        ),
        # an owner before a longer name is not part of it
        (
            "Swiss company KLM's Dunmei Technology opened a plant.",
            "Dunmei Technology",
            "KLM's Dunmei Technology",
        ),
    ],
)
def test_a_name_does_not_take_in_the_words_before_it_when_they_are_not_its_own(
    find, text, name, not_name
):
    found = find(text)
    assert name in found
    assert not_name not in found


@pytest.mark.parametrize(
    ("text", "name", "entity_id", "type_"),
    [
        (
            "The Dunmei Lake R&D Centre will open in 2026.",
            "Dunmei Lake R&D Centre",
            "org/dunmei-lake-r-d-centre",
            "research_institute",
        ),
        (
            "Kelmo Software Park Business Incubator hosts 90 startups.",
            "Kelmo Software Park Business Incubator",
            "park/kelmo-software-park-business-incubator",
            "park",
        ),
    ],
)
def test_research_sites_and_incubators_are_typed(find, text, name, entity_id, type_):
    assert find(text)[name] == (entity_id, type_)


def test_a_bare_incubator_is_no_designator(find):
    # "the Asian Incubator award" names a prize, not a site
    assert "Asian Incubator" not in find("The zone won the Asian Incubator award in 2003.")


def test_a_known_park_written_out_with_a_longer_designator_is_that_park(find):
    # "Zhongguancun" is the gazetteer's park: with generic words and a designator after it, the
    # same park; a park whose own name ends with a designator has zones inside it
    assert "Zhongguancun Science and Technology Park" not in find(
        "Firms in Zhongguancun Science and Technology Park grew."
    )
    found = find("The Suzhou Industrial Park Export Processing Zone opened in 2000.")
    assert "Suzhou Industrial Park Export Processing Zone" in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kelmo Robotics, one of Lanxi's oldest manufacturers, opened a plant.", "Kelmo Robotics"),
        ("The arms were built by a company called Dunmei, a maker of welders.", "Dunmei"),
        ("Its assembly lines come from a firm named Qiaoxu Motion.", "Qiaoxu Motion"),
    ],
)
def test_one_of_the_companies_and_a_company_called_type_a_company(find, text, name):
    assert find(text)[name] == (f"org/{name.lower().replace(' ', '-')}", "company")


@pytest.mark.parametrize(
    ("text", "not_name"),
    [
        # a person of the company: the noun is a possessive
        ("Wang Kelmo, the company's founder, spoke first.", "Wang Kelmo"),
        ("Li Dunmei, one of the company's engineers, spoke first.", "Li Dunmei"),
        # a compound adjective before a noun phrase, not the company's name
        ("It hosts the giant State-owned power company Lanxi Grid.", "State-owned"),
        ("It hosts the giant Foreign-funded chip company Lanxi Wafer.", "Foreign-funded"),
    ],
)
def test_no_company_from_a_possessive_noun_or_a_compound_adjective(find, text, not_name):
    assert not_name not in find(text)


def test_and_in_a_developer_s_legal_name_before_what_it_runs(find):
    found = find("The park is run by Lanxi Kelmo Technology Accelerator and Incubator Co.")
    assert "Incubator" not in found
    assert found["Lanxi Kelmo Technology Accelerator and Incubator"][1] == "company"


def test_an_office_before_of_and_a_rank_before_a_place_are_no_part_of_a_zone(find):
    found = find("The Headquarters of National Hefei Dunmei Development Zone opened in 2013.")
    assert found == {
        "Hefei Dunmei Development Zone": ("park/hefei-dunmei-development-zone", "park")
    }
    # without a known place after it, "National" is the name's own word
    assert "National Kelmo Development Zone" in find(
        "The National Kelmo Development Zone opened in 2013."
    )


def test_a_typed_name_after_and_is_read_after_the_first_is_cut(find):
    found = find("It hosts the University of Kelmo and Dunmei College of Lanxi Normal University.")
    assert "University of Kelmo" in found
    assert found["Dunmei College of Lanxi Normal University"][1] == "university"


def test_jiangbei_new_district_is_the_new_area(find):
    # a gazetteer alias of district/jiangbei-new-area: nothing is discovered
    assert find("Firms in Jiangbei New District grew fast in 2020.") == {}


def test_long_company_names_in_a_closed_list(find):
    found = find(
        "Lanxi hosts three crane manufacturers — Kelmo Heavy Machinery Science and Technology, "
        "Dunmei Port Lifting Equipment Works and Qiaoxu — and more."
    )
    assert found["Kelmo Heavy Machinery Science and Technology"][1] == "company"
    assert found["Dunmei Port Lifting Equipment Works"][1] == "company"
    assert found["Qiaoxu"][1] == "company"
    # an "and" before a name word closes the list: two names, not one
    found = find("It drew firms such as Kelmo Robotics and Dunmei Optics to the zone.")
    assert "Kelmo Robotics and Dunmei Optics" not in found
    assert {found["Kelmo Robotics"][1], found["Dunmei Optics"][1]} == {"company"}


def test_a_known_place_in_parentheses_inside_a_typed_name(find):
    found = find("The Eastern (Hefei) Science City will open in 2027.")
    assert found["Eastern (Hefei) Science City"] == ("park/eastern-hefei-science-city", "park")
    # a sentence's "The" before the parenthesis is no name word; an unknown word in it is no
    # place the gazetteer knows
    assert find("The (Hefei) Science City will open in 2027.") == {}
    assert "Eastern (Kelmo) Science City" not in find("The Eastern (Kelmo) Science City opened.")
    # a name that began before "of" is not cut there
    found = find("The University of Kelmo (Hefei) Research Institute opened in 2019.")
    assert "Kelmo (Hefei) Research Institute" not in found


def test_a_double_space_inside_a_name_and_a_count_that_names_nothing(find):
    found = find("The Sino-Kelmo  Innovation & Entrepreneurship Park opened in 2019.")
    assert found["Sino-Kelmo  Innovation & Entrepreneurship Park"] == (
        "park/sino-kelmo-innovation-entrepreneurship-park",
        "park",
    )
    # a development slogan's count, not a district's name
    assert find('It follows the plan of "One District with Five Parks" in Lanxi.') == {}
    assert "Two Rivers Science Park" in find("Two Rivers Science Park opened in 2001.")
