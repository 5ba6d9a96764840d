"""Download one release from a mirror and make it appear only once every byte is verified.

A mirror is any copy of `dist/` (see `mirror.py`): an HTTP(S) base URL, a local path, a
`file://` URL, or another fsspec URL (e.g. `s3://`, with that backend installed).

1. resolve the version: `latest` is read from `LATEST` (not from `latest/`, which a mirror may
   be refreshing file by file), and must look like a version, never like a path;
2. read `<version>/SHA256SUMS` and check its sha256 against the mirror's `versions.json` (when
   the mirror has one) and against `--sha256` (when given: pin it to the hash recorded in the
   git repository's `dist/versions.json` to trust no mirror at all);
3. fetch every listed file into a hidden temporary folder inside the destination: an interrupted
   HTTP transfer resumes where it stopped (`Range`), other transient failures (timeouts, 5xx,
   429) are retried with exponential backoff, a bounded number of times;
4. check each file against SHA256SUMS; a mismatch is fetched once more from scratch (a resumed
   transfer may have joined two different versions of the file), then refused;
5. rename the folder to `<dest>/<version>`. On any failure the temporary folder is deleted:
   nothing half-downloaded or unverified is left where a reader would look.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from hotspots.distribution import NoProgress, Progress
from hotspots.distribution.transport import CHUNK, DownloadError, Source, open_source
from hotspots.release import archive
from hotspots.release.registry import (
    SIGNATURE,
    SUMS,
    current_version,
    is_withdrawn,
    list_versions,
    parse_version,
    sha256_file,
    withdrawn_note,
)
from hotspots.release.sign import PublicKey, check_signature, default_public_key

_SUM_LINE = re.compile(r"^([0-9a-f]{64})  (\S(?:.*\S)?)$")  # as sha256sum writes it
_TMP = ".tmp-download-"


@dataclass
class DownloadResult:
    version: str
    path: str
    source: str
    files: int = 0
    bytes: int = 0
    registry_checked: bool = False  # SHA256SUMS matched the mirror's versions.json
    pinned: bool = False  # SHA256SUMS matched the hash given by the caller
    already_present: bool = False  # an identical, intact copy was there: nothing fetched
    retries: int = 0  # transfers retried or resumed
    resumed: list[str] = field(default_factory=list)
    withdrawn: str = ""  # 'withdrawn on <date>: <reason>' when fetched with allow_withdrawn
    signature: str = ""  # good, other key, unsigned, no key (hotspots.release.sign)
    signature_note: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def download_release(
    source: str,
    version: str | None,
    dest: Path,
    *,
    sha256: str | None = None,
    retries: int = 4,
    backoff: float = 0.5,
    timeout: float = 30.0,
    progress: Progress | None = None,
    allow_withdrawn: bool = False,
    public_key: PublicKey | None = None,
    zip_only: bool = False,
) -> DownloadResult:
    """Fetch `version` ("latest" or None: the mirror's LATEST) from the mirror at `source` into
    `dest/<version>`, verified against SHA256SUMS; raise DownloadError if it does not verify.
    A version the mirror's versions.json marks withdrawn is refused unless `allow_withdrawn`.

    The files are fetched one by one, without the release's zip (it would double the transfer);
    with `zip_only`, the zip alone is fetched (one transfer, resumable) and unpacked, each member
    checked against SHA256SUMS as a fetched file would be, and kept beside them."""
    progress = progress or NoProgress()
    mirror = open_source(source, retries=retries, backoff=backoff, timeout=timeout)
    version = _resolve_version(mirror, version)
    result = DownloadResult(version=version, path=str(Path(dest) / version), source=source)
    recorded = _recorded_hash(mirror, version)
    entry = _entry(mirror, version)
    if entry is not None and is_withdrawn(entry):
        if not allow_withdrawn:
            raise DownloadError(
                f"{version} was {withdrawn_note(entry)}",
                hint=f"download the latest version instead; to fetch {version} anyway (to check "
                "or cite it), add --allow-withdrawn",
            )
        result.withdrawn = withdrawn_note(entry)

    sums_bytes = mirror.read(f"{version}/{SUMS}")
    if sums_bytes is None:
        raise DownloadError(
            f"{mirror.url(version + '/' + SUMS)}: not found",
            hint="--from must be the mirror's root (the folder holding versions.json and "
            "one folder per version)",
        )
    sums_hash = hashlib.sha256(sums_bytes).hexdigest()
    if recorded is not None:
        if recorded != sums_hash:
            raise DownloadError(
                f"{version}/{SUMS} does not match the hash versions.json recorded at "
                "publication (the release on the mirror was changed or damaged)",
                hint="try another mirror, or tell the mirror's maintainer",
            )
        result.registry_checked = True
    if sha256 is not None:
        if sha256.lower() != sums_hash:
            raise DownloadError(
                f"{version}/{SUMS} has sha256 {sums_hash}, not the {sha256} you gave",
                hint="the mirror serves another release than the one you pinned; do not use it",
            )
        result.pinned = True
    sums = _parse_sums(sums_bytes, version)
    signature = mirror.read(f"{version}/{SIGNATURE}")
    _check_signature(result, version, sums_bytes, signature, public_key)

    dest = Path(dest)
    final = dest / version
    if final.exists():
        if _intact(final, sums, sums_bytes):
            result.already_present = True
            result.files = len(sums) + 1
            if signature is not None and _read(final / SIGNATURE) != signature:
                _write_new(final / SIGNATURE, signature)  # signed since it was downloaded
                archive.refresh_zip(final)  # a zip downloaded before holds no signature
            _complete_mirror(mirror, dest, version, sums_hash)
            return result
        raise DownloadError(
            f"{final} exists and is not an intact copy of {version} from {source}",
            hint=f"move {final} aside (or pick another --to) and download again",
        )

    dest.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{_TMP}{version}-", dir=dest))
    try:
        if zip_only:
            _fetch_zip(mirror, version, tmp, sums, progress, result)
        else:
            _fetch_files(mirror, version, tmp, sums, progress, result)
        (tmp / SUMS).write_bytes(sums_bytes)
        result.files += 1
        result.bytes += len(sums_bytes)
        if signature is not None:
            (tmp / SIGNATURE).write_bytes(signature)
        if zip_only:
            _check_zip_members(tmp, version)
        _make_readable(tmp)
        _fsync_tree(tmp)  # on disk before it is renamed into view
        try:
            os.rename(tmp, final)
        except OSError as err:  # another download put it there in the meantime
            raise DownloadError(
                f"cannot move the verified release to {final}: {err}",
                hint=f"check {final}; if it is an older download, move it aside and run again",
            ) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # gone already when renamed into place
    _complete_mirror(mirror, dest, version, sums_hash)
    return result


def _fetch_files(
    mirror: Source,
    version: str,
    tmp: Path,
    sums: dict[str, str],
    progress: Progress,
    result: DownloadResult,
) -> None:
    """Fetch every file SHA256SUMS lists into `tmp`, each checked against it."""
    for rel, expected in sorted(sums.items()):
        out = tmp / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        attempts = mirror.fetch(f"{version}/{rel}", out, rel, progress)
        if sha256_file(out) != expected:
            # Fetch once more from zero: a resumed transfer may have joined two versions.
            out.unlink()
            attempts += 1 + mirror.fetch(f"{version}/{rel}", out, rel, progress)
            if sha256_file(out) != expected:
                raise DownloadError(
                    f"{version}/{rel}: sha256 does not match {SUMS} "
                    f"({out.stat().st_size} bytes received; the file on the mirror is "
                    "truncated, corrupted or tampered with); nothing was saved",
                    hint="try another mirror, or tell the mirror's maintainer "
                    "(they can check it with `hotspots verify`)",
                )
        if attempts:
            result.retries += attempts
            result.resumed.append(rel)
        result.files += 1
        result.bytes += out.stat().st_size


def _fetch_zip(
    mirror: Source,
    version: str,
    tmp: Path,
    sums: dict[str, str],
    progress: Progress,
    result: DownloadResult,
) -> None:
    """Fetch `version`'s zip into `tmp` and unpack the files SHA256SUMS lists from it, each
    checked against SHA256SUMS (the trusted list: SHA256SUMS and the signature in the zip are
    compared with the mirror's afterwards, by _check_zip_members)."""
    name = archive.zip_name(version)
    path = tmp / name
    try:
        result.retries += mirror.fetch(f"{version}/{name}", path, name, progress)
    except DownloadError as err:
        raise DownloadError(
            f"{mirror.url(version + '/' + name)}: cannot be fetched ({err})",
            hint="the mirror has no zip of this version (versions made before zips have none); "
            "download it without --zip",
        ) from None
    top = f"{archive.NAME}-{version}/"
    try:
        with zipfile.ZipFile(path) as zf:
            inside = {n[len(top) :]: n for n in zf.namelist() if n.startswith(top)}
            for rel, expected in sorted(sums.items()):
                if rel not in inside:
                    raise DownloadError(
                        f"{version}/{name} lacks {rel}, which {SUMS} lists; nothing was saved",
                        hint="the mirror's zip is damaged; try another mirror, or download "
                        "without --zip",
                    )
                out = tmp / rel  # a path SHA256SUMS lists, checked safe by _parse_sums
                out.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(inside[rel]) as src, open(out, "wb") as fh:
                    shutil.copyfileobj(src, fh, CHUNK)
                if sha256_file(out) != expected:
                    raise DownloadError(
                        f"{version}/{name}: {rel} does not match {SUMS}; nothing was saved",
                        hint="the mirror's zip was changed or damaged; try another mirror",
                    )
                result.files += 1
                result.bytes += out.stat().st_size
    except (zipfile.BadZipFile, EOFError) as err:
        raise DownloadError(
            f"{version}/{name}: not a readable zip ({err}); nothing was saved",
            hint="the transfer or the mirror's copy is damaged; try again or another mirror",
        ) from None
    result.bytes += path.stat().st_size
    (tmp / archive.sidecar_name(version)).write_text(
        f"{sha256_file(path)}  {name}\n", encoding="utf-8"
    )


def _check_zip_members(tmp: Path, version: str) -> None:
    """The downloaded zip holds exactly the release (its SHA256SUMS and signature too)."""
    problems = archive.check_members(tmp / archive.zip_name(version), tmp, version)
    if problems:
        raise DownloadError(
            f"{version}/{problems[0]}; nothing was saved",
            hint="the mirror's zip does not match its release; try another mirror, or download "
            "without --zip",
        )


def _check_signature(
    result: DownloadResult,
    version: str,
    sums: bytes,
    signature: bytes | None,
    public_key: PublicKey | None,
) -> None:
    """Check `version`'s SHA256SUMS.minisig: with `public_key` (the caller's) it must verify;
    without, it is checked with the repository's key when there is one, and a signature that
    names that key but does not verify is refused (the rest is said, not refused)."""
    key = public_key or default_public_key()
    text = signature.decode("utf-8", "replace") if signature is not None else None
    check = check_signature(sums, text, key)
    result.signature = check.state
    result.signature_note = check.message
    if check.state == "good":
        return
    if public_key is not None:
        raise DownloadError(
            f"{version}: {check.message}; refused (you asked for a release signed with key "
            f"{public_key.id_hex}); nothing was saved",
            hint="try another mirror, or check that --public-key is the project's key",
        )
    if check.state == "bad":
        raise DownloadError(
            f"{version}/{check.message}; nothing was saved",
            hint="the mirror's copy was changed after it was signed; try another mirror",
        )


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _write_new(path: Path, data: bytes) -> None:
    tmp = path.parent / f"{_TMP}{path.name}"
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _complete_mirror(mirror: Source, dest: Path, version: str, sums_hash: str) -> None:
    """Make `dest` a mirror of what it holds, like dist/ itself: versions.json (the versions
    present, as the source's registry records them, or from their diff.json when it has none),
    LATEST and latest/ (the newest version not withdrawn), index.html; so that `hotspots
    verify --dist`, `versions`, the examples and the pages' links work on it."""
    # the registry writer and the latest/ swap of publish: one way to do each (loaded only
    # here, after the transfer, so that `download --help` stays fast)
    from hotspots.release import distdir, page_index

    remote = {e["version"]: e for e in mirror.registry() or []}
    local = {e["version"]: e for e in list_versions(dest) if (dest / e["version"]).is_dir()}
    local[version] = remote.get(version) or _entry_from_release(dest / version, sums_hash)
    for name, entry in list(local.items()):  # newer statuses (a withdrawal) come with the source
        there = remote.get(name)
        if there is not None and there.get("sha256") == entry.get("sha256"):
            local[name] = there
    entries = sorted(local.values(), key=lambda e: parse_version(e["version"]) or (0, 0, 0))
    latest = current_version(entries) or entries[-1]["version"]
    distdir.write_pointers(dest, entries, latest)
    distdir.ensure_latest(dest, latest)
    page_index.write_dist_index(dest)


def _entry_from_release(release_dir: Path, sums_hash: str) -> dict:
    """A versions.json entry from the release's own diff.json (a source without versions.json)."""
    try:
        doc = json.loads((release_dir / "diff.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        doc = {}
    keys = ("date", "bump", "previous", "rows")
    return {
        "version": release_dir.name,
        **{k: doc.get(k) for k in keys},
        "status": "published",
        "sha256": sums_hash,
    }


def _resolve_version(mirror: Source, version: str | None) -> str:
    if version in (None, "", "latest"):
        text = mirror.read("LATEST")
        if text is not None:
            version = text.decode("utf-8", "replace").strip()
        else:
            entries = mirror.registry()
            if not entries:
                raise DownloadError(
                    f"{mirror.url('LATEST')}: not found, and no versions.json either",
                    hint="--from must be the mirror's root: the folder holding LATEST, "
                    "versions.json and one folder per version",
                )
            version = current_version(entries) or entries[-1]["version"]
    # The name becomes a path below the destination: only a plain version will do.
    if not parse_version(version or ""):
        raise DownloadError(
            f"{version!r} is not a version like 1.2.0",
            hint="give a version such as 1.2.0, or 'latest'",
        )
    return version


def _recorded_hash(mirror: Source, version: str) -> str | None:
    """The SHA256SUMS hash the mirror's versions.json recorded for `version` at publication;
    None when the mirror has no versions.json."""
    entries = mirror.registry()
    if entries is None:
        return None
    recorded = {e["version"]: e for e in entries}
    if version not in recorded:
        listed = ", ".join(recorded) or "none"
        raise DownloadError(
            f"{version} is not in {mirror.url('versions.json')} (versions: {listed})",
            hint="pick one of the listed versions, or 'latest'",
        )
    return str(recorded[version].get("sha256"))


def _entry(mirror: Source, version: str) -> dict | None:
    for entry in mirror.registry() or []:
        if entry["version"] == version:
            return entry
    return None


def _parse_sums(data: bytes, version: str) -> dict[str, str]:
    sums: dict[str, str] = {}
    for n, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        match = _SUM_LINE.match(line)
        if not match:
            raise DownloadError(
                f"{version}/{SUMS}: line {n} is not '<sha256>  <path>'",
                hint="the mirror's copy is damaged; try another mirror",
            )
        sums[match.group(2)] = match.group(1)
    if not sums:
        raise DownloadError(
            f"{version}/{SUMS} lists no file", hint="the mirror's copy is damaged; try another"
        )
    for rel in sums:
        parts = PurePosixPath(rel).parts
        if rel.startswith("/") or "\\" in rel or ".." in parts or rel == SUMS:
            raise DownloadError(
                f"{version}/{SUMS} lists an unsafe path {rel!r}; refusing to write it",
                hint="the mirror's copy is damaged or malicious; do not use it",
            )
    return sums


def _intact(release_dir: Path, sums: dict[str, str], sums_bytes: bytes) -> bool:
    if not (release_dir / SUMS).is_file() or (release_dir / SUMS).read_bytes() != sums_bytes:
        return False
    return all(
        (release_dir / rel).is_file() and sha256_file(release_dir / rel) == expected
        for rel, expected in sums.items()
    )


def _fsync_tree(root: Path) -> None:
    for path in sorted(root.rglob("*"), reverse=True):  # files, then the folders naming them
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _make_readable(root: Path) -> None:
    # mkdtemp makes a private folder; the release should read like any other download.
    mask = os.umask(0)
    os.umask(mask)
    root.chmod(0o777 & ~mask)
    for path in root.rglob("*"):
        path.chmod((0o777 if path.is_dir() else 0o666) & ~mask)
