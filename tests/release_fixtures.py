"""A small, valid set of published tables, written by hand, for the release tests.

Every table of the contract has rows; the values include the awkward cases a release must get
right: CSV-injection text (= + - @ TAB), a negative number, integral and fractional floats,
nulls in every nullable kind (string, float, nullable int), quotes with commas, double quotes
and a line break.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from schemas import TABLES, columns


def h16(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def h64(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


DOC_A = h16("doc-a")
DOC_B = h16("doc-b")
CLUSTER = "cluster/shenzhen-hong-kong-guangzhou"
EXTRACTOR = "hotspots@0.1.0"


# fmt: off
def _claim(claim_key, document_id, subject_id, predicate, quote, start, *, object_id=None, value=None,
           value_text=None, unit=None, comparator=None, as_of=None, extractor="rule"):
    # fmt: on
    return {
        "claim_id": h16(claim_key),
        "document_id": document_id,
        "subject_id": subject_id,
        "predicate": predicate,
        "object_id": object_id,
        "value": value,
        "value_text": value_text,
        "unit": unit,
        "comparator": comparator,
        "as_of": as_of,
        "quote": quote,
        "char_start": start,
        "char_end": start + len(quote),
        "extractor": extractor,
        "extractor_version": EXTRACTOR,
        "antecedent": None,
        "combined": False,
        "page": None,
    }


def sample_tables() -> dict[str, pd.DataFrame]:
    # fmt: off
    documents = pd.DataFrame(
        [
            {
                "document_id": DOC_A, "name": "000_report", "title": "Identifying China's Innovation Hotspots",
                "url": "https://example.org/hotspots", "publisher": "JLL", "published": None,
                "retrieved": "2026-11-22", "license": "third-party article, all rights reserved; facts and short quotes only",
                "language": "en", "sha256": h64("doc-a"), "n_chars": 5000,
                "media_type": "application/pdf", "converter": "pdfplumber@0.11.10", "text_sha256": h64("text-a"),
            },
            {
                "document_id": DOC_B, "name": "001_gii", "title": "Global Innovation Index 2022: clusters",
                "url": "https://example.org/gii-2022", "publisher": "WIPO", "published": "2022-09",
                "retrieved": "2026-11-21", "license": "CC BY 4.0", "language": "en",
                "sha256": h64("doc-b"), "n_chars": 12000,
                "media_type": "text/plain", "converter": None, "text_sha256": h64("text-b"),
            },
        ]
    )
    entities = pd.DataFrame(
        [
            ("country/cn", "China", "country", "CN", None, 1814991, 35.0, 105.0, "reference/gazetteer/countries.yaml"),
            ("province/guangdong", "Guangdong", "province", "CN", "country/cn", 1809935, 23.0, 113.0, "reference/gazetteer/places_china.yaml"),
            ("city/shenzhen", "Shenzhen", "city", "CN", "province/guangdong", 1795565, 22.54554, 114.0683, "reference/gazetteer/places_china.yaml"),
            ("sar/hong-kong", "Hong Kong", "sar", "HK", "country/cn", 1819730, 22.27832, 114.17469, "reference/gazetteer/places_china.yaml"),
            (CLUSTER, "Shenzhen–Hong Kong–Guangzhou", "cluster", "CN", None, None, None, None, "reference/gazetteer/clusters.yaml"),
            ("company/huawei", "Huawei", "company", None, "city/shenzhen", None, None, None, "reference/gazetteer/places_china.yaml"),
        ],
        columns=columns("entities"),
    )
    entities["geonames_id"] = entities["geonames_id"].astype("Int64")
    entities["lat"] = entities["lat"].astype("float64")
    entities["lon"] = entities["lon"].astype("float64")
    aliases = pd.DataFrame(
        [
            (CLUSTER, "Shenzhen-Hong Kong-Guangzhou", "variant", "reference/gazetteer/clusters.yaml"),
            (CLUSTER, "Shenzhen-Hong Kong-Guangdong", "misnomer", f"claim {h16('c-name')}"),
            ("city/shenzhen", "@Shenzhen", "variant", "social media handle"),
            ("city/shenzhen", "+Shenzhen", "variant", "-test: leading minus in text"),
            ("sar/hong-kong", "Hong Kong SAR", "official", "reference/gazetteer/places_china.yaml"),
        ],
        columns=columns("aliases"),
    )
    relations = pd.DataFrame(
        [
            ("city/shenzhen", "member_of", CLUSTER, "reference/gazetteer/clusters.yaml"),
            ("sar/hong-kong", "member_of", CLUSTER, "reference/gazetteer/clusters.yaml"),
        ],
        columns=columns("relations"),
    )
    mentions = pd.DataFrame(
        [
            (h16("m1"), DOC_A, "city/shenzhen", 10, 18, "Shenzhen", EXTRACTOR),
            (h16("m2"), DOC_A, "sar/hong-kong", 40, 49, "Hong Kong", EXTRACTOR),
            (h16("m3"), DOC_B, CLUSTER, 100, 128, "Shenzhen-Hong Kong-Guangzhou", EXTRACTOR),
            (h16("m4"), DOC_B, "company/huawei", 300, 306, "Huawei", EXTRACTOR),
        ],
        columns=columns("mentions"),
    )
    claims = pd.DataFrame(
        [
            _claim("c-rank", DOC_B, CLUSTER, "wipo_cluster_rank", "Shenzhen-Hong Kong-Guangzhou ranks 2nd", 100,
                   value=2.0, value_text="2nd", unit="rank", comparator="eq", as_of="2022"),
            _claim("c-change", DOC_B, "country/cn", "clusters_in_top100_change",
                   '-2 clusters, "down" from last year', 500, value=-2.0, value_text="-2", unit="count",
                   comparator="eq", as_of="2022"),
            _claim("c-unicorns", DOC_A, "city/shenzhen", "count_unicorns", "+23 unicorns\nby 2022", 700,
                   value=23.0, value_text="23", unit="count", comparator="gte", as_of="2022"),
            _claim("c-share", DOC_B, CLUSTER, "share_of_global_patent_applications_pct", "10.25% of applications",
                   900, value=10.25, value_text="10.25%", unit="percent", comparator="approx", as_of="2022"),
            _claim("c-located", DOC_A, "city/shenzhen", "located_in", "@Shenzhen, Guangdong", 1000,
                   object_id="province/guangdong"),
            _claim("c-described", DOC_A, "city/shenzhen", "described_as", "\tShenzhen, the =hardware capital",
                   1100, value_text='=HYPERLINK("http://evil.example")'),
            _claim("c-name", DOC_A, CLUSTER, "wipo_cluster_rank", "Shenzhen-Hong Kong-Guangdong ranks 2nd", 1200,
                   value=2.0, value_text="2nd", unit="rank", comparator="eq", as_of="2022"),
        ],
        columns=columns("claims"),
    )
    claims["page"] = pd.Series([None, None, 3, None, 1, 1, None], dtype="Int64")  # DOC_A is a PDF
    facts = pd.DataFrame(
        [
            (h16("f-rank"), CLUSTER, "wipo_cluster_rank", None, 2.0, "2nd", "rank", "eq", "2022", "consensus",
             f"{h16('c-rank')};{h16('c-name')}", "consensus", "Two sources agree.", False),
            (h16("f-change"), "country/cn", "clusters_in_top100_change", None, -2.0, "-2", "count", "eq", "2022",
             "single_source", h16("c-change"), "single_source", "One source.", False),
            (h16("f-unicorns"), "city/shenzhen", "count_unicorns", None, 23.0, "23", "count", "gte", "2022",
             "single_source", h16("c-unicorns"), "single_source", "One source.", False),
            (h16("f-located"), "city/shenzhen", "located_in", "province/guangdong", None, None, None, None, None,
             "single_source", h16("c-located"), "single_source", "One source.", False),
        ],
        columns=columns("facts"),
    )
    conflicts = pd.DataFrame(
        [
            (h16("x-name"), "name", CLUSTER, None, None, h16("c-name"),
             "Shenzhen-Hong Kong-Guangdong | Shenzhen-Hong Kong-Guangzhou", "Shenzhen-Hong Kong-Guangzhou",
             "misnomer", "Guangdong names the province; WIPO's cluster is Shenzhen-Hong Kong-Guangzhou."),
        ],
        columns=columns("conflicts"),
    )
    cluster_rankings = pd.DataFrame(
        [(CLUSTER, 2022, 2, "CN", h16("f-rank"))], columns=columns("cluster_rankings")
    )
    # fmt: on
    tables = {
        "documents": documents,
        "entities": entities,
        "aliases": aliases,
        "relations": relations,
        "mentions": mentions,
        "claims": claims,
        "facts": facts,
        "conflicts": conflicts,
        "cluster_rankings": cluster_rankings,
    }
    assert list(tables) == list(TABLES), "fixture must cover every table of the contract"
    return tables


def changed_value(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables with one value corrected (Shenzhen's unicorns 23 -> 24): a patch change."""
    claims = tables["claims"]
    claims.loc[claims["claim_id"] == h16("c-unicorns"), "value"] = 24.0
    return tables


