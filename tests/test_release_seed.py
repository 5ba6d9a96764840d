"""The release layer on the tables the pipeline builds from raw/ (plain stage functions)."""

from __future__ import annotations

import json

import pytest
from release_fixtures import build_info

from hotspots.release import publish_release, verify_release
from hotspots.validate import validate_tables
from schemas.predicates import predicates


@pytest.mark.slow
def test_seed_tables_publish_verify_and_validate_with_frictionless(seed_tables, tmp_path):
    import frictionless

    assert validate_tables(seed_tables).ok
    result = publish_release(seed_tables, tmp_path / "dist", build_info())

    assert result.version == "1.0.0" and verify_release(result.path) == []
    report = frictionless.Package(str(result.path / "datapackage.json")).validate()
    assert report.valid, [(t.name, e.message) for t in report.tasks for e in t.errors][:5]
    rows = json.loads((result.path / "diff.json").read_text())["rows"]
    derived = {"predicates": len(predicates()), "facts_simple": len(seed_tables["facts"])}
    assert rows == {**{name: len(df) for name, df in seed_tables.items()}, **derived}
    assert publish_release(seed_tables, tmp_path / "dist", build_info()).changed is False
