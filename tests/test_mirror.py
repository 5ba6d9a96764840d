"""`hotspots mirror`: dist/ copied to a static mirror, data before pointers, versions immutable."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import fsspec
import pytest
from release_fixtures import build_info, changed_value, sample_tables
from typer.testing import CliRunner

from hotspots.distribution import mirror as mirror_mod
from hotspots.distribution.mirror import MirrorError, mirror_dist
from hotspots.release import publish_release, verify_release

runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A dist/ with two versions (1.0.0, then the patch 1.0.1), a run report and a lock file."""
    dist = tmp_path_factory.mktemp("built") / "dist"
    publish_release(sample_tables(), dist, build_info())
    publish_release(changed_value(sample_tables()), dist, build_info("run-2"))
    (dist / "reports").mkdir()
    (dist / "reports" / "run-2.json").write_text("{}")
    return dist


@pytest.fixture
def dist(built, tmp_path) -> Path:
    copy = tmp_path / "dist"
    shutil.copytree(built, copy)
    return copy


class Recorder:
    def __init__(self) -> None:
        self.names: list[str] = []

    def start(self, name, total):
        self.names.append(name)

    def advance(self, name, n):
        pass

    def done(self, name):
        pass


def top_files(dist: Path) -> list[str]:
    """Top-level files other than the pointers (e.g. index.html, when publish writes one)."""
    return sorted(
        p.name
        for p in dist.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.name not in ("LATEST", "versions.json")
    )


def tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_mirror_copies_the_layout_and_each_version_verifies_there(dist, tmp_path):
    dest = tmp_path / "mirror"
    result = mirror_dist(dist, str(dest))

    assert result.uploaded == ["1.0.0", "1.0.1"] and result.skipped == []
    assert result.latest == "1.0.1" and result.latest_updated
    assert sorted(p.name for p in dest.iterdir()) == sorted(
        ["1.0.0", "1.0.1", "LATEST", "latest", "versions.json", *top_files(dist)]
    )  # no reports/, no .lock, no leftovers
    assert (dest / "LATEST").read_bytes() == (dist / "LATEST").read_bytes()
    assert (dest / "versions.json").read_bytes() == (dist / "versions.json").read_bytes()
    for name in ("1.0.0", "1.0.1", "latest"):
        assert tree(dest / name) == tree(dist / name)
        assert verify_release(dest / name) == []  # also checks versions.json's recorded hash
    assert result.files == len(tree(dest)) and result.bytes > 0


def test_second_run_copies_nothing_and_a_new_version_only_itself(dist, tmp_path):
    dest = tmp_path / "mirror"
    first = publish_release(sample_tables(), tmp_path / "one", build_info())
    assert first.version == "1.0.0"
    mirror_dist(tmp_path / "one", str(dest))

    again = mirror_dist(tmp_path / "one", str(dest))
    assert (again.uploaded, again.skipped, again.latest_updated, again.pointers_updated) == (
        [],
        ["1.0.0"],
        False,
        [],
    )
    assert again.files == 0

    publish_release(changed_value(sample_tables()), tmp_path / "one", build_info("run-2"))
    recorder = Recorder()
    newer = mirror_dist(tmp_path / "one", str(dest), progress=recorder)
    assert newer.uploaded == ["1.0.1"] and newer.skipped == ["1.0.0"] and newer.latest_updated
    assert newer.pointers_updated[-2:] == ["versions.json", "LATEST"]
    assert not any(name.startswith("1.0.0/") for name in recorder.names)
    assert (dest / "LATEST").read_text() == "1.0.1\n"
    assert verify_release(dest / "latest") == []


def test_data_goes_before_pointers(dist, tmp_path, monkeypatch):
    calls: list[str] = []
    for cls in (mirror_mod._Destination, mirror_mod._LocalDestination):
        put_dir, put_bytes = cls.put_dir, cls.put_bytes

        def logged_dir(self, rel, src, progress, _orig=put_dir):
            calls.append(f"dir {rel}")
            return _orig(self, rel, src, progress)

        def logged_bytes(self, rel, data, _orig=put_bytes):
            calls.append(f"file {rel}")
            return _orig(self, rel, data)

        monkeypatch.setattr(cls, "put_dir", logged_dir)
        monkeypatch.setattr(cls, "put_bytes", logged_bytes)
    (dist / "index.html").write_text("<html></html>")  # another top-level file: before pointers
    (dist / "zz-notes.txt").write_text("notes")
    recorder = Recorder()
    mirror_dist(dist, str(tmp_path / "mirror"), progress=recorder)

    assert calls == [
        "dir 1.0.0",
        "dir 1.0.1",
        "dir latest",
        "file index.html",
        "file zz-notes.txt",
        "file versions.json",
        "file LATEST",
    ]
    for prefix in ("1.0.0/", "1.0.1/", "latest/"):
        names = [n for n in recorder.names if n.startswith(prefix)]
        assert names[-1] == prefix + "SHA256SUMS"  # a folder with SHA256SUMS is complete


