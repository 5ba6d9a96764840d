"""Open-world entities end to end (issue #18): names the gazetteer lacks, found from typed cues,
become mentions every rule can use, entities with `source = discovered`, aliases with evidence, a
review file and run report entries; judgements accept, reject or merge them; a discovered name
never merges silently with a gazetteer entity."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import REFERENCE, write_doc

from hotspots import pipeline as p
from hotspots.discovered import REVIEW_COLUMNS
from hotspots.extract import Extractor
from hotspots.ingest import Document
from hotspots.ops.cache import ExtractionCache
from hotspots.options import BuildOptions
from hotspots.reference import load_gazetteer

# invented names: no gazetteer lists them
PARK = "Qinhuai Photonics Science City"
COMPANY = "Dongting Robotics"


def doc(text: str, document_id: str = "0" * 16) -> Document:
    return Document(document_id=document_id, name="t", text=text, sha256="0" * 64, meta={})


def with_judgements(tmp_path: Path, names: list[dict]) -> Path:
    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE, ref)
    (ref / "judgements.yaml").write_text(yaml.safe_dump({"names": names}), encoding="utf-8")
    return ref


def claims_of(extraction) -> set[tuple]:
    return {
        (c["subject_id"], c["predicate"], c["object_id"], c["value"]) for c in extraction.claims
    }


def test_a_discovered_name_is_a_mention_every_rule_can_use(extractor):
    e = extractor.extract(
        doc(
            f"The {PARK} is located in Nanjing. It covers an area of 12 square kilometers. "
            f"{COMPANY} Co., Ltd. is headquartered in Changsha."
        )
    )
    park, company = "park/qinhuai-photonics-science-city", "org/dongting-robotics"
    assert {(d["entity_id"], d["type"]) for d in e.discovered} == {
        (park, "park"),
        (company, "company"),
    }
    for d in e.discovered:
        assert d["cue"] and d["char_end"] > d["char_start"]
    assert {m["entity_id"] for m in e.mentions} >= {park, company, "city/nanjing"}
    found = claims_of(e)
    assert (park, "located_in", "city/nanjing", None) in found
    assert (park, "area_km2", None, 12.0) in found
    assert (company, "headquartered_in", "city/changsha", None) in found


def test_a_place_inside_a_discovered_name_gives_way_to_it(extractor):
    e = extractor.extract(doc(f"Nanjing {PARK} covers an area of 12 square kilometers."))
    assert [m["entity_id"] for m in e.mentions] == ["park/nanjing-qinhuai-photonics-science-city"]
    assert claims_of(e) == {("park/nanjing-qinhuai-photonics-science-city", "area_km2", None, 12.0)}


def test_an_unknown_county_lies_in_the_city_of_its_chain(extractor):
    """ "X County, Huzhou City, Zhejiang Province": a chain of places, innermost first; a county the
    gazetteer lacks lies in the city named after it with its unit word, not in a listed city."""
    chain = claims_of(
        extractor.extract(
            doc("The plant opened in Dongting County, Huzhou City, Zhejiang Province.")
        )
    )
    assert ("district/dongting", "located_in", "city/huzhou", None) in chain
    assert ("city/huzhou", "located_in", "province/zhejiang", None) in chain
    listed = claims_of(
        extractor.extract(
            doc("It has plants in Dongting County, Huzhou City, Shanghai and Beijing.")
        )
    )
    assert not any(c[1] == "located_in" for c in listed)


def test_a_known_company_then_a_known_city_names_its_unit_there(extractor):
    unit = claims_of(extractor.extract(doc("Today Tencent Chengdu employs about 2,300 people.")))
    assert unit == {("org/tencent-chengdu", "employees", None, 2300.0)}
    listed = extractor.extract(doc("Tencent, Chengdu and Alibaba signed a deal."))
    assert listed.discovered == []


def test_a_heading_run_into_its_sentence_names_the_park_once(extractor):
    e = extractor.extract(
        doc(
            f"1.1 General Information about {PARK} {PARK} (QPSC) was established in 1996 in "
            "Nanjing."
        )
    )
    assert {d["entity_id"] for d in e.discovered} == {"park/qinhuai-photonics-science-city"}
    assert ("park/qinhuai-photonics-science-city", "established", None, None) in {
        (c[0], c[1], c[2], None) for c in claims_of(e)
    }


def test_a_gazetteer_alias_is_the_gazetteers_entity(extractor):
    e = extractor.extract(doc("Zhongguancun Science Park covers an area of 488 square kilometers."))
    assert e.discovered == []
    assert all(
        "/" in m["entity_id"] and not m["entity_id"].endswith("-discovered") for m in e.mentions
    )


def test_the_same_slug_as_a_gazetteer_entity_is_never_merged_silently(tmp_path):
    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE, ref)
    (ref / "gazetteer" / "zz_test.yaml").write_text(
        yaml.safe_dump(
            [
                {
                    "id": "park/lakeview-science-park",
                    "name": "Lakeview Sci-Tech Park",
                    "type": "park",
                    "country": "CN",
                    "aliases": [{"alias": "Lakeview Sci-Tech Park", "kind": "official"}],
                }
            ]
        ),
        encoding="utf-8",
    )
    e = Extractor(load_gazetteer(ref)).extract(doc("Lakeview Science Park opened in Hefei."))
    assert [d["entity_id"] for d in e.discovered] == ["park/lakeview-science-park-discovered"]


def test_the_cache_keeps_the_discovered_entities(tmp_path, extractor):
    d = doc(f"The {PARK} is located in Nanjing.")
    fresh = extractor.extract(d)
    cache = ExtractionCache(tmp_path / "cache", REFERENCE)
    cache.store([d], [fresh])
    found, todo = ExtractionCache(tmp_path / "cache", REFERENCE).lookup([d])
    assert not todo
    assert found[d.document_id].discovered == fresh.discovered != []


def build(tmp_path: Path, reference: Path, texts: dict[str, str]):
    raw, dist = tmp_path / "raw", tmp_path / "dist"
    for name, text in texts.items():
        write_doc(raw, name, text)
    options = BuildOptions(raw_dir=raw, dist_dir=dist, reference_dir=reference, use_cache=False)
    report = p.new_report(raw, dist, run_id="run-1")
    tables = p.build_tables(report, options)
    assert "discovered" not in tables  # not a published table
    assert p.validate(tables).ok, p.validate(tables).failures
    return report, tables, dist / "reports" / "run-1.discovered.csv"


TEXTS = {
    "a": f"The {PARK} is located in Nanjing. {COMPANY} Co., Ltd. is headquartered in Changsha.\n",
    "b": f"{PARK} covers an area of 12 square kilometers.\n",
}


def test_discovered_entities_are_published_reviewed_and_reported(tmp_path):
    report, tables, review_path = build(tmp_path, REFERENCE, TEXTS)
    entities = tables["entities"].set_index("entity_id")
    park = entities.loc["park/qinhuai-photonics-science-city"]
    assert (park["name"], park["type"], park["source"]) == (PARK, "park", "discovered")
    assert park["parent_id"] == "city/nanjing"  # a located_in claim states it
    company = entities.loc["org/dongting-robotics"]
    assert (company["type"], company["source"]) == ("company", "discovered")
    assert pd.isna(company["parent_id"])  # headquartered_in is no parent: nothing guessed
    aliases = tables["aliases"]
    (evidence,) = aliases.loc[aliases["alias"] == PARK, "evidence"]
    assert evidence.startswith("discovered (designator:Science City in ")
    review = pd.read_csv(review_path)
    assert list(review.columns) == REVIEW_COLUMNS
    row = review.set_index("entity_id").loc["park/qinhuai-photonics-science-city"]
    assert row["n_documents"] == 2  # one entity, however many documents name it
    assert PARK in row["first_quote"]
    assert report.discovered["count"] == len(review) >= 2
    assert report.discovered["path"] == str(review_path)
    assert report.discovered["first"][0]["entity_id"] == "park/qinhuai-photonics-science-city"


def test_accept_keeps_the_entity_as_curated(tmp_path):
    ref = with_judgements(
        tmp_path,
        [{"name": PARK, "decision": "accept", "reason": "a real science city in Nanjing"}],
    )
    _, tables, _ = build(tmp_path, ref, TEXTS)
    entities = tables["entities"].set_index("entity_id")
    assert entities.loc["park/qinhuai-photonics-science-city", "source"] == "curated"
    assert entities.loc["org/dongting-robotics", "source"] == "discovered"


def test_reject_means_never_discovered_again(tmp_path):
    ref = with_judgements(
        tmp_path,
        [{"name": COMPANY, "decision": "reject", "reason": "a product line, not a company"}],
    )
    e = Extractor(load_gazetteer(ref)).extract(doc(TEXTS["a"]))
    assert "org/dongting-robotics" not in {d["entity_id"] for d in e.discovered}
    assert "org/dongting-robotics" not in {m["entity_id"] for m in e.mentions}
    assert not any("org/dongting-robotics" in (c["subject_id"], c["object_id"]) for c in e.claims)
    _, tables, review_path = build(tmp_path, ref, TEXTS)
    assert "org/dongting-robotics" not in set(tables["entities"]["entity_id"])
    assert "org/dongting-robotics" not in set(pd.read_csv(review_path)["entity_id"])


def test_merge_makes_the_name_an_alias_of_the_gazetteer_entity(tmp_path):
    ref = with_judgements(
        tmp_path,
        [
            {
                "name": PARK,
                "entity_id": "park/zhongguancun",
                "decision": "positive",
                "reason": "(a test) the same park under another name",
            }
        ],
    )
    # (a place the gazetteer agrees with: a claim putting Zhongguancun in another city is dropped)
    e = Extractor(load_gazetteer(ref)).extract(doc(f"The {PARK} is located in Beijing.\n"))
    assert PARK not in {d["name"] for d in e.discovered}
    assert (
        "park/zhongguancun",
        "located_in",
        "city/beijing",
        None,
    ) in claims_of(e)


@pytest.mark.parametrize("decision", ["accept", "reject"])
def test_discovery_judgements_need_no_gazetteer_entity(tmp_path, decision):
    ref = with_judgements(
        tmp_path,
        [
            {
                "name": PARK,
                "entity_id": "park/qinhuai-photonics-science-city",
                "decision": decision,
                "reason": "r",
            }
        ],
    )
    load_gazetteer(ref)  # no "unknown entity" error: the id is a discovered one
