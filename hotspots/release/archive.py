"""The whole release in one file: `<name>-<version>.zip`, with reproducible bytes (issue 20).

A reader who wants everything downloads one file instead of forty. The zip sits in the release
folder beside what it packs, with `<zip>.sha256` (one `sha256sum` line) beside it:

- It holds every file of the release under one top folder `<name>-<version>/`: the files
  SHA256SUMS lists, SHA256SUMS itself and, once the release is signed, SHA256SUMS.minisig; so an
  unpacked zip is the release folder, and `hotspots verify` / `sha256sum -c SHA256SUMS` /
  `minisign -Vm SHA256SUMS` work in it as they do on the published folder.
- It is not listed in SHA256SUMS and its hash is not written in the release page: the zip holds
  both, so neither can hold the zip's hash (a file cannot contain its own digest). Its
  integrity comes from its members, each checked against SHA256SUMS (which the signature and
  versions.json cover); the `.sha256` file only spares a reader unpacking a broken download.
- `hotspots sign`, which adds SHA256SUMS.minisig after publication, writes the zip again so that
  it holds the signature; nothing the signature covers changes.
- Same release, same bytes: members in sorted order, each stamped with the release date at
  00:00:00 (the date in build.json; 1980-01-01 when there is none), mode 0644, made on "Unix",
  deflate at level DEFLATE_LEVEL, no extra fields, no comment. The bytes also depend on the zlib
  that deflates (recorded nowhere: CPython's own zlib has given the same output for years; a
  zlib-ng build may not). That is why verification compares members, not bytes.
- Old releases (made before this) have no zip: nothing is required of them.

Standard library only: `download` and `sign` use it without loading pandas.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import zipfile
from pathlib import Path

from hotspots.release.registry import SIGNATURE, SUMS, read_sums, sha256_file

NAME = "china-innovation-hotspots"
# zlib's default level: on release 1.2.0, level 9 made the zip 0.7% smaller (277,675 against
# 279,552 bytes) in 1.4 times the time, and most bytes of a large release are Parquet and SQLite
# pages that deflate hardly shrinks.
DEFLATE_LEVEL = 6
FILE_MODE = 0o100644  # a regular file, rw-r--r--
UNIX = 3  # "version made by" host system: Unix, so unzip applies FILE_MODE
ZIP64_FROM = 1 << 31  # files this large get their zip64 sizes up front (a seekable write)
CHUNK = 1 << 20
_LEVEL_ATTR = (
    "compress_level" if hasattr(zipfile.ZipInfo("x"), "compress_level") else "_compresslevel"
)


def zip_name(version: str) -> str:
    return f"{NAME}-{version}.zip"


def sidecar_name(version: str) -> str:
    return zip_name(version) + ".sha256"


def release_info(release_dir: Path) -> tuple[str, str | None]:
    """(version, date) of the release in `release_dir`, from its build.json (the folder may be
    `latest/` or a temporary one); the folder's name and no date when build.json says none."""
    try:
        info = json.loads((release_dir / "build.json").read_text(encoding="utf-8"))["release"]
        return str(info["version"]), info.get("date")
    except (OSError, ValueError, KeyError, TypeError):
        return release_dir.name, None


def archive_names(release_dir: Path) -> set[str]:
    """The names of the zip and its `.sha256` in `release_dir`: files of the folder that
    SHA256SUMS does not list (like the signature)."""
    version, _ = release_info(release_dir)
    return {zip_name(version), sidecar_name(version)}


def members(release_dir: Path) -> list[str]:
    """The files the zip holds (paths in the release folder), sorted: what SHA256SUMS lists,
    SHA256SUMS, and the signature when there is one."""
    sums, _ = read_sums(release_dir / SUMS)
    names = {*sums, SUMS}
    if (release_dir / SIGNATURE).is_file():
        names.add(SIGNATURE)
    return sorted(names)


def _stamp(date: str | None) -> tuple[int, int, int, int, int, int]:
    try:
        year, month, day = (int(part) for part in (date or "").split("-"))
        if year >= 1980:
            return (year, month, day, 0, 0, 0)
    except ValueError:
        pass
    return (1980, 1, 1, 0, 0, 0)


