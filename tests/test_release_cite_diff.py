"""Issue 20 item 4: what changed, in words (diff, CHANGELOG.md, hotspots diff --markdown)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from release_fixtures import build_info, h16, sample_tables
from typer.testing import CliRunner

from hotspots.cli import app
from hotspots.release import publish_release
from hotspots.release.diff_summary import CAP, changes_lines, diff_releases, summarize

WIPO_SOURCE = "source: Global Innovation Index 2022: clusters (WIPO)"


def _second(tables: dict) -> dict:
    """Shenzhen's unicorns 23 -> 25; Guangdong's fact removed; eight new WIPO cluster ranks."""
    facts = tables["facts"]
    facts.loc[facts["fact_id"] == h16("f-unicorns"), "value"] = 25.0
    facts = facts[facts["fact_id"] != h16("f-located")]
    rank = facts[facts["fact_id"] == h16("f-rank")]
    editions = []
    for year in range(2010, 2018):
        row = rank.copy()
        row["fact_id"], row["as_of"], row["value"] = h16(f"f-rank-{year}"), str(year), 5.0
        editions.append(row)
    tables["facts"] = pd.concat([facts, *editions], ignore_index=True)
    return tables


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    dist = tmp_path_factory.mktemp("words") / "dist"
    publish_release(sample_tables(), dist, build_info("run-1"))
    result = publish_release(_second(sample_tables()), dist, build_info("run-2"))
    assert result.version == "1.1.0"
    return dist


def test_the_changelog_names_subject_predicate_old_new_and_source(dist):
    log = (dist / "1.1.0" / "CHANGELOG.md").read_text()
    section = log.split("## 1.0.0")[0]
    assert "### Facts: 1 changed, 8 new, 1 removed" in section
    assert (
        "#### Changed facts (1)" in section and "- **Number of unicorn companies** (1)" in section
    )
    assert (
        "  - Shenzhen (2022): at least 23 → at least 25 — source: Identifying China's Innovation "
        "Hotspots (JLL)" in section
    )
    assert (
        "  - Shenzhen: was Guangdong — source: Identifying China's Innovation Hotspots (JLL)"
        in (section)
    )
    # eight new ranks of one predicate: one group, counted, capped
    assert "- **WIPO cluster rank** (8)" in section
    assert section.count(f"rank 5 — {WIPO_SOURCE}") == CAP
    assert f"  - … and {8 - CAP} more" in section
    assert "### Rows per table" in section  # the rows by key stay, below the words
    # the words are kept in diff.json too
    changes = json.loads((dist / "1.1.0" / "diff.json").read_text())["changes"]
    [changed] = changes["facts"]["changed"]
    assert (changed["subject"], changed["label"], changed["old"], changed["new"]) == (
        "Shenzhen",
        "Number of unicorn companies",
        "at least 23",
        "at least 25",
    )


def test_hotspots_diff_prints_the_words_and_markdown(dist):
    runner = CliRunner()
    text = runner.invoke(app, ["diff", "1.0.0", "1.1.0", "--dist", str(dist)])
    assert text.exit_code == 0, text.output
    assert "Facts: 1 changed, 8 new, 1 removed" in text.output
    assert "Shenzhen (2022): at least 23 → at least 25 — source:" in text.output
    markdown = runner.invoke(app, ["diff", "1.0.0", "1.1.0", "--dist", str(dist), "--markdown"])
    assert markdown.exit_code == 0, markdown.output
    assert markdown.output.startswith("## 1.0.0 → 1.1.0\n\nA minor change:")
    assert "#### New facts (8)" in markdown.output
    # the same words as the release's changelog
    log = (dist / "1.1.0" / "CHANGELOG.md").read_text()
    for line in markdown.output.splitlines():
        if line.startswith("  - "):
            assert line in log


def test_only_evidence_changed_is_counted_not_listed(tmp_path):
    dist = tmp_path / "dist"
    publish_release(sample_tables(), dist, build_info("run-1"))
    tables = sample_tables()
    facts = tables["facts"]
    facts.loc[facts["fact_id"] == h16("f-rank"), "rationale"] = "Reworded."
    publish_release(tables, dist, build_info("run-2"))
    diff = diff_releases(dist / "1.0.0", dist / "1.0.1")
    assert diff["changes"]["facts"]["changed"] == []
    assert diff["changes"]["facts"]["evidence_only"] == 1
    text = summarize(diff)
    assert "Facts: none new, changed or removed" in text
    assert "1 fact kept its statement with changed evidence (claims, rule or rationale)." in text


def test_entities_are_named_and_a_first_release_has_no_words():
    assert changes_lines(None, markdown=True) == []
    changes = {
        "facts": {"changed": [], "added": [], "removed": [], "evidence_only": 0, "unnamed": 0},
        "entities": {
            "added": [
                {"entity_id": f"city/c{i}", "name": f"C{i}", "type": "city"} for i in range(7)
            ],
            "removed": [],
            "renamed": [{"entity_id": "city/x", "type": "city", "old": "Xian", "new": "Xi'an"}],
        },
    }
    lines = changes_lines(changes, markdown=False)
    assert "Entities: 7 added, 1 renamed" in lines
    assert (
        "  - added, city (7): C0 (city/c0), C1 (city/c1), C2 (city/c2), C3 (city/c3), C4 (city/c4), "
        "… and 2 more" in lines
    )
    assert "  - renamed city/x: Xian → Xi'an" in lines


def unchanged(rows: int) -> dict:
    return {
        "status": "changed",
        "rows_before": rows,
        "rows_after": rows,
        "columns_added": [],
        "columns_removed": [],
        "columns_retyped": {},
        "columns_reordered": False,
        "added": [],
        "removed": [],
        "changed": [],
    }


def test_an_unchanged_table_counts_its_rows_in_words():
    diff = {
        "previous": "1.0.0",
        "version": "1.0.1",
        "changes": None,
        "tables": {name: unchanged(rows) for name, rows in (("predicates", 1), ("facts", 3))},
    }
    text = summarize(diff)
    assert "predicates: unchanged (1 row)." in text
    assert "facts: unchanged (3 rows)." in text