def build_info(run_id: str = "run-1") -> dict:
    return {
        "run_id": run_id,
        "started_at": "2026-11-23T10:00:00Z",
        "finished_at": "2026-11-23T10:01:00Z",
        "code_version": "0.1.0+test",
        # fixed, like run_id and the times: the pipeline reads them from git, publish never does,
        # so releases built from this dict are byte-identical
        "commit": "0" * 40,
        "tree_clean": True,
        "extractor_version": EXTRACTOR,
        "reference_hash": h64("reference"),
        "input_documents": [{"name": "000_report", "sha256": h64("doc-a")}, {"name": "001_gii", "sha256": h64("doc-b")}],
        "timings": {"ingest": 0.1, "extract": 0.2},
        "quarantined": [],
    }


def release_arrow(tables: dict) -> dict:
    """The tables of a release as publish derives them from the pipeline's `tables` (facts'
    history as of a first release, 1.0.0), as Arrow in contract order."""
    from hotspots.release import derive, write
    from hotspots.release.contract import pipeline_columns

    arrow = {name: write.to_arrow(name, df, pipeline_columns(name)) for name, df in tables.items()}
    return derive.release_tables(arrow, derive.add_history(arrow["facts"], None, "1.0.0"))


def publish_two_releases(root: Path) -> Path:
    """A dist under `root` holding 1.0.0 (sample_tables) and 1.0.1 (one value changed)."""
    from hotspots.release import publish_release

    dist = root / "dist"
    publish_release(sample_tables(), dist, build_info())
    publish_release(changed_value(sample_tables()), dist, build_info("run-2"))
    return dist
