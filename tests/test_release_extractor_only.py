"""A rebuild that differs from the latest release only in `extractor_version` publishes nothing:
a new extractor version that reads the documents the same way would churn citations for nothing.
"""

from __future__ import annotations

import pytest
from release_fixtures import build_info, changed_value, sample_tables

from hotspots.ops.report import finish, new_report, record_release
from hotspots.ops.summary import summary_lines
from hotspots.release import list_versions, publish_release
from hotspots.release.publish import EXTRACTOR_ONLY, EXTRACTOR_ONLY_MESSAGE

NEW_EXTRACTOR = "hotspots@9.9.9"


def new_extractor(tables: dict) -> dict:
    """The same tables as if a new extractor version had found every mention and claim."""
    for name in ("claims", "mentions"):
        tables[name]["extractor_version"] = NEW_EXTRACTOR
    return tables


@pytest.fixture
def dist(tmp_path):
    dist = tmp_path / "dist"
    first = publish_release(sample_tables(), dist, build_info())
    assert first.version == "1.0.0"
    return dist


def test_extractor_version_alone_publishes_no_release(dist):
    before = {p.name: p.read_bytes() for p in (dist / "1.0.0").iterdir() if p.is_file()}
    result = publish_release(new_extractor(sample_tables()), dist, build_info("run-2"))
    assert not result.changed
    assert result.skipped == EXTRACTOR_ONLY
    assert result.version == result.previous == "1.0.0"
    assert result.message.startswith(EXTRACTOR_ONLY_MESSAGE)
    assert "1.0.0 stays the latest" in result.message
    assert [e["version"] for e in list_versions(dist)] == ["1.0.0"]
    assert (dist / "LATEST").read_text().strip() == "1.0.0"
    assert not list(dist.glob(".tmp-*")), "the written data files are cleaned up"
    after = {p.name: p.read_bytes() for p in (dist / "1.0.0").iterdir() if p.is_file()}
    assert after == before, "the latest release is untouched"


def test_extractor_version_with_a_changed_value_is_released(dist):
    result = publish_release(
        new_extractor(changed_value(sample_tables())), dist, build_info("run-2")
    )
    assert result.changed and result.skipped is None
    assert (result.version, result.bump) == ("1.0.1", "patch")
    changed = result.diff["tables"]["claims"]["changed"]
    assert any(set(row["columns"]) == {"value", "extractor_version"} for row in changed)
    assert [e["version"] for e in list_versions(dist)] == ["1.0.0", "1.0.1"]


def test_extractor_version_with_a_removed_row_is_released(dist):
    tables = new_extractor(sample_tables())
    tables["mentions"] = tables["mentions"].iloc[:-1]
    result = publish_release(tables, dist, build_info("run-2"))
    assert result.changed and result.skipped is None
    assert (result.version, result.bump) == ("1.1.0", "minor")


def test_release_extractor_only_publishes_a_patch_when_asked(dist):
    result = publish_release(
        new_extractor(sample_tables()), dist, build_info("run-2"), release_extractor_only=True
    )
    assert result.changed and (result.version, result.bump) == ("1.0.1", "patch")
    assert result.skipped is None


def test_identical_data_is_still_plain_no_change(dist):
    result = publish_release(sample_tables(), dist, build_info("run-2"))
    assert not result.changed and result.skipped is None
    assert result.message.startswith("no change since 1.0.0")


def test_run_report_and_console_say_why_no_release(dist):
    """What `hotspots build` records and prints (summary_lines) for such a publish; no Prefect."""
    report = new_report(dist.parent / "raw", dist, "run-2")
    record_release(report, publish_release(new_extractor(sample_tables()), dist, build_info()))
    finish(report, dist)
    done = report.as_dict()
    assert done["status"] == "no_change"
    assert done["release"]["skipped"] == EXTRACTOR_ONLY
    assert done["release"]["changed"] is False
    assert any(line.startswith(EXTRACTOR_ONLY_MESSAGE) for line in summary_lines(done))
    assert (dist / "reports" / "run-2.json").is_file()
