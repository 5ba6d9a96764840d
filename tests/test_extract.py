"""Extraction rules on sentences written for these tests (not the seeds), and span integrity."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotspots.ingest import Document


def _doc(text: str) -> Document:
    return Document(document_id="0" * 16, name="t", text=text, sha256="0" * 64, meta={})


def _claims(extractor, text: str) -> set[tuple]:
    out = extractor.extract(_doc(text))
    for c in out.claims:
        assert text[c["char_start"] : c["char_end"]] == c["quote"]
    return {
        (c["subject_id"], c["predicate"], c["object_id"], c["value"], c["as_of"])
        for c in out.claims
    }


def test_ranked_list_with_edition_year_from_intro(extractor):
    text = "The ten largest science and technology clusters in the 2023 edition:\n\n1. Tokyo–Yokohama (Japan)\n2. Shenzhen–Hong Kong–Guangzhou (China)\n3. Seoul (Republic of Korea)\n"
    claims = _claims(extractor, text)
    assert ("cluster/tokyo-yokohama", "wipo_cluster_rank", None, 1.0, "2023") in claims
    assert (
        "cluster/shenzhen-hong-kong-guangzhou",
        "wipo_cluster_rank",
        None,
        2.0,
        "2023",
    ) in claims
    assert ("cluster/seoul", "wipo_cluster_rank", None, 3.0, "2023") in claims


def test_respectively_pairs_in_order(extractor):
    text = "In WIPO's 2022 ranking, the clusters Seoul and Beijing came in third and fourth places, respectively."
    claims = _claims(extractor, text)
    assert ("cluster/seoul", "wipo_cluster_rank", None, 3.0, "2022") in claims
    assert ("cluster/beijing", "wipo_cluster_rank", None, 4.0, "2022") in claims


def test_country_spot_is_not_a_cluster_rank(extractor):
    text = (
        "In the 2024 cluster ranking, Japan holds the second spot with 12 clusters in the top 100."
    )
    claims = _claims(extractor, text)
    assert not any(p == "wipo_cluster_rank" for _, p, *_ in claims)
    assert ("country/jp", "clusters_in_top100", None, 12.0, "2024") in claims


def test_counts_take_the_sentence_subject(extractor):
    text = "Wuhan now hosts more than 80 universities, over 700 research institutes and 30 state key laboratories."
    claims = _claims(extractor, text)
    assert {
        ("city/wuhan", "count_universities", None, 80.0, None),
        ("city/wuhan", "count_research_institutes", None, 700.0, None),
        ("city/wuhan", "count_state_key_labs", None, 30.0, None),
    } <= claims


def test_headquarters_shapes(extractor):
    text = "Tencent is headquartered in Shenzhen. Hangzhou-based Alibaba grew fast. Baidu and Xiaomi are both based in Beijing."
    claims = _claims(extractor, text)
    assert ("org/tencent", "headquartered_in", "city/shenzhen", None, None) in claims
    assert ("org/alibaba", "headquartered_in", "city/hangzhou", None, None) in claims
    assert ("org/baidu", "headquartered_in", "city/beijing", None, None) in claims
    assert ("org/xiaomi", "headquartered_in", "city/beijing", None, None) in claims


def test_growth_percentages_respectively(extractor):
    text = "Among the clusters, Hefei and Xi'an recorded growth of 17% and 11% respectively in the 2023 ranking."
    claims = _claims(extractor, text)
    assert ("cluster/hefei", "cluster_growth_pct", None, 17.0, "2023") in claims


def test_mentions_span_and_misnomer(extractor):
    text = "A caption read: the Shenzhen-Hong Kong-Guangdong cluster keeps its second-place ranking among WIPO clusters."
    out = extractor.extract(_doc(text))
    assert any(m["entity_id"] == "cluster/shenzhen-hong-kong-guangzhou" for m in out.mentions)
    for m in out.mentions:
        assert text[m["char_start"] : m["char_end"]] == m["text"]


def test_seed_claims_quote_equals_span(seed_tables):
    docs = {}
    from tests.conftest import RAW

    for path in RAW.glob("*.txt"):
        import hashlib

        data = path.read_bytes()
        docs[hashlib.sha256(data).hexdigest()[:16]] = data.decode("utf-8").removeprefix("\ufeff")
    claims = seed_tables["claims"]
    assert len(claims) > 0
    for c in claims.itertuples():
        assert docs[c.document_id][c.char_start : c.char_end] == c.quote
        assert len(c.quote) <= 300


words = st.sampled_from(
    [
        "Beijing",
        "Shenzhen–Hong Kong–Guangzhou",
        "clusters",
        "top 100",
        "2024",
        "second",
        "place",
        "more than",
        "90",
        "universities",
        "%",
        "based in",
        "Tencent",
        "\n",
        "1.",
        "respectively",
        ",",
        ".",
        "the city",
        "here",
        "$5 billion",
        "square kilometres",
    ]
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.one_of(words, st.text(max_size=8)), max_size=40))
def test_any_text_extracts_without_error_and_spans_hold(extractor, parts):
    text = " ".join(parts)
    out = extractor.extract(_doc(text))
    for c in out.claims:
        assert text[c["char_start"] : c["char_end"]] == c["quote"]
    for m in out.mentions:
        assert text[m["char_start"] : m["char_end"]] == m["text"]


def test_claims_whose_entity_types_the_vocabulary_does_not_admit_are_dropped(extractor):
    from types import SimpleNamespace

    from hotspots.extract import types_allowed
    from hotspots.extract.rules.common import ClaimDraft

    ctx = SimpleNamespace(
        gazetteer=extractor.gazetteer,
        discovered={"district/somewhere-discovered": "district", "org/a-lab": "research_institute"},
    )

    def claim(subject: str, predicate: str, object_id: str | None = None) -> ClaimDraft:
        return ClaimDraft(
            subject, predicate, object_id, 1.0, "1", None, None, None, 0, 1, "t", (0, 1)
        )

    # counts describe cities, provinces, countries, regions and parks, not districts
    assert not types_allowed(
        ctx, claim("district/somewhere-discovered", "count_high_tech_enterprises")
    )
    assert types_allowed(ctx, claim("city/shenzhen", "count_high_tech_enterprises"))
    # a description of a research institute is not in the vocabulary; of a company it is
    assert not types_allowed(ctx, claim("org/a-lab", "described_as"))
    assert types_allowed(ctx, claim("org/huawei", "described_as"))
    # the object's type counts too: nothing is located in a company
    assert not types_allowed(ctx, claim("city/shenzhen", "located_in", "org/huawei"))
    assert types_allowed(ctx, claim("org/huawei", "located_in", "city/shenzhen"))


def test_an_investment_in_a_known_company_s_china_unit(extractor):
    # "Tesla China" is discovered as a company of its own (not org/tesla investing in itself)
    claims = _claims(extractor, "Tesla plans to invest $1 billion in Tesla China, its local unit.")
    assert ("org/tesla", "investment", "org/tesla-china", 1000000000.0, None) in claims
