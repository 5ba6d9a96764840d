"""Reconcile: every status and every rule reached by a hand-made fixture; corrections and value
judgements applied, and the ones that no longer apply reported as warnings."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import REFERENCE

from hotspots import pipeline as p
from hotspots.curation import CurationError, StageOutput, load_corrections, load_judgements
from hotspots.reconcile import reconcile
from schemas import columns
from schemas.tables import Conflicts, Facts


def h16(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _doc(key: str, url: str, publisher: str, published: str | None) -> dict:
    return {
        "document_id": h16(key),
        "name": key,
        "title": f"Title of {key}",
        "url": url,
        "publisher": publisher,
        "published": published,
        "retrieved": "2026-11-22",
        "license": "CC0",
        "language": "en",
        "sha256": hashlib.sha256(key.encode()).hexdigest(),
        "n_chars": 1000,
    }


DOCS = [
    _doc("wipo_2023", "https://www.wipo.int/gii-2023", "WIPO", "2023-09"),
    _doc("wipo_2024", "https://www.wipo.int/gii-2024", "WIPO", "2024-09"),
    _doc("news_a", "https://news-a.example/story", "News A", "2024-01"),
    _doc("news_b", "https://news-b.example/story", "News B", "2024-06"),
    _doc("blog_c", "https://blog-c.example/post", "Blog C", None),
    _doc("blog_d", "https://blog-d.example/post", "Blog D", None),
]
_counter = iter(range(10_000))


def claim(
    doc: str,
    subject: str,
    predicate: str,
    value: float | None,
    as_of: str | None = None,
    comparator: str = "eq",
    object_id: str | None = None,
    value_text: str | None = None,
) -> dict:
    n = next(_counter)
    quote = f"{subject} {predicate} {value_text or value} ({n})"
    return {
        "claim_id": h16(f"{doc}|{n}"),
        "document_id": h16(doc),
        "subject_id": subject,
        "predicate": predicate,
        "object_id": object_id,
        "value": value,
        "value_text": value_text or (None if value is None else f"{value:g}"),
        "unit": "count" if value is not None else None,
        "comparator": comparator if value is not None else None,
        "as_of": as_of,
        "quote": quote,
        "char_start": 10 * n,
        "char_end": 10 * n + len(quote),
        "extractor": "test",
        "extractor_version": "test@0",
    }


CLAIMS = [
    # single_source
    claim("news_a", "city/hefei", "count_universities", 50),
    # consensus
    claim("news_a", "cluster/beijing", "wipo_cluster_rank", 3, "2024"),
    claim("news_b", "cluster/beijing", "wipo_cluster_rank", 3, "2024"),
    # source_authority: WIPO (10) over a news site (default 1)
    claim("wipo_2024", "cluster/shenzhen-hong-kong-guangzhou", "wipo_cluster_rank", 2, "2024"),
    claim("news_a", "cluster/shenzhen-hong-kong-guangzhou", "wipo_cluster_rank", 3, "2024"),
    # more_specific_quote: an exact figure over an approximate one, equal authority
    claim("news_a", "city/shenzhen", "count_businesses", 3_000_000, "2023"),
    claim("news_b", "city/shenzhen", "count_businesses", 2_900_000, "2023", comparator="approx"),
    # newer_edition: two editions of the same publication revise a 2022 figure
    claim("wipo_2023", "country/cn", "share_of_global_patent_applications_pct", 10.2, "2022"),
    claim("wipo_2024", "country/cn", "share_of_global_patent_applications_pct", 10.5, "2022"),
    # newer_source: undated claims, the most recently published wins
    claim("news_a", "city/beijing", "count_unicorns", 82),
    claim("news_b", "city/beijing", "count_unicorns", 90),
    # judgement: undated, unpublished, equal authority — a reviewer decided
    claim("blog_c", "city/wuhan", "count_universities", 80),
    claim("blog_d", "city/wuhan", "count_universities", 83),
    # disputed: nothing decides
    claim("blog_c", "city/hangzhou", "count_unicorns", 30),
    claim("blog_d", "city/hangzhou", "count_unicorns", 36),
    # time series, and undated claims next to dated ones
    claim("wipo_2023", "cluster/hefei", "wipo_cluster_rank", 55, "2023"),
    claim("wipo_2024", "cluster/hefei", "wipo_cluster_rank", 50, "2024"),
    claim("news_a", "cluster/hefei", "wipo_cluster_rank", 50),  # joins the 2024 fact
    claim(
        "news_b", "cluster/hefei", "wipo_cluster_rank", 60
    ),  # matches no dated fact: stays undated
    # corrected: the extractor read 56 where the document says 65
    claim("news_b", "city/chengdu", "count_universities", 56),
    # a correction that no longer applies: the claim now says 7
    claim("news_b", "city/chengdu", "count_unicorns", 7, "2022", comparator="gte"),
]

JUDGEMENTS = {
    "names": [],
    "values": [
        {
            "subject_id": "city/wuhan",
            "predicate": "count_universities",
            "value": 83,
            "reason": "the city's statistics bureau lists 83",
        },
        {
            "subject_id": "city/hefei",
            "predicate": "count_universities",
            "value": 51,
            "reason": "stale: no claim says 51",
        },
    ],
}
CORRECTIONS = [
    {
        "document": "news_b",
        "subject_id": "city/chengdu",
        "predicate": "count_universities",
        "expect": {"value": 56},
        "set": {"value": 65},
        "reason": "the document says 65; the digits were read swapped",
    },
    {
        "document": "news_b",
        "subject_id": "city/chengdu",
        "predicate": "count_unicorns",
        "expect": {"value": 6},
        "set": {"value": 8},
        "reason": "an older reading",
    },
    {
        "document": "news_a",
        "subject_id": "city/xian",
        "predicate": "count_unicorns",
        "expect": {"value": 1},
        "set": {"value": 2},
        "reason": "a claim that is gone",
    },
]


def write_reference(
    folder: Path, judgements: dict | None = None, corrections: list | None = None
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REFERENCE / "source_authority.yaml", folder / "source_authority.yaml")
    (folder / "judgements.yaml").write_text(
        yaml.safe_dump(judgements or {"names": [], "values": []}), encoding="utf-8"
    )
    (folder / "corrections.yaml").write_text(yaml.safe_dump(corrections or []), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def result(tmp_path_factory, gazetteer) -> StageOutput:
    ref = write_reference(tmp_path_factory.mktemp("ref"), JUDGEMENTS, CORRECTIONS)
    claims = pd.DataFrame(CLAIMS, columns=columns("claims")).astype({"value": "float64"})
    documents = pd.DataFrame(DOCS, columns=columns("documents"))
    mentions = pd.DataFrame(columns=columns("mentions"))
    return reconcile(claims, documents, mentions, gazetteer, ref)


def fact(result: StageOutput, subject: str, predicate: str, as_of: str | None = None) -> pd.Series:
    facts = result["facts"]
    rows = facts[
        (facts["subject_id"] == subject)
        & (facts["predicate"] == predicate)
        & (facts["as_of"].isna() if as_of is None else facts["as_of"] == as_of)
    ]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_tables_follow_the_contract(result):
    assert set(result) == {"facts", "conflicts", "cluster_rankings"}
    Facts.validate(result["facts"])
    Conflicts.validate(result["conflicts"])


def test_single_source_and_consensus(result):
    f = fact(result, "city/hefei", "count_universities")
    assert (f["status"], f["rule"], f["value"]) == ("single_source", "single_source", 50)
    f = fact(result, "cluster/beijing", "wipo_cluster_rank", "2024")
    assert (f["status"], f["rule"], f["value"]) == ("consensus", "agreement", 3)
    assert len(f["claim_ids"].split(";")) == 2


@pytest.mark.parametrize(
    ("subject", "predicate", "as_of", "rule", "value", "why"),
    [
        (
            "cluster/shenzhen-hong-kong-guangzhou",
            "wipo_cluster_rank",
            "2024",
            "source_authority",
            2,
            "WIPO publishes",
        ),
        (
            "city/shenzhen",
            "count_businesses",
            "2023",
            "more_specific_quote",
            3_000_000,
            "exact figure",
        ),
        (
            "country/cn",
            "share_of_global_patent_applications_pct",
            "2022",
            "newer_edition",
            10.5,
            "WIPO",
        ),
        ("city/beijing", "count_unicorns", None, "newer_source", 90, "2024-06"),
        ("city/wuhan", "count_universities", None, "judgement", 83, "statistics bureau lists 83"),
    ],
)
def test_resolved_by_each_rule(result, subject, predicate, as_of, rule, value, why):
    f = fact(result, subject, predicate, as_of)
    assert (f["status"], f["rule"], f["value"]) == ("resolved", rule, value)
    assert why in f["rationale"]
    conflicts = result["conflicts"]
    row = conflicts[
        (conflicts["subject_id"] == subject) & (conflicts["predicate"] == predicate)
    ].iloc[0]
    assert (row["kind"], row["rule"], row["claim_ids"]) == ("value", rule, f["claim_ids"])
    assert " | " in row["values"] and row["resolution"] != "disputed"


def test_disputed_keeps_every_value(result):
    f = fact(result, "city/hangzhou", "count_unicorns")
    assert (f["status"], f["rule"]) == ("disputed", "disputed")
    assert pd.isna(f["value"]) and f["value_text"] == "30 | 36"
    conflicts = result["conflicts"]
    row = conflicts[conflicts["subject_id"] == "city/hangzhou"].iloc[0]
    assert (row["resolution"], row["values"]) == ("disputed", "30 | 36")


def test_another_as_of_is_a_time_series_and_undated_claims_follow_a_stated_rule(result):
    f2023 = fact(result, "cluster/hefei", "wipo_cluster_rank", "2023")
    f2024 = fact(result, "cluster/hefei", "wipo_cluster_rank", "2024")
    undated = fact(result, "cluster/hefei", "wipo_cluster_rank", None)
    assert (f2023["value"], f2024["value"], undated["value"]) == (55, 50, 60)
    assert f2024["status"] == "consensus" and f2024["rule"] == "agreement+undated_joins_dated"
    assert "undated_joins_dated" in f2024["rationale"]
    assert undated["status"] == "single_source"
    assert not (result["conflicts"]["subject_id"] == "cluster/hefei").any()
    ranks = result["cluster_rankings"]
    assert sorted(
        ranks[ranks["cluster_id"] == "cluster/hefei"][["edition", "rank"]].values.tolist()
    ) == [[2023, 55], [2024, 50]]


def test_correction_applied_and_reported(result):
    f = fact(result, "city/chengdu", "count_universities")
    assert f["value"] == 65 and f["rule"] == "single_source+correction"
    assert "digits were read swapped" in f["rationale"] and "value=56" in f["rationale"]
    assert result.report["corrections_applied"] == 1
    assert result.report["value_judgements_applied"] == 1


def test_stale_corrections_and_judgements_warn(result):
    warnings = [w["warning"] for w in result.warnings]
    assert any("now says value=7" in w and "city/chengdu count_unicorns" in w for w in warnings)
    assert any("no such claim" in w and "city/xian" in w for w in warnings)
    assert any(
        "value judgement not applied" in w and "city/hefei count_universities" in w
        for w in warnings
    )
    assert len(warnings) == 3
    assert {w["name"] for w in result.warnings} == {
        "reference/corrections.yaml",
        "reference/judgements.yaml",
    }
    # the guarded value was left as extracted
    assert fact(result, "city/chengdu", "count_unicorns", "2022")["value"] == 7


def test_judgement_for_a_value_nobody_claims_is_not_applied(tmp_path, gazetteer):
    ref = write_reference(
        tmp_path,
        {
            "values": [
                {
                    "subject_id": "city/hangzhou",
                    "predicate": "count_unicorns",
                    "value": 33,
                    "reason": "x",
                }
            ]
        },
    )
    claims = pd.DataFrame(CLAIMS, columns=columns("claims")).astype({"value": "float64"})
    out = reconcile(
        claims,
        pd.DataFrame(DOCS, columns=columns("documents")),
        pd.DataFrame(columns=columns("mentions")),
        gazetteer,
        ref,
    )
    facts = out["facts"]
    hangzhou = facts[facts["subject_id"] == "city/hangzhou"].iloc[0]
    assert hangzhou["status"] == "disputed"
    assert any("no claim states the value" in w["warning"] for w in out.warnings)


def test_curated_files_are_checked(tmp_path, gazetteer):
    bad = write_reference(
        tmp_path / "a", {"names": [{"name": "X", "decision": "maybe", "reason": "?"}]}
    )
    with pytest.raises(CurationError, match="decision must be one of"):
        load_judgements(bad)
    bad = write_reference(
        tmp_path / "b",
        corrections=[
            {
                "document": "d",
                "subject_id": "city/hefei",
                "predicate": "p",
                "expect": {"colour": 1},
                "set": {"value": 2},
                "reason": "r",
            }
        ],
    )
    with pytest.raises(CurationError, match="expect"):
        load_corrections(bad)
    unknown = write_reference(
        tmp_path / "c",
        corrections=[
            {
                "document": "d",
                "subject_id": "city/atlantis",
                "predicate": "p",
                "expect": {"value": 1},
                "set": {"value": 2},
                "reason": "r",
            }
        ],
    )
    claims = pd.DataFrame(CLAIMS, columns=columns("claims")).astype({"value": "float64"})
    with pytest.raises(CurationError, match="unknown entity city/atlantis"):
        reconcile(
            claims,
            pd.DataFrame(DOCS, columns=columns("documents")),
            pd.DataFrame(columns=columns("mentions")),
            gazetteer,
            unknown,
        )


def test_the_reference_files_load():
    load_judgements(REFERENCE)
    load_corrections(REFERENCE)


def test_seed_facts_and_stage_output(seed_tables, gazetteer):
    facts = seed_tables["facts"]
    assert set(facts["status"]) <= {"consensus", "single_source", "resolved", "disputed"}
    assert facts["rationale"].str.len().min() > 10
    out = p.reconcile_claims(gazetteer, seed_tables, REFERENCE)
    assert isinstance(out, StageOutput) and set(out) == {"facts", "conflicts", "cluster_rankings"}
    assert out.warnings == [], "the curated files in reference/ should all still apply to raw/"
    report = p.RunReport(run_id="r", started_at="t", raw_dir="raw", dist_dir="dist")
    p.record_stage(report, out)
    assert report.curation["corrections_applied"] == out.report["corrections_applied"]


def test_ambiguous_undated_claims_stay_apart_and_each_text_is_its_own_fact(tmp_path, gazetteer):
    """An undated value stated for two dates joins neither; distinct texts of a text predicate are
    separate facts (not a conflict), and texts that differ only in case or spacing are one."""
    claims = [
        claim("wipo_2023", "cluster/hefei", "wipo_cluster_rank", 50, "2023"),
        claim("wipo_2024", "cluster/hefei", "wipo_cluster_rank", 50, "2024"),
        claim(
            "news_a", "cluster/hefei", "wipo_cluster_rank", 50
        ),  # 50 in 2023 and in 2024: which one?
        claim("news_a", "city/hefei", "role", None, value_text="source"),
        claim("news_b", "city/hefei", "role", None, value_text="Source "),
        claim("blog_c", "city/hefei", "role", None, value_text="accelerator"),
    ]
    out = reconcile(
        pd.DataFrame(claims, columns=columns("claims")).astype({"value": "float64"}),
        pd.DataFrame(DOCS, columns=columns("documents")),
        pd.DataFrame(columns=columns("mentions")),
        gazetteer,
        write_reference(tmp_path),
    )
    undated = fact(out, "cluster/hefei", "wipo_cluster_rank", None)
    assert (undated["status"], undated["rule"], undated["value"]) == (
        "single_source",
        "single_source",
        50,
    )
    assert (
        "undated_joins_dated" not in fact(out, "cluster/hefei", "wipo_cluster_rank", "2024")["rule"]
    )
    facts = out["facts"]
    roles = facts[facts["predicate"] == "role"].sort_values("value_text")
    assert roles[["status", "value_text"]].values.tolist() == [
        ["single_source", "accelerator"],
        ["consensus", "source"],
    ]
    assert roles["fact_id"].is_unique
    assert out["conflicts"].empty


def test_undated_claim_joins_only_a_value_stated_for_one_date():
    from hotspots.reconcile_groups import attach_undated
    from hotspots.settle import Claim

    def claim(subject, as_of, value):
        return Claim(
            {
                "subject_id": subject,
                "predicate": "p",
                "_object": "",
                "_vkey": (value,),
                "_combined": False,
                "_as_of": as_of,
            }
        )

    claims = [
        claim("a", "2020", 1.0),
        claim("a", "2020", 1.0),  # the same date twice: still one date
        claim("a", "", 1.0),
        claim("b", "2020", 1.0),
        claim("b", "2021", 1.0),  # two dates: the undated claim stays apart
        claim("b", "", 1.0),
        claim("c", "", 1.0),  # no dated claim
    ]
    attach_undated(claims)
    assert [(c["_as_of"], c["_undated_join"]) for c in claims] == [
        ("2020", False),
        ("2020", False),
        ("2020", True),
        ("2020", False),
        ("2021", False),
        ("", False),
        ("", False),
    ]


def test_gc_paused_restores_the_collector():
    import gc

    from hotspots.reconcile import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError
    assert gc.isenabled()
