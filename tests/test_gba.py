"""The Greater Bay Area case of DESIGN.md, end to end: on the seed documents and on a small text.

- WIPO's cluster is Shenzhen–Hong Kong–Guangzhou; dash variants are aliases of it.
- "Shenzhen-Hong Kong-Guangdong" (a photo caption) is a misnomer alias of the cluster; the claim
  that used it is kept, and a `name` conflict says why.
- The Guangdong-Hong Kong-Macao Greater Bay Area is a policy region linked to the cluster through
  the cities both list as members (table `relations`), never merged with it; the Pearl River
  Delta is a third entity.
- A different rank in a different edition is a time series, not a conflict.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REFERENCE, build_tables, write_doc

from hotspots.validate import validate_tables

CLUSTER = "cluster/shenzhen-hong-kong-guangzhou"
CAPTION = "Shenzhen-Hong Kong-Guangdong"


def _one_entity(gazetteer, name: str, etype: str) -> str:
    ids = {
        a.entity_id for a in gazetteer.lookup(name) if gazetteer.entities[a.entity_id].type == etype
    }
    assert len(ids) == 1, f"{name!r} should name exactly one {etype}, got {ids}"
    return ids.pop()


@pytest.fixture(scope="module")
def gba(gazetteer) -> str:
    return _one_entity(gazetteer, "Guangdong-Hong Kong-Macao Greater Bay Area", "policy_region")


@pytest.fixture(scope="module")
def prd(gazetteer) -> str:
    return _one_entity(gazetteer, "Pearl River Delta", "policy_region")


def check_gba_case(tables: dict, gazetteer, gba: str, prd: str) -> None:
    """The assertions shared by the seeds and the small text."""
    entities = tables["entities"].set_index("entity_id")
    assert entities.loc[CLUSTER, "type"] == "cluster"
    assert entities.loc[CLUSTER, "name"] == "Shenzhen–Hong Kong–Guangzhou"
    assert entities.loc[gba, "type"] == "policy_region"
    assert len({CLUSTER, gba, prd}) == 3

    # the caption's name: a misnomer alias of the cluster, with the documents that use it
    aliases = tables["aliases"]
    misnomer = aliases[(aliases["alias"] == CAPTION)]
    assert misnomer[["entity_id", "kind"]].values.tolist() == [[CLUSTER, "misnomer"]]
    caption_mentions = tables["mentions"][tables["mentions"]["text"] == CAPTION]
    assert not caption_mentions.empty and set(caption_mentions["entity_id"]) == {CLUSTER}
    for document_id in caption_mentions["document_id"]:
        assert document_id in misnomer["evidence"].iloc[0]

    # ... and the claim that used it is kept, attributed to the cluster, with a name conflict
    conflicts = tables["conflicts"]
    name_rows = conflicts[(conflicts["kind"] == "name") & (conflicts["subject_id"] == CLUSTER)]
    assert len(name_rows) >= 1
    row = name_rows.iloc[0]
    assert row["rule"] == "misnomer_alias"
    assert row["resolution"] == "Shenzhen–Hong Kong–Guangzhou"
    assert CAPTION in row["values"] and "misnomer" in row["rationale"]
    claims = tables["claims"].set_index("claim_id")
    for claim_id in row["claim_ids"].split(";"):
        assert claims.loc[claim_id, "subject_id"] == CLUSTER
        assert CAPTION in claims.loc[claim_id, "quote"]
        assert any(claim_id in ids.split(";") for ids in tables["facts"]["claim_ids"])

    # the region is linked to the cluster's cities, not merged with the cluster
    relations = tables["relations"]
    cluster_members = set(relations[relations["object_id"] == CLUSTER]["subject_id"])
    gba_members = set(relations[relations["object_id"] == gba]["subject_id"])
    assert {"city/shenzhen", "sar/hong-kong"} <= cluster_members
    assert cluster_members <= gba_members, (
        "the cluster's cities are members of the Greater Bay Area"
    )
    assert "sar/macao" in gba_members and "sar/macao" not in cluster_members
    assert not set(relations[relations["subject_id"] == CLUSTER]["object_id"]) & {gba, prd}
    assert gba not in set(aliases[aliases["entity_id"] == CLUSTER]["alias"])
    gba_facts = tables["facts"][tables["facts"]["subject_id"] == gba]
    assert not (gba_facts["predicate"] == "wipo_cluster_rank").any(), (
        "a policy region has no WIPO rank"
    )

    # no value conflict for the cluster: one rank per edition
    value_conflicts = conflicts[
        (conflicts["kind"] == "value") & (conflicts["subject_id"] == CLUSTER)
    ]
    assert value_conflicts.empty
    assert validate_tables(tables).ok, validate_tables(tables).failures


def test_gba_case_on_the_seeds(seed_tables, gazetteer, gba, prd):
    check_gba_case(seed_tables, gazetteer, gba, prd)
    ranks = seed_tables["cluster_rankings"]
    assert ranks[(ranks["cluster_id"] == CLUSTER)][["edition", "rank"]].values.tolist() == [
        [2024, 2]
    ]
    # the policy region is named in the seeds as itself and by its short name
    mentions = seed_tables["mentions"]
    assert {"Guangdong-Hong Kong-Macao Greater Bay Area", "GBA"} <= set(
        mentions[mentions["entity_id"] == gba]["text"]
    )


WIPO_2023 = (
    "The largest science and technology clusters in the 2023 edition of the Global Innovation Index:\n\n"
    "1. Tokyo–Yokohama (Japan)\n2. Shenzhen–Hong Kong–Guangzhou (China)\n3. Seoul (Republic of Korea)\n4. Beijing (China)\n"
)
WIPO_2024 = WIPO_2023.replace("2023", "2024").replace(
    "3. Seoul (Republic of Korea)\n4. Beijing (China)",
    "3. Beijing (China)\n4. Seoul (Republic of Korea)",
)
NEWS_2024 = (
    "China tech cluster\n"
    "The Shenzhen-Hong Kong-Guangdong cluster keeps its second-place ranking in the 2024 WIPO cluster ranking. Photo Credit: XINHUA\n\n"
    "The Guangdong-Hong Kong-Macao Greater Bay Area (GBA) joins nine cities of Guangdong with Hong Kong and Macau. "
    "The GBA is larger than the Pearl River Delta, and HKUST in Hong Kong works with USTC in Hefei.\n\n"
    "Beijing is the capital; the Beijing-Tianjin-Hebei region, or Jing-Jin-Ji, surrounds it. Zhongguancun (Z-Park) is in Beijing.\n"
)


@pytest.fixture(scope="module")
def small_tables(tmp_path_factory) -> dict:
    raw = tmp_path_factory.mktemp("gba") / "raw"
    write_doc(
        raw,
        "wipo_2023",
        WIPO_2023,
        {
            "title": "GII 2023: science and technology clusters",
            "url": "https://www.wipo.int/gii-2023",
            "publisher": "WIPO",
            "published": "2023-09",
            "language": "en",
            "retrieved": "2026-11-22",
            "license": "CC BY 4.0",
        },
    )
    write_doc(
        raw,
        "wipo_2024",
        WIPO_2024,
        {
            "title": "GII 2024: science and technology clusters",
            "url": "https://www.wipo.int/gii-2024",
            "publisher": "WIPO",
            "published": "2024-09",
            "language": "en",
            "retrieved": "2026-11-22",
            "license": "CC BY 4.0",
        },
    )
    write_doc(raw, "news_2024", NEWS_2024)
    return build_tables(raw, REFERENCE, raw.parent / "dist")


def test_gba_case_on_a_small_text(small_tables, gazetteer, gba, prd):
    check_gba_case(small_tables, gazetteer, gba, prd)


def test_a_rank_in_another_edition_is_a_time_series(small_tables):
    facts = small_tables["facts"]
    beijing = facts[
        (facts["subject_id"] == "cluster/beijing") & (facts["predicate"] == "wipo_cluster_rank")
    ]
    assert sorted(beijing[["as_of", "value"]].values.tolist()) == [["2023", 4.0], ["2024", 3.0]]
    assert set(beijing["status"]) == {"single_source"}
    assert small_tables["conflicts"][small_tables["conflicts"]["kind"] == "value"].empty
    ranks = small_tables["cluster_rankings"]
    assert sorted(ranks[ranks["cluster_id"] == CLUSTER][["edition", "rank"]].values.tolist()) == [
        [2023, 2],
        [2024, 2],
    ]
    # WIPO's 2024 list and the 2024 caption agree, whatever name the caption used
    shg_2024 = facts[(facts["subject_id"] == CLUSTER) & (facts["as_of"] == "2024")].iloc[0]
    assert (shg_2024["status"], shg_2024["value"]) == ("consensus", 2.0)


def test_similar_names_stay_apart(small_tables, gazetteer, gba, prd):
    mentions = small_tables["mentions"]
    by_text = mentions.groupby("text")["entity_id"].agg(set).to_dict()
    assert by_text["GBA"] == by_text["Guangdong-Hong Kong-Macao Greater Bay Area"] == {gba}
    assert by_text["Pearl River Delta"] == {prd}
    assert by_text["Macau"] == {"sar/macao"}
    hkust, ustc = by_text["HKUST"], by_text["USTC"]
    assert len(hkust) == len(ustc) == 1 and hkust != ustc
    jjj = by_text["Jing-Jin-Ji"]
    assert jjj == {_one_entity(gazetteer, "Beijing-Tianjin-Hebei", "policy_region")}
    # "Beijing" in a cluster ranking is the WIPO cluster; in prose it is the city
    news = small_tables["documents"].set_index("name").loc["news_2024", "document_id"]
    wipo = small_tables["documents"].set_index("name").loc["wipo_2023", "document_id"]
    beijing = mentions[mentions["text"] == "Beijing"]
    assert set(beijing[beijing["document_id"] == wipo]["entity_id"]) == {"cluster/beijing"}
    assert "city/beijing" in set(beijing[beijing["document_id"] == news]["entity_id"])
    assert len({"city/beijing", "cluster/beijing", *jjj}) == 3
    assert by_text["Z-Park"] == by_text["Zhongguancun"]


@pytest.mark.parametrize(
    ("name", "same_as"),
    [
        ("Shenzhen-Hong Kong-Guangzhou", "Shenzhen–Hong Kong–Guangzhou"),
        ("Shenzhen – Hong Kong – Guangzhou", "Shenzhen–Hong Kong–Guangzhou"),
        ("shenzhen-hong kong-guangzhou", "Shenzhen–Hong Kong–Guangzhou"),
        ("GBA", "Guangdong-Hong Kong-Macao Greater Bay Area"),
        (
            "Guangdong-Hong Kong-Macau Greater Bay Area",
            "Guangdong-Hong Kong-Macao Greater Bay Area",
        ),
        ("Macau", "Macao SAR"),
        ("YRD", "Yangtze River Delta"),
        ("PRD", "Pearl River Delta"),
        ("Jing-Jin-Ji", "Beijing-Tianjin-Hebei"),
        ("Z-Park", "Zhongguancun"),
        ("Z Park", "Zhongguancun"),
    ],
)
def test_normalisation_finds_the_same_entity(gazetteer, name, same_as):
    found = {a.entity_id for a in gazetteer.lookup(name)}
    expected = {a.entity_id for a in gazetteer.lookup(same_as)}
    assert found and expected and found & expected, (
        f"{name!r} -> {found}, {same_as!r} -> {expected}"
    )


def test_the_caption_name_is_only_a_misnomer(gazetteer):
    kinds = {(a.entity_id, a.kind) for a in gazetteer.lookup(CAPTION)}
    assert kinds == {(CLUSTER, "misnomer")}


def test_relations_come_from_the_gazetteer_member_lists(seed_tables, gazetteer):
    relations = seed_tables["relations"]
    assert set(relations["relation"]) == {"member_of"}
    for row in relations.itertuples(index=False):
        spec = gazetteer.entities[row.object_id]
        assert row.subject_id in spec.members
        assert row.source == spec.source and Path(REFERENCE.parent / row.source).exists()