def test_object_store_destination_through_fsspec(dist):
    # memory:// stands for s3:// and friends: no rename, each file written whole.
    fs = fsspec.filesystem("memory")
    url = "memory://hotspots-mirror-test"
    try:
        fs.pipe_file("/hotspots-mirror-test/latest/stale.txt", b"from an older version")
        result = mirror_dist(dist, url)
        assert result.uploaded == ["1.0.0", "1.0.1"]
        assert fs.cat_file("/hotspots-mirror-test/LATEST") == b"1.0.1\n"
        assert not fs.exists("/hotspots-mirror-test/latest/stale.txt")  # latest/ is an exact copy
        got = fs.cat_file("/hotspots-mirror-test/1.0.1/data/facts.parquet")
        assert got == (dist / "1.0.1/data/facts.parquet").read_bytes()
        assert mirror_dist(dist, url).skipped == ["1.0.0", "1.0.1"]
    finally:
        fs.rm("/hotspots-mirror-test", recursive=True)


def test_file_url_destination(dist, tmp_path):
    dest = tmp_path / "by-url"
    result = mirror_dist(dist, dest.as_uri())
    assert result.uploaded == ["1.0.0", "1.0.1"] and verify_release(dest / "1.0.1") == []


def test_a_differing_version_on_the_mirror_is_refused_and_nothing_moves(dist, tmp_path):
    dest = tmp_path / "mirror"
    mirror_dist(dist, str(dest))
    (dest / "1.0.0" / "SHA256SUMS").write_text("0" * 64 + "  data/facts.csv\n")
    before = {p: (dest / p).read_bytes() for p in tree(dest)}

    with pytest.raises(MirrorError, match="never changes") as err:
        mirror_dist(dist, str(dest))
    assert "remove" in err.value.hint
    assert {p: (dest / p).read_bytes() for p in tree(dest)} == before


def test_a_mirror_listing_versions_we_lack_is_refused(dist, tmp_path):
    dest = tmp_path / "mirror"
    mirror_dist(dist, str(dest))
    entries = json.loads((dest / "versions.json").read_text())
    (dest / "versions.json").write_text(json.dumps([*entries, {**entries[-1], "version": "2.0.0"}]))
    with pytest.raises(MirrorError, match=r"2\.0\.0"):
        mirror_dist(dist, str(dest))


def test_a_damaged_local_release_is_not_mirrored(dist, tmp_path):
    path = dist / "1.0.1" / "data" / "facts.csv"
    path.write_bytes(path.read_bytes().replace(b"single_source", b"single_sourcX", 1))
    dest = tmp_path / "mirror"
    with pytest.raises(MirrorError, match=r"facts\.csv"):
        mirror_dist(dist, str(dest))
    assert not dest.exists()


def test_an_interrupted_mirror_leaves_old_pointers_and_the_next_run_finishes(
    dist, tmp_path, monkeypatch
):
    dest = tmp_path / "mirror"
    real_copy = mirror_mod._copy
    copied = []

    def failing_copy(src, open_out, name, progress):
        if name.startswith("1.0.1/") and len(copied) > 3:
            raise OSError("disk full (simulated)")
        copied.append(name)
        return real_copy(src, open_out, name, progress)

    monkeypatch.setattr(mirror_mod, "_copy", failing_copy)
    with pytest.raises(MirrorError, match="simulated") as err:
        mirror_dist(dist, str(dest))
    assert "run the same command again" in err.value.hint
    # 1.0.0 made it; 1.0.1 is not visible, and no pointer names it.
    assert (dest / "1.0.0" / "SHA256SUMS").is_file()
    assert not (dest / "1.0.1").exists() and not (dest / "LATEST").exists()
    assert not (dest / "versions.json").exists()

    monkeypatch.setattr(mirror_mod, "_copy", real_copy)
    result = mirror_dist(dist, str(dest))
    assert result.uploaded == ["1.0.1"] and result.skipped == ["1.0.0"]
    assert not list(dest.glob(".tmp-*"))
    assert verify_release(dest / "1.0.1") == [] and verify_release(dest / "latest") == []


def test_dry_run_copies_nothing(dist, tmp_path):
    result = mirror_dist(dist, str(tmp_path / "mirror"), dry_run=True)
    assert result.uploaded == ["1.0.0", "1.0.1"] and result.files == 0
    assert not (tmp_path / "mirror").exists()


# --- CLI -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app():
    from hotspots.cli import app

    return app


def test_cli_mirror_summary_json_quiet_and_exit_codes(app, dist, tmp_path):
    dest = tmp_path / "mirror"
    done = runner.invoke(app, ["mirror", str(dest), "--dist", str(dist)])
    assert done.exit_code == 0, done.output
    assert "copied 1.0.0, 1.0.1" in done.output and "LATEST = 1.0.1" in done.output

    again = runner.invoke(app, ["mirror", str(dest), "--dist", str(dist), "--json"])
    assert again.exit_code == 0
    doc = json.loads(again.stdout)
    assert doc["ok"] and doc["uploaded"] == [] and doc["skipped"] == ["1.0.0", "1.0.1"]

    quiet = runner.invoke(app, ["mirror", str(dest), "--dist", str(dist), "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""

    (dest / "1.0.0" / "SHA256SUMS").write_text("changed\n")
    refused = runner.invoke(app, ["mirror", str(dest), "--dist", str(dist)])
    assert refused.exit_code == 1
    assert "Mirror failed" in refused.stderr and "next:" in refused.stderr
    as_json = runner.invoke(app, ["mirror", str(dest), "--dist", str(dist), "--json"])
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["ok"] is False

    usage = runner.invoke(app, ["mirror", str(dest), "--dist", str(tmp_path / "nowhere")])
    assert usage.exit_code == 2 and "no release" in usage.output


def test_root_app_offers_shell_completion(app):
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.output and "--show-completion" in result.output
    for command in ("mirror", "download"):
        assert runner.invoke(app, [command, "--help"]).exit_code == 0
