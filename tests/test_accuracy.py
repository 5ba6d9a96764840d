"""Extraction accuracy against the hand-written gold annotations (tests/gold/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotspots.evaluate import evaluate_gold_dir
from tests.conftest import RAW, REFERENCE

GOLD = Path(__file__).parent / "gold"
SETS = {"seeds": (GOLD / "seeds", RAW), "written": (GOLD / "written", None)}


@pytest.fixture(scope="module", params=sorted(SETS))
def evaluation(request):
    gold_dir, docs = SETS[request.param]
    return request.param, evaluate_gold_dir(gold_dir, docs, REFERENCE)


def test_precision_and_recall_hold_the_line(evaluation):
    name, result = evaluation
    overall = result.overall
    assert overall.tp + overall.fn > 50, f"{name}: gold set unexpectedly small"
    assert overall.precision >= 0.90, (
        f"{name}: precision {overall.precision:.3f}; false positives: {result.false_positives[:5]}"
    )
    # Issue #18: the development sets stay >= 0.90 / 0.90 on what the texts state (`core`: gold
    # rows a reader infers from context, note `implicit:`, are left out; they were held at 0.85
    # overall before)
    core = result.core
    assert core.recall >= 0.90, (
        f"{name}: core recall {core.recall:.3f}; false negatives: {result.false_negatives[:10]}"
    )


def test_no_document_of_the_written_set_is_ignored():
    from hotspots.evaluate import load_gold

    gold = load_gold(GOLD / "written")
    docs = {p.stem for p in (GOLD / "written" / "docs").glob("*.txt")}
    assert set(gold["document"]) <= docs
    assert len(docs) >= 8


# Sets written after the rules, by colleagues who never saw them (docs/ACCURACY.md): precision
# must hold the same line; recall floors sit just under today's figures so a regression shows.
LATER_SETS = {"heldout": 0.55, "constructions": 0.68}


@pytest.mark.parametrize("name", sorted(LATER_SETS))
def test_sets_written_later_keep_precision_and_recall_floor(name):
    result = evaluate_gold_dir(GOLD / name, None, REFERENCE)
    assert result.overall.precision >= 0.90, f"{name}: false positives {result.false_positives[:5]}"
    assert result.overall.recall >= LATER_SETS[name], f"{name}: recall {result.overall.recall:.3f}"
