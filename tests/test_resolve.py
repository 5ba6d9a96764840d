"""Resolve: candidate names in certain shapes, fuzzy proposals (never applied), judgements applied
on every run, aliases with kinds and evidence, and no official/short alias shared by two things."""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import REFERENCE, write_doc

from hotspots import pipeline as p
from hotspots.curation import Judgements, NameJudgement, load_judgements
from hotspots.extract import Extractor
from hotspots.ingest import Document
from hotspots.options import BuildOptions
from hotspots.proposals import find_candidate_names, propose_aliases, same_zone_known
from hotspots.reference import AliasSpec, Gazetteer, ReferenceError, load_gazetteer
from hotspots.text import normalize_name

TEXT = (
    "Check out the top clusters by size in 2024:\n\n"
    "1. Tokyo–Yokohama (Japan)\n"
    "2. Shenzhen-Hong Kong-Guangzhou (China)\n"
    "8. Boston-Cambridge, (United States)\n"
    "21. Shenzen-Hong Kong-Guangzhou (China)\n\n"
    "A Hefei-based start-up works with the University of Science and Technology of China. "
    "It moved to Beijing. Future Science City grew, and The Hangzhou Blockchain Industrial Park opened. "
    "Firms joined the Economic Zone of the delta and the Xiongan Quantum Valley.\n"
)


def names(text: str) -> dict[str, str]:
    return {c.name: c.shape for c in find_candidate_names({"d": text})}


def test_candidate_names_in_certain_shapes():
    found = names(TEXT)
    assert found["Tokyo–Yokohama"] == "ranked_list"
    assert found["Boston-Cambridge"] == "ranked_list"  # trailing comma trimmed
    assert found["Shenzen-Hong Kong-Guangzhou"] == "ranked_list"
    assert found["Hefei"] == "based"
    assert found["University of Science and Technology of China"] == "of_name"
    assert found["Future Science City"] == "designated"  # not "Beijing. Future Science City"
    assert found["Hangzhou Blockchain Industrial Park"] == "designated"  # leading "The" dropped
    assert found["Xiongan Quantum Valley"] == "designated"
    assert "Economic Zone" not in found  # generic words only: a kind of place, not a name
    assert not any(n.startswith(("The ", "It ")) for n in found)


def test_candidate_spans_index_the_original_text():
    for c in find_candidate_names({"d": TEXT}):
        assert TEXT[c.start : c.end] == c.name


def test_proposals_are_fuzzy_and_skip_known_names(gazetteer):
    proposals = propose_aliases(
        find_candidate_names({"d": TEXT}), gazetteer, Judgements(), {"d": TEXT}
    )
    by_name = proposals.set_index("name")
    assert "Tokyo–Yokohama" not in by_name.index  # known alias: nothing to propose
    assert "Hefei" not in by_name.index
    typo = by_name.loc["Shenzen-Hong Kong-Guangzhou"]
    assert typo["entity_id"] == "cluster/shenzhen-hong-kong-guangzhou"
    assert typo["proposal"] == "alias" and typo["score"] >= 85
    assert typo["char_end"] - typo["char_start"] == len("Shenzen-Hong Kong-Guangzhou")
    assert "Shenzen" in typo["context"]
    assert by_name.loc["Xiongan Quantum Valley", "proposal"] == "new_entity"
    assert list(proposals.columns)[:5] == [
        "name",
        "proposal",
        "entity_id",
        "matched_alias",
        "score",
    ]


def test_a_high_tech_zone_renamed_is_proposed_as_the_known_zone(gazetteer):
    # (the 1988 name as the real page writes it, "Wuhan East-Lake New Technology Development
    # Zone", is a positive judgement in reference/judgements.yaml since stop 20: another wording)
    text = "Wuhan East Lake New Technology Industrial Development Zone was set up in 1988."
    proposals = propose_aliases(
        find_candidate_names({"d": text}), gazetteer, Judgements(), {"d": text}
    ).set_index("name")
    renamed = proposals.loc["Wuhan East Lake New Technology Industrial Development Zone"]
    assert renamed["proposal"] == "alias"
    assert renamed["entity_id"] == "park/wuhan-east-lake-high-tech-development-zone"
    # another kind of zone, or another zone's own words, is not the high-tech zone
    same = same_zone_known(gazetteer)
    assert same("Wuhan Economic and Technological Development Zone") is None
    assert same("Wuhan East Lake Free Trade Zone") is None
    assert same("Qinglan High-tech Zone") is None
    assert same("Hefei New and High Technology Industrial Development Zone").entity_id == (
        "park/hefei-high-tech-industrial-development-zone"
    )
    assert not gazetteer.lookup(
        "Wuhan East Lake New Technology Industrial Development Zone"
    )  # never applied


