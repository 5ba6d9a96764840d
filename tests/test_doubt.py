"""The subject-doubt check (hotspots/extract/doubt.py): for each shape, a sentence where a rule
drafts a claim the check must refuse (with the shape as its reason) and a close sentence where
the claim must stay."""

from __future__ import annotations

import pytest

from hotspots.extract.doubt import claim_doubt
from hotspots.extract.rules.common import ClaimDraft
from hotspots.ingest import Document


def _doc(text: str) -> Document:
    return Document(document_id="0" * 16, name="t", text=text, sha256="0" * 64, meta={})


def _key(c: dict) -> tuple:
    return (c["subject_id"], c["predicate"], c["object_id"] or c["value"] or c["value_text"])


# (shape, sentence whose draft is doubted, close sentence whose draft is not, the claim)
PAIRS = [
    (
        "neighbour",
        "Close to the main urban area of Hefei, the new zone has a planned area of about 300 "
        "square kilometers.",
        "Close to the Yangtze River, Hefei has a planned area of about 300 square kilometers.",
        ("city/hefei", "area_km2", 300.0),
    ),
    (
        "part",
        'The plan covers the area around the Yangtze River Delta, known as "the golden '
        'triangle", with many firms.',
        'The plan covers the Yangtze River Delta, known as "the golden triangle", with many firms.',
        ("region/yangtze-river-delta", "described_as", "the golden triangle"),
    ),
    (
        "maker",
        "Jointly developed by Zhejiang University and Tencent in Hangzhou, the institute opened "
        "in 2019.",
        "Jointly developed by Tencent and Zhejiang University in Hangzhou, the institute opened "
        "in 2019.",
        ("org/zhejiang-university", "located_in", "city/hangzhou"),
    ),
    (
        "past",
        "Xiamen was the starting point of the ancient Maritime Silk Road.",
        "Xiamen is the starting point of the new Maritime Silk Road.",
        None,  # the epithet differs by a word: compared by subject and predicate
    ),
]


def _drafts(extractor, text: str, claim: tuple) -> list[tuple]:
    """The drafts the rules make for `claim` in `text`, each with the reason `claim_doubt`
    gives (None: no doubt)."""
    from hotspots.extract.engine import run_rules

    ctx, _ = extractor.context(_doc(text))
    sentences = {(s.start, s.end): s for s in ctx.sentences}
    out = []
    for d in run_rules(ctx):
        value = d.object_id or d.value or d.value_text
        if (d.subject_id, d.predicate, value)[: len(claim)] == claim:
            out.append((d, claim_doubt(ctx, sentences[(d.start, d.end)], d)))
    return out


@pytest.mark.parametrize(("shape", "doubted", "kept", "claim"), PAIRS, ids=[p[0] for p in PAIRS])
def test_a_shape_doubts_the_draft_and_a_close_sentence_does_not(
    extractor, shape, doubted, kept, claim
):
    claim = claim or ("city/xiamen", "described_as")
    found = _drafts(extractor, doubted, claim)
    assert found and all(r is not None and f": {shape}: " in r for _, r in found), found
    found = _drafts(extractor, kept, claim)
    assert found and all(r is None for _, r in found), found


def test_owner_of_a_name_the_gazetteer_lacks(extractor):
    # "China's central Lushan province": the capital is the province's, not China's
    text = "Xiaomi opened an office in Wuhan, the capital city of China's central {} province."
    found = _drafts(extractor, text.format("Lushan"), ("city/wuhan", "located_in", "country/cn"))
    assert found and all(r is not None and ": owner: " in r for _, r in found)
    found = _drafts(extractor, text.format("Hubei"), ("city/wuhan", "located_in"))
    assert found and all(r is None for _, r in found)


def test_a_past_epithet_without_a_marker_of_history_is_not_doubted(extractor):
    found = _drafts(
        extractor,
        "Xiamen was the largest port of the region in 2022.",
        ("city/xiamen", "described_as"),
    )
    assert found and all(r is None for _, r in found)


def test_extraction_refuses_only_the_listed_shapes(extractor, monkeypatch):
    """A doubted draft of a shape outside `refusing_shapes` stays a claim; listed, the same
    draft is refused and kept with its reason."""
    import hotspots.extract.doubt as doubt

    text = PAIRS[0][1]  # neighbour
    claim = PAIRS[0][3]
    assert "neighbour" not in doubt.refusing_shapes()
    out = extractor.extract(_doc(text))
    assert claim in {_key(c) for c in out.claims} and not out.refused
    monkeypatch.setattr(doubt, "refusing_shapes", lambda: frozenset(doubt.SHAPES))
    out = extractor.extract(_doc(text))
    assert claim not in {_key(c) for c in out.claims}
    assert [(_key(r), doubt.shape_of(r["reason"])) for r in out.refused] == [(claim, "neighbour")]