def write_zip(release_dir: Path, out: Path) -> None:
    """Write the zip of the release in `release_dir` to `out` (see the module's rules)."""
    release_dir = Path(release_dir)
    version, date = release_info(release_dir)
    top = f"{NAME}-{version}/"
    stamp = _stamp(date)
    with zipfile.ZipFile(out, "w") as zf:
        for rel in members(release_dir):
            path = release_dir / rel
            info = zipfile.ZipInfo(top + rel, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            # the attribute's name moved in Python 3.13 (compress_level); set the one there is
            setattr(info, _LEVEL_ATTR, DEFLATE_LEVEL)
            info.create_system = UNIX
            info.external_attr = FILE_MODE << 16
            size = path.stat().st_size
            with open(path, "rb") as src, zf.open(info, "w", force_zip64=size >= ZIP64_FROM) as dst:
                shutil.copyfileobj(src, dst, CHUNK)


def write_release_zip(release_dir: Path) -> Path:
    """Write (or replace) the release's zip and its `.sha256` in `release_dir`, each through a
    temporary file renamed into place, so a reader never sees half a zip."""
    release_dir = Path(release_dir)
    version, _ = release_info(release_dir)
    path = release_dir / zip_name(version)
    tmp = release_dir / f".tmp-{path.name}-{secrets.token_hex(4)}"
    try:
        write_zip(release_dir, tmp)
        _durable(tmp)
        os.replace(tmp, path)
        _replace_text(release_dir / sidecar_name(version), f"{sha256_file(path)}  {path.name}\n")
    finally:
        tmp.unlink(missing_ok=True)
    return path


def refresh_zip(release_dir: Path) -> Path | None:
    """Write the zip again when the release has one (after `hotspots sign`); a release made
    before zips (1.0.0-1.2.0) is left as it is: published folders only ever gain a signature."""
    version, _ = release_info(Path(release_dir))
    if not (Path(release_dir) / zip_name(version)).is_file():
        return None
    return write_release_zip(release_dir)


def _replace_text(path: Path, text: str) -> None:
    tmp = path.parent / f".tmp-{path.name}-{secrets.token_hex(4)}"
    tmp.write_text(text, encoding="utf-8")
    _durable(tmp)
    os.replace(tmp, path)


def _durable(path: Path) -> None:
    path.chmod(0o644)
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def check_zip(release_dir: Path, members: bool = True) -> list[str]:
    """Problems with the release's zip: none when it has neither zip nor `.sha256` (an old
    release, or a copy downloaded without it). Otherwise the zip must match its `.sha256`, be
    a readable zip of one top folder `<name>-<version>/`, and hold exactly the release's files
    (members()) with the same bytes: the listed ones by SHA256SUMS, SHA256SUMS and the
    signature by the folder's own. `members=False` checks the zip against its `.sha256` only."""
    release_dir = Path(release_dir)
    version, _ = release_info(release_dir)
    path, sidecar = release_dir / zip_name(version), release_dir / sidecar_name(version)
    if not path.is_file() and not sidecar.is_file():
        return []
    if not path.is_file():
        return [f"{path.name}: missing ({sidecar.name} names it)"]
    if not sidecar.is_file():
        return [f"{sidecar.name}: missing (the sha256 of {path.name})"]
    recorded = sidecar.read_text(encoding="utf-8").split()
    if recorded != [sha256_file(path), path.name]:
        return [f"{path.name}: sha256 does not match {sidecar.name} (changed or corrupted)"]
    # members=False: the publisher, which has just made the zip from the files it hashed
    return check_members(path, release_dir, version) if members else []


def check_members(path: Path, release_dir: Path, version: str) -> list[str]:
    """Problems of the zip at `path` against the release folder `release_dir` (see check_zip)."""
    top = f"{NAME}-{version}/"
    sums, _ = read_sums(release_dir / SUMS)
    expected = members(release_dir)
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            inside = {n[len(top) :]: n for n in names if n.startswith(top)}
            problems = [
                f"{path.name}: {n} is outside {top}" for n in names if n not in inside.values()
            ]
            problems += [f"{path.name}: lacks {rel}" for rel in expected if rel not in inside]
            problems += [
                f"{path.name}: holds {rel}, which is not a file of the release"
                for rel in sorted(set(inside) - set(expected))
            ]
            for rel in expected:
                if rel not in inside:
                    continue
                want = sums.get(rel) or sha256_file(release_dir / rel)
                if _member_sha256(zf, inside[rel]) != want:
                    problems.append(f"{path.name}: {rel} differs from the release's")
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        return [f"{path.name}: cannot be read as a zip: {err}"]
    return problems


def _member_sha256(zf: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with zf.open(name) as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
