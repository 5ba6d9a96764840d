"""The whole release in one zip (issue #20, item 7): reproducible bytes, every file of the release
under one folder, checked by `verify`, written again by `sign`, fetched alone by `download --zip`
and carried by `mirror`."""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from release_fixtures import publish_two_releases

from hotspots.distribution.download import DownloadError, download_release
from hotspots.distribution.mirror import MirrorError, mirror_dist
from hotspots.release import archive, page_index, sign
from hotspots.release.registry import SIGNATURE, SUMS, read_sums, sha256_file
from hotspots.release.verify import verify_release

ROOT = Path(__file__).resolve().parent.parent
ZIP = "china-innovation-hotspots-1.0.1.zip"
TOP = "china-innovation-hotspots-1.0.1/"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    return publish_two_releases(tmp_path_factory.mktemp("zip"))


def test_the_zip_holds_every_file_of_the_release_under_one_folder(published):
    release = published / "1.0.1"
    sums, _ = read_sums(release / SUMS)
    with zipfile.ZipFile(release / ZIP) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)  # sorted entries
        assert names == [TOP + rel for rel in sorted([*sums, SUMS])]  # no signature yet
        for info in infos:
            data = zf.read(info)
            rel = info.filename.removeprefix(TOP)
            assert data == (release / rel).read_bytes()
            assert rel == SUMS or hashlib.sha256(data).hexdigest() == sums[rel]
            # fixed metadata: the release date, rw-r--r--, Unix, deflate, no extra, no comment
            assert info.date_time == (2026, 11, 23, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644 and info.create_system == 3
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.extra == b"" and info.comment == b""
        assert zf.comment == b""
    assert (release / (ZIP + ".sha256")).read_text() == f"{sha256_file(release / ZIP)}  {ZIP}\n"
    # not listed in SHA256SUMS (it holds it), and the release verifies with it
    assert ZIP not in sums and ZIP + ".sha256" not in sums
    assert verify_release(release) == [] and verify_release(published / "latest") == []
    assert (published / "latest" / ZIP).read_bytes() == (release / ZIP).read_bytes()


def test_the_same_release_gives_the_same_zip_bytes(published, tmp_path):
    # a second, independent publish of the same tables (other folder, other time) ...
    other = publish_two_releases(tmp_path / "again")
    assert sha256_file(other / "1.0.1" / ZIP) == sha256_file(published / "1.0.1" / ZIP)
    # ... and the zip written again from a copy of the folder, with other mtimes and modes
    copy = tmp_path / "copy" / "1.0.1"
    shutil.copytree(published / "1.0.1", copy, copy_function=shutil.copyfile)
    (copy / ZIP).unlink()
    for path in copy.rglob("*"):
        path.chmod(0o600 if path.is_file() else 0o700)
    archive.write_release_zip(copy)
    assert sha256_file(copy / ZIP) == sha256_file(published / "1.0.1" / ZIP)
    assert (copy / ZIP).stat().st_mode & 0o777 == 0o644


def test_sign_writes_the_zip_again_with_the_signature(dist, key):
    release = dist / "1.0.1"
    before, sums_before = sha256_file(release / ZIP), (release / SUMS).read_bytes()
    sign.sign_release(release, key)
    assert sha256_file(release / ZIP) != before
    assert (release / SUMS).read_bytes() == sums_before  # what the signature covers is unchanged
    with zipfile.ZipFile(release / ZIP) as zf:
        assert zf.read(TOP + SIGNATURE) == (release / SIGNATURE).read_bytes()
        assert zf.read(TOP + SUMS) == sums_before
    assert verify_release(release) == []
    # latest/ (a copy of 1.0.1) gets the same zip, and verifies
    assert (dist / "latest" / ZIP).read_bytes() == (release / ZIP).read_bytes()
    assert verify_release(dist / "latest") == []
    # the unpacked zip is the release: its signature verifies with the key
    out = dist.parent / "unpacked"
    with zipfile.ZipFile(release / ZIP) as zf:
        zf.extractall(out)
    public = sign.read_public_key(key.with_name(key.name + ".pub"))
    assert sign.check_release_signature(out / TOP, public).state == "good"
    assert verify_release(out / TOP.rstrip("/")) == []


def test_verify_checks_the_zip(dist):
    release = dist / "1.0.1"
    zpath, sidecar = release / ZIP, release / (ZIP + ".sha256")
    original = zpath.read_bytes()

    # a damaged download: the bytes do not match the .sha256
    zpath.write_bytes(original[:-10])
    assert verify_release(release) == [
        f"{ZIP}: sha256 does not match {ZIP}.sha256 (changed or corrupted)"
    ]

    # zips made to differ from the release, each with a .sha256 made to match it
    with zipfile.ZipFile(io.BytesIO(original)) as src:
        members = {info.filename: src.read(info) for info in src.infolist()}

    def rewrite(changed: dict[str, bytes | None]) -> list[str]:
        with zipfile.ZipFile(zpath, "w") as out:
            for name, data in {**members, **changed}.items():
                if data is not None:
                    out.writestr(name, data)
        sidecar.write_text(f"{sha256_file(zpath)}  {ZIP}\n")
        return verify_release(release)

    readme = members[TOP + "README.md"] + b"x"
    assert rewrite({TOP + "README.md": readme}) == [f"{ZIP}: README.md differs from the release's"]
    assert rewrite({TOP + "data/claims.csv": None}) == [f"{ZIP}: lacks data/claims.csv"]
    assert rewrite({TOP + "notes.txt": b"hi"}) == [
        f"{ZIP}: holds notes.txt, which is not a file of the release"
    ]
    assert rewrite({"other/README.md": b"hi"}) == [f"{ZIP}: other/README.md is outside {TOP}"]

    # a signature added by hand, the zip not written again: the zip lacks it
    zpath.write_bytes(original)
    sidecar.write_text(f"{sha256_file(zpath)}  {ZIP}\n")
    (release / SIGNATURE).write_text("untrusted comment: x\n")
    assert f"{ZIP}: lacks {SIGNATURE}" in verify_release(release)
    (release / SIGNATURE).unlink()

    # one without the other
    sidecar.unlink()
    assert verify_release(release) == [f"{ZIP}.sha256: missing (the sha256 of {ZIP})"]
    zpath.unlink()
    assert verify_release(release) == []  # neither: a copy downloaded without the zip


def test_releases_made_before_zips_are_left_as_they_are(tmp_path):
    old = tmp_path / "1.2.0"
    shutil.copytree(ROOT / "dist" / "1.2.0", old)
    before = sorted(p.name for p in old.iterdir())
    assert archive.refresh_zip(old) is None
    assert sorted(p.name for p in old.iterdir()) == before
    assert verify_release(old) == []


def test_download_fetches_the_zip_only_or_skips_it(published, tmp_path):
    mirror = tmp_path / "mirror"
    mirror_dist(published, str(mirror))
    assert (mirror / "1.0.1" / ZIP).read_bytes() == (published / "1.0.1" / ZIP).read_bytes()

    files = download_release(str(mirror), "1.0.1", tmp_path / "files")
    assert not (tmp_path / "files" / "1.0.1" / ZIP).exists()  # skipped: the files one by one
    assert verify_release(tmp_path / "files" / "1.0.1") == []

    zipped = download_release(str(mirror), "1.0.1", tmp_path / "zipped", zip_only=True)
    got = tmp_path / "zipped" / "1.0.1"
    assert zipped.files == files.files
    assert verify_release(got) == []
    assert (got / ZIP).read_bytes() == (mirror / "1.0.1" / ZIP).read_bytes()
    assert sorted(p.relative_to(got).as_posix() for p in got.rglob("*") if p.is_file()) == sorted(
        p.relative_to(mirror / "1.0.1").as_posix()
        for p in (mirror / "1.0.1").rglob("*")
        if p.is_file()
    )


def test_download_refuses_a_zip_that_does_not_match_sha256sums(published, tmp_path):
    mirror = tmp_path / "mirror"
    mirror_dist(published, str(mirror))
    zpath = mirror / "1.0.1" / ZIP
    original = zpath.read_bytes()
    with zipfile.ZipFile(zpath, "w") as out, zipfile.ZipFile(io.BytesIO(original)) as src:
        for info in src.infolist():
            data = src.read(info)
            out.writestr(info, data.replace(b"Shenzhen", b"Shenzhan"))
    dest = tmp_path / "got"
    with pytest.raises(DownloadError, match="does not match SHA256SUMS; nothing was saved"):
        download_release(str(mirror), "1.0.1", dest, zip_only=True)
    assert not (dest / "1.0.1").exists()
    assert not [p for p in dest.iterdir() if p.name.startswith(".tmp")]

    zpath.unlink()
    with pytest.raises(DownloadError) as err:
        download_release(str(mirror), "1.0.1", dest, zip_only=True)
    assert "without --zip" in err.value.hint


def test_mirror_carries_the_zip_written_again_by_sign(dist, key, tmp_path):
    mirror = tmp_path / "mirror"
    zpath = dist / "1.0.1" / ZIP
    good = zpath.read_bytes()
    zpath.write_bytes(good[:100])  # a damaged zip is not mirrored
    with pytest.raises(MirrorError, match=f"{ZIP}: sha256 does not match"):
        mirror_dist(dist, str(mirror))
    zpath.write_bytes(good)
    mirror_dist(dist, str(mirror))
    sign.sign_release(dist / "1.0.1", key)
    result = mirror_dist(dist, str(mirror))
    assert sorted(result.archives) == sorted(
        f"{folder}/{name}" for folder in ("1.0.1", "latest") for name in (ZIP, ZIP + ".sha256")
    )
    for folder in ("1.0.1", "latest"):
        assert (mirror / folder / ZIP).read_bytes() == (dist / "1.0.1" / ZIP).read_bytes()
        assert verify_release(mirror / folder) == []


def test_the_versions_page_states_the_zip_size_and_sha256(published):
    text = page_index.build_dist_index(published)
    release = published / "1.0.1"
    assert f'href="1.0.1/{ZIP}"' in text and sha256_file(release / ZIP) in text
    assert f'title="{(release / ZIP).stat().st_size} bytes"' in text
