"""The release commands `verify`, `diff`, `versions`, as mounted on the main app."""

from __future__ import annotations

import json

import pytest
import typer
from release_fixtures import build_info, changed_value, sample_tables
from typer.testing import CliRunner

from hotspots.release import publish_release
from hotspots.release.cli import release_app
from schemas.tables import release_tables

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    # Mounted the way hotspots/cli.py does it.
    main = typer.Typer()
    main.registered_commands += release_app.registered_commands
    return main


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    dist = tmp_path_factory.mktemp("cli") / "dist"
    publish_release(sample_tables(), dist, build_info())
    publish_release(changed_value(sample_tables()), dist, build_info())
    return dist


@pytest.mark.parametrize("command", ["verify", "diff", "versions"])
def test_every_command_has_help(app, command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "--dist" in result.output


def test_verify_defaults_to_latest_version(app, dist):
    result = runner.invoke(app, ["verify", "--dist", str(dist)])
    assert result.exit_code == 0, result.output
    # data + metadata files + hotspots.sqlite + index.html + CITATION.cff (not SHA256SUMS)
    # + examples/
    n_examples = len(list((dist / "1.0.1" / "examples").iterdir()))
    assert n_examples >= 4
    n_files = 2 * len(release_tables()) + 9 + n_examples
    assert result.output.startswith(f"OK: {n_files} files verified") and "1.0.1" in result.output
    assert f"OK: {n_files} files verified, and the zip of them (" in result.output


def test_verify_by_version_path_and_failure(app, dist, tmp_path):
    import shutil

    assert runner.invoke(app, ["verify", "1.0.0", "--dist", str(dist)]).exit_code == 0
    copy = tmp_path / "copy"
    shutil.copytree(dist / "1.0.0", copy)
    (copy / "README.md").write_text("changed")
    result = runner.invoke(app, ["verify", str(copy), "--dist", str(dist)])
    assert result.exit_code == 1
    assert "README.md: sha256 does not match SHA256SUMS" in result.output.splitlines()[0]


def test_verify_without_release_is_an_error(app, tmp_path):
    result = runner.invoke(app, ["verify", "--dist", str(tmp_path)])
    assert result.exit_code != 0 and "no release" in result.output


def test_diff_prints_a_summary_or_json(app, dist):
    result = runner.invoke(app, ["diff", "1.0.0", "1.0.1", "--dist", str(dist)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1.0.0 -> 1.0.1: patch change")
    assert "value 23 -> 24" in result.output
    as_json = runner.invoke(app, ["diff", "1.0.0", "latest", "--dist", str(dist), "--json"])
    assert json.loads(as_json.output)["bump"] == "patch"


def test_versions_lists_every_version(app, dist):
    result = runner.invoke(app, ["versions", "--dist", str(dist)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert (
        lines[0].startswith("  1.0.0")
        and lines[1].startswith("* 1.0.1")
        and "patch since 1.0.0" in lines[1]
    )
    entries = json.loads(runner.invoke(app, ["versions", "--dist", str(dist), "--json"]).output)
    assert [e["version"] for e in entries] == ["1.0.0", "1.0.1"]


@pytest.mark.parametrize("as_json", [False, True])
def test_versions_without_release_exits_2_like_verify(app, tmp_path, as_json):
    for dist in (tmp_path / "nonexistent", tmp_path):
        args = ["versions", "--dist", str(dist)] + (["--json"] if as_json else [])
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and "no release" in result.output
        assert runner.invoke(app, ["verify", "--dist", str(dist)]).exit_code == 2