def test_proposals_are_never_applied(gazetteer):
    before = len(gazetteer.aliases)
    propose_aliases(find_candidate_names({"d": TEXT}), gazetteer, Judgements(), {"d": TEXT})
    assert len(gazetteer.aliases) == before
    assert not gazetteer.lookup("Shenzen-Hong Kong-Guangzhou")


def test_negative_and_unsure_judgements(gazetteer):
    judgements = Judgements(
        names=[
            NameJudgement("Xiongan Quantum Valley", None, "negative", "not a place we track"),
            NameJudgement(
                "Shenzen-Hong Kong-Guangzhou",
                "cluster/shenzhen-hong-kong-guangzhou",
                "unsure",
                "typo or another list?",
            ),
        ]
    )
    proposals = propose_aliases(
        find_candidate_names({"d": TEXT}), gazetteer, judgements, {"d": TEXT}
    ).set_index("name")
    assert "Xiongan Quantum Valley" not in proposals.index
    assert proposals.loc["Shenzen-Hong Kong-Guangzhou", "decision"] == "unsure"
    assert proposals.loc["Shenzen-Hong Kong-Guangzhou", "reason"] == "typo or another list?"


@pytest.fixture()
def judged_reference(tmp_path) -> Path:
    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE, ref)
    (ref / "judgements.yaml").write_text(
        yaml.safe_dump(
            {
                "names": [
                    {
                        "name": "Shenzen-Hong Kong-Guangzhou",
                        "entity_id": "cluster/shenzhen-hong-kong-guangzhou",
                        "decision": "positive",
                        "reason": "a misspelling of the cluster in a ranked list",
                    },
                    {
                        "name": "Xiongan Quantum Valley",
                        "decision": "negative",
                        "reason": "not tracked",
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    return ref


def test_positive_judgement_becomes_an_alias_that_extraction_finds(judged_reference):
    gaz = load_gazetteer(judged_reference)
    (alias,) = [a for a in gaz.lookup("Shenzen-Hong Kong-Guangzhou")]
    assert (alias.entity_id, alias.kind) == ("cluster/shenzhen-hong-kong-guangzhou", "variant")
    assert alias.evidence == "judgement: a misspelling of the cluster in a ranked list"
    text = "The top clusters in the 2024 edition:\n\n1. Tokyo–Yokohama (Japan)\n2. Shenzen-Hong Kong-Guangzhou (China)\n"
    doc = Document(document_id="0" * 16, name="t", text=text, sha256="0" * 64, meta={})
    mentions = Extractor(gaz).extract(doc).mentions
    assert any(
        m["text"] == "Shenzen-Hong Kong-Guangzhou"
        and m["entity_id"] == "cluster/shenzhen-hong-kong-guangzhou"
        for m in mentions
    )


def test_judgement_naming_an_unknown_entity_fails(tmp_path):
    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE, ref)
    (ref / "judgements.yaml").write_text(
        yaml.safe_dump(
            {
                "names": [
                    {
                        "name": "Atlantis Park",
                        "entity_id": "park/atlantis",
                        "decision": "positive",
                        "reason": "r",
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(ReferenceError, match="park/atlantis"):
        load_gazetteer(ref)


def test_resolve_stage_writes_the_review_file_and_reports_the_count(tmp_path, judged_reference):
    raw, dist = tmp_path / "raw", tmp_path / "dist"
    write_doc(raw, "ranked", TEXT + "Shanghai opened the Pujiang Laboratory.\n")
    options = BuildOptions(
        raw_dir=raw, dist_dir=dist, reference_dir=judged_reference, use_cache=False
    )
    report = p.new_report(raw, dist, run_id="run-1")
    tables = p.build_tables(report, options)
    path = dist / "reports" / "run-1.proposals.csv"
    review = pd.read_csv(path)
    assert report.curation["proposals"] == len(review) > 0
    assert report.curation["proposals_path"] == str(path)
    assert "Shenzen-Hong Kong-Guangzhou" not in set(review["name"])  # accepted: now a known alias
    assert "Xiongan Quantum Valley" not in set(review["name"])  # rejected: never proposed again
    assert "Pujiang Laboratory" in set(review["name"])  # unknown and not judged yet
    aliases = tables["aliases"]
    accepted = aliases[aliases["alias"] == "Shenzen-Hong Kong-Guangzhou"]
    assert accepted[["entity_id", "kind"]].values.tolist() == [
        ["cluster/shenzhen-hong-kong-guangzhou", "variant"]
    ]
    assert accepted["evidence"].iloc[0].startswith("judgement: ")


def test_reference_judgements_load(gazetteer):
    judgements = load_judgements(REFERENCE)
    for j in judgements.names:
        assert j.entity_id is None or j.entity_id in gazetteer.entities
        if j.decision == "positive":
            assert any(a.entity_id == j.entity_id for a in gazetteer.lookup(j.name))


def test_aliases_carry_kind_and_evidence(seed_tables):
    aliases = seed_tables["aliases"]
    assert set(aliases["kind"]) <= {"official", "short", "variant", "misnomer"}
    assert aliases["evidence"].str.len().min() > 0
    assert not aliases.duplicated(["entity_id", "alias"]).any()
    assert set(aliases["entity_id"]) <= set(seed_tables["entities"]["entity_id"])


def test_every_mention_resolves_to_a_published_entity(seed_tables):
    entities = set(seed_tables["entities"]["entity_id"])
    assert set(seed_tables["mentions"]["entity_id"]) <= entities
    assert set(seed_tables["claims"]["subject_id"]) <= entities
    assert (
        set(seed_tables["relations"]["subject_id"]) | set(seed_tables["relations"]["object_id"])
        <= entities
    )


PLACE_TYPES = {"city", "sar", "country"}


def test_no_two_entities_share_an_official_or_short_alias(gazetteer):
    """Except, by design: a WIPO cluster named after its place (Beijing the city, Beijing the cluster),
    and the ISO 3166-1 entry of a SAR beside the SAR entity (country/hk, sar/hong-kong)."""
    by_key = defaultdict(set)
    for alias in gazetteer.aliases:
        if alias.kind in ("official", "short"):
            by_key[normalize_name(alias.alias)].add(alias.entity_id)
    clashes = {}
    for key, ids in by_key.items():
        if len(ids) < 2:
            continue
        specs = [gazetteer.entities[i] for i in ids]
        clusters = [s for s in specs if s.type == "cluster"]
        places = [s for s in specs if s.type in PLACE_TYPES]
        countries = [s for s in specs if s.type == "country"]
        sars = [s for s in specs if s.type == "sar"]
        cluster_and_place = len(ids) == 2 and len(clusters) == 1 and len(places) == 1
        iso_entry_of_sar = (
            len(ids) == 2
            and len(countries) == 1
            and len(sars) == 1
            and countries[0].country_code == sars[0].country_code
        )
        if not (cluster_and_place or iso_entry_of_sar):
            clashes[key] = sorted(ids)
    assert not clashes, f"official/short aliases shared by different entities: {clashes}"


def test_readable_stable_ids(seed_tables):
    ids = seed_tables["entities"]["entity_id"]
    assert ids.str.match(r"^[a-z_]+/[a-z0-9]+(?:-[a-z0-9]+)*$").all()
    assert "cluster/shenzhen-hong-kong-guangzhou" in set(ids)


def test_a_dash_or_space_variant_is_proposed_as_an_alias():
    # a two-alias gazetteer: the variant must be unknown whatever reference/ holds
    jjj = "region/beijing-tianjin-hebei"
    gaz = Gazetteer(
        entities={},
        aliases=[
            AliasSpec(jjj, "Jing-Jin-Ji", "short", "t"),
            AliasSpec(jjj, "Beijing-Tianjin-Hebei", "official", "t"),
        ],
        content_hash="",
    )
    text = "1. Jing Jin Ji (China)\n"
    (row,) = propose_aliases(
        find_candidate_names({"d": text}), gaz, Judgements(), {"d": text}
    ).to_dict("records")
    assert (row["name"], row["proposal"], row["score"], row["entity_id"]) == (
        "Jing Jin Ji",
        "alias",
        100.0,
        jjj,
    )
