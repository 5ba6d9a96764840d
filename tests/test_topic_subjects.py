"""scripts/topic_subjects.py: the paragraph's or document's topic as the subject of a sentence
that names nothing (an experiment, not wired; docs/ACCURACY.md, "The subject a sentence does not
name"). Each shape it resolves has a close sentence pair where it must not."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from hotspots.ingest import Document

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
_spec = importlib.util.spec_from_file_location(
    "topic_subjects", ROOT / "scripts" / "topic_subjects.py"
)
topics = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(topics)

PLACES = ("city", "province", "country")


def _topic_of_last(extractor, text: str, types=PLACES) -> str | None:
    document = Document("d1", "t01_test", text, "0" * 64, {"published": "2024-05-01"})
    ctx, _ = extractor.context(document)
    found = topics.topic(ctx, ctx.sentences[-1], types)
    return found.entity_id if found is not None else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the paragraph's lead is about one city; a province it is placed in does not compete
        (
            "Ningbo has ranked second in Zhejiang for innovation. "
            "The investment in R&D rose to 1.89% of GDP.",
            "city/ningbo",
        ),
        # two cities in the lead: which one is unclear
        (
            "Ningbo and Hangzhou are two science cities. The investment in R&D rose to 1.89% of GDP.",
            None,
        ),
        # the lead's subject after an opening adverbial
        (
            "According to the city government, in the past decade, Ningbo has grown fast. "
            "The investment in R&D rose to 1.89% of GDP.",
            "city/ningbo",
        ),
        # a name in the lead's object is not what it is about
        (
            "Growth is expected to surpass Shanghai by 2030. The investment in R&D rose to 2% of GDP.",
            None,
        ),
        # a name only compared with is not the topic
        (
            "Unlike Beijing, growth was slow. The investment in R&D rose to 2% of GDP.",
            None,
        ),
        # another city named since the lead
        (
            "Ningbo has ranked second in Zhejiang. Many visitors came from Hangzhou. "
            "The investment in R&D rose to 1.89% of GDP.",
            None,
        ),
        # the sentence points back itself ("its"): the reference resolver's business, not a topic
        (
            "Ningbo has ranked second in Zhejiang. Its investment in R&D rose to 1.89% of GDP.",
            None,
        ),
        # the sentence names an entity: never a topic
        (
            "Ningbo has ranked second in Zhejiang. The investment in R&D in Hangzhou rose to 3%.",
            None,
        ),
    ],
)
def test_the_paragraph_lead_gives_the_topic_only_when_unambiguous(extractor, text, expected):
    assert _topic_of_last(extractor, text) == expected


def test_the_title_is_the_lead_when_the_paragraph_names_nothing(extractor):
    text = "Hefei at a glance\n\nThere were 110 institutions of higher education in 2022."
    assert _topic_of_last(extractor, text) == "city/hefei"
    two = (
        "Hefei and Nanjing at a glance\n\nThere were 110 institutions of higher education in 2022."
    )
    assert _topic_of_last(extractor, two) is None
    since = (
        "Hefei at a glance\n\nMany firms moved from Nanjing.\n\n"
        "There were 110 institutions of higher education in 2022."
    )
    assert _topic_of_last(extractor, since) is None


def test_with_topics_adds_a_claim_only_while_on_and_restore_undoes_it(extractor):
    text = "Ningbo has ranked second in Zhejiang for innovation. GDP surpassed 1.2 trillion yuan in 2022."
    document = Document("d1", "t01_test", text, "0" * 64, {"published": "2024-05-01"})

    def gdp() -> set[str]:
        return {
            c["subject_id"] for c in extractor.extract(document).claims if c["predicate"] == "gdp"
        }

    try:
        topics.with_topics(False)
        assert gdp() == set()
        assert topics.ASKED  # a rule read the figure and asked for its subject
        topics.with_topics(True)
        assert gdp() == {"city/ningbo"}
    finally:
        topics.restore()
    assert gdp() == set()
