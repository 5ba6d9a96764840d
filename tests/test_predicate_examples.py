"""One sentence per predicate of the vocabulary, written for this test, and the claim it must give.

Together with the gold sets this shows every predicate has at least one passing example.
"""

from __future__ import annotations

import pytest

from hotspots.ingest import Document
from schemas import predicate_names

EXAMPLES = [
    (
        "wipo_cluster_rank",
        "In the 2021 cluster ranking of WIPO, Seoul came fourth.",
        ("cluster/seoul", None, 4.0, "2021"),
    ),
    (
        "clusters_in_top100",
        "In the 2020 edition of the cluster ranking, Germany had 10 clusters in the top 100.",
        ("country/de", None, 10.0, "2020"),
    ),
    (
        "clusters_in_top100_change",
        "In the 2020 cluster ranking, India had 4 clusters in the top 100, an increase of one on the year before.",
        ("country/in", None, 1.0, "2020"),
    ),
    (
        "cluster_growth_pct",
        "Among WIPO clusters in 2022, Chengdu's output grew 9%.",
        ("cluster/chengdu", None, 9.0, "2022"),
    ),
    (
        "share_of_global_patent_applications_pct",
        "In 2022 the Seoul cluster accounted for 6.1% of global PCT applications.",
        ("cluster/seoul", None, 6.1, "2022"),
    ),
    (
        "intl_patent_applications_city_rank",
        "Guangzhou was the world's fifth largest city for international patent applications.",
        ("city/guangzhou", None, 5.0, None),
    ),
    (
        "universities_in_top100",
        "Twelve Chinese universities are now in the Top 100 universities of the world, according to THE.",
        ("country/cn", None, 12.0, None),
    ),
    ("count_universities", "Nanjing hosts 53 universities.", ("city/nanjing", None, 53.0, None)),
    (
        "count_research_institutes",
        "Xi'an has over 460 research institutes.",
        ("city/xian", None, 460.0, None),
    ),
    (
        "count_state_key_labs",
        "Wuhan counts 29 state key laboratories.",
        ("city/wuhan", None, 29.0, None),
    ),
    (
        "count_high_tech_enterprises",
        "Suzhou is home to 15,000 high-tech enterprises.",
        ("city/suzhou", None, 15000.0, None),
    ),
    ("count_unicorns", "Shanghai had 66 unicorn companies.", ("city/shanghai", None, 66.0, None)),
    (
        "count_businesses",
        "Guangzhou has more than 3 million registered businesses.",
        ("city/guangzhou", None, 3e6, None),
    ),
    (
        "count_stem_graduates",
        "Every year China produces about 5 million STEM graduates.",
        ("country/cn", None, 5e6, None),
    ),
    (
        "rd_spending",
        "In 2021 Beijing's R&D spending reached RMB 262 billion.",
        ("city/beijing", None, 262e9, "2021"),
    ),
    (
        "area_km2",
        "Zhongguancun covers about 488 square kilometres.",
        ("park/zhongguancun", None, 488.0, None),
    ),
    (
        "investment",
        "Tesla invested $2 billion in Shanghai.",
        ("org/tesla", "city/shanghai", 2e9, None),
    ),
    ("employees", "Huawei employs about 207,000 people.", ("org/huawei", None, 207000.0, None)),
    (
        "headquartered_in",
        "Lenovo is headquartered in Beijing.",
        ("org/lenovo", "city/beijing", None, None),
    ),
    (
        "located_in",
        "Guangzhou, the capital of Guangdong province, grew fast.",
        ("city/guangzhou", "province/guangdong", None, None),
    ),
    (
        "member_of",
        "Foshan is part of the Greater Bay Area.",
        ("city/foshan", "region/guangdong-hong-kong-macao-greater-bay-area", None, None),
    ),
    (
        "core_city_of",
        "Beijing is the core city of the Beijing-Tianjin-Hebei region.",
        ("city/beijing", "region/beijing-tianjin-hebei", None, None),
    ),
    (
        "role",
        "The Yangtze River Delta serves as the connector of the country.",
        ("region/yangtze-river-delta", None, None, None),
    ),
    (
        "designated_as",
        "In March 2015 the government designated Chongqing as a free trade pilot zone.",
        ("city/chongqing", None, None, "2015-03"),
    ),
    (
        "target",
        "Shanghai aims to spend 4.5% of its GDP on research by 2025.",
        ("city/shanghai", None, 4.5, "2025"),
    ),
    (
        "described_as",
        "Hangzhou is known as the \u201ce-commerce capital of China\u201d.",
        ("city/hangzhou", None, None, None),
    ),
    (
        "established",
        "Zhongguancun was founded in 1988.",
        ("park/zhongguancun", None, None, "1988"),
    ),
    (
        "gdp",
        "Suzhou's GDP reached 2.4 trillion yuan in 2022.",
        ("city/suzhou", None, 2.4e12, "2022"),
    ),
    (
        "population",
        "Wuhan has a population of 13.7 million.",
        ("city/wuhan", None, 13.7e6, None),
    ),
    (
        "rd_intensity_pct",
        "In 2022 Xi'an's R&D intensity was 5.2%.",
        ("city/xian", None, 5.2, "2022"),
    ),
    (
        "nature_index_city_rank",
        "In the Nature Index 2021 science cities ranking, Guangzhou came 10th.",
        ("city/guangzhou", None, 10.0, "2021"),
    ),
    (
        "gii_economy_rank",
        "China ranked 12th in the Global Innovation Index 2022.",
        ("country/cn", None, 12.0, "2022"),
    ),
]


def test_every_predicate_has_an_example():
    assert sorted({p for p, _, _ in EXAMPLES}) == predicate_names()


@pytest.mark.parametrize(("predicate", "text", "expected"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_predicate_example(extractor, predicate, text, expected):
    out = extractor.extract(Document("0" * 16, "example", text, "0" * 64, {}))
    got = [
        (c["subject_id"], c["object_id"], c["value"], c["as_of"])
        for c in out.claims
        if c["predicate"] == predicate
    ]
    subject, obj, value, as_of = expected
    matches = [
        g
        for g in got
        if g[0] == subject
        and g[1] == obj
        and (value is None or g[2] == pytest.approx(value))
        and g[3] == as_of
    ]
    assert matches, (
        f"{predicate}: got {got} (all claims: {[(c['subject_id'], c['predicate'], c['value']) for c in out.claims]})"
    )
    for c in out.claims:
        assert text[c["char_start"] : c["char_end"]] == c["quote"]