def test_refusing_shapes_are_known_shapes():
    from hotspots.extract.doubt import SHAPES, refusing_shapes

    assert refusing_shapes() <= set(SHAPES)


def _draft(ctx, subject: str, predicate: str, obj: str | None) -> ClaimDraft:
    s = ctx.sentences[0]
    return ClaimDraft(
        subject, predicate, obj, None, None, None, None, None, s.start, s.end, "t", (s.start, s.end)
    )


@pytest.mark.parametrize(
    ("text", "subject", "predicate", "obj", "shape"),
    [
        # the object is the first word of a longer name no mention covers (the gazetteer and
        # discovery lack "Shanghai Photon Light Falicity", a misspelt facility)
        (
            "It holds many institutes, including the Shanghai Photon Light Falicity, and IBM.",
            "org/ibm",
            "located_in",
            "city/shanghai",
            "longer name",
        ),
        (
            "IBM has a large laboratory in Shanghai, near the river.",
            "org/ibm",
            "located_in",
            "city/shanghai",
            None,
        ),
        # a bracket inside a longer name: the name is the hub's, not the university's or city's
        (
            "In 2010, the Peking University (Shenzhen) Futures Hub opened with 40 staff.",
            "org/peking-university",
            "established",
            None,
            "longer name",
        ),
        (
            "In 2010, the Peking University (Shenzhen) Futures Hub opened with 40 staff.",
            "city/shenzhen",
            "established",
            None,
            "longer name",
        ),
        (
            "In 2010, Peking University (PKU) opened a hub in Shenzhen.",
            "org/peking-university",
            "established",
            None,
            None,
        ),
        # "Yuehai" after "Shenzhen's", with a head noun: the sentence is about Yuehai
        (
            "Take a closer look at Shenzhen's Yuehai district, home to the Shenzhen Hi-Tech Industrial Park.",
            "park/shenzhen-hi-tech-industrial-park",
            "located_in",
            "city/shenzhen",
            None,  # today's discovery finds "Yuehai district": the owned name is a mention
        ),
        # a subject's own place named after it stands, whatever precedes it
        (
            "It lies in the east of Suzhou, a city in southern Jiangsu province.",
            "city/suzhou",
            "located_in",
            "province/jiangsu",
            None,
        ),
        # a figure in the name's own relative clause is its own
        (
            "Shenzhen is part of the Shenzhen–Hong Kong–Guangzhou cluster, which was ranked second.",
            "cluster/shenzhen-hong-kong-guangzhou",
            "wipo_cluster_rank",
            None,
            None,
        ),
        (
            "Located in mid-east of China, Hefei is a city with a population of 9 million.",
            "country/cn",
            "population",
            None,
            "part",
        ),
        (
            "Located in mid-east of China, Hefei is a city with a population of 9 million.",
            "city/hefei",
            "population",
            None,
            None,
        ),
        # the subject is named inside the neighbour phrase, and the object places it there
        (
            "The zone lies 30 km north of Xingning District of Nanning.",
            "district/xingning",
            "located_in",
            "city/nanning",
            None,
        ),
        (
            "The zone lies 30 km north of Nanning, in Guangxi.",
            "park/zhongguancun",
            "located_in",
            "city/nanning",
            "neighbour",
        ),
    ],
)
def test_claim_doubt_on_drafts(extractor, text, subject, predicate, obj, shape):
    ctx, _ = extractor.context(_doc(text))
    reason = claim_doubt(ctx, ctx.sentences[0], _draft(ctx, subject, predicate, obj))
    if shape is None:
        assert reason is None
    else:
        assert reason is not None and f": {shape}: " in reason


def test_run_report_counts_refused_drafts_by_shape_across_rounds(extractor, monkeypatch, tmp_path):
    """The build's report adds up, round after round, the drafts each document's check refused,
    by shape; the summary says so only when something was refused."""
    import hotspots.extract.doubt as doubt
    from hotspots.ops.report import new_report
    from hotspots.ops.summary import summary_lines
    from hotspots.stages import extraction

    monkeypatch.setattr(doubt, "refusing_shapes", lambda: frozenset(doubt.SHAPES))
    refused = extractor.extract(_doc(PAIRS[0][1]))  # neighbour
    plain = extractor.extract(_doc(PAIRS[0][2]))
    assert len(refused.refused) == 1 and not plain.refused
    report = new_report(tmp_path / "raw", tmp_path / "dist")
    extraction.count_refused(report, [plain])
    assert report.refused == {"claims": 0, "by_shape": {}}
    assert not any("subject doubt" in line for line in summary_lines(report.as_dict()))
    extraction.count_refused(report, [refused, plain])
    extraction.count_refused(report, [refused])
    assert report.refused == {"claims": 2, "by_shape": {"neighbour": 2}}
    assert "  refused for subject doubt: 2 draft(s) (neighbour 2)" in summary_lines(
        report.as_dict()
    )
