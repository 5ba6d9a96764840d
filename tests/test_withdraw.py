"""`hotspots withdraw VERSION --reason TEXT` (issue #20, item 5): the version is marked withdrawn
in versions.json with its date and reason, its files stay (still verifiable), LATEST and latest/
move to the newest version not withdrawn, the versions page and `versions` say it, `download`
refuses it unless --allow-withdrawn, and a later publish keeps LATEST off it."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import typer
from release_fixtures import build_info, changed_value, sample_tables
from typer.testing import CliRunner

from hotspots.distribution.cli import distribution_app
from hotspots.distribution.download import DownloadError, download_release
from hotspots.distribution.mirror import mirror_dist
from hotspots.release import publish_release
from hotspots.release.cli import release_app
from hotspots.release.registry import WithdrawError, latest_version, list_versions
from hotspots.release.registry import withdraw_version as withdraw
from hotspots.release.verify import verify_release

runner = CliRunner()
REASON = "a unit error in the R&D spending figures"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    main = typer.Typer()
    main.registered_commands += release_app.registered_commands
    main.registered_commands += distribution_app.registered_commands
    return main


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory):
    dist = tmp_path_factory.mktemp("withdraw") / "dist"
    publish_release(sample_tables(), dist, build_info())
    publish_release(changed_value(sample_tables()), dist, build_info("run-2"))
    return dist


@pytest.fixture
def dist(two_versions, tmp_path):
    copy = tmp_path / "dist"
    shutil.copytree(two_versions, copy)
    return copy


def test_withdraw_marks_it_and_moves_latest(app, dist):
    sums_before = (dist / "1.0.1" / "SHA256SUMS").read_bytes()
    result = runner.invoke(app, ["withdraw", "1.0.1", "--reason", REASON, "--dist", str(dist)])
    assert result.exit_code == 0, result.output
    assert "1.0.1 withdrawn on" in result.output and "LATEST = 1.0.0" in result.output

    entry = list_versions(dist)[1]
    assert entry["status"] == "withdrawn" and entry["withdrawn"]["reason"] == REASON
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", entry["withdrawn"]["date"])
    # the record of what was published does not change: same SHA256SUMS, same hash
    assert (dist / "1.0.1" / "SHA256SUMS").read_bytes() == sums_before
    assert verify_release(dist / "1.0.1") == []
    assert latest_version(dist) == "1.0.0"
    assert (dist / "latest" / "SHA256SUMS").read_bytes() == (
        dist / "1.0.0" / "SHA256SUMS"
    ).read_bytes()
    assert verify_release(dist / "latest") == []

    versions = runner.invoke(app, ["versions", "--dist", str(dist)]).output.splitlines()
    assert versions[0].startswith("* 1.0.0")
    assert (
        versions[1].startswith("  1.0.1")
        and f"[withdrawn on {entry['withdrawn']['date']}: {REASON}]" in versions[1]
    )

    verified = runner.invoke(app, ["verify", "1.0.1", "--dist", str(dist)])
    assert verified.exit_code == 0 and "note: 1.0.1 was withdrawn on" in verified.output
    assert runner.invoke(app, ["verify", "--dist", str(dist)]).output.startswith("OK")

    index = (dist / "index.html").read_text()
    assert "Withdrawn" in index and REASON.replace("&", "&amp;") in index


def test_withdraw_refusals_change_nothing(app, dist):
    before = (dist / "versions.json").read_bytes()
    for version, reason, message in (
        ("9.9.9", REASON, "not in"),
        ("1.0.1", "   ", "give the reason"),
    ):
        with pytest.raises(WithdrawError, match=message):
            withdraw(dist, version, reason)
    withdraw(dist, "1.0.1", REASON)
    with pytest.raises(WithdrawError, match="already withdrawn"):
        withdraw(dist, "1.0.1", "again")
    after_one = (dist / "versions.json").read_bytes()
    # the last current version cannot go: LATEST would point at nothing
    result = runner.invoke(app, ["withdraw", "1.0.0", "--reason", REASON, "--dist", str(dist)])
    assert result.exit_code == 1 and "no current version" in result.output
    assert (dist / "versions.json").read_bytes() == after_one != before
    assert (dist / "LATEST").read_text().strip() == "1.0.0"
    missing = runner.invoke(app, ["withdraw", "1.0.0", "--reason", "x", "--dist", str(dist / "no")])
    assert missing.exit_code == 2


def test_a_later_publish_keeps_latest_off_the_withdrawn_version(dist):
    withdraw(dist, "1.0.1", REASON)
    # the data of the withdrawn version again: no new version, and LATEST and latest/ stay put
    same = publish_release(changed_value(sample_tables()), dist, build_info("run-3"))
    assert not same.changed and latest_version(dist) == "1.0.0"
    assert (dist / "latest" / "SHA256SUMS").read_bytes() == (
        dist / "1.0.0" / "SHA256SUMS"
    ).read_bytes()
    # a corrected release becomes the latest; the withdrawal stays on record
    fixed = publish_release(sample_tables(), dist, build_info("run-4"))
    assert fixed.changed and fixed.version == "1.0.2" and latest_version(dist) == "1.0.2"
    assert [e["status"] for e in list_versions(dist)] == ["published", "withdrawn", "published"]


def test_download_refuses_a_withdrawn_version_unless_allowed(app, dist, tmp_path):
    withdraw(dist, "1.0.1", REASON)
    mirror = tmp_path / "mirror"
    mirror_dist(dist, str(mirror))
    assert json.loads((mirror / "versions.json").read_text())[1]["status"] == "withdrawn"
    with pytest.raises(DownloadError, match="withdrawn on .*" + re.escape(REASON)) as err:
        download_release(str(mirror), "1.0.1", tmp_path / "to", retries=0)
    assert "--allow-withdrawn" in err.value.hint
    assert not (tmp_path / "to" / "1.0.1").exists()
    # latest is the newest version not withdrawn
    assert download_release(str(mirror), "latest", tmp_path / "to", retries=0).version == "1.0.0"

    result = runner.invoke(
        app,
        [
            "download",
            "1.0.1",
            "--from",
            str(mirror),
            "--to",
            str(tmp_path / "to"),
            "--allow-withdrawn",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "1.0.1 was withdrawn on" in result.output
    assert verify_release(tmp_path / "to" / "1.0.1") == []
    refused = runner.invoke(
        app, ["download", "1.0.1", "--from", str(mirror), "--to", str(tmp_path / "x")]
    )
    assert refused.exit_code == 1 and "--allow-withdrawn" in refused.output


def test_withdrawing_the_last_version_updates_a_mirror(dist, tmp_path):
    mirror = tmp_path / "mirror"
    mirror_dist(dist, str(mirror))
    assert (mirror / "LATEST").read_text().strip() == "1.0.1"
    withdraw(dist, "1.0.1", REASON)
    mirror_dist(dist, str(mirror))
    assert (mirror / "LATEST").read_text().strip() == "1.0.0"
    assert (mirror / "latest" / "SHA256SUMS").read_bytes() == (
        dist / "1.0.0" / "SHA256SUMS"
    ).read_bytes()
    assert "Withdrawn" in (mirror / "index.html").read_text()


def test_the_release_page_carries_the_banner_its_script_fills(dist):
    page = (dist / "1.0.1" / "index.html").read_text()
    assert 'id="withdrawn"' in page and 'data-version="1.0.1"' in page and " hidden " in page
    assert "connect-src 'self'" in page and 'fetch("../versions.json"' in page
