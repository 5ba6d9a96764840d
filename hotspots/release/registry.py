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
    versions = list_versions(dist_dir)
    return versions[-1]["version"] if versions else None


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
