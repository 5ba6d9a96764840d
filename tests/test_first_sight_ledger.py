"""scripts/first_sight_ledger.py: an old commit's claims on a gold batch, labelled by today's gold."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "first_sight_ledger", ROOT / "scripts" / "first_sight_ledger.py"
)
ledger = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ledger)

META = {
    "title": "Test Park",
    "publisher": "test",
    "url": "https://example.org/fs01",
    "published": "2024-01-01",
    "language": "en",
    "retrieved": "2026-12-06",
    "license": "test text written for this test",
}
GOLD_HEADER = "document,subject_id,predicate,object_id,value,comparator,as_of,evidence,note\n"


def _gold(tmp_path: Path) -> Path:
    """A tiny gold set: batch `fx` (one page, two area claims, one of them in the gold) and a
    page of another batch that must not be read."""
    gold = tmp_path / "gold"
    docs = gold / "docs"
    docs.mkdir(parents=True)
    for stem, text in (
        (
            "fx_01_test",
            "Test Park\n\nThe Zhongguancun Science Park covers an area of 488 square kilometers.\n\n"
            "The Zhongguancun Science Park covers an area of 75 square kilometers.\n",
        ),
        ("zz_01_other", "Other\n\nThe Zhongguancun Science Park covers 9 square kilometers.\n"),
    ):
        (docs / f"{stem}.txt").write_text(text, encoding="utf-8")
        meta = {**META, "url": f"https://example.org/{stem}"}
        (docs / f"{stem}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (gold / "facts.csv").write_text(
        GOLD_HEADER
        + "fx_01_test,park/zhongguancun,area_km2,,488,,,covers an area of 488 square kilometers,\n",
        encoding="utf-8",
    )
    return gold


def test_ledger_of_a_commit_labels_claims_against_the_gold(tmp_path):
    import pytest

    if subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True
    ).returncode:
        pytest.skip("not a git checkout: no commit to make a worktree of")
    gold = _gold(tmp_path)
    out = tmp_path / "fx.csv"
    before = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "list"], capture_output=True, text=True, check=True
    ).stdout
    score = ledger.build("fx", "HEAD", gold, out)
    rows = [r for r in ledger.read_ledger(out) if r["predicate"] == "area_km2"]
    assert sorted((r["object_or_value"], r["label"]) for r in rows) == [("488", "TP"), ("75", "FP")]
    assert {r["doc"] for r in ledger.read_ledger(out)} == {"fx_01_test"}  # only the batch
    assert all(r["family"] == "areas" and r["rule"] for r in rows)
    assert all(json.loads(r["features"]).get("predicate=area_km2") == 1.0 for r in rows)
    assert (score["tp"], score["fn"]) == (1, 0)
    after = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "list"], capture_output=True, text=True, check=True
    ).stdout
    assert after == before  # the worktree is removed


def test_a_predicate_unknown_today_is_false(tmp_path):
    gold = _gold(tmp_path)
    claims = [
        {
            "document": "fx_01_test",
            "predicate": "area_km2",
            "subject_id": "park/zhongguancun",
            "object_id": None,
            "value": 488.0,
            "as_of": None,
            "extractor": "area",
            "char_start": 0,
            "char_end": 5,
            "quote": "q",
        },
        {
            "document": "fx_01_test",
            "predicate": "no_such_predicate",
            "subject_id": "x",
            "object_id": None,
            "value": 1.0,
            "as_of": None,
            "extractor": "gone",
            "char_start": 6,
            "char_end": 9,
            "quote": "q",
        },
    ]
    rows, score = ledger.ledger_rows(claims, gold, ["fx_01_test"])
    assert [(r["predicate"], r["label"]) for r in rows] == [
        ("area_km2", "TP"),
        ("no_such_predicate", "FP"),
    ]
    assert score["tp"] == 1


def test_the_blind_set_is_refused(tmp_path):
    import pytest

    with pytest.raises(SystemExit):
        ledger.build("rn", "HEAD", tmp_path / "real_blind", tmp_path / "x.csv")


def test_experiment_withhold_list_and_claims_for_evaluate():
    import pandas as pd

    spec = importlib.util.spec_from_file_location(
        "first_sight_experiment", ROOT / "scripts" / "first_sight_experiment.py"
    )
    experiment = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(experiment)
    frame = pd.DataFrame(
        {
            "family": ["a", "a", "a", "b", "b", "c"],
            "true": [False, False, True, True, False, True],
        }
    )
    assert experiment.withhold_list(frame, "family") == {"a", "b"}  # 2 x false > true
    assert experiment.withhold_list(frame, "family", 1.0) == {"a"}  # mostly false
    ledger_rows = pd.DataFrame(
        [
            {
                "doc": "d",
                "subject": "city/x",
                "predicate": "area_km2",
                "object_or_value": "5",
                "value_text": "5 km2",
                "as_of": "",
                "combined": "",
                "rule": "area",
                "quote": "q",
            },
            {
                "doc": "d",
                "subject": "city/x",
                "predicate": "located_in",
                "object_or_value": "province/y",
                "value_text": "",
                "as_of": "2020",
                "combined": "1",
                "rule": "in_place",
                "quote": "q",
            },
        ]
    )
    claims = experiment.claims_for_evaluate(ledger_rows).to_dict("records")
    assert claims[0]["value"] == 5.0 and claims[0]["object_id"] is None
    assert claims[1]["object_id"] == "province/y" and claims[1]["combined"] is True
    assert claims[1]["as_of"] == "2020" and claims[0]["as_of"] is None


def test_claim_level_summary_counts_false_removed_and_true_lost(capsys):
    import pandas as pd

    spec = importlib.util.spec_from_file_location(
        "first_sight_experiment", ROOT / "scripts" / "first_sight_experiment.py"
    )
    experiment = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(experiment)
    # three batches where one feature says "false": a model fitted on any two withholds the
    # third batch's false claims and keeps its true ones
    ledgers = {
        b: pd.DataFrame(
            {
                "features": [{"family=bad": 1.0}] * 3 + [{"family=good": 1.0}] * 5,
                "true": [False] * 3 + [True] * 5,
                "doc": [f"{b}_1"] * 4 + [f"{b}_2"] * 4,
            }
        )
        for b in ("b1", "b2", "b3")
    }
    experiment.claim_level_summary(ledgers)
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("claims, threshold 0.5: 9 of 9 false removed, 0 of 15 true lost")
    assert lines[1].endswith("precision 0.625 -> 1.000")
