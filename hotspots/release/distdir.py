"""The dist folder's file-system steps, shared by everything that writes it: publishing a release
(`publish`), withdrawing one (`registry.withdraw`) and mirroring one (`hotspots download`).

Each step leaves dist/ readable whenever the process dies: files are written beside their
target and renamed over it; directories are built under `.tmp-*` names (which only the holder
of `dist/.lock` may delete) and renamed into place; `latest/` is swapped, never edited.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from hotspots.release.contract import ReleaseError
from hotspots.release.jsonstream import json_pieces
from hotspots.release.registry import SUMS, current_version, fsync_dir
from hotspots.release.write import write_file

# Test hook: a publish pauses (sleeps) at the named point so that a test can kill -9 it there.
PAUSE_ENV = "HOTSPOTS_RELEASE_PAUSE_AT"
PAUSE_SIGNAL_ENV = "HOTSPOTS_RELEASE_PAUSE_SIGNAL"
PAUSE_POINTS = ("writing", "before-rename", "before-registry", "latest-swap")


def json_bytes(obj) -> bytes:
    """JSON as every metadata file of a release is written (streamed pieces, joined)."""
    return b"".join(json_pieces(obj))


def atomic_write(path: Path, data: bytes) -> None:
    tmp = path.parent / f".tmp-{path.name}-{secrets.token_hex(4)}"
    write_file(tmp, data)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def write_pointers(dist_dir: Path, entries: list[dict], latest: str | None = None) -> str:
    """Replace `versions.json` with `entries`, then `LATEST`: the record first, the pointer
    derived from it second (a LATEST that lags is repaired from the record). `latest` defaults
    to the newest version not withdrawn. Returns the version LATEST names."""
    latest = latest or current_version(entries)
    atomic_write(dist_dir / "versions.json", json_bytes(entries))
    atomic_write(dist_dir / "LATEST", (latest + "\n").encode("utf-8"))
    return latest


def clean_leftovers(dist_dir: Path) -> list[str]:
    """Delete `.tmp-*` entries: under the lock nothing else can be writing them."""
    cleaned = []
    for path in sorted(dist_dir.glob(".tmp-*")):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
        cleaned.append(path.name)
    return cleaned


@contextlib.contextmanager
def dist_lock(dist_dir: Path) -> Iterator[None]:
    """One writer of dist/ at a time; a second one is refused at once, not queued."""
    with open(dist_dir / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReleaseError(f"another publish holds {dist_dir / '.lock'}") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def make_tmp_dir(dist_dir: Path, prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=dist_dir))
    path.chmod(0o755)  # mkdtemp makes it private; a published release is world-readable
    return path


def fsync_tree(root: Path) -> None:
    # Files were fsynced as they were written; directories hold the names.
    for path in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        fsync_dir(path)
    fsync_dir(root)


def ensure_latest(dist_dir: Path, version: str) -> None:
    """Refresh `latest/` unless it already holds `version` (same SHA256SUMS)."""
    latest = dist_dir / "latest" / SUMS
    if not latest.is_file() or latest.read_bytes() != (dist_dir / version / SUMS).read_bytes():
        refresh_latest(dist_dir, version)


def refresh_latest(dist_dir: Path, version: str) -> None:
    new = make_tmp_dir(dist_dir, ".tmp-latest-")
    shutil.copytree(dist_dir / version, new, dirs_exist_ok=True, copy_function=_link_or_copy)
    fsync_tree(new)
    latest = dist_dir / "latest"
    if latest.exists() and exchange(new, latest):
        shutil.rmtree(new)  # now holds the previous copy
    else:
        if latest.exists():
            trash = dist_dir / f".tmp-trash-latest-{secrets.token_hex(4)}"
            os.rename(latest, trash)
            pause("latest-swap")
            os.rename(new, latest)
            shutil.rmtree(trash)
        else:
            os.rename(new, latest)
    fsync_dir(dist_dir)


def _link_or_copy(src: str, dst: str) -> None:
    """latest/ shares the release's files: both are immutable, so a hard link is a copy that costs
    nothing (a full copy of a 10,000-document release was 700 MB to write and fsync). Where the
    file system has no hard links, a real copy, made durable."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
        with open(dst, "rb") as fh:
            os.fsync(fh.fileno())


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def pause(point: str) -> None:
    if os.environ.get(PAUSE_ENV) != point:
        return
    signal_file = os.environ.get(PAUSE_SIGNAL_ENV)
    if signal_file:
        Path(signal_file).write_text(point, encoding="utf-8")
    time.sleep(float(os.environ.get("HOTSPOTS_RELEASE_PAUSE_SECONDS", "120")))
