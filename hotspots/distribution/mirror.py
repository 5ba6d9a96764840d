"""Copy `dist/` to a static mirror: a folder, a file share, or an object store (via fsspec).

The mirror has the layout of `dist/` itself, so any web server can host it as is:
`versions.json`, `LATEST`, a stable `latest/` (a copy of the newest version) and one immutable
`<version>/` per release. Run reports (`reports/`) and hidden files (`.lock`, `.tmp-*`) stay home.

Order of work, chosen so that a reader never follows a pointer to something half-copied:
1. check, before writing anything: the local registry and each version's SHA256SUMS agree;
   every version already on the mirror is byte-identical (same SHA256SUMS) — a different one is
   an error, since a published version never changes; the mirror lists no version we lack;
2. copy each missing version (oldest first), its files checked against SHA256SUMS first, and
   SHA256SUMS copied last: a version directory with SHA256SUMS is complete;
3. refresh `latest/`; then other top-level files (e.g. index pages); then `versions.json`; then
   `LATEST`, last of all.
On a local destination each directory is copied to a hidden temporary name and renamed into
place, and the pointers are replaced atomically, so a reader sees the old state or the new one.
Object stores have no rename: there each object appears whole (a PUT is atomic), and the order
above keeps readers that start from `LATEST` or `versions.json` safe. An interrupted mirror is
finished by running it again. Two mirrors writing to one destination at once are not supported.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import secrets
import shutil
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

import fsspec
from fsspec.implementations.local import LocalFileSystem

from hotspots.distribution import DistributionError, NoProgress, Progress
from hotspots.release import archive
from hotspots.release.registry import (
    SIGNATURE,
    SUMS,
    fsync_dir,
    latest_version,
    list_versions,
    parse_version,
    read_sums,
)

REGISTRY = "versions.json"
LATEST_FILE = "LATEST"
LATEST_DIR = "latest"
CHUNK = 1 << 20
_TMP = ".tmp-mirror-"


class MirrorError(DistributionError):
    """The mirror was refused or failed; what is on the destination still reads consistently."""


@dataclass
class MirrorResult:
    destination: str
    latest: str
    uploaded: list[str] = field(default_factory=list)  # versions copied by this run
    skipped: list[str] = field(default_factory=list)  # versions already there, identical
    latest_updated: bool = False
    pointers_updated: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)  # added to versions already there
    archives: list[str] = field(default_factory=list)  # their zips, written again when signed
    files: int = 0
    bytes: int = 0
    dry_run: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


def mirror_dist(
    dist: Path, dest: str, *, dry_run: bool = False, progress: Progress | None = None
) -> MirrorResult:
    """Copy the releases in `dist` that `dest` lacks (a path or an fsspec URL), then the pointers."""
    dist = Path(dist)
    progress = progress or NoProgress()
    entries, latest = _local_registry(dist)
    target = _open_destination(dest)
    remote_entries = _remote_registry(target)
    _check_registries(entries, remote_entries, dest)

    result = MirrorResult(destination=dest, latest=latest, dry_run=dry_run)
    sums = {e["version"]: (dist / e["version"] / SUMS).read_bytes() for e in entries}
    for entry in entries:
        version = entry["version"]
        there = target.read(f"{version}/{SUMS}")
        if there is None:
            result.uploaded.append(version)
        elif there == sums[version]:
            result.skipped.append(version)
        else:
            raise MirrorError(
                f"{_join(dest, version)} differs from {dist / version}: "
                "a published version never changes, so it is not overwritten",
                hint=f"if the mirror's copy is wrong, remove {_join(dest, version)} by hand and "
                "run the mirror again; if dist/'s is, restore it from git",
            )
    result.latest_updated = target.read(f"{LATEST_DIR}/{SUMS}") != sums[latest]
    # A signature added after a version was mirrored (`hotspots sign`): the version is the same
    # (same SHA256SUMS), only its SHA256SUMS.minisig is new.
    for folder, version in [(v, v) for v in result.skipped] + [(LATEST_DIR, latest)]:
        local = dist / version / SIGNATURE
        if folder == LATEST_DIR and result.latest_updated:
            continue  # copied whole with latest/
        if local.is_file() and target.read(f"{folder}/{SIGNATURE}") != local.read_bytes():
            # the release's zip was written again with the signature in it (archive.py)
            zipped = sorted(
                n for n in archive.archive_names(local.parent) if (local.parent / n).is_file()
            )
            result.archives += [f"{folder}/{n}" for n in zipped]
            result.signatures.append(f"{folder}/{SIGNATURE}")
    pointers = _pointer_files(dist)
    for rel in pointers:
        if target.read(rel) != (dist / rel).read_bytes():
            result.pointers_updated.append(rel)
    for version in sorted({*result.uploaded, latest}, key=_order):
        _check_local(dist / version)  # never mirror a damaged release
    if dry_run:
        return result

    try:
        _upload(dist, target, result, progress)
    except OSError as err:  # disk full, permission, network: the pointers were not touched
        raise MirrorError(
            f"copying to {dest} failed: {err}",
            hint="fix the cause and run the same command again: it goes on where it stopped",
        ) from err
    return result


def _upload(dist: Path, target: _Destination, result: MirrorResult, progress: Progress) -> None:
    target.prepare()
    copies = [(v, dist / v) for v in result.uploaded]
    if result.latest_updated:
        copies.append((LATEST_DIR, dist / result.latest))
    for rel, src in copies:
        files, size = target.put_dir(rel, src, progress)
        result.files, result.bytes = result.files + files, result.bytes + size
    for rel in [*result.archives, *result.signatures]:
        folder, name = rel.split("/", 1)
        version = result.latest if folder == LATEST_DIR else folder
        data = (dist / version / name).read_bytes()
        target.put_bytes(rel, data)
        result.files, result.bytes = result.files + 1, result.bytes + len(data)
    for rel in result.pointers_updated:  # LATEST comes last in the list
        data = (dist / rel).read_bytes()
        target.put_bytes(rel, data)
        result.files, result.bytes = result.files + 1, result.bytes + len(data)


def _join(dest: str, rel: str) -> str:
    return dest.rstrip("/") + "/" + rel


def _local_registry(dist: Path) -> tuple[list[dict], str]:
    entries = list_versions(dist)
    if not entries:
        raise MirrorError(
            f"no release in {dist} (no {REGISTRY})",
            hint="point --dist at a folder with versions.json, or build one with `hotspots build`",
        )
    latest = latest_version(dist)
    for entry in entries:
        version = entry["version"]
        sums = dist / version / SUMS
        if not sums.is_file():
            raise MirrorError(
                f"{dist / version}: listed in {REGISTRY} but has no {SUMS}",
                hint=f"run `hotspots verify {version} --dist {dist}` and repair dist/ first",
            )
        if hashlib.sha256(sums.read_bytes()).hexdigest() != entry.get("sha256"):
            raise MirrorError(
                f"{sums}: differs from the hash {REGISTRY} recorded when {version} was published",
                hint=f"run `hotspots verify {version} --dist {dist}`; a damaged dist/ is not mirrored",
            )
    if latest not in {e["version"] for e in entries}:
        raise MirrorError(
            f"{dist / LATEST_FILE} names {latest!r}, which {REGISTRY} does not list",
            hint="a publish run repairs LATEST: run `hotspots build` again",
        )
    return entries, latest


def _check_local(release_dir: Path) -> None:
    """Every file of the release matches SHA256SUMS (the full `hotspots verify` is not needed:
    the files are what was verified at publication if their hashes still match)."""
    sums, bad = read_sums(release_dir / SUMS)
    for rel, expected in sorted(sums.items()):
        path = release_dir / rel
        if bad or not path.is_file() or _sha256(path) != expected:
            raise MirrorError(
                f"{path}: missing or does not match {SUMS}"
                if not bad
                else f"{release_dir}: {bad[0]}",
                hint=f"run `hotspots verify {release_dir}`; a damaged release is not mirrored",
            )
    problems = archive.check_zip(release_dir)  # the zip of the release, when it has one
    if problems:
        raise MirrorError(
            f"{release_dir}: {problems[0]}",
            hint=f"run `hotspots verify {release_dir}`; a damaged release is not mirrored",
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pointer_files(dist: Path) -> list[str]:
    """Top-level files to publish, in upload order: others (index pages...), versions.json, LATEST."""
    others = sorted(
        p.name
        for p in dist.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.name not in (REGISTRY, LATEST_FILE)
    )
    return [*others, REGISTRY, LATEST_FILE]


def _remote_registry(target: _Destination) -> list[dict]:
    data = target.read(REGISTRY)
    if data is None:
        return []
    try:
        entries = json.loads(data)
        return [e for e in entries if isinstance(e, dict) and "version" in e]
    except ValueError:
        raise MirrorError(
            f"{_join(target.url, REGISTRY)} does not parse as JSON",
            hint="inspect the destination; it may hold something other than a mirror of dist/",
        ) from None


def _check_registries(local: list[dict], remote: list[dict], dest: str) -> None:
    mine = {e["version"]: e for e in local}
    foreign = sorted((e["version"] for e in remote if e["version"] not in mine), key=_order)
    if foreign:
        raise MirrorError(
            f"{dest} lists version(s) this dist does not have: {', '.join(foreign)}",
            hint="mirror from the dist/ that published them (e.g. `git pull` first)",
        )
    for entry in remote:
        if entry.get("sha256") != mine[entry["version"]].get("sha256"):
            raise MirrorError(
                f"{dest}: {REGISTRY} records another SHA256SUMS hash for {entry['version']}",
                hint="a published version never changes; find out which copy is right by hand",
            )


def _order(version: str) -> tuple:
    return parse_version(version) or (0, 0, 0)


def _open_destination(dest: str) -> _Destination:
    try:
        fs, root = fsspec.core.url_to_fs(dest)
    except (ImportError, ValueError) as err:  # e.g. s3:// without s3fs installed
        raise MirrorError(
            f"cannot open {dest}: {err}",
            hint="give a folder or file:// URL, or install the fsspec backend for that "
            "protocol (s3fs for s3://, gcsfs for gs://, adlfs for az://)",
        ) from None
    if isinstance(fs, LocalFileSystem):
        return _LocalDestination(dest, Path(root))
    return _Destination(dest, fs, root.rstrip("/"))


class _Destination:
    """Any fsspec filesystem: files are written one by one, each as a whole object."""

    def __init__(self, url: str, fs, root: str) -> None:
        self.url, self.fs, self.root = url, fs, root

    def _path(self, rel: str) -> str:
        return f"{self.root}/{rel}"

    def read(self, rel: str) -> bytes | None:
        try:
            return self.fs.cat_file(self._path(rel))
        except FileNotFoundError:
            return None

    def prepare(self) -> None:
        self.fs.makedirs(self.root, exist_ok=True)

    def put_dir(self, rel: str, src: Path, progress: Progress) -> tuple[int, int]:
        files = _files_sums_last(src)
        total = 0
        for name in files:
            total += _copy(
                src / name, partial(self._open, f"{rel}/{name}"), f"{rel}/{name}", progress
            )
        # A refreshed latest/ must not keep files the new version does not have.
        try:
            there = self.fs.find(self._path(rel))
        except FileNotFoundError:
            there = []
        keep = {self._path(f"{rel}/{n}").strip("/") for n in files}
        for path in there:
            if path.strip("/") not in keep:
                self.fs.rm_file(path)
        return len(files), total

    def _open(self, rel: str):
        path = self._path(rel)
        # Object stores need no folders; SFTP, SMB and the like do.
        self.fs.makedirs(posixpath.dirname(path), exist_ok=True)
        return self.fs.open(path, "wb")

    def put_bytes(self, rel: str, data: bytes) -> None:
        self.fs.pipe_file(self._path(rel), data)


class _LocalDestination(_Destination):
    """A local folder or file share: whole directories and pointers appear by rename."""

    def __init__(self, url: str, root: Path) -> None:
        self.url, self.root = url, root

    def read(self, rel: str) -> bytes | None:
        path = self.root / rel
        return path.read_bytes() if path.is_file() else None

    def prepare(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        for leftover in self.root.glob(_TMP + "*"):  # from a mirror that was killed
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()

    def put_dir(self, rel: str, src: Path, progress: Progress) -> tuple[int, int]:
        files = _files_sums_last(src)
        tmp = self.root / f"{_TMP}{secrets.token_hex(4)}"
        total = 0
        for name in files:
            out = tmp / name
            out.parent.mkdir(parents=True, exist_ok=True)
            total += _copy(src / name, lambda o=out: _DurableFile(o), f"{rel}/{name}", progress)
        for path in sorted((p for p in tmp.rglob("*") if p.is_dir()), reverse=True):
            fsync_dir(path)
        tmp.chmod(0o755)
        target = self.root / rel
        if target.exists():  # latest/, or a version dir someone left without SHA256SUMS
            aside = self.root / f"{_TMP}old-{secrets.token_hex(4)}"
            os.rename(target, aside)
            os.rename(tmp, target)
            shutil.rmtree(aside)
        else:
            os.rename(tmp, target)
        fsync_dir(self.root)
        return len(files), total

    def put_bytes(self, rel: str, data: bytes) -> None:
        path = self.root / rel  # a pointer, or a signature inside a version folder
        tmp = path.parent / f"{_TMP}{secrets.token_hex(4)}-{path.name}"
        with _DurableFile(tmp) as fh:
            fh.write(data)
        tmp.chmod(0o644)
        os.replace(tmp, path)
        fsync_dir(path.parent)


class _DurableFile:
    """A file opened for writing that is fsynced on close: renamed into place only once on disk."""

    def __init__(self, path: Path) -> None:
        self.fh = open(path, "wb")  # noqa: SIM115 - closed in __exit__

    def __enter__(self):
        return self.fh

    def __exit__(self, *exc) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()


def _files_sums_last(src: Path) -> list[str]:
    files = sorted(p.relative_to(src).as_posix() for p in src.rglob("*") if p.is_file())
    return [f for f in files if f != SUMS] + ([SUMS] if SUMS in files else [])


def _copy(src: Path, open_out, name: str, progress: Progress) -> int:
    size = src.stat().st_size
    progress.start(name, size)
    with open(src, "rb") as fin, open_out() as fout:
        for chunk in iter(lambda: fin.read(CHUNK), b""):
            fout.write(chunk)
            progress.advance(name, len(chunk))
    progress.done(name)
    return size
