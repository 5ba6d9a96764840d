"""What a release directory and the registry of releases are made of, with the standard library
only: version names, `dist/versions.json` and `LATEST`, `SHA256SUMS`, file hashes.

Kept apart from the modules that write and check tables (pandas, pyarrow, pandera) so that the
commands that only look at dist/ — the "no change" check of `hotspots build`, `versions`,
`mirror`, `download` — start without importing them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
SUMS = "SHA256SUMS"
SIGNATURE = f"{SUMS}.minisig"  # minisign signature of SHA256SUMS (hotspots.release.sign)
_SUM_LINE = re.compile(r"^([0-9a-f]{64})  (\S(?:.*\S)?)$")


def parse_version(name: str) -> tuple[int, int, int] | None:
    m = SEMVER.match(name)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def list_versions(dist_dir: Path) -> list[dict]:
    """The registry `dist/versions.json`: one entry per published version, oldest first."""
    path = Path(dist_dir) / "versions.json"
    if not path.is_file():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


def latest_version(dist_dir: Path) -> str | None:
    path = Path(dist_dir) / "LATEST"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip() or None
    return current_version(list_versions(dist_dir))


WITHDRAWN = "withdrawn"


def is_withdrawn(entry: dict) -> bool:
    return entry.get("status") == WITHDRAWN


def current_version(entries: list[dict]) -> str | None:
    """The version LATEST and latest/ point to: the newest one not withdrawn (entries are oldest
    first, as in versions.json)."""
    for entry in reversed(entries):
        if not is_withdrawn(entry):
            return entry["version"]
    return None


def withdrawn_note(entry: dict) -> str:
    """'withdrawn on <date>: <reason>' for a withdrawn entry, '' otherwise."""
    if not is_withdrawn(entry):
        return ""
    info = entry.get("withdrawn") or {}
    return f"withdrawn on {info.get('date', '?')}: {info.get('reason', 'no reason recorded')}"


class WithdrawError(ValueError):
    """The version cannot be withdrawn; the message says why, nothing was changed."""


def withdraw_version(dist_dir: Path, version: str, reason: str, date: str | None = None) -> dict:
    """Mark `version` withdrawn in versions.json (with the date and the reason) and point LATEST
    and latest/ at the newest version not withdrawn; dist/index.html is rewritten to show it.

    The version's files are kept as they are (still verifiable and citable: its SHA256SUMS and
    the hash versions.json recorded do not change), as with PyPI's yank or Dataverse's
    deaccession. Refused when it would leave no current version. Returns the updated entry."""
    from datetime import UTC, datetime

    # imported here so that `versions` and `download` do not load pandas through this module
    from hotspots.release import distdir, page_index

    dist_dir = Path(dist_dir)
    reason = " ".join(reason.split())
    if not reason:
        raise WithdrawError("give the reason for withdrawing (--reason TEXT): readers see it")
    with distdir.dist_lock(dist_dir):
        entries = list_versions(dist_dir)
        found = [e for e in entries if e["version"] == version]
        if not found:
            listed = ", ".join(e["version"] for e in entries) or "none"
            raise WithdrawError(f"{version} is not in {dist_dir / 'versions.json'} ({listed})")
        entry = found[0]
        if is_withdrawn(entry):
            raise WithdrawError(f"{version} is already {withdrawn_note(entry)}")
        if not (dist_dir / version / SUMS).is_file():
            raise WithdrawError(f"{dist_dir / version}: missing; repair dist/ before withdrawing")
        entry["status"] = WITHDRAWN
        entry["withdrawn"] = {
            "date": date or datetime.now(UTC).date().isoformat(),
            "reason": reason,
        }
        latest = current_version(entries)
        if latest is None:
            raise WithdrawError(
                f"withdrawing {version} would leave no current version; "
                "publish a corrected version first, then withdraw this one"
            )
        distdir.write_pointers(dist_dir, entries, latest)
        distdir.ensure_latest(dist_dir, latest)
        page_index.write_dist_index(dist_dir)
    return entry


def read_sums(path: Path) -> tuple[dict[str, str], list[str]]:
    """The entries of a SHA256SUMS file ({path: sha256}) and its malformed lines."""
    sums: dict[str, str] = {}
    bad = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = _SUM_LINE.match(line)
        if not m:
            bad.append(f"{SUMS}: line {n} is not '<sha256>  <path>'")
            continue
        sums[m.group(2)] = m.group(1)
    return sums, bad


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
