"""scripts/audit_ledger.py: a ledger of every claim, verdicts carried over by key, precision."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("audit_ledger", ROOT / "scripts" / "audit_ledger.py")
ledger = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ledger)


def _row(**kw) -> dict:
    base = dict.fromkeys(ledger.COLUMNS, "")
    base.update(doc="d1", subject="city/x", predicate="gdp", object_or_value="5", char_start="0")
    base.update(char_end="10", quote="q")
    base.update(kw)
    return base


def test_merge_carries_verdicts_by_doc_span_subject_predicate_value():
    old = [
        _row(verdict="correct", why="says so"),
        _row(object_or_value="6", verdict="wrong", why="a target"),
        _row(char_start="20", char_end="30", verdict="wrong", why="another span"),
    ]
    new = [_row(), _row(object_or_value="6"), _row(char_start="21", char_end="30"), _row(doc="d2")]
    merged = ledger.merge(old, new)
    assert [r["verdict"] for r in merged] == ["correct", "wrong", "", ""]
    assert merged[1]["why"] == "a target"


def test_merge_asks_again_when_the_date_changed():
    merged = ledger.merge([_row(verdict="wrong", why="no as_of")], [_row(as_of="2024")])
    assert merged[0]["verdict"] == ""


def test_merge_keeps_a_verdict_already_given():
    merged = ledger.merge([_row(verdict="wrong")], [_row(verdict="correct")])
    assert merged[0]["verdict"] == "correct"


def test_summary_precision_counts_only_judged_rows(capsys):
    rows = [_row(verdict="correct"), _row(verdict="Wrong"), _row(verdict="correct"), _row()]
    s = ledger.summary(rows)
    assert (s["correct"], s["wrong"], s["unjudged"]) == (2, 1, 1)
    assert abs(s["precision"] - 2 / 3) < 1e-9
    ledger.report(rows)
    out = capsys.readouterr().out
    assert "precision 0.667" in out and "1 rows need a verdict" in out
    assert ledger.summary([_row()])["precision"] is None


def test_run_then_merge_round_trip(tmp_path, monkeypatch):
    docs = tmp_path / "pages"
    docs.mkdir()
    (docs / "p01_test.txt").write_text(
        "Test Park\n\nThe Zhongguancun Science Park covers an area of 488 square kilometers.\n",
        encoding="utf-8",
    )
    (docs / "p01_test.meta.json").write_text(
        json.dumps(
            {
                "title": "Test Park",
                "publisher": "test",
                "url": "https://example.org/p01",
                "published": "2024-01-01",
                "language": "en",
                "retrieved": "2026-12-06",
                "license": "test text written for this test",
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "ledger.csv"
    assert ledger.main(["run", str(docs), "--out", str(out), "--predicates", "area_km2"]) == 0
    rows = ledger.read_ledger(out)
    assert [(r["predicate"], r["object_or_value"]) for r in rows] == [("area_km2", "488")]
    assert rows[0]["rule"] and rows[0]["quote"] and rows[0]["verdict"] == ""
    rows[0]["verdict"], rows[0]["why"] = "correct", "stated"
    ledger.write_ledger(out, rows)
    again = tmp_path / "again.csv"
    ledger.main(["run", str(docs), "--out", str(again), "--predicates", "area_km2"])
    ledger.main(["merge", str(out), str(again)])
    assert ledger.read_ledger(again)[0]["verdict"] == "correct"
